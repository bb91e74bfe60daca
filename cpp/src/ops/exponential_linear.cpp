// The exponential linear units ELU, CELU and SELU: linear for x > 0, a
// saturating exponential below. expm1 keeps them accurate just below 0.
#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr double kSeluScale = 1.0507009873554804934193349852946;
constexpr double kSeluAlpha = 1.6732632423543772848170429916717;
}  // namespace

// x for x > 0, alpha (exp(x) - 1) otherwise.
void elu_forward(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  map4(n, x, y, [alpha](f32x4 v) {
    return select(v > kZero, v, narrow(alpha * widen(expm1_nonpositive4(min4(v, kZero)))));
  });
}
// 1 for x > 0, alpha exp(x) otherwise (alpha at 0, as PyTorch).
void elu_derivative(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  map4(n, x, y, [alpha](f32x4 v) {
    return select(v > kZero, splat(1.0f), narrow(alpha * widen(exp_nonpositive4(min4(v, kZero)))));
  });
}

// x for x > 0, alpha (exp(x / alpha) - 1) otherwise.
void celu_forward(size_t n, const float* x, float* y, const float* p) {
  const double alpha = p[0];
  const f32x4 inverse = splat(static_cast<float>(1.0 / alpha));
  map4(n, x, y, [alpha, inverse](f32x4 v) {
    f32x4 z = alpha == 1.0 ? v : v * inverse;
    return select(v > kZero, v, narrow(alpha * widen(expm1_nonpositive4(min4(z, kZero)))));
  });
}
// 1 for x > 0, exp(x / alpha) otherwise; x / alpha is carried as hi + lo.
void celu_derivative(size_t n, const float* x, float* y, const float* p) {
  const double inverse = 1.0 / p[0];
  map4(n, x, y, [inverse](f32x4 v) {
    SplitProduct z = split_product4(min4(v, kZero), inverse);
    return select(v > kZero, splat(1.0f), exp_nonpositive_tail4(z.hi, z.lo));
  });
}

// scale * x for x > 0, scale * alpha * (exp(x) - 1) otherwise.
void selu_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 left = narrow((kSeluScale * kSeluAlpha) * widen(expm1_nonpositive4(min4(v, kZero))));
    return select(v > kZero, narrow(kSeluScale * widen(v)), left);
  });
}
// scale for x > 0, scale * alpha * exp(x) otherwise.
void selu_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 left = narrow((kSeluScale * kSeluAlpha) * widen(exp_nonpositive4(min4(v, kZero))));
    return select(v > kZero, splat(static_cast<float>(kSeluScale)), left);
  });
}

}  // namespace actlab
