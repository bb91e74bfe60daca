// Elementary functions on 4 float lanes: exp, expm1, log1p, tanh, the
// logistic pair and the Gaussian tail. Polynomials work on a reduced range
// (|r| <= ln2/2 or |s| <= 1/5): minimax fits for exp (cpp/tools/fit_exp.py),
// a Taylor series for log1p; their truncation stays below half an ULP (0.27
// ULP at most, the degree-6 expm1), so the error budget is spent on the few
// roundings, which the sweep in tests/cpp measures.
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

// How many terms the float expm1 polynomial uses: kDegree7 (Q of degree 4,
// relative error 1e-9 for expm1, 4e-10 for exp) for the kernels whose bound
// leaves little room, kDegree6 (Q of degree 3, 1.6e-8 for expm1, about 0.27
// ULP; 6.3e-9 for exp) where the budget allows it (cpp/tools/fit_exp.py).
enum class Poly { kDegree7, kDegree6 };

// exp(r) - 1 for |r| <= ln2/2: r + r^2/2 + r^3 Q(r), Q a minimax fit of the
// degree kPoly names, evaluated in Estrin form so the dependency chain is short.
template <Poly kPoly = Poly::kDegree7>
ACTLAB_INLINE f32x4 expm1_reduced(f32x4 r) {
  f32x4 r2 = r * r;
  f32x4 q;
  if constexpr (kPoly == Poly::kDegree7) {
    f32x4 low = splat(0.166666672f) + r * splat(0.0416664816f);
    f32x4 high = splat(0.00833328161f) + r * splat(0.00139333517f);
    q = (low + r2 * high) + (r2 * r2) * splat(0.000199097456f);
  } else {
    f32x4 low = splat(0.16666545f) + r * splat(0.041666403f);
    f32x4 high = splat(0.008366459f) + r * splat(0.0013940497f);
    q = low + r2 * high;
  }
  return r + r2 * (splat(0.5f) + r * q);
}

// The tail of x + tail once x has been clamped: unchanged where the clamp
// kept x, 0 where it moved x (or x is NaN). A clamped x is far beyond where
// the result saturates, while its tail (the rounding error of a huge x, up
// to an ULP of x) is no longer small next to the reduced argument and would
// throw the polynomial far outside its range.
ACTLAB_INLINE f32x4 tail_after_clamp(f32x4 x, f32x4 clamped, f32x4 tail) {
  return from_bits((x == clamped) & bits(tail));
}

// exp(x + tail) for x <= 0 (x clamped at -104, where exp is 0); |tail| is
// at most about one ULP of x. 2^k is applied as 2^(k + 64) and then 2^-64,
// so results in the subnormal range are rounded once.
template <bool kHasTail, Poly kPoly>
ACTLAB_INLINE f32x4 exp_nonpositive(f32x4 x, f32x4 tail) {
  // The tail is kept where x >= -104 (not clamped; false for NaN): the same
  // lanes as tail_after_clamp, tested on x itself, off the clamp's path.
  if constexpr (kHasTail) tail = from_bits((x >= splat(-104.0f)) & bits(tail));
  Reduction red = reduce<127 + 64>(max4(x, splat(-104.0f)));
  f32x4 r = kHasTail ? red.r + tail : red.r;
  f32x4 p = splat(1.0f) + expm1_reduced<kPoly>(r);
  return (p * pow2_of(red.biased)) * splat(0x1p-64f);
}
}  // namespace detail

// exp(x), about 1 ULP; inf for x > 88.73, 0 below -103.9, NaN stays NaN.
// 2^k is applied as two exact factors (pow2_pair).
ACTLAB_INLINE f32x4 exp4(f32x4 x) {
  using namespace detail;
  x = max4(min4(x, splat(89.0f)), splat(-104.0f));  // beyond these exp is inf / 0
  Reduction red = reduce<0>(x);
  f32x4 p = splat(1.0f) + expm1_reduced(red.r);
  Pow2Pair s = pow2_pair(red.biased - bits(splat(kRoundMagic)));
  return (p * s.first) * s.second;
}

// exp(x) and exp(x + tail) (|tail| at most about one ULP of x: bits lost
// when x was rounded) for x <= 0 only (positive x gives garbage), as exp4
// but cheaper: one bound to clamp and a cheaper 2^k.
template <detail::Poly kPoly = detail::Poly::kDegree7>
ACTLAB_INLINE f32x4 exp_nonpositive4(f32x4 x) {
  return detail::exp_nonpositive<false, kPoly>(x, splat(0.0f));
}
template <detail::Poly kPoly = detail::Poly::kDegree7>
ACTLAB_INLINE f32x4 exp_nonpositive_tail4(f32x4 x, f32x4 tail) {
  return detail::exp_nonpositive<true, kPoly>(x, tail);
}

namespace detail {
// exp(x + tail) as (1 + q) * 2^k in double lanes, where the reduction
// x + tail = k ln2 + r and q = expm1(r) are float work and only the assembly
// is double: nothing is rounded to float after q, so the result carries no
// float rounding of its own and never goes subnormal. x is clamped to
// [-700, 700] (exp(+-700) is still a normal double; |k| <= 1010).
struct WideExp {
  f64x4 q;      // expm1(r), |q| < 0.42, from float (relative error about 2^-24)
  f64x4 scale;  // 2^k, exact
};
// kInRange: the caller guarantees |x| <= 700, so no tail can meet a clamp.
template <bool kHasTail, bool kInRange = false>
ACTLAB_INLINE WideExp exp_wide_parts(f32x4 x, f32x4 tail) {
  f32x4 clamped = min4(max4(x, splat(-700.0f)), splat(700.0f));
  if constexpr (kHasTail && !kInRange) tail = tail_after_clamp(x, clamped, tail);
  Reduction red = reduce<1023>(clamped);  // the low 12 bits of red.biased hold k + 1023, in [13, 2033]
  f32x4 q = expm1_reduced(kHasTail ? red.r + tail : red.r);
  // 2^k as a double: k + 1023 in bits 52..63 (<< 20 moves the 12 bits to the
  // top of each int lane), zeros below (interleaving with zero lanes).
  i32x4 top = red.biased << 20, zero = {};
  i64x4 scale = (i64x4)__builtin_shufflevector(zero, top, 0, 4, 1, 5, 2, 6, 3, 7);
  return {widen(q), (f64x4)scale};
}
}  // namespace detail

// exp(x) and exp(x + tail) for |x| <= 700 (x is clamped to that range; NaN
// stays NaN) in double lanes: relative error about 2^-25 (the roundings of r
// and q, ~0.4 float ULP), no subnormal rounding. exp(-700) ~ 1e-304 is
// negligible next to any float-sized factor, exp(700) ~ 1e304 dwarfs one.
ACTLAB_INLINE f64x4 exp_wide4(f32x4 x) {
  detail::WideExp w = detail::exp_wide_parts<false>(x, splat(0.0f));
  return (1.0 + w.q) * w.scale;
}
ACTLAB_INLINE f64x4 exp_wide_tail4(f32x4 x, f32x4 tail) {
  detail::WideExp w = detail::exp_wide_parts<true>(x, tail);
  return (1.0 + w.q) * w.scale;
}
// exp_wide_tail4 for |x| <= 700 only (the caller's guarantee): the same
// bits without the test that drops the tail of a clamped x.
ACTLAB_INLINE f64x4 exp_wide_tail_in_range4(f32x4 x, f32x4 tail) {
  detail::WideExp w = detail::exp_wide_parts<true, true>(x, tail);
  return (1.0 + w.q) * w.scale;
}
// exp(x) - 1 for -700 <= x <= 0 in double lanes, as q 2^k + (2^k - 1): q 2^k
// and 2^k - 1 are exact (2^k - 1 for k >= -53; below, it rounds to -1,
// harmless), so their sum rounds once in double and keeps q's relative
// accuracy near 0.
ACTLAB_INLINE f64x4 expm1_nonpositive_wide4(f32x4 x) {
  detail::WideExp w = detail::exp_wide_parts<false>(x, splat(0.0f));
  return w.q * w.scale + (w.scale - 1.0);
}

// exp(x) - 1 for x <= 0 (positive x gives garbage) without cancellation
// near 0; -1 below -87, where exp(x) < 2^-125. With p = expm1(r), the sum
// p 2^k + (2^k - 1) is rounded once: p 2^k is exact and so is 2^k - 1 for
// k >= -24 (below, it rounds to -1 and p 2^k is negligible next to it).
template <detail::Poly kPoly = detail::Poly::kDegree7>
ACTLAB_INLINE f32x4 expm1_nonpositive4(f32x4 x) {
  using namespace detail;
  x = max4(x, splat(-87.0f));     // keeps 2^k normal: k >= -126
  Reduction red = reduce<127>(x);  // k = 0 whenever |x| < ln2/2: then r == x exactly
  f32x4 scale = pow2_of(red.biased);
  return expm1_reduced<kPoly>(red.r) * scale + (scale - splat(1.0f));
}

// offset + log(1 + e) for 0 <= e <= 1 (e = exp(-|z|) in softplus), in
// double lanes so that the caller rounds to float once. offset is
// offset_hi + offset_lo with |offset_lo| tiny next to offset_hi (a split
// product); pass zeros for log1p(e) alone. 1 + e = 2^k (1 + f) with f exact
// in float: k = 0, f = e for e < 1/2, else k = 1, f = (e - 1) / 2 (Sterbenz:
// e - 1 is exact). Then log1p(f) = f - f^2/2 + s (f^2/2 + R(s^2)),
// s = f / (2 + f) in [-1/7, 1/5], R = 2z/3 + 2z^2/5 + ... + 2z^5/11 (the
// next term is below 2e-10 relative). f - f^2/2, k ln2 and the offset are
// summed in double; the float terms s (f^2/2 + R) and offset_lo are < 0.031
// and about 2^-24 offset_hi, so their float roundings stay far below the
// final one.
ACTLAB_INLINE f64x4 offset_plus_log1p_unit4(f32x4 e, f32x4 offset_hi, f32x4 offset_lo) {
  i32x4 k_is_one = e >= splat(0.5f);
  f32x4 f = select(k_is_one, (e - splat(1.0f)) * splat(0.5f), e);
  f32x4 s = f / (splat(2.0f) + f);
  f32x4 z = s * s;
  f32x4 w = z * z;
  f32x4 r = z * (splat(2.0f / 3.0f) + w * (splat(2.0f / 7.0f) + w * splat(2.0f / 11.0f))) +
            w * (splat(2.0f / 5.0f) + w * splat(2.0f / 9.0f));
  f32x4 hfsq = splat(0.5f) * f * f;
  f32x4 small = s * (hfsq + r) + offset_lo;
  f64x4 fd = widen(f);
  // The 32-bit mask doubled up into 64-bit lanes (an interleave, cheap in wasm).
  i64x4 k_mask = (i64x4)__builtin_shufflevector(k_is_one, k_is_one, 0, 0, 1, 1, 2, 2, 3, 3);
  f64x4 k_ln2 = (f64x4)(k_mask & (i64x4)(f64x4{} + 0.69314718055994530942));
  return widen(offset_hi) + ((k_ln2 + (fd - 0.5 * fd * fd)) + widen(small));  // fd * fd is exact
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

// The logistic function sigma(x) = 1 / (1 + exp(-x)) with one division:
// e / (1 + e) for x < 0, 1 / (1 + e) otherwise, e = exp(-|x|), so 1 - sigma
// never cancels. logistic_tail4 takes x + tail (tail: bits lost when x was
// rounded, as from split_product4).
// logistic_x4 is the same for x exact (tail 0, the same bits) without the
// tail's operations.
namespace detail {
template <bool kHasTail>
ACTLAB_INLINE f32x4 logistic_degree7(f32x4 x, f32x4 tail) {
  i32x4 negative = x < splat(0.0f);
  f32x4 e = kHasTail ? exp_nonpositive_tail4(-abs4(x), select(negative, tail, -tail)) : exp_nonpositive4(-abs4(x));
  return select(negative, e, splat(1.0f)) / (splat(1.0f) + e);
}
}  // namespace detail
ACTLAB_INLINE f32x4 logistic_tail4(f32x4 x, f32x4 tail) { return detail::logistic_degree7<true>(x, tail); }
ACTLAB_INLINE f32x4 logistic_x4(f32x4 x) { return detail::logistic_degree7<false>(x, splat(0.0f)); }
// logistic4: the same quotient from a float exp(-|x|) with the degree-6
// polynomial, and nothing else: exp's error, the rounding of d = 1 + e and
// the division's give 2.402 ULP at most over all 2^32 inputs (docs/ACCURACY.md),
// inside sigmoid's 2.5. Correcting d's rounding (Fast2Sum, d_lo = (1 - d) + e,
// y -= y d_lo / d) brought that to 1.967 but cost 30 % of the throughput,
// which put sigmoid behind XNNPACK's (3.5 ULP) in TF.js.
ACTLAB_INLINE f32x4 logistic4(f32x4 x) {
  i32x4 negative = x < splat(0.0f);
  f32x4 e = exp_nonpositive4<detail::Poly::kDegree6>(-abs4(x));
  return select(negative, e, splat(1.0f)) / (splat(1.0f) + e);
}

// sigma(x) sigma(-x) = e / (1 + e)^2 with e = exp(-|x|), in double lanes
// (e from exp_wide4): rounded to float once, by the caller.
ACTLAB_INLINE f64x4 logistic_slope_wide4(f32x4 x) {
  f64x4 e = exp_wide4(-abs4(x));
  f64x4 d = 1.0 + e;
  return e / (d * d);
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

namespace detail {
// x = k ln2 + r, |r| <= ln2/2, in double lanes for x clamped to [-700, 709]
// (NaN stays NaN); scale = 2^k exactly. kLeftOnly clamps only below: lanes
// above 709 give garbage, for callers that select them away.
struct Reduction64 {
  f64x4 r, scale, k;
};
template <bool kLeftOnly = false>
ACTLAB_INLINE Reduction64 reduce64(f64x4 x) {
  if constexpr (!kLeftOnly) x = min64(x, f64x4{} + 709.0);
  x = max64(x, f64x4{} - 700.0);
  // 1.5 * 2^52 + 1023: adding it rounds to an integer and leaves k + 1023 in the low bits.
  const double magic = 6755399441056767.0;
  f64x4 shifted = x * 1.4426950408889634074 + magic;
  f64x4 k = shifted - magic;
  f64x4 r = x - k * 6.93147180369123816490e-01;  // ln 2 high part: k * it is exact
  r = r - k * 1.90821492927058770002e-10;        // ln 2 low part
  return {r, (f64x4)((i64x4)shifted << 52), k};  // 2^k from the exponent bits k + 1023
}
// exp(r) - 1 = r + r^2/2 + r^3 Q(r) for |r| <= ln2/2, Q a minimax fit in
// Estrin form (coefficients from cpp/tools/fit_exp.py).
template <Exp64 kAccuracy>
ACTLAB_INLINE f64x4 expm1_reduced64(f64x4 r) {
  f64x4 r2 = r * r;
  f64x4 q;
  if constexpr (kAccuracy == Exp64::kDerivative) {
    q = ((0.16666666753571097 + r * 0.04166666685911794) + r2 * (0.008333289160009482 + r * 0.001388882025642304)) +
        (r2 * r2) * (0.00019904860631814875 + r * 2.487851665965976e-05);
  } else {
    q = (0.16666544405924616 + r * 0.04166640509866827) + r2 * (0.008366459217313733 + r * 0.0013940497362647849);
  }
  return r + r2 * (0.5 + r * q);
}
}  // namespace detail

// exp(x) in double lanes for -700 <= x <= 709 (x is clamped to that range;
// NaN stays NaN). For the functions that multiply or subtract exponentials
// where float exp would lose the bits: x * sigma(x) in the subnormal range,
// and the cancellation in f'(x) = 0.
template <Exp64 kAccuracy>
ACTLAB_INLINE f64x4 exp_f64(f64x4 x) {
  detail::Reduction64 red = detail::reduce64(x);
  return (1.0 + detail::expm1_reduced64<kAccuracy>(red.r)) * red.scale;
}

// exp(x) - 1 in double lanes, same range, as q 2^k + (2^k - 1) with
// q = expm1(r): both terms are exact (2^k - 1 for k >= -53; below, it
// rounds to -1, harmless), so the sum keeps q's relative accuracy near 0
// and nothing is rounded to float: for a result scaled afterwards (ELU's
// alpha, CELU's x / alpha) where a float expm1 would round in the subnormals.
// kLeftOnly: garbage above 709, one clamp fewer (see reduce64).
template <Exp64 kAccuracy, bool kLeftOnly = false>
ACTLAB_INLINE f64x4 expm1_f64(f64x4 x) {
  detail::Reduction64 red = detail::reduce64<kLeftOnly>(x);
  return detail::expm1_reduced64<kAccuracy>(red.r) * red.scale + (red.scale - 1.0);
}

// sigma(x) and sigma(-x) in double lanes from one exp_f64(-|x|).
struct LogisticPair64 {
  f64x4 at_x, at_minus_x;
};
template <Exp64 kAccuracy>
ACTLAB_INLINE LogisticPair64 logistic_pair_f64(f64x4 x) {
  f64x4 e = exp_f64<kAccuracy>(-abs64(x));
  f64x4 large = 1.0 / (1.0 + e);
  f64x4 small = e * large;
  i64x4 negative = x < 0.0;
  return {select64(negative, small, large), select64(negative, large, small)};
}

// Double-double numbers in double lanes: hi + lo with |lo| at most half an
// ULP of hi, about 106 bits, from error-free transformations built of plain
// IEEE operations (no FMA: Dekker's product on Veltkamp's split). For the
// rare results that cancel beyond double precision (xIELU near its zero).
struct DoubleDouble {
  f64x4 hi, lo;
};

namespace detail {
// a + b = s + e exactly, whatever the magnitudes (Knuth's TwoSum).
ACTLAB_INLINE DoubleDouble two_sum(f64x4 a, f64x4 b) {
  f64x4 s = a + b;
  f64x4 b_part = s - a;
  return {s, (a - (s - b_part)) + (b - b_part)};
}
// The same when |a| >= |b| or a == 0 (Dekker's FastTwoSum).
ACTLAB_INLINE DoubleDouble fast_two_sum(f64x4 a, f64x4 b) {
  f64x4 s = a + b;
  return {s, b - (s - a)};
}
// a = hi + lo with hi holding the top 26 bits (Veltkamp), for |a| < 2^995.
ACTLAB_INLINE DoubleDouble split(f64x4 a) {
  f64x4 c = a * 134217729.0;  // 2^27 + 1
  f64x4 hi = c - (c - a);
  return {hi, a - hi};
}
// a * b = p + e exactly (Dekker), for |a|, |b| < 2^995.
ACTLAB_INLINE DoubleDouble two_product(f64x4 a, f64x4 b) {
  f64x4 p = a * b;
  DoubleDouble x = split(a), y = split(b);
  return {p, ((x.hi * y.hi - p) + x.hi * y.lo + x.lo * y.hi) + x.lo * y.lo};
}

// 1 / n! as double-doubles, n = 0..17.
constexpr double kInverseFactorial[18][2] = {
    {1.0, 0.0},
    {1.0, 0.0},
    {0.5, 0.0},
    {0.16666666666666666, 9.25185853854297e-18},
    {0.041666666666666664, 2.3129646346357427e-18},
    {0.008333333333333333, 1.1564823173178714e-19},
    {0.001388888888888889, -5.300543954373577e-20},
    {0.0001984126984126984, 1.7209558293420705e-22},
    {2.48015873015873e-05, 2.1511947866775882e-23},
    {2.7557319223985893e-06, -1.858393274046472e-22},
    {2.755731922398589e-07, 2.3767714622250297e-23},
    {2.505210838544172e-08, -1.448814070935912e-24},
    {2.08767569878681e-09, -1.20734505911326e-25},
    {1.6059043836821613e-10, 1.2585294588752098e-26},
    {1.1470745597729725e-11, 2.0655512752830745e-28},
    {7.647163731819816e-13, 7.03872877733453e-30},
    {4.779477332387385e-14, 4.399205485834081e-31},
    {2.8114572543455206e-15, 1.6508842730861433e-31},
};
}  // namespace detail

// a + b and a * b of double-doubles (relative error about 2^-104; a sum
// that cancels keeps an absolute error of about 2^-104 of its terms).
ACTLAB_INLINE DoubleDouble dd_add(DoubleDouble a, DoubleDouble b) {
  DoubleDouble s = detail::two_sum(a.hi, b.hi);
  return detail::fast_two_sum(s.hi, s.lo + (a.lo + b.lo));
}
ACTLAB_INLINE DoubleDouble dd_mul(DoubleDouble a, DoubleDouble b) {
  DoubleDouble p = detail::two_product(a.hi, b.hi);
  return detail::fast_two_sum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

// The exponential series from its term kFirst on, divided by r^kFirst:
// sum over n = kFirst..17 of r^(n - kFirst) / n!, by Horner in double-double.
// For |r| <= ln2/2 the terms left out are below 1e-23 of the sum.
template <int kFirst>
ACTLAB_INLINE DoubleDouble exp_series_dd(DoubleDouble r) {
  DoubleDouble sum = {f64x4{} + detail::kInverseFactorial[17][0], f64x4{} + detail::kInverseFactorial[17][1]};
  for (int n = 16; n >= kFirst; --n)
    sum = dd_add(dd_mul(sum, r), {f64x4{} + detail::kInverseFactorial[n][0], f64x4{} + detail::kInverseFactorial[n][1]});
  return sum;
}

// exp(x) in double-double for x clamped to [-700, 709] (relative error about
// 1e-24): 2^k exp(r), with r = x - k ln2 carried in double-double (ln2 in
// three parts: x - k ln2_hi is exact, k ln2_mid an exact product).
ACTLAB_INLINE DoubleDouble exp_dd(f64x4 x) {
  x = max64(min64(x, f64x4{} + 709.0), f64x4{} - 700.0);
  detail::Reduction64 red = detail::reduce64(x);
  DoubleDouble k_mid = detail::two_product(red.k, f64x4{} + 1.90821492927058770002e-10);
  DoubleDouble r = detail::two_sum(x - red.k * 6.93147180369123816490e-01, -k_mid.hi);
  r = detail::fast_two_sum(r.hi, r.lo - (k_mid.lo + red.k * 1.1612227229362532e-26));
  DoubleDouble e = exp_series_dd<0>(r);
  return {e.hi * red.scale, e.lo * red.scale};
}

}  // namespace actlab
