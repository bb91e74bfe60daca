// The ULP sweep of the row operations softmax, softmin and log_softmax: seeded rows
// of many lengths and mixed magnitudes (every binade up to +-FLT_MAX, rows
// clustered near their max, one dominant element, ties at the max), each
// output compared with a double-precision reference.
#pragma once
#include <cstdint>
#include <vector>

#include "sweep.h"

namespace actlab::verify {

// The ULP bounds the row sweep must prove (docs/ACCURACY.md).
constexpr double kSoftmaxUlp = 4;
constexpr double kLogSoftmaxUlp = 2.5;

// One generated row set: `rows` rows, drawn from seed, lengths cycling
// through a fixed list from 1 to 4099; about 520 values per row on average.
struct RowSweepResult {
  KernelError softmax, softmin, log_softmax;  // softmin against the reference of -x
  uint64_t rows = 0;
};
RowSweepResult row_sweep(uint64_t rows, uint64_t seed, int threads);

// The generated row number i (a pure function of seed and i).
std::vector<float> sweep_row(uint64_t seed, uint64_t i);

// softmax(x)_j and log_softmax(x)_j in double, without the cancellations
// of the textbook form (see row_sweep.cpp).
void reference_softmax(const std::vector<float>& x, std::vector<double>& softmax, std::vector<double>& log_softmax);

}  // namespace actlab::verify
