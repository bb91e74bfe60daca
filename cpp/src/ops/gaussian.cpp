// GELU, exact (x * Phi(x)) and in its tanh form. Both are evaluated so that
// the far-left tail, where the result is tiny, keeps full relative accuracy:
// Phi(-a) = exp(-a^2 / 2) * h(a) with a^2 / 2 formed exactly in double, and
// 1 + tanh(u) written as 2 sigma(2u), evaluated in double.
#include <iterator>

#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// h(a) = Phi(-a) exp(a^2 / 2) for 0 <= a <= 14.5 (a scaled Mills ratio), a
// Chebyshev fit in t = 1 / (1 + a / 3) mapped onto u in [-1, 1], evaluated by
// Horner (fitted with numpy against mpmath: cpp/tools/fit_gaussian_tail.py).
// Two fits: kDerivativeFit, degree 13, relative error 2.2e-10, for f', whose
// h - a / sqrt(2 pi) cancels near its zero; kForwardFit, degree 9, 1.7e-8
// (0.3 ULP at most), for f, where nothing cancels: four fewer double
// multiply-adds per lane.
constexpr double kDerivativeFit[] = {
    -5.3824635896772125e-08, -2.6492288911143461e-07, 1.1267413447323301e-06, 1.4050638497154527e-06,
    -1.2565629960989534e-05, 4.8279848887614831e-06,  0.00012066576935232626, -0.00016125880055525586,
    -0.0014380890697663459,  0.0015428235443607635,   0.028144341630108212,   0.1015483597305064,
    0.20949246178819378,     0.16075621998987727,
};
constexpr double kForwardFit[] = {
    -9.7294863734333118e-06, 7.2478376135156578e-06, 0.00011791709081579354, -0.00016305743635629873,
    -0.0014369056558950412,  0.0015434089972707859,  0.028144132356167088,   0.10154829081766804,
    0.20949247218355907,     0.16075622131121711,
};
template <size_t kTerms>
ACTLAB_INLINE f64x4 gaussian_tail_ratio(f64x4 a, const double (&coefficients)[kTerms]) {
  f64x4 t = 1.0 / (1.0 + a * (1.0 / 3.0));
  f64x4 u = t * 2.4137931034482762 - 1.413793103448276;  // t mapped onto [-1, 1]
  f64x4 h = f64x4{} + coefficients[0];
  for (size_t i = 1; i < kTerms; ++i) h = h * u + coefficients[i];
  return h;
}

// exp(-a^2 / 2) and h(a) for a = |x| (a clamped to 20: beyond it exp is 0).
struct GaussianTail {
  f64x4 a, e, h;
};
template <size_t kTerms>
ACTLAB_INLINE GaussianTail gaussian_tail(f32x4 x, const double (&fit)[kTerms]) {
  f64x4 a = widen(min4(abs4(x), splat(20.0f)));
  f64x4 half_square = a * a * 0.5;  // exact: a has 24 bits
  f32x4 hi = narrow(half_square);
  f32x4 lo = narrow(half_square - widen(hi));
  return {a, widen(exp_nonpositive_tail4(-hi, -lo)), gaussian_tail_ratio(a, fit)};
}
}  // namespace

// x Phi(x): x (1 - Phi(-x)) for x >= 0, x Phi(x) for x < 0; the factor is
// chosen in double and multiplied and rounded once.
void gelu_forward(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    GaussianTail g = gaussian_tail(v, kForwardFit);
    f64x4 lower = g.e * g.h;  // Phi(-|x|)
    i32x4 negative = v < kZero;
    i64x4 negative64 = (i64x4)__builtin_shufflevector(negative, negative, 0, 0, 1, 1, 2, 2, 3, 3);
    return narrow(widen(max4(v, splat(-20.0f))) * select64(negative64, lower, 1.0 - lower));
  });
}
// Phi(x) + x phi(x) = E (h - a / sqrt(2 pi)) for x < 0, 1 - E (h - a / sqrt(2 pi)) for x >= 0.
void gelu_derivative(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    GaussianTail g = gaussian_tail(v, kDerivativeFit);
    f64x4 d = g.e * (g.h - g.a * kInvSqrt2Pi);
    return select(v < kZero, narrow(d), narrow(1.0 - d));
  });
}

namespace {
constexpr double kTwoSqrt2OverPi = 1.5957691216057307117;  // 2 sqrt(2 / pi)
constexpr double kCubic = 0.044715;

// sigma(2u) and sigma(-2u) in double for 2u = 2 sqrt(2/pi) (x + 0.044715 x^3).
ACTLAB_INLINE LogisticPair64 gelu_tanh_logistic(f64x4 xd) {
  return logistic_pair_f64<Exp64::kDerivative>(xd * (kTwoSqrt2OverPi + (kTwoSqrt2OverPi * kCubic) * (xd * xd)));
}
}  // namespace

// 0.5 x (1 + tanh(u)) = x sigma(2u) = x / (1 + exp(-2u)): 2u is formed in
// double and split into float hi + lo for exp_wide_tail_in_range4 (|2u| <= 602
// for |x| <= 20: exp never clamps); the quotient is double, rounded once. At
// x = -20, 2u = -602: exp(602) still fits a double.
void gelu_tanh_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f64x4 xd = widen(min4(max4(v, splat(-20.0f)), splat(20.0f)));
    f64x4 two_u = xd * (kTwoSqrt2OverPi + (kTwoSqrt2OverPi * kCubic) * (xd * xd));
    f32x4 hi = narrow(two_u);
    f32x4 lo = narrow(two_u - widen(hi));
    f32x4 body = narrow(xd / (1.0 + exp_wide_tail_in_range4(-hi, -lo)));
    return select(v > splat(20.0f), v, body);
  });
}
// sigma(2u) (1 + x sigma(-2u) d(2u)/dx).
void gelu_tanh_derivative(size_t n, const float* x, float* y, const float*) {
  map4<2>(n, x, y, [](f32x4 v) {
    f64x4 xd = widen(min4(max4(v, splat(-20.0f)), splat(20.0f)));
    LogisticPair64 s = gelu_tanh_logistic(xd);
    f64x4 slope = kTwoSqrt2OverPi + (3.0 * kTwoSqrt2OverPi * kCubic) * (xd * xd);
    return narrow(s.at_x * (1.0 + xd * s.at_minus_x * slope));
  });
}

}  // namespace actlab
