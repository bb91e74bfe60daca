// Moments, norms and histograms of float tensors.
#include "stats.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace actlab::network_detail {

Moments moments(const float* x, size_t n) {
  if (n == 0) return {0.0, 0.0};
  double sum = 0.0;
  for (size_t i = 0; i < n; ++i) sum += x[i];
  const double mean = sum / n;
  double squares = 0.0;
  for (size_t i = 0; i < n; ++i) {
    const double d = x[i] - mean;
    squares += d * d;
  }
  return {mean, std::sqrt(squares / n)};
}

double norm(const float* x, size_t n) {
  double squares = 0.0;
  for (size_t i = 0; i < n; ++i) squares += static_cast<double>(x[i]) * x[i];
  return std::sqrt(squares);
}

double rms(const float* x, size_t n) { return n ? norm(x, n) / std::sqrt(static_cast<double>(n)) : 0.0; }

void count_octaves(const float* x, size_t n, uint32_t* octaves, uint64_t* zeros, uint64_t* non_finite) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];  // float -> double is exact, and subnormal floats become normal doubles
    if (v == 0.0) {
      ++*zeros;
      continue;
    }
    if (!std::isfinite(v)) {
      ++*non_finite;
      continue;
    }
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    const int exponent = static_cast<int>((bits >> 52) & 0x7ff) - 1023;
    ++octaves[exponent - kMinOctave];
  }
}

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

bool finite_range(const float* x, size_t n, double* lo, double* hi) {
  bool any = false;
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i];
    if (!std::isfinite(v)) continue;
    if (!any || v < *lo) *lo = v;
    if (!any || v > *hi) *hi = v;
    any = true;
  }
  return any;
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
  const double lo = edges.front(), width = edges.back() - edges.front();
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    if (!std::isfinite(v)) continue;
    const double t = std::floor((v - lo) / width * bins);
    counts[t < 0 ? 0 : (t >= bins ? bins - 1 : static_cast<int>(t))]++;
  }
}

}  // namespace actlab::network_detail
