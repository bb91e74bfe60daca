// Moments, norms and histograms of float tensors.
#include "stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace actlab::shared {

namespace {
// Sum over i < n of term(x[i]) in double, in four interleaved partial sums
// (i mod 4) added at the end: a fixed order, so the same bits everywhere,
// and four independent chains instead of one long dependent one.
template <typename Term>
double sum4(const float* x, size_t n, Term term) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += term(x[i]), s1 += term(x[i + 1]), s2 += term(x[i + 2]), s3 += term(x[i + 3]);
  }
  for (; i < n; ++i) s0 += term(x[i]);
  return (s0 + s1) + (s2 + s3);
}
}  // namespace

double norm(const float* x, size_t n) {
  return std::sqrt(sum4(x, n, [](float v) { return static_cast<double>(v) * v; }));
}

double rms(const float* x, size_t n) { return n ? norm(x, n) / std::sqrt(static_cast<double>(n)) : 0.0; }

void merge_octaves(const std::vector<std::vector<uint32_t>>& octaves, int bins, std::vector<double>* edges,
                   std::vector<std::vector<uint32_t>>* histograms) {
  int lo = kOctaves, hi = -1;
  for (const auto& layer : octaves)
    for (int o = 0; o < kOctaves; ++o)
      if (layer[o]) lo = std::min(lo, o), hi = std::max(hi, o);
  edges->clear();
  histograms->assign(octaves.size(), {});
  if (hi < 0) return;  // no nonzero finite value anywhere
  const int span = hi - lo + 1;
  const int group = (span + bins - 1) / bins;
  const int count = (span + group - 1) / group;
  for (int b = 0; b <= count; ++b) edges->push_back(std::ldexp(1.0, kMinOctave + lo + b * group));
  for (size_t l = 0; l < octaves.size(); ++l) {
    (*histograms)[l].assign(count, 0);
    for (int o = lo; o <= hi; ++o) (*histograms)[l][(o - lo) / group] += octaves[l][o];
  }
}

Summary summarize(const float* x, size_t n) {
  Summary out;
  if (n == 0) return out;
  // Sums of x - shift and its square (shift = x[0], or 0 if that is not
  // finite): no cancellation when the mean is large against the spread.
  const double shift = std::isfinite(x[0]) ? x[0] : 0.0;
  double sum = 0.0, squares = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    const double d = v - shift;
    sum += d, squares += d * d;
    if (!std::isfinite(v)) {
      ++out.non_finite;
      continue;
    }
    if (!out.any_finite || v < out.lo) out.lo = v;
    if (!out.any_finite || v > out.hi) out.hi = v;
    out.any_finite = true;
  }
  const double mean = sum / n;
  out.mean = shift + mean;
  const double variance = squares / n - mean * mean;  // NaN when a value is not finite
  out.std = std::sqrt(variance < 0.0 ? 0.0 : variance);
  return out;
}

std::vector<double> linear_edges(double lo, double hi, int bins) {
  if (lo == hi) lo -= 0.5, hi += 0.5;
  std::vector<double> edges(bins + 1);
  for (int b = 0; b < bins; ++b) edges[b] = lo + (hi - lo) * b / bins;
  edges[bins] = hi;
  return edges;
}

void linear_histogram(const float* x, size_t n, const std::vector<double>& edges, uint32_t* counts) {
  const int bins = static_cast<int>(edges.size()) - 1;
  if (bins < 1) return;
  const double lo = edges.front(), per_unit = bins / (edges.back() - edges.front());
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (!std::isfinite(v)) continue;
    const double t = std::floor((v - lo) * per_unit);
    counts[t < 0 ? 0 : (t >= bins ? bins - 1 : static_cast<int>(t))]++;
  }
}

}  // namespace actlab::shared
