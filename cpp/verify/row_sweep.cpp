// Row sweeps of softmax, softmin and log_softmax (see row_sweep.h).
#include "row_sweep.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <thread>

#include "actlab/kernels.h"

namespace actlab::verify {
namespace {

constexpr size_t kLengths[] = {1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 31, 64, 100, 257, 1000, 1024, 4099};

// splitmix64: the row generator's stream.
struct Stream {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1p-53; }
  float signed_log_uniform(int lo_exp, int hi_exp) {  // sign * 2^u, u uniform in [lo_exp, hi_exp)
    double u = lo_exp + (hi_exp - lo_exp) * uniform();
    float v = static_cast<float>(std::ldexp(1.0 + uniform(), static_cast<int>(std::floor(u))) * 0.5);
    return (next() & 1) ? -v : v;
  }
};

// The same float reached by the same (seed, i), every run.
float element(Stream& s, int kind, float anchor) {
  switch (kind) {
    case 0: return s.signed_log_uniform(-149, 128);  // every binade, both signs
    case 1: return anchor - static_cast<float>(40.0 * s.uniform());  // clustered below a max
    case 2: return anchor * static_cast<float>(s.uniform());  // one scale, large or small
    default: {
      uint64_t pick = s.next() % 8;
      if (pick == 0) return FLT_MAX;
      if (pick == 1) return -FLT_MAX;
      return anchor + static_cast<float>(s.uniform() * 4.0 - 2.0);
    }
  }
}

// One row through the three kernels; y, rs, rl and negated are the caller's reused buffers.
void measure_row(const std::vector<float>& x, std::vector<float>& y, std::vector<double>& rs, std::vector<double>& rl,
                 std::vector<float>& negated, RowSweepResult& out) {
  reference_softmax(x, rs, rl);
  auto measure = [&](const std::vector<double>& r, KernelError& e) {
    for (size_t j = 0; j < x.size(); ++j) {
      double u = ulp_error(y[j], r[j]);
      ++e.count;
      if (std::isfinite(u)) e.sum_ulp += u;
      if (!(u <= e.max_ulp)) e.max_ulp = u, e.max_ulp_at = x[j];
    }
  };
  softmax_rows(1, x.size(), x.data(), y.data());
  measure(rs, out.softmax);
  log_softmax_rows(1, x.size(), x.data(), y.data());
  measure(rl, out.log_softmax);
  // softmin(x) = softmax(-x), measured against the reference of the negated row.
  negated.resize(x.size());
  std::transform(x.begin(), x.end(), negated.begin(), [](float v) { return -v; });
  reference_softmax(negated, rs, rl);
  softmin_rows(1, x.size(), x.data(), y.data());
  measure(rs, out.softmin);
  ++out.rows;
}

void add(KernelError& into, const KernelError& part) {
  if (part.max_ulp > into.max_ulp || std::isnan(part.max_ulp)) into.max_ulp = part.max_ulp, into.max_ulp_at = part.max_ulp_at;
  into.sum_ulp += part.sum_ulp;
  into.count += part.count;
}

}  // namespace

std::vector<float> sweep_row(uint64_t seed, uint64_t i) {
  Stream s{seed * 0x100000001B3ull + i};
  const size_t n = kLengths[i % std::size(kLengths)];
  const int kind = static_cast<int>(s.next() % 4);
  // The anchor: anywhere from 1e-38 to FLT_MAX in size, either sign.
  const float anchor = s.signed_log_uniform(-126, 128);
  std::vector<float> x(n);
  for (float& v : x) v = element(s, kind, anchor);
  if (n > 1 && s.next() % 4 == 0) x[s.next() % n] = x[s.next() % n];  // a tie, often at the max
  return x;
}

// With m the row max and d_j = x_j - m (exact in double up to 2^-53
// relative), S = sum exp(d_j) = c + R, c the count of maxima (d = 0) and R
// the rest: log S = log1p((c - 1) + R) and softmax_j = exp(d_j) / S. Forming
// log S as log(S) would lose log S's relative accuracy when S is close to 1.
void reference_softmax(const std::vector<float>& x, std::vector<double>& softmax, std::vector<double>& log_softmax) {
  const size_t n = x.size();
  softmax.assign(n, NAN);
  log_softmax.assign(n, NAN);
  for (float v : x)
    if (std::isnan(v)) return;
  const double m = *std::max_element(x.begin(), x.end());
  if (std::isinf(m)) return;  // +inf - inf or an all -inf row: NaN (as PyTorch)
  double rest = 0, maxima = 0;
  for (float v : x) {
    double d = static_cast<double>(v) - m;
    if (d == 0) maxima += 1;
    else rest += std::exp(d);
  }
  const double log_s = std::log1p((maxima - 1) + rest), s = maxima + rest;
  for (size_t j = 0; j < n; ++j) {
    double d = static_cast<double>(x[j]) - m;
    softmax[j] = std::exp(d) / s;
    log_softmax[j] = d - log_s;
  }
}

RowSweepResult row_sweep(uint64_t rows, uint64_t seed, int threads) {
  threads = std::max(1, threads);
  std::vector<RowSweepResult> parts(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      std::vector<float> y, negated;
      std::vector<double> rs, rl;
      for (uint64_t i = t; i < rows; i += threads) {
        std::vector<float> x = sweep_row(seed, i);
        y.resize(x.size());
        measure_row(x, y, rs, rl, negated, parts[t]);
      }
    });
  for (std::thread& th : pool) th.join();
  RowSweepResult result;
  for (const RowSweepResult& p : parts) {
    add(result.softmax, p.softmax);
    add(result.softmin, p.softmin);
    add(result.log_softmax, p.log_softmax);
    result.rows += p.rows;
  }
  return result;
}

}  // namespace actlab::verify
