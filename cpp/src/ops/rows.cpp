// Row-wise operations: softmax and log-softmax with their vector-Jacobian
// products, maxout, and a plain copy used as a bandwidth yardstick.
#include <cmath>
#include <cstring>

#include "actlab/kernels.h"
#include "actlab/vecmath.h"

namespace actlab {
namespace {

// The largest element of the row, four lanes at a time. A NaN in the row
// need not reach the result, but exp(NaN - max) makes the whole row NaN.
float row_max(size_t cols, const float* x) {
  size_t j = 0;
  float m = x[0];
  if (cols >= 8) {
    f32x4 a = load4(x), b = load4(x + 4);
    for (j = 8; j + 8 <= cols; j += 8) {
      a = max4(a, load4(x + j));
      b = max4(b, load4(x + j + 4));
    }
    a = max4(a, b);
    m = a[0] > a[1] ? a[0] : a[1];
    float m23 = a[2] > a[3] ? a[2] : a[3];
    m = m23 > m ? m23 : m;
  }
  for (; j < cols; ++j) m = x[j] > m ? x[j] : m;
  return m;
}

// row_max's m (the same value, by the same steps) and the row's smallest
// element beside it, in the same pass. Either may skip a NaN; softmax_rows
// only uses the pair to choose a path whose bits equal the general one's.
struct RowRange {
  float max, min;
};
// range widened over x[j..cols), one element at a time.
RowRange extend_range(RowRange range, size_t j, size_t cols, const float* x) {
  for (; j < cols; ++j) {
    range.max = x[j] > range.max ? x[j] : range.max;
    range.min = x[j] < range.min ? x[j] : range.min;
  }
  return range;
}
// The lanes of that pass, for rows of at least 8: started on x[0..8),
// given x[j..j+8) for j = 8, 16, ... while j + 8 <= cols, finished with
// the scalar tail. softmax_rows runs it beside its scaling pass.
struct RangeLanes {
  f32x4 a, b, c, d;
  explicit RangeLanes(const float* x) : a(load4(x)), b(load4(x + 4)), c(a), d(b) {}
  ACTLAB_INLINE void add(f32x4 v, f32x4 w) { a = max4(a, v), b = max4(b, w), c = min4(c, v), d = min4(d, w); }
  RowRange finish(size_t j, size_t cols, const float* x) const {
    f32x4 hi = max4(a, b), lo4 = min4(c, d);
    float m = hi[0] > hi[1] ? hi[0] : hi[1];
    float m23 = hi[2] > hi[3] ? hi[2] : hi[3];
    m = m23 > m ? m23 : m;
    float lo = lo4[0] < lo4[1] ? lo4[0] : lo4[1];
    float l23 = lo4[2] < lo4[3] ? lo4[2] : lo4[3];
    lo = l23 < lo ? l23 : lo;
    return extend_range({m, lo}, j, cols, x);
  }
};
RowRange row_range(size_t cols, const float* x) {
  if (cols < 8) return extend_range({x[0], x[0]}, 0, cols, x);
  RangeLanes lanes(x);
  size_t j = 8;
  for (; j + 8 <= cols; j += 8) lanes.add(load4(x + j), load4(x + j + 4));
  return lanes.finish(j, cols, x);
}

// y *= inverse over a row and, in the same loop, row_range of the next row
// x (rows of at least 8): one pass over memory where there were two.
RowRange scale_and_range(size_t cols, float* y, float inverse, const float* x) {
  const f32x4 s = splat(inverse);
  RangeLanes lanes(x);
  store4(y, load4(y) * s), store4(y + 4, load4(y + 4) * s);
  size_t j = 8;
  for (; j + 8 <= cols; j += 8) {
    lanes.add(load4(x + j), load4(x + j + 4));
    store4(y + j, load4(y + j) * s), store4(y + j + 4, load4(y + j + 4) * s);
  }
  for (size_t k = j; k < cols; ++k) y[k] *= inverse;
  return lanes.finish(j, cols, x);
}

// v - m for v <= m (m the row max), exactly, as hi + lo (TwoSum). lo is
// NaN only where hi is -inf or NaN; the exps below drop it there (a clamped
// or NaN argument's tail is zeroed: tail_after_clamp).
struct Difference {
  f32x4 hi, lo;
};
ACTLAB_INLINE Difference below_max(f32x4 v, f32x4 m) {
  f32x4 hi = v - m;
  f32x4 back = hi - v;
  return {hi, (v - (hi - back)) - (m + back)};
}

// How exp_shifted_sum forms exp(v - m). kGeneral: any row (TwoSum for
// v - m, exp_nonpositive_tail4 with its clamp at -104, the tail's mask and
// the 2^(k + 64) 2^-64 scaling). The others need fl(m - min) <= 80, so that
// every hi = fl(v - m) >= fl(min - m) >= -80 (rounding is monotonic): then
// the clamp and the mask never act, k >= -116 and p 2^k is normal, so one
// exact scaling by 2^k gives the two-step scaling's bits. They differ in
// how the exact error lo of hi = fl(v - m) is formed; every way gives the
// same lo (it is unique), so all modes give the same bits:
// kTwoSum: TwoSum, 6 operations, for any v and m.
// kMaxLeads: Fast2Sum(-m, v), 3 operations; exact when m's exponent is at
//   least every v's, i.e. m > 0 and -min < 2^(exponent of m + 1).
// kValueLeads: Fast2Sum(v, -m), 3 operations; exact when |v| >= |m| for
//   every v, i.e. m <= 0.
enum class ShiftMode { kGeneral, kTwoSum, kMaxLeads, kValueLeads };

template <ShiftMode kMode>
ACTLAB_INLINE f32x4 exp_below_max(f32x4 v, f32x4 m) {
  if constexpr (kMode == ShiftMode::kGeneral) {
    Difference d = below_max(v, m);
    return exp_nonpositive_tail4<detail::Poly::kDegree6>(d.hi, d.lo);
  } else {
    using namespace detail;
    f32x4 hi = v - m, lo;
    if constexpr (kMode == ShiftMode::kTwoSum) {
      lo = below_max(v, m).lo;
    } else if constexpr (kMode == ShiftMode::kMaxLeads) {
      lo = v - (hi + m);
    } else {
      lo = -(m + (hi - v));  // -m - (hi - v), rounded alike
    }
    // exp_nonpositive_tail4's steps for hi >= -80, with reduce's bias 127.
    Reduction red = reduce<127>(hi);
    f32x4 p = splat(1.0f) + expm1_reduced<Poly::kDegree6>(red.r + lo);
    return p * pow2_of(red.biased);
  }
}

// softmax's denominator: the sum of exp(x[j] - m) over a row, each term
// also written to e[j]. Groups of four terms per lane are added pairwise in
// float, (e0 + e1) + (e2 + e3), and the group sums accumulated in double:
// every term passes through at most two float roundings, so the relative
// error of the sum is below 2^-23 on top of the terms' own.
template <ShiftMode kMode>
double exp_shifted_sum(size_t cols, const float* x, float m, float* e) {
  const f32x4 mv = splat(m);
  f64x4 sum = {};
  size_t j = 0;
  for (; j + 16 <= cols; j += 16) {
    // All four loads and exps before any store: e may alias nothing LLVM can
    // prove, so a store between them would keep the four chains from interleaving.
    f32x4 e0 = exp_below_max<kMode>(load4(x + j), mv), e1 = exp_below_max<kMode>(load4(x + j + 4), mv);
    f32x4 e2 = exp_below_max<kMode>(load4(x + j + 8), mv), e3 = exp_below_max<kMode>(load4(x + j + 12), mv);
    store4(e + j, e0), store4(e + j + 4, e1), store4(e + j + 8, e2), store4(e + j + 12, e3);
    sum += widen((e0 + e1) + (e2 + e3));
  }
  for (; j + 4 <= cols; j += 4) {
    f32x4 ev = exp_below_max<kMode>(load4(x + j), mv);
    store4(e + j, ev);
    sum += widen(ev);
  }
  double total = (sum[0] + sum[1]) + (sum[2] + sum[3]);
  for (; j < cols; ++j) total += e[j] = exp_below_max<kMode>(splat(x[j]), mv)[0];
  return total;
}

// The cheapest exact mode for a row with max m and min lo (see ShiftMode).
// fl(m - lo) <= 80 is false for NaN and for any infinite m or lo.
double exp_shifted_sum(size_t cols, const float* x, float* e, RowRange range) {
  const float m = range.max;
  if (!(m - range.min <= 80.0f)) return exp_shifted_sum<ShiftMode::kGeneral>(cols, x, m, e);
  if (m <= 0.0f) return exp_shifted_sum<ShiftMode::kValueLeads>(cols, x, m, e);
  // 2^(e + 1) for m's exponent e (+inf for e = 127): every |v| below it has
  // an exponent <= e. For a subnormal m this is 2^-126, stricter than needed.
  uint32_t mbits;
  std::memcpy(&mbits, &m, sizeof m);
  const uint32_t next_bits = (mbits & 0x7f800000u) + 0x00800000u;
  float next;
  std::memcpy(&next, &next_bits, sizeof next);
  if (-range.min < next) return exp_shifted_sum<ShiftMode::kMaxLeads>(cols, x, m, e);
  return exp_shifted_sum<ShiftMode::kTwoSum>(cols, x, m, e);
}

// log S for log_softmax, S = sum exp(x[j] - m) = maxima + rest: maxima
// counts the terms that are exactly 1 (x[j] == m), rest adds the others,
// each formed in double (exp_wide_tail4, ~2^-25 relative) and summed in
// double. log S = log1p((maxima - 1) + rest) then keeps its relative
// accuracy when S is close to 1 and log_softmax of the max is -log S, tiny:
// the rounded S, or float terms, would cost it its digits. A NaN term (an
// +inf max or a NaN in the row) makes log S NaN.
double log_shifted_sum(size_t cols, const float* x, float m) {
  const f32x4 mv = splat(m);
  f64x4 rest = {};
  i64x4 maxima = {};
  auto add = [&](f32x4 v) {
    Difference d = below_max(v, mv);
    f64x4 e = exp_wide_tail4(d.hi, d.lo);
    i64x4 at_max = e == 1.0;
    maxima -= at_max;  // a true lane is -1
    rest += (f64x4)(~at_max & (i64x4)e);
  };
  size_t j = 0;
  for (; j + 4 <= cols; j += 4) add(load4(x + j));
  if (j < cols) {  // the last 1-3 values, padded with copies of m (terms of exactly 1, taken out below)
    float tail[4] = {m, m, m, m};
    for (size_t k = 0; j + k < cols; ++k) tail[k] = x[j + k];
    add(load4(tail));
  }
  const double padding = static_cast<double>((4 - cols % 4) % 4);
  const double count = static_cast<double>((maxima[0] + maxima[1]) + (maxima[2] + maxima[3])) - padding;
  return std::log1p((count - 1.0) + ((rest[0] + rest[1]) + (rest[2] + rest[3])));
}

double dot(size_t cols, const float* a, const float* b) {
  f64x4 acc = {};
  size_t j = 0;
  for (; j + 4 <= cols; j += 4) acc += widen(load4(a + j)) * widen(load4(b + j));
  double total = acc[0] + acc[1] + acc[2] + acc[3];
  for (; j < cols; ++j) total += static_cast<double>(a[j]) * b[j];
  return total;
}

}  // namespace

void softmax_rows(size_t rows, size_t cols, const float* x, float* y) {
  if (rows == 0) return;
  RowRange range = row_range(cols, x);
  for (size_t r = 0; r < rows; ++r, x += cols, y += cols) {
    // y = e * float(1 / sum): two more roundings, so with exp's (< 1 ULP
    // each for the term and in the sum) and the sum's, an element is off by
    // less than 5e-7 relative.
    const float inverse = static_cast<float>(1.0 / exp_shifted_sum(cols, x, y, range));
    // The next row's max and min come from the loop that scales this row.
    if (r + 1 < rows && cols >= 8) {
      range = scale_and_range(cols, y, inverse, x + cols);
      continue;
    }
    map4(cols, y, y, [s = splat(inverse)](f32x4 e) { return e * s; });
    if (r + 1 < rows) range = row_range(cols, x + cols);
  }
}

void softmax_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx) {
  for (size_t r = 0; r < rows; ++r, y += cols, dy += cols, dx += cols) {
    const double inner = dot(cols, dy, y);
    for (size_t j = 0; j < cols; ++j) dx[j] = static_cast<float>(static_cast<double>(y[j]) * (dy[j] - inner));
  }
}

// (x - m) - log S with x - m formed in double: exact up to 2^-53 relative,
// however large |m| is (float x - m would round, and m + log S in double
// would lose log S once |m| > 2^53 log S).
void log_softmax_rows(size_t rows, size_t cols, const float* x, float* y) {
  for (size_t r = 0; r < rows; ++r, x += cols, y += cols) {
    const float m = row_max(cols, x);
    const double log_s = log_shifted_sum(cols, x, m), md = m;
    map4(cols, x, y, [md, log_s](f32x4 v) { return narrow((widen(v) - md) - log_s); });
  }
}

void log_softmax_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx) {
  for (size_t r = 0; r < rows; ++r, y += cols, dy += cols, dx += cols) {
    double total = 0.0;
    for (size_t j = 0; j < cols; ++j) total += dy[j];
    const double sum_dy = total;
    // dx = dy - softmax * sum(dy), with softmax = exp(y).
    for (size_t j = 0; j < cols; j += 4) {
      size_t lanes = cols - j < 4 ? cols - j : 4;
      float yv[4] = {0, 0, 0, 0}, dyv[4] = {0, 0, 0, 0}, out[4];
      std::memcpy(yv, y + j, lanes * sizeof(float));
      std::memcpy(dyv, dy + j, lanes * sizeof(float));
      store4(out, narrow(widen(load4(dyv)) - widen(exp4(load4(yv))) * sum_dy));
      std::memcpy(dx + j, out, lanes * sizeof(float));
    }
  }
}

void maxout_forward(size_t n, size_t k, const float* x, float* y) {
  for (size_t i = 0; i < n; ++i, x += k) {
    float m = x[0];
    for (size_t j = 1; j < k; ++j) m = (x[j] > m || x[j] != x[j]) && m == m ? x[j] : m;
    y[i] = m;
  }
}

void maxout_backward(size_t n, size_t k, const float* x, const float* dy, float* dx) {
  for (size_t i = 0; i < n; ++i, x += k, dx += k) {
    size_t best = 0;
    for (size_t j = 1; j < k; ++j)
      if (x[best] == x[best] && (x[j] > x[best] || x[j] != x[j])) best = j;
    for (size_t j = 0; j < k; ++j) dx[j] = j == best ? dy[i] : 0.0f;
  }
}

void copy_floats(size_t n, const float* x, float* y) { std::memmove(y, x, n * sizeof(float)); }

}  // namespace actlab
