// The exponential linear units ELU, CELU and SELU: linear for x > 0, a
// saturating exponential below. expm1 keeps them accurate just below 0; its
// degree-6 polynomial (Poly::kDegree6) is enough for their bounds.
#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
using detail::Poly;
constexpr f32x4 kZero = splat(0.0f);
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;

// exp(min(x, 0)) - 1 and exp(min(x, 0)): 0 and 1 exactly for x >= 0.
ACTLAB_INLINE f32x4 expm1_left(f32x4 v) { return expm1_nonpositive4<Poly::kDegree6>(min4(v, kZero)); }
ACTLAB_INLINE f32x4 exp_left(f32x4 v) { return exp_nonpositive4<Poly::kDegree6>(min4(v, kZero)); }

// alpha (exp(z) - 1) and alpha exp(z) for z = min(x, 0) * inverse in double
// lanes, rounded to float once: a float exp would round in the subnormals
// (or x * inverse would) before alpha scales the error up to alpha ULPs.
ACTLAB_INLINE f32x4 scaled_expm1_left(f32x4 v, double alpha, double inverse) {
  return narrow(alpha * expm1_f64<Exp64::kDerivative>(widen(min4(v, kZero)) * inverse));
}
ACTLAB_INLINE f32x4 scaled_exp_left(f32x4 v, double alpha, double inverse) {
  return narrow(alpha * exp_f64<Exp64::kDerivative>(widen(min4(v, kZero)) * inverse));
}
}  // namespace

// x for x > 0, alpha (exp(x) - 1) otherwise. For alpha = 1 that is
// max(x, 0) + expm1(min(x, 0)), one term being 0: no select, no product.
void elu_forward(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  if (alpha == 1.0) {
    map4(n, x, y, [](f32x4 v) { return max4(v, kZero) + expm1_left(v); });
    return;
  }
  map4<2>(n, x, y, [alpha](f32x4 v) { return select(v > kZero, v, scaled_expm1_left(v, alpha, 1.0)); });
}
// 1 for x > 0, alpha exp(x) otherwise (alpha at 0, as PyTorch); for
// alpha = 1 that is exp(min(x, 0)).
void elu_derivative(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  if (alpha == 1.0) {
    map4(n, x, y, [](f32x4 v) { return exp_left(v); });
    return;
  }
  map4<2>(n, x, y, [alpha](f32x4 v) { return select(v > kZero, splat(1.0f), scaled_exp_left(v, alpha, 1.0)); });
}

// x for x > 0, alpha (exp(x / alpha) - 1) otherwise; ELU when alpha = 1.
void celu_forward(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  if (alpha == 1.0) return elu_forward(n, x, y, p);
  map4<2>(n, x, y, [alpha](f32x4 v) { return select(v > kZero, v, scaled_expm1_left(v, alpha, 1.0 / alpha)); });
}
// 1 for x > 0, exp(x / alpha) otherwise.
void celu_derivative(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  if (alpha == 1.0) return elu_derivative(n, x, y, p);
  map4<2>(n, x, y, [alpha](f32x4 v) { return select(v > kZero, splat(1.0f), scaled_exp_left(v, 1.0, 1.0 / alpha)); });
}

// scale * x for x > 0, scale * alpha * (exp(x) - 1) otherwise, as
// max(x, 0) * scale + scale * alpha * expm1(min(x, 0)), one term being 0;
// both products are formed in double and rounded once.
void selu_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 left = narrow((kSeluScale * kSeluAlpha) * widen(expm1_left(v)));
    // scale * x in double, rounded once: float(scale) * x would overflow to
    // inf for x just below FLT_MAX / scale (float(scale) rounds up), and the
    // full 2^32 sweep caught exactly that.
    return narrow(kSeluScale * widen(max4(v, kZero))) + left;
  });
}
// scale for x > 0, scale * alpha * exp(x) otherwise.
void selu_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 left = narrow((kSeluScale * kSeluAlpha) * widen(exp_left(v)));
    return select(v > kZero, splat(static_cast<float>(kSeluScale)), left);
  });
}

}  // namespace actlab
