// The catalogue: every activation ActLab computes, with its parameters and
// kernels, built from activations.def plus the three row-wise operations.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace actlab {

// One tunable parameter of an activation, with its PyTorch default.
struct ParamSpec {
  const char* name;
  float default_value;
  float min;
  float max;
};

constexpr int kMaxParams = 3;  // xielu: alpha_p, alpha_n, beta

// y[i] = f(x[i]) (or f'(x[i])) for i < n; x == y is allowed; params holds
// the activation's parameters in catalogue order (may be null if it has none).
using ElementwiseKernel = void (*)(size_t n, const float* x, float* y, const float* params);

// One elementwise activation: what it is called, how it is tuned, how it is
// computed, and how accurate the sweep must prove it to be.
struct Activation {
  const char* id;
  const char* name;
  ElementwiseKernel forward;
  ElementwiseKernel derivative;
  double forward_ulp;
  double derivative_ulp;
  bool derivative_crosses_zero;
  int param_count;
  ParamSpec params[kMaxParams];
};

// All elementwise activations in catalogue order.
std::span<const Activation> activations();

// The activation with this id, or nullptr.
const Activation* find_activation(std::string_view id);

// Checks parameter values against the catalogue ranges (and cross-parameter
// rules such as hardtanh's min_val <= max_val and rrelu's lower <= upper); "" when valid, otherwise a
// message naming the activation, the parameter, the value and the range.
std::string check_params(const Activation& activation, const float* params, int count);

// Fills params with the activation's defaults; returns how many it wrote.
int default_params(const Activation& activation, float* params);

// y[i] = g(gate[i]) * value[i] for i < n.
using GatedKernel = void (*)(size_t n, const float* gate, const float* value, float* y);
// d_gate[i] = dy/dgate, d_value[i] = dy/dvalue at (gate[i], value[i]).
using GatedPartials = void (*)(size_t n, const float* gate, const float* value, float* d_gate, float* d_value);
// The vector-Jacobian product: d_gate[i] = dy[i] * dy/dgate, d_value[i] = dy[i] * dy/dvalue.
using GatedBackward = void (*)(size_t n, const float* gate, const float* value, const float* dy, float* d_gate,
                               float* d_value);

// One gated unit y = g(gate) * value (gated.def): its gate activation, its
// kernels and the accuracy the sweep must prove for y and both partials.
struct GatedUnit {
  const char* id;
  const char* name;
  const char* gate_id;  // the catalogue activation g
  GatedKernel forward;
  GatedPartials partials;
  GatedBackward backward;
  double forward_ulp, d_gate_ulp, d_value_ulp;
  const Activation& gate() const { return *find_activation(gate_id); }
};

// All gated units in gated.def order.
std::span<const GatedUnit> gated_units();

// The gated unit with this id, or nullptr.
const GatedUnit* find_gated_unit(std::string_view id);

// The ids of the row-wise operations, which are not y = f(x) elementwise.
inline constexpr const char* kRowOperationIds[] = {"softmax", "softmin", "log_softmax", "maxout"};

}  // namespace actlab
