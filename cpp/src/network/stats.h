// Summary statistics of float tensors for the simulator, all accumulated in
// double in index order (private to cpp/src/network).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace actlab::network_detail {

// Mean and (population) standard deviation, two passes.
struct Moments {
  double mean, std;
};
Moments moments(const float* x, size_t n);
// Sum of x[0..n) in double, in a fixed order.
double sum(const float* x, size_t n);

// sqrt(sum x^2) and sqrt(mean x^2).
double norm(const float* x, size_t n);
double rms(const float* x, size_t n);

// Float |x| octaves: finite nonzero x goes to octave e with 2^e <= |x| < 2^(e+1),
// index e - kMinOctave; exact zeros and NaN/inf are counted apart.
constexpr int kMinOctave = -149, kMaxOctave = 127;
constexpr int kOctaves = kMaxOctave - kMinOctave + 1;
void count_octaves(const float* x, size_t n, uint32_t* octaves, uint64_t* zeros, uint64_t* non_finite);

// Merges per-layer octave counts (kOctaves each) into at most `bins` bins of
// whole octaves spanning every layer's occupied octaves; edges are powers of two.
void merge_octaves(const std::vector<std::vector<uint32_t>>& octaves, int bins, std::vector<double>* edges,
                   std::vector<std::vector<uint32_t>>* histograms);

// Smallest and largest finite value (false if none).
bool finite_range(const float* x, size_t n, double* lo, double* hi);
// Counts finite x into `bins` equal bins over [edges.front(), edges.back()].
void linear_histogram(const float* x, size_t n, const std::vector<double>& edges, uint32_t* counts);
// bins + 1 equal-width edges over [lo, hi] (widened to [lo - 0.5, hi + 0.5] when lo == hi).
std::vector<double> linear_edges(double lo, double hi, int bins);

}  // namespace actlab::network_detail
