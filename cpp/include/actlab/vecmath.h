// Elementary functions on 4 float lanes: exp, expm1, log1p, tanh, the
// logistic pair and the Gaussian tail. Polynomials are Taylor series on a
// reduced range (|r| <= ln2/2 or |s| <= 0.172), short enough to stay fast and
// long enough that truncation is far below half an ULP; the error budget is
// spent on the few roundings, which the sweep in tests/cpp measures.
#pragma once
#include "actlab/vec4.h"

namespace actlab {

namespace detail {
constexpr float kLog2e = 1.44269504088896341f;
constexpr float kLn2Hi = 0.693359375f;          // ln 2 rounded to 9 bits: k * kLn2Hi is exact
constexpr float kLn2Lo = -2.12194440e-4f;       // ln 2 - kLn2Hi

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

// exp(r) - 1 for |r| <= ln2/2: Taylor series through r^8.
ACTLAB_INLINE f32x4 expm1_reduced(f32x4 r) {
  f32x4 q = splat(1.0f / 40320.0f);
  q = q * r + splat(1.0f / 5040.0f);
  q = q * r + splat(1.0f / 720.0f);
  q = q * r + splat(1.0f / 120.0f);
  q = q * r + splat(1.0f / 24.0f);
  q = q * r + splat(1.0f / 6.0f);
  q = q * r + splat(0.5f);
  return r + (r * r) * q;
}
}  // namespace detail

// exp(x + tail) where |tail| is at most about one ULP of x: the tail carries
// bits that were lost when x was rounded (used by GELU and softmax).
ACTLAB_INLINE f32x4 exp_tail4(f32x4 x, f32x4 tail) {
  using namespace detail;
  x = max4(min4(x, splat(89.0f)), splat(-104.0f));  // beyond these exp is inf / 0
  f32x4 k = round4(x * splat(kLog2e));
  f32x4 r = x - k * splat(kLn2Hi);
  r = r - k * splat(kLn2Lo);
  r = r + tail;
  f32x4 p = splat(1.0f) + expm1_reduced(r);
  Pow2Pair s = pow2_pair(to_int(k));
  return (p * s.first) * s.second;
}

// exp(x), about 1 ULP; inf for x > 88.73, 0 below -103.9, NaN stays NaN.
ACTLAB_INLINE f32x4 exp4(f32x4 x) { return exp_tail4(x, splat(0.0f)); }

// exp(x) - 1 without cancellation near 0; -1 for x < -88, inf above 88.73.
ACTLAB_INLINE f32x4 expm1_4(f32x4 x) {
  using namespace detail;
  x = max4(min4(x, splat(89.0f)), splat(-88.0f));
  f32x4 k = round4(x * splat(kLog2e));  // 0 whenever |x| < ln2/2: then r == x exactly
  f32x4 r = x - k * splat(kLn2Hi);
  r = r - k * splat(kLn2Lo);
  f32x4 p = expm1_reduced(r);
  // 1 + p as an unevaluated sum hi + lo (Fast2Sum, |p| < 1).
  f32x4 hi = splat(1.0f) + p;
  f32x4 lo = (splat(1.0f) - hi) + p;
  Pow2Pair s = pow2_pair(to_int(k));
  f32x4 scaled_hi = (hi * s.first) * s.second;
  f32x4 scaled_lo = (lo * s.first) * s.second;
  return (scaled_hi - splat(1.0f)) + scaled_lo;
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
  f32x4 u = expm1_4(-a);
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
ACTLAB_INLINE LogisticPair logistic_pair_tail4(f32x4 x, f32x4 tail) {
  i32x4 negative = x < splat(0.0f);
  f32x4 e = exp_tail4(-abs4(x), select(negative, tail, -tail));  // exp(-|x|) in (0, 1]
  f32x4 d = splat(1.0f) + e;
  f32x4 large = splat(1.0f) / d;  // the half at or above 1/2
  f32x4 small = e / d;            // the half below 1/2
  return {select(negative, small, large), select(negative, large, small)};
}
ACTLAB_INLINE LogisticPair logistic_pair4(f32x4 x) { return logistic_pair_tail4(x, splat(0.0f)); }

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

// exp(x) in double lanes, relative error about 1e-15 for -700 <= x <= 709
// (x is clamped to that range; NaN stays NaN). For the functions that
// multiply or subtract exponentials where float exp would lose the bits:
// x * sigma(x) in the subnormal range, and the cancellation in f'(x) = 0.
ACTLAB_INLINE f64x4 exp_f64(f64x4 x) {
  const f64x4 lo_clamp = f64x4{} - 700.0, hi_clamp = f64x4{} + 709.0;
  x = select64(x < lo_clamp, lo_clamp, select64(x > hi_clamp, hi_clamp, x));
  const double magic = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  f64x4 shifted = x * 1.4426950408889634074 + magic;
  f64x4 k = shifted - magic;
  f64x4 r = x - k * 6.93147180369123816490e-01;  // ln 2 high part: k * it is exact
  r = r - k * 1.90821492927058770002e-10;        // ln 2 low part
  // Taylor series of exp(r) through r^11: truncation below 1e-16 for |r| <= ln2/2.
  f64x4 p = f64x4{} + 1.0 / 39916800.0;
  constexpr double kInverseFactorials[] = {1.0 / 3628800.0, 1.0 / 362880.0, 1.0 / 40320.0, 1.0 / 5040.0,
                                           1.0 / 720.0,     1.0 / 120.0,    1.0 / 24.0,    1.0 / 6.0,
                                           0.5,             1.0,            1.0};
  for (double c : kInverseFactorials) p = p * r + c;
  i64x4 k_int = (i64x4)shifted - (i64x4)(f64x4{} + magic);
  return p * (f64x4)((k_int + 1023) << 52);
}

// sigma(x) and sigma(-x) in double lanes from one exp_f64(-|x|).
struct LogisticPair64 {
  f64x4 at_x, at_minus_x;
};
ACTLAB_INLINE LogisticPair64 logistic_pair_f64(f64x4 x) {
  f64x4 a = (f64x4)((i64x4)x & 0x7fffffffffffffffll);
  f64x4 e = exp_f64(-a);
  f64x4 large = 1.0 / (1.0 + e);
  f64x4 small = e * large;
  i64x4 negative = x < 0.0;
  return {select64(negative, small, large), select64(negative, large, small)};
}

}  // namespace actlab
