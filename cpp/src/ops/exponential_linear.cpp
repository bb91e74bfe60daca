// The exponential linear units ELU, CELU and SELU: linear for x > 0, a
// saturating exponential below. expm1 keeps them accurate just below 0; its
// degree-6 polynomial (Poly::kDegree6) is enough for their bounds. And
// xIELU, quadratic for x > 0 and an integrated ELU below, with a zero
// crossing where its terms cancel.
#include <cfloat>
#include <cmath>

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

// xIELU's fixed eps (float32(-1e-6), as in HF transformers), expm1(eps) as
// a double-double (mpmath; expm1(eps) - x cancels for x next to it), and
// where its double-double fallback switches from the series of expm1(x) - x
// to the exponential.
constexpr float kXieluEps = -1e-6f;
constexpr double kXieluExpm1Eps = -9.99999497475412e-07, kXieluExpm1EpsLo = 9.552745603474722e-23;
constexpr double kHalfLn2 = 0.34657359027997264;

// xielu_left below in double-double: alpha_n (expm1(x) - x) + beta x with
// the series of expm1(x) - x to the x^17 term for |x| <= ln2/2, alpha_n
// exp_dd(x) + ((beta - alpha_n) x - alpha_n) beyond, every product and sum
// error-free: about 1e-23 of the terms. Out of line: it runs only for
// vectors with a lane where the double form cancels, and inlined it would
// slow every other one.
__attribute__((noinline)) f64x4 xielu_left_dd(f64x4 x, double alpha_n, double beta) {
  const DoubleDouble alpha = {f64x4{} + alpha_n, f64x4{}};
  const f64x4 bx = beta * x, ax = alpha_n * x;  // exact
  DoubleDouble g = dd_mul(exp_series_dd<2>({x, f64x4{}}), {x * x, f64x4{}});
  DoubleDouble near = dd_add(dd_mul(g, alpha), {bx, f64x4{}});
  DoubleDouble bracket = detail::two_sum(bx, -ax);
  DoubleDouble with_alpha = detail::two_sum(bracket.hi, f64x4{} - alpha_n);
  bracket = detail::fast_two_sum(with_alpha.hi, with_alpha.lo + bracket.lo);
  DoubleDouble far = dd_add(dd_mul(exp_dd(x), alpha), bracket);
  return select64(x >= -kHalfLn2, near.hi, far.hi);
}

// alpha_n (expm1(x) - x) + beta x for x <= eps, in double lanes, as
// alpha_n expm1(x) + (beta x - alpha_n x) (beta x and alpha_n x exact): good
// to about 3e-12 of its terms' size. It crosses 0 where alpha_n > beta, and
// there the terms cancel (as alpha_n expm1(x) and -alpha_n x do near 0 when
// beta is tiny), so the lanes whose result is below 2^-10 of that size are
// computed again in double-double.
ACTLAB_INLINE f64x4 xielu_left(f64x4 x, double alpha_n, double beta) {
  f64x4 m = expm1_f64<Exp64::kDerivative>(x);
  f64x4 linear = beta * x - alpha_n * x;
  f64x4 fast = alpha_n * m + linear;
  i64x4 cancelled = abs64(fast) < (alpha_n * abs64(m) + abs64(linear)) * 0x1p-10;
  if (!any64(cancelled)) return fast;
  return select64(cancelled, xielu_left_dd(x, alpha_n, beta), fast);
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

// alpha_p x^2 + beta x for x > 0, alpha_n (expm1(min(x, eps)) - x) + beta x
// otherwise (HF transformers' XIELUActivation, with its effective
// parameters), in double and rounded once; at -inf the limit
// (beta - alpha_n) x - alpha_n, where the formula would give inf - inf.
void xielu_forward(size_t n, const float* x, float* y, const float* p) {
  const double alpha_p = p[0], alpha_n = p[1], beta = p[2];
  const f32x4 at_minus_inf = splat(p[2] < p[1] ? INFINITY : (p[2] > p[1] ? -INFINITY : -p[1]));
  map4<2>(n, x, y, [alpha_p, alpha_n, beta, at_minus_inf](f32x4 v) {
    f64x4 xd = widen(v);
    f64x4 capped = min64(xd, f64x4{} + 1e200);  // +inf as 1e200: its square overflows, and 0 * inf would be NaN
    f64x4 right = (alpha_p * capped) * capped + beta * capped;
    // On (eps, 0] min(x, eps) is eps; expm1(eps) - x is exact where it cancels (Sterbenz).
    f64x4 middle = alpha_n * ((kXieluExpm1Eps - xd) + kXieluExpm1EpsLo) + beta * xd;
    f64x4 out = select64(xd > 0.0, right, select64(xd > double{kXieluEps}, middle, xielu_left(xd, alpha_n, beta)));
    return select(v == splat(-INFINITY), at_minus_inf, narrow(out));
  });
}
// 2 alpha_p x + beta for x > 0, beta - alpha_n on (eps, 0], alpha_n expm1(x)
// + beta below eps; at x = eps itself alpha_n (exp(eps) / 2 - 1) + beta, as
// PyTorch's autograd gives (min passes half the gradient to each side of a tie).
// Below eps, alpha_n e^x + (beta - alpha_n) has both terms of one sign when
// alpha_n <= beta: a double exp from float work (exp_wide4, 2^-25) and one
// rounding. When alpha_n > beta it crosses 0 at x0 = log(1 - beta / alpha_n),
// and the terms cancel near there; written as (alpha_n - beta) expm1(x - x0)
// the cancellation happens in x - x0, exact enough in double (x0's error is
// about 1e-16 |x0|), so the exponential needs float accuracy only (Exp64's
// kForward, 0.1 ULP) where a plain sum needed the kDerivative one for every
// lane. 2 alpha_p x + beta is float work (two roundings, both terms >= 0).
void xielu_derivative(size_t n, const float* x, float* y, const float* p) {
  const double alpha_n = p[1], beta = p[2];
  const f32x4 middle = splat(static_cast<float>(beta - alpha_n));
  const f32x4 at_eps = splat(static_cast<float>(alpha_n * (0.5 * (1.0 + kXieluExpm1Eps) - 1.0) + beta));
  // x is capped at FLT_MAX only where alpha_p = 0, where 0 * inf would be NaN.
  const f32x4 right_slope = splat(2.0f * p[0]), right_offset = splat(p[2]);
  const f32x4 right_cap = splat(p[0] == 0 ? FLT_MAX : INFINITY);
  auto slope = [right_slope, right_offset, right_cap, middle, at_eps](f32x4 v, f32x4 left) {
    f32x4 right = right_slope * min4(v, right_cap) + right_offset;
    const f32x4 eps = splat(kXieluEps);
    return select(v > kZero, right, select(v > eps, middle, select(v == eps, at_eps, left)));
  };
  if (alpha_n <= beta) {
    map4<2>(n, x, y, [alpha_n, beta, slope](f32x4 v) {
      return slope(v, narrow(alpha_n * exp_wide4(v) + (beta - alpha_n)));
    });
    return;
  }
  const double x0 = std::log1p(-beta / alpha_n), scale = alpha_n - beta;
  map4<2>(n, x, y, [x0, scale, slope](f32x4 v) {
    return slope(v, narrow(scale * expm1_f64<Exp64::kForward, true>(widen(v) - x0)));
  });
}

}  // namespace actlab
