// Elementary functions on 4 float lanes: exp, expm1, log1p, tanh, the
// logistic pair and the Gaussian tail. Polynomials work on a reduced range
// (|r| <= ln2/2 or |s| <= 0.172): minimax fits for exp (cpp/tools/fit_exp.py),
// a Taylor series for log1p; their truncation is far below half an ULP, so the
// error budget is spent on the few roundings, which the sweep in tests/cpp measures.
#pragma once
#include "actlab/vec4.h"

namespace actlab {

namespace detail {
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;          // ln 2 rounded to 9 bits: k * kLn2Hi is exact
constexpr float kLn2Lo = -2.12194440e-4f;       // ln 2 - kLn2Hi
constexpr float kRoundMagic = 12582912.0f;      // 1.5 * 2^23: adding it rounds to an integer

// x = k ln2 + r with k = round(x log2(e)) and |r| <= ln2/2 (Cody-Waite: x -
// k kLn2Hi is exact). The rounding adds kRoundMagic + bias, so the low bits of
// `biased` hold k + bias and biased << 23 is 2^(k + bias - 127) for k + bias in [1, 254].
struct Reduction {
  f32x4 k, r;
  i32x4 biased;
};
template <int kBias>
ACTLAB_INLINE Reduction reduce(f32x4 x) {
  const f32x4 magic = splat(kRoundMagic + kBias);
  f32x4 shifted = x * splat(kLog2e) + magic;
  f32x4 k = shifted - magic;
  f32x4 r = (x - k * splat(kLn2Hi)) - k * splat(kLn2Lo);
  return {k, r, bits(shifted)};
}
// The power of two held by Reduction::biased (see reduce).
ACTLAB_INLINE f32x4 pow2_of(i32x4 biased) { return from_bits(biased << 23); }

// 2^k for integer lanes k in [-150, 128], as two exact factors whose product
// the caller applies one after the other (so 2^-150 and 2^128 both work).
struct Pow2Pair {
  f32x4 first, second;
};
ACTLAB_INLINE Pow2Pair pow2_pair(i32x4 k) {
  i32x4 k1 = k >> 1;
  i32x4 k2 = k - k1;
  return {from_bits((k1 + 127) << 23), from_bits((k2 + 127) << 23)};
}

// exp(r) - 1 for |r| <= ln2/2: r + r^2/2 + r^3 Q(r), Q a degree-4 minimax
// fit (relative error 1e-9 for expm1, 4e-10 for exp; cpp/tools/fit_exp.py),
// evaluated in Estrin form so the dependency chain is short.
ACTLAB_INLINE f32x4 expm1_reduced(f32x4 r) {
  f32x4 r2 = r * r;
  f32x4 low = splat(0.166666672f) + r * splat(0.0416664816f);
  f32x4 high = splat(0.00833328161f) + r * splat(0.00139333517f);
  f32x4 q = (low + r2 * high) + (r2 * r2) * splat(0.000199097456f);
  return r + r2 * (splat(0.5f) + r * q);
}

// exp(x + tail) for x <= 0 (x clamped at -104, where exp is 0); |tail| is
// at most about one ULP of x. 2^k is applied as 2^(k + 64) and then 2^-64,
// so results in the subnormal range are rounded once.
template <bool kHasTail>
ACTLAB_INLINE f32x4 exp_nonpositive(f32x4 x, f32x4 tail) {
  x = max4(x, splat(-104.0f));
  Reduction red = reduce<127 + 64>(x);
  f32x4 r = kHasTail ? red.r + tail : red.r;
  f32x4 p = splat(1.0f) + expm1_reduced(r);
  return (p * pow2_of(red.biased)) * splat(0x1p-64f);
}

// exp(x + tail) for any x, 2^k applied as two exact factors (pow2_pair).
template <bool kHasTail>
ACTLAB_INLINE f32x4 exp_any(f32x4 x, f32x4 tail) {
  x = max4(min4(x, splat(89.0f)), splat(-104.0f));  // beyond these exp is inf / 0
  Reduction red = reduce<0>(x);
  f32x4 p = splat(1.0f) + expm1_reduced(kHasTail ? red.r + tail : red.r);
  Pow2Pair s = pow2_pair(red.biased - bits(splat(kRoundMagic)));
  return (p * s.first) * s.second;
}
}  // namespace detail

// exp(x + tail) where |tail| is at most about one ULP of x: the tail carries
// bits that were lost when x was rounded.
ACTLAB_INLINE f32x4 exp_tail4(f32x4 x, f32x4 tail) { return detail::exp_any<true>(x, tail); }

// exp(x), about 1 ULP; inf for x > 88.73, 0 below -103.9, NaN stays NaN.
ACTLAB_INLINE f32x4 exp4(f32x4 x) { return detail::exp_any<false>(x, splat(0.0f)); }

// exp(x) and exp(x + tail) for x <= 0 only (positive x gives garbage), as
// exp4 / exp_tail4 but cheaper: one bound to clamp and a cheaper 2^k (used by
// the logistic pair, softplus, GELU and the ELUs).
ACTLAB_INLINE f32x4 exp_nonpositive4(f32x4 x) { return detail::exp_nonpositive<false>(x, splat(0.0f)); }
ACTLAB_INLINE f32x4 exp_nonpositive_tail4(f32x4 x, f32x4 tail) { return detail::exp_nonpositive<true>(x, tail); }

// exp(x) - 1 for x <= 0 (positive x gives garbage) without cancellation
// near 0; -1 below -87, where exp(x) < 2^-125.
ACTLAB_INLINE f32x4 expm1_nonpositive4(f32x4 x) {
  using namespace detail;
  x = max4(x, splat(-87.0f));                 // keeps 2^k normal: k >= -126
  Reduction red = reduce<127>(x);             // k = 0 whenever |x| < ln2/2: then r == x exactly
  f32x4 p = expm1_reduced(red.r);
  // 1 + p as an unevaluated sum hi + lo (Fast2Sum, |p| < 1).
  f32x4 hi = splat(1.0f) + p;
  f32x4 lo = (splat(1.0f) - hi) + p;
  f32x4 scale = pow2_of(red.biased);
  return (hi * scale - splat(1.0f)) + lo * scale;
}

// log(1 + y) for y >= -1 without cancellation near 0; -inf at -1, NaN below.
ACTLAB_INLINE f32x4 log1p4(f32x4 y) {
  using namespace detail;
  f32x4 u = splat(1.0f) + y;
  // Split u = 2^k * m with m in [sqrt(1/2), sqrt(2)).
  i32x4 iu = bits(u) + splat_i(0x3f800000 - 0x3f3504f3);
  i32x4 k = (iu >> 23) - splat_i(127);
  f32x4 m = from_bits((iu & splat_i(0x007fffff)) + splat_i(0x3f3504f3));
  f32x4 f = m - splat(1.0f);
  // The rounding error of u = 1 + y, divided by u: log(1+y) = log(u) + c.
  f32x4 c = select(k > splat_i(0), splat(1.0f) - (u - y), y - (u - splat(1.0f))) / u;
  c = select(k > splat_i(24), splat(0.0f), c);
  // log(1+f) = f - f^2/2 + s (f^2/2 + R(s^2)), s = f / (2 + f), R = 2z/3 + 2z^2/5 + ...
  f32x4 s = f / (splat(2.0f) + f);
  f32x4 z = s * s;
  f32x4 w = z * z;
  f32x4 r = z * (splat(2.0f / 3.0f) + w * splat(2.0f / 7.0f)) +
            w * (splat(2.0f / 5.0f) + w * splat(2.0f / 9.0f));
  f32x4 hfsq = splat(0.5f) * f * f;
  f32x4 dk = to_float(k);
  f32x4 result = dk * splat(kLn2Hi) - ((hfsq - (s * (hfsq + r) + (dk * splat(kLn2Lo) + c))) - f);
  // Edges the bit tricks do not cover: u == +inf, u == 0, u < 0, NaN.
  result = select(u == splat(__builtin_inff()), u, result);
  result = select(u == splat(0.0f), splat(-__builtin_inff()), result);
  result = select((u < splat(0.0f)) | is_nan(u), splat(__builtin_nanf("")), result);
  return result;
}

// tanh(x / 2) = -expm1(-|x|) / (expm1(-|x|) + 2) with the sign of x (keeps
// -0). Taking x rather than x / 2 avoids rounding x / 2 in the subnormals.
ACTLAB_INLINE f32x4 tanh_of_half4(f32x4 x) {
  f32x4 a = min4(abs4(x), splat(20.0f));  // tanh(10) rounds to 1
  f32x4 u = expm1_nonpositive4(-a);
  f32x4 t = -u / (u + splat(2.0f));
  return copysign4(t, x);
}

// tanh(x), from tanh_of_half4(2x); 2x is exact (or inf, which saturates).
ACTLAB_INLINE f32x4 tanh4(f32x4 x) { return tanh_of_half4(x + x); }

// The logistic function at x and at -x from one exp: {sigma(x), sigma(-x)},
// where the argument is x + tail (tail: bits lost when x was rounded).
struct LogisticPair {
  f32x4 at_x, at_minus_x;
};
namespace detail {
// {sigma(x), sigma(-x)} from e = exp(-|x|); negative marks the lanes with x < 0.
ACTLAB_INLINE LogisticPair logistic_from_exp(i32x4 negative, f32x4 e) {
  f32x4 d = splat(1.0f) + e;
  f32x4 large = splat(1.0f) / d;  // the half at or above 1/2
  f32x4 small = e / d;            // the half below 1/2
  return {select(negative, small, large), select(negative, large, small)};
}
}  // namespace detail
ACTLAB_INLINE LogisticPair logistic_pair_tail4(f32x4 x, f32x4 tail) {
  i32x4 negative = x < splat(0.0f);
  f32x4 e = exp_nonpositive_tail4(-abs4(x), select(negative, tail, -tail));  // exp(-|x|) in (0, 1]
  return detail::logistic_from_exp(negative, e);
}
ACTLAB_INLINE LogisticPair logistic_pair4(f32x4 x) {
  return detail::logistic_from_exp(x < splat(0.0f), exp_nonpositive4(-abs4(x)));
}

// The product x * factor as hi + lo with hi = float(x * factor): the product
// is formed in double, so lo keeps what rounding hi lost.
struct SplitProduct {
  f32x4 hi, lo;
};
ACTLAB_INLINE SplitProduct split_product4(f32x4 x, double factor) {
  f64x4 exact = widen(x) * factor;
  f32x4 hi = narrow(exact);
  f32x4 lo = narrow(exact - widen(hi));
  // inf * factor gives NaN in lo; keep lo finite so it cannot poison exp.
  lo = select(is_nan(lo), splat(0.0f), lo);
  return {hi, lo};
}

// How exact exp_f64 must be: kForward for results that are rounded to float
// once (relative error 6.7e-9, 0.1 float ULP), kDerivative for the slopes
// that cancel near their zero and need exp to about 1e-10 (error 2.6e-12).
enum class Exp64 { kForward, kDerivative };

// exp(x) in double lanes for -700 <= x <= 709 (x is clamped to that range;
// NaN stays NaN). For the functions that multiply or subtract exponentials
// where float exp would lose the bits: x * sigma(x) in the subnormal range,
// and the cancellation in f'(x) = 0. x = k ln2 + r, |r| <= ln2/2, and
// exp(r) = 1 + r + r^2/2 + r^3 Q(r) with Q a minimax fit in Estrin form
// (coefficients from cpp/tools/fit_exp.py).
template <Exp64 kAccuracy>
ACTLAB_INLINE f64x4 exp_f64(f64x4 x) {
  x = max64(min64(x, f64x4{} + 709.0), f64x4{} - 700.0);
  // 1.5 * 2^52 + 1023: adding it rounds to an integer and leaves k + 1023 in the low bits.
  const double magic = 6755399441056767.0;
  f64x4 shifted = x * 1.4426950408889634074 + magic;
  f64x4 k = shifted - magic;
  f64x4 r = x - k * 6.93147180369123816490e-01;  // ln 2 high part: k * it is exact
  r = r - k * 1.90821492927058770002e-10;        // ln 2 low part
  f64x4 r2 = r * r;
  f64x4 q;
  if constexpr (kAccuracy == Exp64::kDerivative) {
    q = ((0.16666666753571097 + r * 0.04166666685911794) + r2 * (0.008333289160009482 + r * 0.001388882025642304)) +
        (r2 * r2) * (0.00019904860631814875 + r * 2.487851665965976e-05);
  } else {
    q = (0.16666544405924616 + r * 0.04166640509866827) + r2 * (0.008366459217313733 + r * 0.0013940497362647849);
  }
  f64x4 p = 1.0 + (r + r2 * (0.5 + r * q));
  return p * (f64x4)((i64x4)shifted << 52);  // 2^k from the exponent bits k + 1023
}

// sigma(x) and sigma(-x) in double lanes from one exp_f64(-|x|).
struct LogisticPair64 {
  f64x4 at_x, at_minus_x;
};
template <Exp64 kAccuracy>
ACTLAB_INLINE LogisticPair64 logistic_pair_f64(f64x4 x) {
  f64x4 a = (f64x4)((i64x4)x & 0x7fffffffffffffffll);
  f64x4 e = exp_f64<kAccuracy>(-a);
  f64x4 large = 1.0 / (1.0 + e);
  f64x4 small = e * large;
  i64x4 negative = x < 0.0;
  return {select64(negative, small, large), select64(negative, large, small)};
}

}  // namespace actlab
