// Activations built on the logistic function sigma(x) = 1 / (1 + exp(-x)):
// sigmoid, SiLU, Swish, softplus, log-sigmoid and the scaled sigmoid.
// sigma(x) and sigma(-x) come from one exp(-|x|), so 1 - sigma(x) never cancels.
#include <cmath>

#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr f32x4 kOne = splat(1.0f);

// log(1 + exp(z)) for z = hi + lo, as max(z, 0) + log1p(exp(-|z|)).
ACTLAB_INLINE f32x4 softplus_of(f32x4 hi, f32x4 lo) {
  i32x4 negative = hi < kZero;
  f32x4 e = exp_nonpositive_tail4(-abs4(hi), select(negative, lo, -lo));
  f32x4 tail = log1p4(e);
  return select(negative, tail, hi + (lo + tail));
}
}  // namespace

// sigma(x).
void sigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return logistic_pair4(v).at_x; });
}
// sigma(x) * sigma(-x): keeps its relative accuracy where it is tiny.
void sigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    LogisticPair s = logistic_pair4(v);
    return narrow(widen(s.at_x) * widen(s.at_minus_x));
  });
}

namespace {
// Swish pieces in double: z = beta x (exact) and sigma(+-z) from exp_f64, so
// x sigma(z) keeps its bits below FLT_MIN and f' keeps them near its zero.
ACTLAB_INLINE f32x4 swish_value(f32x4 v, double beta) {
  f64x4 xd = widen(v);
  f32x4 body = narrow(xd * logistic_pair_f64<Exp64::kForward>(xd * beta).at_x);
  // -inf * sigma(-inf) is -inf * (tiny) here; the limit is -0 for beta > 0.
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
  map4(n, x, y, [](f32x4 v) { return swish_value(v, 1.0); });
}
// sigma(x) * (1 + x * sigma(-x)).
void silu_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return swish_slope(v, 1.0); });
}

// x * sigma(beta * x).
void swish_forward(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  map4(n, x, y, [beta](f32x4 v) { return swish_value(v, beta); });
}
// sigma(beta x) * (1 + beta x * sigma(-beta x)).
void swish_derivative(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  map4(n, x, y, [beta](f32x4 v) { return swish_slope(v, beta); });
}

// log(1 + exp(beta x)) / beta, or x where beta x > threshold (as PyTorch).
void softplus_forward(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  const f32x4 beta_f = splat(p[0]), threshold = splat(p[1]);  // PyTorch compares beta * x in float
  map4(n, x, y, [beta, beta_f, threshold](f32x4 v) {
    SplitProduct z = split_product4(v, beta);
    f32x4 smooth = narrow(widen(softplus_of(z.hi, z.lo)) / beta);
    return select(v * beta_f > threshold, v, smooth);
  });
}
// sigma(beta x), or 1 where beta x > threshold.
void softplus_derivative(size_t n, const float* x, float* y, const float* p) {
  const double beta = p[0];
  const f32x4 beta_f = splat(p[0]), threshold = splat(p[1]);  // PyTorch compares beta * x in float
  map4(n, x, y, [beta, beta_f, threshold](f32x4 v) {
    SplitProduct z = split_product4(v, beta);
    f32x4 smooth = logistic_pair_tail4(z.hi, z.lo).at_x;
    return select(v * beta_f > threshold, kOne, smooth);
  });
}

// log(sigma(x)) = -softplus(-x).
void logsigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return -softplus_of(-v, kZero); });
}
// sigma(-x).
void logsigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return logistic_pair4(v).at_minus_x; });
}

// 4 sigma(x) - 2, evaluated as 2 tanh(x / 2) so it stays accurate near 0.
void scaled_sigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return splat(2.0f) * tanh_of_half4(v); });
}
// 4 sigma(x) sigma(-x).
void scaled_sigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    LogisticPair s = logistic_pair4(v);
    return narrow(4.0 * widen(s.at_x) * widen(s.at_minus_x));
  });
}

}  // namespace actlab
