// Summary statistics of float tensors for the simulator, all accumulated in
// double in index order (shared by the simulator, cpp/src/network, and the trainer, cpp/src/train).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace actlab::shared {

// sqrt(sum x^2) and sqrt(mean x^2).
double norm(const float* x, size_t n);
double rms(const float* x, size_t n);

// Float |x| octaves: finite nonzero x goes to octave e with 2^e <= |x| < 2^(e+1),
// index e - kMinOctave; exact zeros and NaN/inf are counted apart.
constexpr int kMinOctave = -149, kMaxOctave = 127;
constexpr int kOctaves = kMaxOctave - kMinOctave + 1;
// Counts one value v into octaves (or zeros / non_finite).
inline void count_octave(float v, uint32_t* octaves, uint64_t* zeros, uint64_t* non_finite) {
  if (v == 0.0f) {
    ++*zeros;
    return;
  }
  if (!(v - v == 0.0f)) {  // inf - inf and NaN - NaN are NaN
    ++*non_finite;
    return;
  }
  const double d = v;  // exact; subnormal floats become normal doubles
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  ++octaves[static_cast<int>((bits >> 52) & 0x7ff) - 1023 - kMinOctave];
}

// Merges per-layer octave counts (kOctaves each) into at most `bins` bins of
// whole octaves spanning every layer's occupied octaves; edges are powers of two.
void merge_octaves(const std::vector<std::vector<uint32_t>>& octaves, int bins, std::vector<double>* edges,
                   std::vector<std::vector<uint32_t>>* histograms);

// Mean, std, finite range and non-finite count of x in one pass.
struct Summary {
  double mean = 0, std = 0;
  bool any_finite = false;
  double lo = 0, hi = 0;  // smallest and largest finite value (when any_finite)
  uint64_t non_finite = 0;
};
Summary summarize(const float* x, size_t n);
// Counts finite x into `bins` equal bins over [edges.front(), edges.back()].
void linear_histogram(const float* x, size_t n, const std::vector<double>& edges, uint32_t* counts);
// bins + 1 equal-width edges over [lo, hi] (widened to [lo - 0.5, hi + 0.5] when lo == hi).
std::vector<double> linear_edges(double lo, double hi, int bins);

}  // namespace actlab::shared
