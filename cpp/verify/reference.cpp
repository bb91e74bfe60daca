// Double-precision references. Each derivative sits next to its function.
#include "reference.h"

#include <cmath>

namespace actlab::reference {
namespace {
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
constexpr double kPi = 3.14159265358979323846;

// 1 / (1 + exp(-x)) without overflow, and without cancellation for x < 0.
double logistic(double x) {
  if (std::isnan(x)) return x;
  double e = std::exp(-std::fabs(x));
  return x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}
// sigma(x) sigma(-x) = e / (1 + e)^2 with e = exp(-|x|).
double logistic_slope(double x) {
  double e = std::exp(-std::fabs(x));
  return e / ((1.0 + e) * (1.0 + e));
}
double nan_or(double x, double v) { return std::isnan(x) ? x : v; }
}  // namespace

double sigmoid_forward(double x, const double*) { return logistic(x); }
double sigmoid_derivative(double x, const double*) { return logistic_slope(x); }

double tanh_forward(double x, const double*) { return std::tanh(x); }
double tanh_derivative(double x, const double*) { return 4.0 * logistic_slope(2.0 * x); }

double relu_forward(double x, const double*) { return x < 0 ? 0.0 : x; }
double relu_derivative(double x, const double*) { return nan_or(x, x > 0 ? 1.0 : 0.0); }

double relu6_forward(double x, const double*) { return x < 0 ? 0.0 : (x > 6 ? 6.0 : x); }
double relu6_derivative(double x, const double*) { return nan_or(x, x > 0 && x < 6 ? 1.0 : 0.0); }

double leaky_relu_forward(double x, const double* p) { return x > 0 ? x : p[0] * x; }
double leaky_relu_derivative(double x, const double* p) { return nan_or(x, x > 0 ? 1.0 : p[0]); }

double prelu_forward(double x, const double* p) { return x > 0 ? x : p[0] * x; }
double prelu_derivative(double x, const double* p) { return nan_or(x, x > 0 ? 1.0 : p[0]); }

double elu_forward(double x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x); }
double elu_derivative(double x, const double* p) { return x > 0 ? 1.0 : p[0] * std::exp(x); }

double celu_forward(double x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x / p[0]); }
double celu_derivative(double x, const double* p) { return x > 0 ? 1.0 : std::exp(x / p[0]); }

double selu_forward(double x, const double*) { return kSeluScale * (x > 0 ? x : kSeluAlpha * std::expm1(x)); }
double selu_derivative(double x, const double*) { return kSeluScale * (x > 0 ? 1.0 : kSeluAlpha * std::exp(x)); }

// x Phi(x) with Phi(x) = erfc(-x / sqrt 2) / 2, which has no cancellation for x < 0.
double gelu_forward(double x, const double*) {
  if (x == -INFINITY) return -0.0;
  return 0.5 * x * std::erfc(-x / std::sqrt(2.0));
}
double gelu_derivative(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return 0.5 * std::erfc(-x / std::sqrt(2.0)) + x * std::exp(-0.5 * x * x) / std::sqrt(2.0 * kPi);
}

// 0.5 x (1 + tanh(u)) = x sigma(2u), u = sqrt(2/pi) (x + 0.044715 x^3).
double gelu_tanh_forward(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? x : -0.0;
  double two_u = 2.0 * std::sqrt(2.0 / kPi) * (x + 0.044715 * x * x * x);
  return x * logistic(two_u);
}
double gelu_tanh_derivative(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  double c = 2.0 * std::sqrt(2.0 / kPi);
  double two_u = c * (x + 0.044715 * x * x * x);
  double slope = c * (1.0 + 3.0 * 0.044715 * x * x);
  return logistic(two_u) + x * logistic_slope(two_u) * slope;
}

double silu_forward(double x, const double*) { return x == -INFINITY ? -0.0 : x * logistic(x); }
double silu_derivative(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return logistic(x) + x * logistic_slope(x);
}

// For beta = 0, swish is x / 2 (also at +-inf) with slope 1/2.
double swish_forward(double x, const double* p) {
  if (p[0] == 0) return x / 2;
  return x == -INFINITY ? -0.0 : x * logistic(p[0] * x);
}
double swish_derivative(double x, const double* p) {
  if (p[0] == 0) return nan_or(x, 0.5);
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  return logistic(p[0] * x) + p[0] * x * logistic_slope(p[0] * x);
}

// x tanh(softplus(x)); sech^2 as 1 / cosh^2 so it does not cancel.
double mish_forward(double x, const double*) {
  if (x == -INFINITY) return -0.0;
  return x * std::tanh(std::log1p(std::exp(x)));
}
double mish_derivative(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  double sp = std::log1p(std::exp(x));
  double c = std::cosh(sp);
  return std::tanh(sp) + x * logistic(x) / (c * c);
}

// PyTorch's softplus: x itself where float(beta * x) > threshold.
double softplus_forward(double x, const double* p) {
  if (static_cast<float>(x) * static_cast<float>(p[0]) > static_cast<float>(p[1])) return x;
  double z = p[0] * x;
  return (std::fmax(z, 0.0) + std::log1p(std::exp(-std::fabs(z)))) / p[0];
}
double softplus_derivative(double x, const double* p) {
  if (static_cast<float>(x) * static_cast<float>(p[0]) > static_cast<float>(p[1])) return nan_or(x, 1.0);
  return logistic(p[0] * x);
}

double softsign_forward(double x, const double*) { return std::isinf(x) ? std::copysign(1.0, x) : x / (1.0 + std::fabs(x)); }
double softsign_derivative(double x, const double*) { return 1.0 / ((1.0 + std::fabs(x)) * (1.0 + std::fabs(x))); }

double hardsigmoid_forward(double x, const double*) { return x <= -3 ? 0.0 : (x >= 3 ? 1.0 : x / 6.0 + 0.5); }
double hardsigmoid_derivative(double x, const double*) {
  return nan_or(x, x > -3 && x < 3 ? static_cast<double>(1.0f / 6.0f) : 0.0);
}

double hardswish_forward(double x, const double*) { return x <= -3 ? std::copysign(0.0, x) : (x >= 3 ? x : x * (x + 3.0) / 6.0); }
double hardswish_derivative(double x, const double*) { return x < -3 ? 0.0 : (x > 3 ? 1.0 : x / 3.0 + 0.5); }

double hardtanh_forward(double x, const double* p) { return x < p[0] ? p[0] : (x > p[1] ? p[1] : x); }
double hardtanh_derivative(double x, const double* p) { return nan_or(x, x > p[0] && x < p[1] ? 1.0 : 0.0); }

// log sigma(x) = min(x, 0) - log1p(exp(-|x|)).
double logsigmoid_forward(double x, const double*) { return std::fmin(x, 0.0) - std::log1p(std::exp(-std::fabs(x))); }
double logsigmoid_derivative(double x, const double*) { return logistic(-x); }

// 4 sigma(x) - 2 = 2 tanh(x / 2).
double scaled_sigmoid_forward(double x, const double*) { return 2.0 * std::tanh(0.5 * x); }
double scaled_sigmoid_derivative(double x, const double*) { return 4.0 * logistic_slope(x); }

double identity_forward(double x, const double*) { return x; }
double identity_derivative(double x, const double*) { return nan_or(x, 1.0); }

Pair for_index(int index) {
  static const Pair kPairs[] = {
#define ACTLAB_PARAM(...)
#define ACTLAB_ACTIVATION(id, ...) {id##_forward, id##_derivative},
#include "actlab/activations.def"
#undef ACTLAB_ACTIVATION
#undef ACTLAB_PARAM
  };
  return kPairs[index];
}

}  // namespace actlab::reference
