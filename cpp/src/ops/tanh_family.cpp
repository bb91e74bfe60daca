// tanh, Mish and softsign: the zero-centred squashing functions; and
// tanhshrink, x - tanh(x), which needs tanh to beyond float precision.
#include <cmath>

#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
constexpr f32x4 kOne = splat(1.0f);
}  // namespace

// tanh(x).
void tanh_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return tanh4(v); });
}
// sech^2(x) = 4 sigma(2x) sigma(-2x) = 4 e / (1 + e)^2, e = exp(-2|x|),
// rounded once; stays accurate where 1 - tanh^2 cancels. 2x is exact (or
// inf, which gives 0).
void tanh_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return narrow(4.0 * logistic_slope_wide4(v + v)); });
}

namespace {
// Mish pieces from e = exp(x): with w = 1 + e and m = w^2 - 1 = e (e + 2),
// tanh(softplus(x)) = m / (m + 2). Beyond x = 20 tanh(softplus(x)) rounds to 1.
struct MishTerms {
  f64x4 x, e, m;
};
template <Exp64 kAccuracy>
ACTLAB_INLINE MishTerms mish_terms(f32x4 v) {
  f64x4 clamped = widen(min4(max4(v, splat(-1e4f)), splat(20.0f)));
  f64x4 e = exp_f64<kAccuracy>(clamped);  // double: x e^x keeps its bits below FLT_MIN, f' near its zero
  return {clamped, e, e * (e + 2.0)};
}
}  // namespace

// x * tanh(softplus(x)).
void mish_forward(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    MishTerms t = mish_terms<Exp64::kForward>(v);
    f32x4 body = narrow(t.x * (t.m / (t.m + 2.0)));
    return select(v > splat(20.0f), v, body);
  });
}
// tanh(sp) + x sech^2(sp) sigma(x) = m / (m + 2) + 4 x e (1 + e) / (m + 2)^2.
void mish_derivative(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    MishTerms t = mish_terms<Exp64::kDerivative>(v);
    f64x4 d = t.m + 2.0;
    f32x4 body = narrow(t.m / d + 4.0 * t.x * t.e * (1.0 + t.e) / (d * d));
    return select(v > splat(20.0f), kOne, select(is_nan(v), v, body));
  });
}

namespace {
// tanh|x| in double lanes: -u / (u + 2) with u = expm1(-2|x|), relative
// error about 3e-12 and none of 1 - e^-2|x|'s cancellation near 0.
ACTLAB_INLINE f64x4 tanh_of_abs_f64(f32x4 v) {
  f64x4 u = expm1_f64<Exp64::kDerivative>(-2.0 * widen(abs4(v)));
  return -u / (u + 2.0);
}
}  // namespace

// x - tanh(x), odd (keeps -0), rounded once. It is about x^3 / 3 near 0,
// where the difference cancels: below |x| = 1/4 the series
// x^3 (1/3 - 2x^2/15 + 17x^4/315 - ...) to the x^15 term (truncated at
// 7e-12 relative), above it |x| - tanh|x| in double, which loses at most a
// factor 48 of tanh's 3e-12.
void tanhshrink_forward(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    f64x4 a = widen(abs4(v)), s = a * a;
    f64x4 series = a * s *
                   (1.0 / 3.0 + s * (-2.0 / 15.0 + s * (17.0 / 315.0 + s * (-62.0 / 2835.0 +
                   s * (1382.0 / 155925.0 + s * (-21844.0 / 6081075.0 + s * (929569.0 / 638512875.0)))))));
    f64x4 difference = a - tanh_of_abs_f64(v);
    return copysign4(narrow(select64(a < 0.25, series, difference)), v);
  });
}
// tanh(x)^2 (= 1 - sech^2 x without its cancellation), rounded once.
void tanhshrink_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f64x4 t = tanh_of_abs_f64(v);
    return narrow(t * t);
  });
}

// x / (1 + |x|); +-1 at +-inf.
void softsign_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f64x4 d = widen(v);
    f32x4 body = narrow(d / (1.0 + widen(abs4(v))));
    return select(abs4(v) == splat(INFINITY), copysign4(kOne, v), body);
  });
}
// 1 / (1 + |x|)^2 in float: d + d_lo = 1 + |x| exactly (Fast2Sum of the
// larger and the smaller of |x| and 1), r = 1 / d, and
// 1 / (d + d_lo)^2 ~ r^2 (1 - 2 d_lo r). Squaring r rather than dividing by
// d * d cannot overflow; |x| is clamped to 2^76, where 1 / x^2 < 2^-152
// rounds to 0 (inf - inf would be NaN). In double (1 / d^2) it was two f64x2
// divisions per vector, slower than 5x the JS loop.
void softsign_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 a = min4(abs4(v), splat(0x1p76f));
    f32x4 big = max4(a, kOne), small = min4(a, kOne);
    f32x4 d = big + small;
    f32x4 d_lo = small - (d - big);
    f32x4 r = kOne / d;
    return (r * r) * (kOne - (d_lo + d_lo) * r);
  });
}

}  // namespace actlab
