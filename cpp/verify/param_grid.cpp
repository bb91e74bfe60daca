// The parameter grid of every parametric kernel (see param_grid.h).
#include "param_grid.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace actlab::verify {
namespace {

bool same(const ParamPoint& a, const ParamPoint& b) {
  return a.count == b.count && std::equal(a.values, a.values + a.count, b.values);
}

ParamPoint defaults_of(const Activation& a) {
  ParamPoint p;
  p.count = default_params(a, p.values);
  return p;
}

void add_if_valid(const Activation& a, const ParamPoint& p, std::vector<ParamPoint>& grid) {
  if (!check_params(a, p.values, p.count).empty()) return;
  for (const ParamPoint& q : grid)
    if (same(p, q)) return;
  grid.push_back(p);
}

}  // namespace

std::string ParamPoint::label(const Activation& a) const {
  std::string out;
  for (int i = 0; i < count; ++i) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s%s=%.9g", i ? ", " : "", a.params[i].name, static_cast<double>(values[i]));
    out += buf;
  }
  return out;
}

std::vector<float> parameter_values(const ParamSpec& s) {
  std::vector<float> v = {s.min, std::nextafter(s.min, s.max), s.default_value, s.max};
  const bool geometric = s.min > 0 && s.max / s.min >= 100;
  for (double t : {0.13, 0.37, 0.61, 0.87}) {
    double x = geometric ? s.min * std::pow(static_cast<double>(s.max) / s.min, t) : s.min + (s.max - s.min) * t;
    v.push_back(static_cast<float>(x));
  }
  if (s.min < 1.7f && 1.7f < s.max) v.push_back(1.7f);
  if (s.min < 0.0f && 0.0f < s.max) v.push_back(0.0f);  // hardtanh's min_val = 0: max(-0, 0) must stay -0
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

std::vector<ParamPoint> parameter_grid(const Activation& a) {
  std::vector<ParamPoint> grid;
  if (a.param_count == 0) return grid;
  const ParamPoint defaults = defaults_of(a);
  grid.push_back(defaults);
  for (int i = 0; i < a.param_count; ++i)
    for (float v : parameter_values(a.params[i])) {
      ParamPoint p = defaults;
      p.values[i] = v;
      add_if_valid(a, p, grid);
    }
  // Corners: every combination of {lo, default, hi}, counted in base 3.
  int combinations = 1;
  for (int i = 0; i < a.param_count; ++i) combinations *= 3;
  for (int c = 0; c < combinations; ++c) {
    ParamPoint p = defaults;
    for (int i = 0, rest = c; i < a.param_count; ++i, rest /= 3) {
      const ParamSpec& s = a.params[i];
      p.values[i] = rest % 3 == 0 ? s.min : (rest % 3 == 1 ? s.default_value : s.max);
    }
    add_if_valid(a, p, grid);
  }
  return grid;
}

std::vector<int> parametric_kernels() {
  std::vector<int> out;
  for (int i = 0; i < static_cast<int>(activations().size()); ++i)
    if (activations()[i].param_count > 0) out.push_back(i);
  return out;
}

std::string parameter_grid_json() {
  std::string out = "{";
  bool first_kernel = true;
  for (const Activation& a : activations()) {
    if (a.param_count == 0) continue;
    out += first_kernel ? "\n" : ",\n";
    first_kernel = false;
    out += "  \"" + std::string(a.id) + "\": [";
    bool first_point = true;
    for (const ParamPoint& p : parameter_grid(a)) {
      out += first_point ? "{" : ", {";
      first_point = false;
      for (int i = 0; i < p.count; ++i) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%s\"%s\": %.9g", i ? ", " : "", a.params[i].name,
                      static_cast<double>(p.values[i]));
        out += buf;
      }
      out += "}";
    }
    out += "]";
  }
  return out + "\n}\n";
}

}  // namespace actlab::verify
