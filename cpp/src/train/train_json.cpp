// The trainer's JSON: the config reader and the report writers (format in trainer.h).
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

}  // namespace

std::string parse_train_config_json(std::string_view json, TrainConfig* config) {
  Json root;
  std::string message = shared::Reader(json).read(&root);
  if (!message.empty()) return message;
  if (root.type != Json::object) return "config must be a JSON object, not " + shared::kind_of(root);
  TrainConfig c;
  static const char* const kOutputs[] = {"softmax_cross_entropy", "sigmoid_quadratic"};
  static const char* const kOptimizers[] = {"sgd", "momentum", "adam"};
  static const char* const kFanModes[] = {"fan_in", "fan_out"};
  for (const auto& [key, v] : root.members) {
    if (key == "inputWidth") message = read_whole(key, v, &c.input_width);
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
      message = "unknown key '" + key + "'";
    }
    if (!message.empty()) return message;
  }
  message = validate(c);
  if (message.empty()) *config = c;
  return message;
}

std::string epoch_report_json(const std::vector<StepReport>& steps, const std::vector<double>& epoch_dead) {
  std::string out = "{";
  put(out, "steps", static_cast<double>(steps.size()));
  double loss = 0;
  bool finite = true;
  std::vector<double> speed, ratio, dead;
  for (const StepReport& s : steps) {
    loss += s.loss;
    finite &= s.finite;
    speed.resize(s.bias_speed.size()), ratio.resize(s.update_ratio.size());
    for (size_t l = 0; l < s.bias_speed.size(); ++l) speed[l] += s.bias_speed[l] / steps.size();
    for (size_t l = 0; l < s.update_ratio.size(); ++l) ratio[l] += s.update_ratio[l] / steps.size();
  }
  if (!steps.empty()) dead = steps.back().dead;
  put(out, "meanLoss", steps.empty() ? 0.0 : loss / steps.size());
  out += std::string("\"finite\":") + (finite ? "true" : "false") + ",";
  put_list(out, "biasSpeed", speed);
  put_list(out, "updateRatio", ratio);
  put_list(out, "dead", dead);
  put_list(out, "deadEpoch", epoch_dead);
  out.back() = '}';
  return out;
}

std::string evaluation_json(const Evaluation& e) {
  std::string out = "{";
  put(out, "loss", e.loss);
  put(out, "accuracy", e.accuracy);
  out.back() = '}';
  return out;
}

}  // namespace actlab
