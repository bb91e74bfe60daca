// Activations built on the logistic function sigma(x) = 1 / (1 + exp(-x)):
// sigmoid, SiLU, Swish, QuickGELU, softplus, log-sigmoid and the scaled sigmoid.
// sigma(x) and sigma(-x) come from one exp(-|x|), so 1 - sigma(x) never cancels.
#include <cmath>

#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr f32x4 kOne = splat(1.0f);

// log(1 + exp(z)) for z = hi + lo, as max(z, 0) + log1p(exp(-|z|)) summed in
// double: the caller rounds to float once.
ACTLAB_INLINE f64x4 softplus_of(f32x4 hi, f32x4 lo) {
  i32x4 negative = hi < kZero;
  f32x4 e = exp_nonpositive_tail4(-abs4(hi), select(negative, lo, -lo));
  return offset_plus_log1p_unit4(e, select(negative, kZero, hi), select(negative, kZero, lo));
}
// The same for a result that is divided by beta afterwards: e = exp(-|z|) is
// formed in double and only its float rounding e_f feeds the log1p, with
// log1p(e) - log1p(e_f) ~ (e - e_f) / (1 + e) added back in double, so e / beta
// keeps its bits where a float e would have been rounded in the subnormals.
ACTLAB_INLINE f64x4 softplus_wide_of(f32x4 hi, f32x4 lo) {
  i32x4 negative = hi < kZero;
  f64x4 e_wide = exp_wide_tail4(-abs4(hi), select(negative, lo, -lo));
  f32x4 e = narrow(e_wide);
  f64x4 sum = offset_plus_log1p_unit4(e, select(negative, kZero, hi), select(negative, kZero, lo));
  return sum + (e_wide - widen(e)) / (1.0 + e_wide);
}
}  // namespace

// sigma(x).
void sigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return logistic4(v); });
}
// sigma(x) sigma(-x) = e / (1 + e)^2, e = exp(-|x|), rounded once: keeps its
// relative accuracy where it is tiny.
void sigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return narrow(logistic_slope_wide4(v)); });
}

namespace {
// x sigma(z) = x / (1 + exp(-z)), z = beta x, in double from exp_wide_tail4
// (so x sigma(z) keeps its bits below FLT_MIN) and rounded once; where z < 0,
// 1 + exp(-z) is large and the quotient is x e^z / (1 + e^z). z is exactly x
// when kUnitBeta, else the split product hi + lo.
template <bool kUnitBeta>
ACTLAB_INLINE f32x4 swish_value(f32x4 v, double beta) {
  f32x4 hi = v, lo = kZero;
  if constexpr (!kUnitBeta) {
    SplitProduct z = split_product4(v, beta);
    hi = z.hi, lo = z.lo;
  }
  f64x4 e = kUnitBeta ? exp_wide4(-hi) : exp_wide_tail4(-hi, -lo);  // no tail to carry when z = x
  f32x4 body = narrow(widen(v) / (1.0 + e));
  // -inf / (1 + exp(700)) is -inf here; the limit is -0 for beta > 0.
  return select((v == splat(-INFINITY)) & splat_i(beta > 0 ? -1 : 0), splat(-0.0f), body);
}
// d/dx x sigma(beta x) = sigma(z) (1 + z sigma(-z)), z = beta x clamped to +-800.
ACTLAB_INLINE f32x4 swish_slope(f32x4 v, double beta) {
  f64x4 z = widen(v) * beta;
  z = max64(min64(z, f64x4{} + 800.0), f64x4{} - 800.0);
  LogisticPair64 s = logistic_pair_f64<Exp64::kDerivative>(z);
  return narrow(s.at_x * (1.0 + z * s.at_minus_x));
}
}  // namespace

// x * sigma(x).
void silu_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return swish_value<true>(v, 1.0); });
}
// sigma(x) * (1 + x * sigma(-x)).
void silu_derivative(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) { return swish_slope(v, 1.0); });
}

// x * sigma(beta * x).
void swish_forward(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  if (beta == 1.0) return silu_forward(n, x, y, p);  // z = x exactly: no split product
  if (beta == 0.0) {  // x / 2 (beta x would be NaN at x = +-inf)
    map4(n, x, y, [](f32x4 v) { return v * splat(0.5f); });
    return;
  }
  map4(n, x, y, [beta](f32x4 v) { return swish_value<false>(v, beta); });
}
// sigma(beta x) * (1 + beta x * sigma(-beta x)); 1/2 for beta = 0, where
// swish is x / 2 (beta x would be NaN at x = +-inf).
void swish_derivative(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  if (beta == 0.0) {
    map4(n, x, y, [](f32x4 v) { return select(is_nan(v), v, splat(0.5f)); });
    return;
  }
  map4<2>(n, x, y, [beta](f32x4 v) { return swish_slope(v, beta); });
}

namespace {
// QuickGELU's beta (CLIP: x * sigmoid(1.702 * x)), as the float32 a float32 model multiplies by.
constexpr float kQuickGeluBeta[] = {1.702f};
}  // namespace

// x * sigma(1.702 x): swish at beta = 1.702f.
void quick_gelu_forward(size_t n, const float* x, float* y, const float*) { swish_forward(n, x, y, kQuickGeluBeta); }
// sigma(z) * (1 + z * sigma(-z)), z = 1.702f x: swish' at that beta.
void quick_gelu_derivative(size_t n, const float* x, float* y, const float*) {
  swish_derivative(n, x, y, kQuickGeluBeta);
}

// log(1 + exp(beta x)) / beta, or x where beta x > threshold (as PyTorch).
// softplus_of's double sum is divided by beta (multiplied by 1 / beta, whose
// double rounding is ~1e-16) before the one rounding to float.
void softplus_forward(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0], inverse_beta = 1.0 / beta;
  const f32x4 beta_f = splat(p[0]), threshold = splat(p[1]);  // PyTorch compares beta * x in float
  if (beta == 1.0) {  // z = x exactly: no split product, no scaling
    map4(n, x, y, [threshold](f32x4 v) { return select(v > threshold, v, narrow(softplus_of(v, kZero))); });
    return;
  }
  map4<2>(n, x, y, [beta, inverse_beta, beta_f, threshold](f32x4 v) {
    SplitProduct z = split_product4(v, beta);
    f32x4 smooth = narrow(softplus_wide_of(z.hi, z.lo) * inverse_beta);
    return select(v * beta_f > threshold, v, smooth);
  });
}
// sigma(beta x), or 1 where beta x > threshold.
void softplus_derivative(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  const f32x4 beta_f = splat(p[0]), threshold = splat(p[1]);  // PyTorch compares beta * x in float
  if (beta == 1.0) {  // z = x exactly: no split product, no tail
    map4(n, x, y, [threshold](f32x4 v) { return select(v > threshold, kOne, logistic_x4(v)); });
    return;
  }
  map4(n, x, y, [beta, beta_f, threshold](f32x4 v) {
    SplitProduct z = split_product4(v, beta);
    f32x4 smooth = logistic_tail4(z.hi, z.lo);
    return select(v * beta_f > threshold, kOne, smooth);
  });
}

// log(sigma(x)) = -softplus(-x).
void logsigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return narrow(-softplus_of(-v, kZero)); });
}
// sigma(-x).
void logsigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return logistic4(-v); });
}

// 4 sigma(x) - 2 = 2 tanh(x / 2) = -2u / (u + 2), u = expm1(-|x|), with the
// sign of x: accurate near 0, and with nothing halved, subnormal x gives x.
// u and the division are double (expm1_nonpositive_wide4): one rounding.
void scaled_sigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f64x4 u = expm1_nonpositive_wide4(-min4(abs4(v), splat(20.0f)));  // 2 tanh(10) rounds to 2
    return copysign4(narrow(-2.0 * u / (u + 2.0)), v);
  });
}
// 4 sigma(x) sigma(-x) = 4 e / (1 + e)^2, rounded once.
void scaled_sigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return narrow(4.0 * logistic_slope_wide4(v)); });
}

}  // namespace actlab
