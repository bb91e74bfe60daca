// Network settings: names of the schemes, range checks with messages that
// name the setting, and the memory estimate with its budget check.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "actlab/network.h"
#include "../shared/ranges.h"

namespace actlab {
namespace {

constexpr const char* kInitNames[] = {"xavier_normal", "xavier_uniform", "he_normal",  "he_uniform", "lecun_normal",
                                      "lecun_uniform", "orthogonal",     "normal",     "uniform",    "constant"};

std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

}  // namespace

const char* name_of(InitScheme scheme) {
  const size_t i = static_cast<size_t>(scheme);
  return i < std::size(kInitNames) ? kInitNames[i] : "unknown";
}

bool parse_init_scheme(std::string_view name, InitScheme* out) {
  for (size_t i = 0; i < std::size(kInitNames); ++i)
    if (name == kInitNames[i]) {
      *out = static_cast<InitScheme>(i);
      return true;
    }
  return false;
}

std::string init_scheme_names() {
  std::string names;
  for (const char* n : kInitNames) names += std::string(names.empty() ? "" : ", ") + n;
  return names;
}


std::string validate(const NetworkConfig& c) {
  using shared::check_setting;
  using shared::find_range;
  const struct {
    const char* name;
    double value;
  } values[] = {
      {"inputWidth", double(c.input_width)}, {"depth", double(c.depth)},
      {"width", double(c.width)},            {"batch", double(c.batch)},
      {"gain", c.gain},                      {"std", c.init_std},
      {"bound", c.init_bound},               {"value", c.init_value},
      {"bias", c.bias_value},                {"inputValue", c.input_value},
      {"seed", double(c.seed)},              {"saturationThreshold", c.saturation_threshold},
      {"bins", double(c.histogram_bins)},    {"clipValue", c.clip_value},
      {"clipNorm", c.clip_norm},             {"memoryBudgetMiB", c.memory_budget_mib},
      {"chainSample", double(c.chain_sample)}, {"residualEvery", double(c.residual_every)},
      {"residualAlpha", c.residual_alpha},   {"dropout", c.dropout},
      {"biasStd", c.bias_std},               {"pairCorrelation", c.pair_correlation},
  };
  for (const auto& v : values) {
    std::string message = check_setting(*find_range(v.name), v.value);
    if (!message.empty()) return message;
  }
  if (c.chain_sample >= c.batch)
    return "chainSample = " + std::to_string(c.chain_sample) + " is outside the allowed range [0, batch - 1 = " +
           std::to_string(c.batch - 1) + "]";
  if (static_cast<size_t>(c.init) >= std::size(kInitNames))
    return "init = " + std::to_string(static_cast<int>(c.init)) + " is unknown (known: " + init_scheme_names() + ")";
  if (c.fan_mode != FanMode::fan_in && c.fan_mode != FanMode::fan_out) return "fanMode is unknown (fan_in, fan_out)";
  if (c.input != InputKind::normal && c.input != InputKind::uniform && c.input != InputKind::constant)
    return "input is unknown (normal, uniform, constant)";
  if (c.upstream != UpstreamKind::normal && c.upstream != UpstreamKind::mse)
    return "upstream is unknown (normal, mse)";
  if (c.pairs && c.batch < 2) return "pairs needs batch >= 2 (now " + std::to_string(c.batch) + ")";
  if (c.norm != NormKind::none && (c.norm_placement == NormPlacement::pre_residual || c.norm_placement == NormPlacement::post_residual)) {
    const char* where = c.norm_placement == NormPlacement::pre_residual ? "pre_residual" : "post_residual";
    if (c.residual_every == 0)
      return std::string("normPlacement = ") + where + " needs skips: set residualEvery to 1 or more (now 0)";
    if (c.depth < 2) return std::string("normPlacement = ") + where + " needs depth >= 2 (layer 1 has no skip); depth = 1";
  }
  std::string message = shared::check_activation(c.activation, c.width, "activation", true);
  if (!message.empty()) return message;
  std::vector<bool> seen(c.depth + 1, false);
  for (const LayerOverride& o : c.overrides) {
    if (o.layer < 1 || o.layer > c.depth)
      return "layers[].layer = " + std::to_string(o.layer) + " is outside the allowed range [1, depth = " +
             std::to_string(c.depth) + "]";
    if (seen[o.layer]) return "layers: layer " + std::to_string(o.layer) + " is overridden twice";
    seen[o.layer] = true;
    message = shared::check_activation(o.activation, c.width, "layer " + std::to_string(o.layer), true);
    if (!message.empty()) return message;
  }
  return "";
}

namespace {
// The parts of the estimate, in bytes, for a valid config.
struct MemoryParts {
  double weights;      // W, dW, b, db
  double activations;  // z and a of every layer, input, upstream, backward scratch
  double fixed;        // init scratch, GEMM packing, statistics
};

MemoryParts memory_parts(const NetworkConfig& c) {
  const double in = c.input_width, w = c.width, depth = c.depth, batch = c.batch, f = sizeof(float);
  // Tensors per layer: dense, activation, its slope, and one per norm, dropout and add (network.cpp's build()).
  const bool norm = c.norm != NormKind::none, in_layer = c.norm_placement == NormPlacement::before_activation ||
                                                         c.norm_placement == NormPlacement::after_activation;
  const double branches = c.residual_every > 0 ? std::ceil((depth - 1) / c.residual_every) : 0.0;
  const double tensors = 3.0 * depth + (norm && in_layer ? depth : 0.0) + (c.dropout > 0 ? 1.25 * depth : 0.0) +
                         branches * (norm && !in_layer ? 2.0 : 1.0) + (norm && !in_layer ? 1.0 : 0.0);
  // A gated layer's dense layer has twice the rows, and its z, slope, norm and gradient are twice as wide.
  std::vector<bool> gated(c.depth, find_gated_unit(c.activation.id) != nullptr);
  for (const LayerOverride& o : c.overrides)
    if (o.layer >= 1 && o.layer <= c.depth) gated[o.layer - 1] = find_gated_unit(o.activation.id) != nullptr;
  const double gated_layers = static_cast<double>(std::count(gated.begin(), gated.end(), true));
  const double gated_first = gated.empty() || !gated[0] ? 0.0 : 1.0;
  MemoryParts p;
  p.weights = 2.0 * f * (w * in + (depth - 1) * w * w + depth * w);
  p.weights += 2.0 * f * (gated_first * w * in + (gated_layers - gated_first) * w * w + gated_layers * w);
  p.activations = f * (in * batch + (tensors + 4.0) * w * batch + gated_layers * 5.0 * w * batch);
  const double rows = std::max(in, w);
  const double init_scratch = c.init == InitScheme::orthogonal ? 2.0 * 8.0 * rows * w : 0.0;
  const double gemm_packing = f * (256.0 * 512.0 + 256.0 * 64.0);
  const double statistics = depth * (512.0 + 8.0 * (c.histogram_bins + 300.0));
  const double norm_params = norm ? 8.0 * f * w * (depth + branches) + 16.0 * batch * (depth + branches) : 0.0;
  // The Jacobian (network.h): J, the next op's J and a pending skip's, then the SVD's copy in their place.
  const bool jacobian = c.jacobian && c.width <= kJacobianMaxWidth && c.input_width <= kJacobianMaxWidth;
  const double jacobian_bytes = jacobian ? 8.0 * (3.0 * rows * in + 4.0 * rows) : 0.0;
  p.fixed = init_scratch + gemm_packing + statistics + f * depth * w + norm_params + jacobian_bytes;  // + per-unit alphas
  return p;
}
}  // namespace

uint64_t memory_bytes(const NetworkConfig& c) {
  const MemoryParts p = memory_parts(c);
  const double total = p.weights + p.activations + p.fixed;
  return total >= 1.8e19 ? UINT64_MAX : static_cast<uint64_t>(total);
}

std::string check_memory(const NetworkConfig& c) {
  const double budget = c.memory_budget_mib * 1024.0 * 1024.0;
  const MemoryParts p = memory_parts(c);
  const double total = p.weights + p.activations + p.fixed;
  if (total <= budget) return "";
  char head[200];
  std::snprintf(head, sizeof head, "this configuration needs %.1f MiB, above the memory budget of %.0f MiB; ",
                mib(total), c.memory_budget_mib);
  std::string advice;
  if (p.activations >= p.weights) {
    // Activations grow with depth * width * batch: say which batch would fit.
    const double per_sample = p.activations / c.batch;
    const double room = budget - p.weights - p.fixed;
    const double fit = room > 0 ? std::floor(room / per_sample) : 0;
    advice = "activations (depth x width x batch) take " + number(std::round(mib(p.activations))) +
             " MiB: lower batch (now " + std::to_string(c.batch) + ")";
    if (fit >= 1) advice += ", e.g. to " + number(fit) + " or less";
    advice += ", or depth (now " + std::to_string(c.depth) + ") or width (now " + std::to_string(c.width) + ")";
  } else {
    advice = "weights (depth x width^2) take " + number(std::round(mib(p.weights))) + " MiB: lower width (now " +
             std::to_string(c.width) + ") or depth (now " + std::to_string(c.depth) + ")";
  }
  return head + advice;
}

}  // namespace actlab
