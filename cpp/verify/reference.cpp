// Double-precision references. Each derivative sits next to its function.
#include "reference.h"

#include <cmath>
#ifdef ACTLAB_HAVE_QUADMATH
#include <quadmath.h>
#endif

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
// x, or 0 where keep is false (NaN stays NaN).
double x_or_zero(double x, bool keep) { return keep || std::isnan(x) ? x : 0.0; }
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

// PyTorch's evaluation slope: (lower + upper) / 2, held as a float.
double rrelu_slope(const double* p) { return static_cast<float>((p[0] + p[1]) / 2); }
double rrelu_forward(double x, const double* p) { return x > 0 ? x : rrelu_slope(p) * x; }
double rrelu_derivative(double x, const double* p) { return nan_or(x, x > 0 ? 1.0 : rrelu_slope(p)); }

double elu_forward(double x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x); }
double elu_derivative(double x, const double* p) { return x > 0 ? 1.0 : p[0] * std::exp(x); }

double celu_forward(double x, const double* p) { return x > 0 ? x : p[0] * std::expm1(x / p[0]); }
double celu_derivative(double x, const double* p) { return x > 0 ? 1.0 : std::exp(x / p[0]); }

double selu_forward(double x, const double*) { return kSeluScale * (x > 0 ? x : kSeluAlpha * std::expm1(x)); }
double selu_derivative(double x, const double*) { return kSeluScale * (x > 0 ? 1.0 : kSeluAlpha * std::exp(x)); }

// exp and expm1 in double, long double and (where the compiler has it) quad precision.
double exp_of(double v) { return std::exp(v); }
long double exp_of(long double v) { return std::exp(v); }
double expm1_of(double v) { return std::expm1(v); }
long double expm1_of(long double v) { return std::expm1(v); }
#ifdef ACTLAB_HAVE_QUADMATH
__float128 exp_of(__float128 v) { return expq(v); }
__float128 expm1_of(__float128 v) { return expm1q(v); }
#endif

// form(Real{}, &size) evaluated in double; where the result is below 1e-5 of
// its terms' size (it cancels), again in long double (64-bit significand on
// x86-64), and below 1e-6 of it in quad precision where the compiler has it.
template <class Form>
double in_enough_precision(const Form& form) {
  double size;
  const double d = form(0.0, &size);
  if (!(std::fabs(d) < 1e-5 * size)) return d;
  long double long_size;
  const long double l = form(0.0L, &long_size);
#ifdef ACTLAB_HAVE_QUADMATH
  if (std::fabs(l) < 1e-6L * long_size) {
    __float128 quad_size;
    return static_cast<double>(form(__float128{0}, &quad_size));
  }
#endif
  return static_cast<double>(l);
}

// xIELU with eps = float32(-1e-6): alpha_p x^2 + beta x for x > 0, alpha_n
// (expm1(min(x, eps)) - x) + beta x otherwise. Below eps it crosses 0 where
// alpha_n > beta, and there the terms cancel: alpha_n g + beta x with
// g = expm1(x) - x from its series for |x| < 1/2 (no cancellation in g), and
// alpha_n expm1(x) + (beta - alpha_n) x beyond (where x - 1 may round), in
// enough precision.
constexpr double kXieluEps = -1e-6f;
double xielu_forward(double x, const double* p) {
  const double alpha_p = p[0], alpha_n = p[1], beta = p[2];
  if (x == INFINITY) return alpha_p > 0 || beta > 0 ? INFINITY : 0.0;
  if (x == -INFINITY) return beta < alpha_n ? INFINITY : (beta > alpha_n ? -INFINITY : -alpha_n);
  if (x > 0) return alpha_p * x * x + beta * x;
  if (x > kXieluEps)  // expm1(eps) - x cancels next to expm1(eps): long double
    return static_cast<double>(alpha_n * (std::expm1(static_cast<long double>(kXieluEps)) - x) + beta * x);
  return in_enough_precision([&](auto zero, auto* size) {
    using Real = decltype(zero);
    const Real r = x, a = alpha_n, b = beta;
    if (x <= -0.5) {
      const Real e = expm1_of(r), linear = (b - a) * r;
      *size = a * -e + (linear < 0 ? -linear : linear);
      return a * e + linear;
    }
    Real term = r * r / 2, g = 0;  // expm1(x) - x = x^2/2 + x^3/6 + ...
    for (int k = 3; k < 60 && term != 0; ++k) g += term, term *= r / k;
    *size = a * g - b * r;  // both terms are >= 0
    return a * g + b * r;
  });
}
// The slope below eps, alpha_n expm1(x) + beta, also crosses 0 (where
// alpha_n > beta): alpha_n exp(x) + (beta - alpha_n) for x <= -1/2 (exp(x)
// is not lost next to 1 there), in enough precision.
double xielu_derivative(double x, const double* p) {
  const double alpha_p = p[0], alpha_n = p[1], beta = p[2];
  if (x == INFINITY) return alpha_p > 0 ? INFINITY : beta;
  if (x > 0) return 2 * alpha_p * x + beta;
  if (x > kXieluEps) return beta - alpha_n;
  if (x == kXieluEps) return alpha_n * (std::exp(kXieluEps) / 2 - 1) + beta;  // PyTorch: min's gradient halved at the tie
  return in_enough_precision([&](auto zero, auto* size) {
    using Real = decltype(zero);
    const Real r = x, a = alpha_n, b = beta;
    if (x <= -0.5) {
      const Real e = exp_of(r), c = b - a;
      *size = a * e + (c < 0 ? -c : c);
      return a * e + c;
    }
    const Real m = expm1_of(r);
    *size = a * -m + b;
    return a * m + b;
  });
}

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

// QuickGELU: x sigma(beta x) with beta = float32(1.702).
constexpr double kQuickGeluBeta = 1.702f;
double quick_gelu_forward(double x, const double*) { return x == -INFINITY ? -0.0 : x * logistic(kQuickGeluBeta * x); }
double quick_gelu_derivative(double x, const double*) {
  if (std::isinf(x)) return x > 0 ? 1.0 : 0.0;
  const double z = kQuickGeluBeta * x;
  return logistic(z) + z * logistic_slope(z);
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

double hardshrink_forward(double x, const double* p) { return x_or_zero(x, std::fabs(x) > p[0]); }
double hardshrink_derivative(double x, const double* p) { return nan_or(x, std::fabs(x) > p[0] ? 1.0 : 0.0); }

double softshrink_forward(double x, const double* p) { return x > p[0] ? x - p[0] : (x < -p[0] ? x + p[0] : nan_or(x, 0.0)); }
double softshrink_derivative(double x, const double* p) { return nan_or(x, std::fabs(x) > p[0] ? 1.0 : 0.0); }

// x - tanh(x), which is x^3 / 3 + ... near 0: for |x| < 0.1 its series to
// the x^17 term (the next is 7e-20 of the sum), above it the difference
// (which cancels at most a factor 300 there).
double tanhshrink_forward(double x, const double*) {
  if (std::fabs(x) >= 0.1) return x - std::tanh(x);
  const double s = x * x;
  return x * s *
         (1.0 / 3 + s * (-2.0 / 15 + s * (17.0 / 315 + s * (-62.0 / 2835 + s * (1382.0 / 155925 +
         s * (-21844.0 / 6081075 + s * (929569.0 / 638512875 + s * (-6404582.0 / 10854718875))))))));
}
double tanhshrink_derivative(double x, const double*) { return std::tanh(x) * std::tanh(x); }

double threshold_forward(double x, const double* p) { return x > p[0] || std::isnan(x) ? x : p[1]; }
double threshold_derivative(double x, const double* p) { return nan_or(x, x > p[0] ? 1.0 : 0.0); }

double squared_relu_forward(double x, const double*) { return x_or_zero(x, x > 0) * x_or_zero(x, x > 0); }
double squared_relu_derivative(double x, const double*) { return 2 * x_or_zero(x, x > 0); }

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
