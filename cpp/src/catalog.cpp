// The catalogue table, expanded from activations.def, and parameter checks.
#include "actlab/catalog.h"

#include <cmath>
#include <cstdio>

#include "actlab/kernels.h"

namespace actlab {
namespace {

#define ACTLAB_PARAM(name, def, lo, hi) ParamSpec{name, def, lo, hi}
#define ACTLAB_ACTIVATION(id, display, fwd_ulp, der_ulp, crosses, ...)               \
  Activation{#id, display, id##_forward, id##_derivative, fwd_ulp, der_ulp, crosses, \
             static_cast<int>(std::size(std::initializer_list<ParamSpec>{__VA_ARGS__})), {__VA_ARGS__}},
constexpr Activation kActivations[] = {
#include "actlab/activations.def"
};
#undef ACTLAB_ACTIVATION
#undef ACTLAB_PARAM

#define ACTLAB_GATED(id, display, gate, y_ulp, d_gate_ulp, d_value_ulp) \
  GatedUnit{#id, display, #gate, id##_forward, id##_partials, id##_backward, y_ulp, d_gate_ulp, d_value_ulp},
constexpr GatedUnit kGatedUnits[] = {
#include "actlab/gated.def"
};
#undef ACTLAB_GATED

// Parameters that must be ordered: params[first] <= params[second].
struct OrderedParams {
  std::string_view id;
  int first, second;
};
constexpr OrderedParams kOrderedParams[] = {{"hardtanh", 0, 1}, {"rrelu", 0, 1}};

std::string format_value(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(v));
  return buf;
}

}  // namespace

std::span<const Activation> activations() { return kActivations; }

const Activation* find_activation(std::string_view id) {
  for (const Activation& a : kActivations)
    if (id == a.id) return &a;
  return nullptr;
}

std::string check_params(const Activation& a, const float* params, int count) {
  if (count != a.param_count)
    return std::string(a.id) + " takes " + std::to_string(a.param_count) + " parameter(s), got " +
           std::to_string(count);
  for (int i = 0; i < count; ++i) {
    const ParamSpec& p = a.params[i];
    float v = params[i];
    if (!(v >= p.min && v <= p.max))  // also refuses NaN
      return std::string(a.id) + ": " + p.name + " = " + format_value(v) + " is outside the allowed range [" +
             format_value(p.min) + ", " + format_value(p.max) + "]";
  }
  for (const OrderedParams& rule : kOrderedParams)
    if (rule.id == a.id && params[rule.first] > params[rule.second])
      return std::string(a.id) + ": " + a.params[rule.first].name + " = " + format_value(params[rule.first]) +
             " must not exceed " + a.params[rule.second].name + " = " + format_value(params[rule.second]);
  return "";
}

std::span<const GatedUnit> gated_units() { return kGatedUnits; }

const GatedUnit* find_gated_unit(std::string_view id) {
  for (const GatedUnit& g : kGatedUnits)
    if (id == g.id) return &g;
  return nullptr;
}

int default_params(const Activation& a, float* params) {
  for (int i = 0; i < a.param_count; ++i) params[i] = a.params[i].default_value;
  return a.param_count;
}

}  // namespace actlab
