// The trainer's JSON: the config reader and the report writers (format in trainer.h).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

#include "../shared/json_io.h"
#include "actlab/trainer.h"

namespace actlab {
namespace {
using shared::Json;
using shared::put;
using shared::put_list;

std::string read_double(const std::string& key, const Json& v, double* out) {
  if (v.type != Json::number) return key + " must be a number, not " + shared::kind_of(v);
  *out = v.value;
  return "";
}

// A whole number within +-2^31 (its range is checked by validate()).
template <class Int>
std::string read_whole(const std::string& key, const Json& v, Int* out) {
  double value = 0;
  std::string message = read_double(key, v, &value);
  if (!message.empty()) return message;
  if (value != std::floor(value) || std::fabs(value) > 2147483647.0) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", value);
    return key + " = " + buf + " must be a whole number";
  }
  *out = static_cast<Int>(value);
  return "";
}

// {"width": n, "activation": "relu" | {"id", "params"}}
std::string read_hidden(const std::string& key, const Json& v, HiddenLayer* out) {
  if (v.type != Json::object) return key + " must be an object {\"width\": n, \"activation\": ...}";
  bool has_width = false;
  for (const auto& [name, item] : v.members) {
    std::string message;
    if (name == "width") message = read_whole(key + ".width", item, &out->width), has_width = true;
    else if (name == "activation") message = shared::read_activation(key + ".activation", item, &out->activation, nullptr);
    else return key + ": unknown key '" + name + "' (allowed: width, activation)";
    if (!message.empty()) return message;
  }
  return has_width ? "" : key + " needs a \"width\"";
}

// One body layer: an object with one key naming its kind (trainer.h).
std::string read_layer(const std::string& key, const Json& v, LayerSpec* out) {
  if (v.type != Json::object || v.members.size() != 1)
    return key + " must be an object with one key (dense, conv2d, maxpool, flatten, act, gated, dropout, alphadropout)";
  const auto& [kind, item] = v.members.front();
  const std::string where = key + "." + kind;
  if (kind == "dense") {
    out->kind = LayerKind::dense;
    if (item.type != Json::object) return read_whole(where, item, &out->units);
    for (const auto& [name, value] : item.members) {
      if (name != "units") return where + ": unknown key '" + name + "' (allowed: units)";
      std::string message = read_whole(where + ".units", value, &out->units);
      if (!message.empty()) return message;
    }
    return out->units ? "" : where + " needs \"units\"";
  }
  if (kind == "conv2d") {
    out->kind = LayerKind::conv2d;
    if (item.type != Json::object) return where + " must be an object {\"filters\", \"kernel\", \"padding\"}";
    bool filters = false, kernel = false;
    for (const auto& [name, value] : item.members) {
      std::string message;
      if (name == "filters") message = read_whole(where + ".filters", value, &out->filters), filters = true;
      else if (name == "kernel") message = read_whole(where + ".kernel", value, &out->kernel), kernel = true;
      else if (name == "padding") {
        static const char* const kPaddings[] = {"valid", "same"};
        message = shared::read_enum(where + ".padding", value, kPaddings, &out->padding);
      } else
        return where + ": unknown key '" + name + "' (allowed: filters, kernel, padding)";
      if (!message.empty()) return message;
    }
    if (!filters || !kernel) return where + " needs \"filters\" and \"kernel\"";
    return "";
  }
  if (kind == "maxpool") return out->kind = LayerKind::maxpool, read_whole(where, item, &out->pool);
  if (kind == "flatten") {
    out->kind = LayerKind::flatten;
    return item.type == Json::boolean && item.flag ? "" : where + " must be true";
  }
  if (kind == "act") return out->kind = LayerKind::activation, shared::read_activation(where, item, &out->activation, nullptr);
  if (kind == "gated") return out->kind = LayerKind::gated, shared::read_name(where, item, &out->gated);
  if (kind == "dropout" || kind == "alphadropout") {
    out->kind = kind == "dropout" ? LayerKind::dropout : LayerKind::alpha_dropout;
    return read_double(where, item, &out->rate);
  }
  return key + ": unknown layer '" + kind + "' (allowed: dense, conv2d, maxpool, flatten, act, gated, dropout, alphadropout)";
}

}  // namespace

std::string parse_train_config_json(std::string_view json, TrainConfig* config) {
  Json root;
  std::string message = shared::Reader(json).read(&root);
  if (!message.empty()) return message;
  if (root.type != Json::object) return "config must be a JSON object, not " + shared::kind_of(root);
  TrainConfig c;
  static const char* const kOutputs[] = {"softmax_cross_entropy", "sigmoid_quadratic", "softmax_binary_cross_entropy"};
  bool has_width = false;
  static const char* const kOptimizers[] = {"sgd", "momentum", "adam"};
  static const char* const kFanModes[] = {"fan_in", "fan_out"};
  for (const auto& [key, v] : root.members) {
    if (key == "inputWidth") message = read_whole(key, v, &c.input_width), has_width = true;
    else if (key == "inputShape") {
      if (v.type != Json::array || v.items.size() != 3) message = "inputShape must be [channels, height, width]";
      int* sides[] = {&c.input_shape.channels, &c.input_shape.height, &c.input_shape.width};
      for (size_t i = 0; message.empty() && i < 3; ++i) message = read_whole("inputShape[" + std::to_string(i) + "]", v.items[i], sides[i]);
      if (message.empty() && c.input_shape.channels < 1) message = "inputShape[0] = " + std::to_string(c.input_shape.channels) + " is outside the allowed range [1, 4096]";
    } else if (key == "memoryBudgetMiB") message = read_double(key, v, &c.memory_budget_mib);
    else if (key == "layers") {
      if (v.type != Json::array) message = "layers must be an array of layers, not " + shared::kind_of(v);
      for (size_t i = 0; message.empty() && i < v.items.size() && i <= 128; ++i) {
        c.layers.emplace_back();
        message = read_layer("layers[" + std::to_string(i) + "]", v.items[i], &c.layers.back());
      }
      if (message.empty() && v.items.size() > 128) message = "layers has " + std::to_string(v.items.size()) + " layers; at most 128";
    }
    else if (key == "classes") message = read_whole(key, v, &c.classes);
    else if (key == "batch") message = read_whole(key, v, &c.batch);
    else if (key == "seed") message = read_whole(key, v, &c.seed);
    else if (key == "learningRate") message = read_double(key, v, &c.learning_rate);
    else if (key == "momentum") message = read_double(key, v, &c.momentum);
    else if (key == "beta1") message = read_double(key, v, &c.beta1);
    else if (key == "beta2") message = read_double(key, v, &c.beta2);
    else if (key == "epsilon") message = read_double(key, v, &c.epsilon);
    else if (key == "l2") message = read_double(key, v, &c.l2);
    else if (key == "clipValue") message = read_double(key, v, &c.clip_value);
    else if (key == "clipNorm") message = read_double(key, v, &c.clip_norm);
    else if (key == "gain") message = read_double(key, v, &c.gain);
    else if (key == "std") message = read_double(key, v, &c.init_std);
    else if (key == "bound") message = read_double(key, v, &c.init_bound);
    else if (key == "value") message = read_double(key, v, &c.init_value);
    else if (key == "bias") message = read_double(key, v, &c.bias_value);
    else if (key == "biasStd") message = read_double(key, v, &c.bias_std);
    else if (key == "output") message = shared::read_enum(key, v, kOutputs, &c.output);
    else if (key == "optimizer") message = shared::read_enum(key, v, kOptimizers, &c.optimizer);
    else if (key == "fanMode") message = shared::read_enum(key, v, kFanModes, &c.fan_mode);
    else if (key == "init") {
      std::string name;
      message = shared::read_name(key, v, &name);
      if (message.empty() && !parse_init_scheme(name, &c.init))
        message = "init = '" + name + "' is unknown (allowed: " + init_scheme_names() + ")";
    } else if (key == "hidden") {
      if (v.type != Json::array) message = "hidden must be an array of layers, not " + shared::kind_of(v);
      for (size_t i = 0; message.empty() && i < v.items.size() && i <= 64; ++i) {
        c.hidden.emplace_back();
        message = read_hidden("hidden[" + std::to_string(i) + "]", v.items[i], &c.hidden.back());
      }
      if (message.empty() && v.items.size() > 64) message = "hidden has " + std::to_string(v.items.size()) + " layers; at most 64";
    } else {
      message = "unknown key '" + key + "' (allowed: inputWidth, inputShape, classes, hidden, layers, output, optimizer, learningRate, momentum, "
                "beta1, beta2, epsilon, batch, l2, clipValue, clipNorm, init, fanMode, gain, std, bound, value, bias, biasStd, seed, memoryBudgetMiB)";
    }
    if (!message.empty()) return message;
  }
  if (c.input_shape.channels > 0 && !has_width) c.input_width = static_cast<int>(std::min<size_t>(c.input_shape.size(), 1u << 30));
  message = validate(c);
  if (message.empty()) *config = c;
  return message;
}

std::string epoch_report_json(const std::vector<StepReport>& steps, const std::vector<double>& epoch_dead,
                              const std::vector<std::string>& blocks) {
  std::string out = "{";
  put(out, "steps", static_cast<double>(steps.size()));
  double loss = 0;
  bool finite = true;
  std::vector<double> speed, ratio, dead, mean, std;
  for (const StepReport& s : steps) {
    loss += s.loss;
    finite &= s.finite;
    speed.resize(s.bias_speed.size()), ratio.resize(s.update_ratio.size());
    for (size_t l = 0; l < s.bias_speed.size(); ++l) speed[l] += s.bias_speed[l] / steps.size();
    for (size_t l = 0; l < s.update_ratio.size(); ++l) ratio[l] += s.update_ratio[l] / steps.size();
    mean.resize(s.output_mean.size()), std.resize(s.output_std.size());
    for (size_t l = 0; l < s.output_mean.size(); ++l) mean[l] += s.output_mean[l] / steps.size();
    for (size_t l = 0; l < s.output_std.size(); ++l) std[l] += s.output_std[l] / steps.size();
  }
  if (!steps.empty()) dead = steps.back().dead;
  put(out, "meanLoss", steps.empty() ? 0.0 : loss / steps.size());
  out += std::string("\"finite\":") + (finite ? "true" : "false") + ",";
  put_list(out, "biasSpeed", speed);
  put_list(out, "updateRatio", ratio);
  put_list(out, "dead", dead);
  put_list(out, "deadEpoch", epoch_dead);
  put_list(out, "outputMean", mean);
  put_list(out, "outputStd", std);
  if (!blocks.empty()) {
    out += "\"blocks\":[";
    for (const std::string& name : blocks) out += "\"" + shared::escape(name) + "\",";
    out.back() = ']';
    out += ",";
  }
  out.back() = '}';
  return out;
}

std::string evaluation_json(const Evaluation& e) {
  std::string out = "{";
  put(out, "loss", e.loss);
  put(out, "accuracy", e.accuracy);
  put(out, "binaryAccuracy", e.binary_accuracy);
  out.back() = '}';
  return out;
}

}  // namespace actlab
