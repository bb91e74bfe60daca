// Measures a kernel's error in ULPs against its double-precision reference
// over float32 bit patterns: every pattern (stride 1) or one per block of
// `stride` patterns at a pseudo-random offset, plus special and boundary values.
#pragma once
#include <cstdint>
#include <vector>

#include "actlab/catalog.h"

namespace actlab::verify {

// For a derivative that crosses zero (activations.def): its ULP bound holds
// where |f'| >= kSignificant, and kCrossingAbsBound bounds |error| wherever
// |f'| < kCrossingAbsBelow. That is everywhere for every bounded f' in the
// catalogue (all stay below 1.5); xielu's f' grows without limit, and beyond
// 2 its ULP bound is the statement that holds (an absolute error of a huge
// value is huge).
constexpr double kSignificant = 1e-3;
constexpr double kCrossingAbsBound = 2e-7;
constexpr double kCrossingAbsBelow = 2.0;

// Error of a float result y against the exact value r, in ULPs of r's binade
// (0 when both are the same NaN/inf class; infinite for a NaN or inf mismatch).
double ulp_error(float y, double r);

struct KernelError {
  double max_ulp = 0;           // over every input
  float max_ulp_at = 0;
  double sum_ulp = 0;           // for the mean, over inputs with finite error
  uint64_t count = 0;           // inputs measured
  double max_rel = 0;           // where |reference| is a normal float
  float max_rel_at = 0;
  double max_abs = 0;           // |y - r| where both are finite
  float max_abs_at = 0;
  double max_abs_small = 0;     // the same where |r| < kCrossingAbsBelow
  float max_abs_small_at = 0;
  double max_ulp_significant = 0;  // over inputs where |reference| >= 1e-3
  float max_ulp_significant_at = 0;

  double mean_ulp() const { return count ? sum_ulp / static_cast<double>(count) : 0; }
};

// The float32 input at position i of a sweep: pattern i itself for stride 1,
// else one pattern inside block i at an offset chosen by a multiplicative hash.
float sweep_input(uint64_t i, uint64_t stride);

// Adds one result y (input `at`) measured against the exact value r to e.
// `size` decides where the result counts as significant (|size| >= kSignificant)
// and small (|size| < kCrossingAbsBelow); absolute errors are divided by
// `scale` (1 for an activation; |value| for a gated unit's dy/dgate).
void record(KernelError& e, float at, float y, double r, double size, double scale);

// Adds part's counts and maxima to into.
void merge(KernelError& into, const KernelError& part);

// The special and boundary inputs every sweep includes.
std::vector<float> special_inputs();

// Sweeps activation `index` (forward or derivative) at its default parameters.
KernelError sweep(int index, bool derivative, uint64_t stride, int threads);
// The same at the given parameters (catalogue order; null when it has none).
KernelError sweep(int index, bool derivative, uint64_t stride, int threads, const float* params);

// Whether the measured error meets the catalogue's bound (see activations.def).
bool meets_bound(const Activation& activation, bool derivative, const KernelError& error);

}  // namespace actlab::verify
