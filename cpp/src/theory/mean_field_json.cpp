// The mean-field theory's JSON front (mean_field.h): a grid of (sigma_w^2,
// sigma_b^2) points and the critical line, with every setting range-checked.
#include <cmath>
#include <string>
#include <vector>

#include "actlab/mean_field.h"
#include "../shared/json_io.h"
#include "../shared/ranges.h"

namespace actlab {
namespace {
using shared::Json;
using shared::kind_of;
using shared::put;

constexpr size_t kMaxAxis = 256;  // values per axis
constexpr double kMaxSigma2 = 100.0;

// A list of variances in [0, kMaxSigma2] (at most kMaxAxis of them), into *out.
std::string read_axis(const std::string& key, const Json& v, std::vector<double>* out) {
  if (v.type != Json::array) return key + " must be an array of numbers, not " + kind_of(v);
  if (v.items.empty() || v.items.size() > kMaxAxis)
    return key + " has " + std::to_string(v.items.size()) + " values; allowed 1 to " + std::to_string(kMaxAxis);
  for (size_t i = 0; i < v.items.size(); ++i) {
    const Json& item = v.items[i];
    if (item.type != Json::number) return key + "[" + std::to_string(i) + "] must be a number, not " + kind_of(item);
    const std::string message = shared::check_setting({"value", 0, kMaxSigma2, false}, item.value);
    if (!message.empty()) return key + "[" + std::to_string(i) + "]: " + message;
    out->push_back(item.value);
  }
  return "";
}

std::string fail(const std::string& message) { return "{\"ok\":false,\"error\":\"" + shared::escape(message) + "\"}"; }

}  // namespace

std::string mean_field_point_json(double sw2, double sb2, const MeanFieldPoint& p) {
  std::string out = "{";
  put(out, "sigmaW2", sw2);
  put(out, "sigmaB2", sb2);
  put(out, "qStar", p.q_star);
  put(out, "chi1", p.chi1);
  put(out, "cStar", p.c_star);
  put(out, "chiC", p.chi_c);
  put(out, "xiC", p.xi_c);
  out.back() = '}';
  return out;
}

std::string mean_field_json(std::string_view config_json) {
  Json root;
  std::string message = shared::Reader(config_json).read(&root);
  if (message.empty() && root.type != Json::object) message = "config must be a JSON object, not " + kind_of(root);
  if (!message.empty()) return fail(message);
  ActivationChoice choice{"tanh", {}, {}, {}};
  std::vector<double> sw2, sb2, critical_b2;
  double lo = 0.05, hi = 20.0;
  for (const auto& [key, v] : root.members) {
    if (key == "activation") message = shared::read_activation(key, v, &choice, nullptr);
    else if (key == "sigmaW2") message = read_axis(key, v, &sw2);
    else if (key == "sigmaB2") message = read_axis(key, v, &sb2);
    else if (key == "criticalB2") message = read_axis(key, v, &critical_b2);
    else if (key == "criticalRange") {
      std::vector<double> range;
      message = read_axis(key, v, &range);
      if (message.empty() && (range.size() != 2 || !(range[0] > 0 && range[0] < range[1])))
        message = "criticalRange must be [lo, hi] with 0 < lo < hi <= 100";
      if (message.empty()) lo = range[0], hi = range[1];
    } else
      message = "unknown setting '" + shared::escape(key) + "' (allowed: activation, sigmaW2, sigmaB2, criticalB2, criticalRange)";
    if (!message.empty()) return fail(message);
  }
  if (message.empty()) message = shared::check_activation(choice, 1, "activation");
  if (message.empty() && !choice.alphas.empty()) message = "activation: alphas are not used by the mean-field theory";
  if (!message.empty()) return fail(message);
  const Elementwise phi(choice);

  std::string out = "{\"ok\":true,\"points\":[";
  bool first = true;
  for (double b : sb2)
    for (double w : sw2) {
      out += first ? "" : ",";
      first = false;
      out += mean_field_point_json(w, b, mean_field(phi, w, b));
    }
  out += "],\"critical\":[";
  first = true;
  for (double b : critical_b2) {
    out += first ? "{" : ",{";
    first = false;
    put(out, "sigmaB2", b);
    put(out, "sigmaW2", critical_sigma_w2(phi, b, lo, hi));
    out.back() = '}';
  }
  return out + "]}";
}

}  // namespace actlab
