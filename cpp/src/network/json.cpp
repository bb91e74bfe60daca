// A tiny JSON reader for the simulator's config and the writer for its
// result (no third-party code). The format is described in network.h.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "actlab/mean_field.h"
#include "actlab/network.h"
#include "../shared/json_io.h"
#include "../shared/ranges.h"

namespace actlab {
namespace {
using shared::Json;
using shared::kind_of;
using shared::read_activation;
using shared::read_enum;
using shared::read_floats;
using shared::read_name;
using Reader = shared::Reader;
using shared::escape;
using shared::put;
using shared::put_list;

// A numeric setting: in its range (shared::kSettingRanges).
std::string read_number(const std::string& key, const Json& v, double* out) {
  if (v.type != Json::number) return key + " must be a number, not " + kind_of(v);
  const shared::SettingRange* range = shared::find_range(key);
  if (range) {
    std::string message = shared::check_setting(*range, v.value);
    if (!message.empty()) return message;
  }
  *out = v.value;
  return "";
}

}  // namespace

std::string parse_config_json(std::string_view json, NetworkConfig* config) {
  Json root;
  std::string message = Reader(json).read(&root);
  if (!message.empty()) return message;
  if (root.type != Json::object) return "config must be a JSON object, not " + kind_of(root);
  NetworkConfig c;
  static const char* const kInputs[] = {"normal", "uniform", "constant"};
  static const char* const kUpstreams[] = {"normal", "mse"};
  static const char* const kFanModes[] = {"fan_in", "fan_out"};
  static const char* const kNorms[] = {"none", "batchnorm", "layernorm", "rmsnorm"};
  static const char* const kPlacements[] = {"before_activation", "after_activation", "pre_residual", "post_residual"};
  static const char* const kScales[] = {"one", "inverse_sqrt_depth", "alpha"};
  static const char* const kDropouts[] = {"dropout", "alphadropout"};
  for (const auto& member : root.members) {
    const std::string& key = member.first;
    const Json& v = member.second;
    double number = 0;
    auto numeric = [&](auto* field) {
      std::string m = read_number(key, v, &number);
      if (m.empty()) *field = static_cast<std::remove_reference_t<decltype(*field)>>(number);
      return m;
    };
    if (key == "inputWidth") message = numeric(&c.input_width);
    else if (key == "depth") message = numeric(&c.depth);
    else if (key == "width") message = numeric(&c.width);
    else if (key == "batch") message = numeric(&c.batch);
    else if (key == "gain") message = numeric(&c.gain);
    else if (key == "std") message = numeric(&c.init_std);
    else if (key == "bound") message = numeric(&c.init_bound);
    else if (key == "value") message = numeric(&c.init_value);
    else if (key == "bias") message = numeric(&c.bias_value);
    else if (key == "inputValue") message = numeric(&c.input_value);
    else if (key == "seed") message = numeric(&c.seed);
    else if (key == "saturationThreshold") message = numeric(&c.saturation_threshold);
    else if (key == "bins") message = numeric(&c.histogram_bins);
    else if (key == "clipValue") message = numeric(&c.clip_value);
    else if (key == "clipNorm") message = numeric(&c.clip_norm);
    else if (key == "memoryBudgetMiB") message = numeric(&c.memory_budget_mib);
    else if (key == "chainSample") message = numeric(&c.chain_sample);
    else if (key == "residualEvery") message = numeric(&c.residual_every);
    else if (key == "residualAlpha") message = numeric(&c.residual_alpha);
    else if (key == "dropout") message = numeric(&c.dropout);
    else if (key == "biasStd") message = numeric(&c.bias_std);
    else if (key == "pairCorrelation") message = numeric(&c.pair_correlation);
    else if (key == "pairs" || key == "weightGradients" || key == "jacobian") {
      if (v.type != Json::boolean) message = key + " must be true or false, not " + kind_of(v);
      else (key == "pairs" ? c.pairs : key == "jacobian" ? c.jacobian : c.weight_gradients) = v.flag;
    }
    else if (key == "norm") message = read_enum(key, v, kNorms, &c.norm);
    else if (key == "normPlacement") message = read_enum(key, v, kPlacements, &c.norm_placement);
    else if (key == "residualScale") message = read_enum(key, v, kScales, &c.residual_scale);
    else if (key == "dropoutKind") message = read_enum(key, v, kDropouts, &c.dropout_kind);
    else if (key == "activation") message = read_activation(key, v, &c.activation, nullptr);
    else if (key == "init") {
      std::string name;
      message = read_name(key, v, &name);
      if (message.empty() && !parse_init_scheme(name, &c.init))
        message = "init = '" + name + "' is unknown (allowed: " + init_scheme_names() + ")";
    } else if (key == "fanMode") message = read_enum(key, v, kFanModes, &c.fan_mode);
    else if (key == "input") message = read_enum(key, v, kInputs, &c.input);
    else if (key == "upstream") message = read_enum(key, v, kUpstreams, &c.upstream);
    else if (key == "layers") {
      if (v.type != Json::array) message = "layers must be an array, not " + kind_of(v);
      for (size_t i = 0; message.empty() && i < v.items.size(); ++i) {
        LayerOverride o;
        message = read_activation("layers[" + std::to_string(i) + "]", v.items[i], &o.activation, &o.layer);
        c.overrides.push_back(std::move(o));
      }
    } else
      message = "unknown setting '" + escape(key) +
                "' (allowed: inputWidth, depth, width, batch, activation, layers, init, fanMode, gain, std, bound, "
                "value, bias, input, inputValue, upstream, seed, saturationThreshold, bins, clipValue, clipNorm, "
                "memoryBudgetMiB, chainSample, norm, normPlacement, residualEvery, residualScale, residualAlpha, dropout, "
                "dropoutKind, biasStd, pairs, pairCorrelation, weightGradients, jacobian)";
    if (!message.empty()) return message;
  }
  *config = std::move(c);
  return "";
}

std::string result_to_json(const SimulationResult& r) {
  if (!r.ok) return "{\"ok\":false,\"error\":\"" + escape(r.error) + "\"}";
  std::string out = "{\"ok\":true,";
  put(out, "bytes", static_cast<double>(r.bytes));
  put(out, "loss", r.loss);
  char hash[40];
  std::snprintf(hash, sizeof hash, "\"bitsHash\":\"%016llx\",", static_cast<unsigned long long>(r.bits_hash));
  out += hash;
  put_list(out, "aEdges", r.a_edges);
  put_list(out, "gradZEdges", r.grad_z_edges);
  out += "\"clip\":{";
  put(out, "normBefore", r.clip.norm_before);
  put(out, "normAfterValue", r.clip.norm_after_value);
  put(out, "normAfter", r.clip.norm_after);
  put(out, "scale", r.clip.scale);
  out.back() = '}';
  out += ",\"chain\":[";
  for (size_t i = 0; i < r.chain.size(); ++i) {
    const ChainFactor& f = r.chain[i];
    out += i ? ",{" : "{";
    put(out, "layer", f.layer);
    put(out, "weight", f.weight);
    put(out, "z", f.z);
    put(out, "slope", f.slope);
    put(out, "factor", f.factor);
    out.back() = '}';
  }
  out += "],";
  out += "\"meanField\":" + (r.has_mean_field ? mean_field_point_json(r.sigma_w2, r.sigma_b2, r.mean_field) : std::string("null")) + ",";
  put(out, "chainProduct", r.chain_product);
  put(out, "chainLog10", r.chain_log10);
  const JacobianReport& j = r.jacobian;
  out += "\"jacobian\":{";
  put(out, "sample", j.sample);
  if (j.computed) {
    put_list(out, "singularValues", j.singular_values);
    put(out, "meanSquare", j.mean_square);
    put(out, "max", j.max);
    put(out, "min", j.min);
    put(out, "log10Spread", j.log10_spread);
    put(out, "rank", j.rank);
    out += "\"conditionNote\":\"" + escape(j.condition_note) + "\"},";
  } else {
    out += "\"skipped\":\"" + escape(j.skipped) + "\"},";
  }
  out += "\"layers\":[";
  for (size_t l = 0; l < r.layers.size(); ++l) {
    const LayerStats& s = r.layers[l];
    out += l ? ",{" : "{";
    put(out, "zMean", s.z_mean);
    put(out, "zStd", s.z_std);
    put(out, "aMean", s.a_mean);
    put(out, "aStd", s.a_std);
    put(out, "saturated", s.saturated_fraction);
    put(out, "dead", s.dead_fraction);
    put(out, "gradARms", s.grad_a_rms);
    put(out, "gradZRms", s.grad_z_rms);
    put(out, "weightNorm", s.weight_norm);
    put(out, "gradWNorm", s.grad_w_norm);
    put(out, "gradBNorm", s.grad_b_norm);
    put(out, "gradWRatio", s.grad_w_ratio);
    put(out, "gradWNormClipped", s.grad_w_norm_clipped);
    put(out, "gradBNormClipped", s.grad_b_norm_clipped);
    put(out, "gradZZeros", static_cast<double>(s.grad_z_zeros));
    put(out, "nonFinite", static_cast<double>(s.non_finite));
    put(out, "linearMean", s.linear_mean);
    put(out, "linearStd", s.linear_std);
    out += s.branch_end ? "\"branchEnd\":true," : "\"branchEnd\":false,";
    put(out, "zMeanSquare", s.z_mean_square);
    put(out, "zPairCorrelation", s.z_pair_correlation);
    put(out, "gradPairCorrelation", s.grad_pair_correlation);
    put_list(out, "aHistogram", s.a_histogram);
    put_list(out, "gradZHistogram", s.grad_z_histogram);
    out.back() = '}';
  }
  return out + "]}";
}

std::string simulate_json(std::string_view config_json, DrawCache* cache) {
  NetworkConfig config;
  SimulationResult result;
  result.error = parse_config_json(config_json, &config);
  if (result.error.empty()) result = simulate(config, cache);
  return result_to_json(result);
}

}  // namespace actlab
