// softmax, softmin and log_softmax proven in ULPs on generated rows of mixed
// magnitude (row_sweep.h): 20,000 rows here, 2,000,000 in the published run
// (docs/ACCURACY.md); and the rows that used to break log_softmax.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <vector>

#include "actlab/kernels.h"
#include "row_sweep.h"

namespace actlab {
namespace {

TEST(RowAccuracy, SoftmaxSoftminAndLogSoftmaxMeetTheirBoundsOnMixedMagnitudeRows) {
  verify::RowSweepResult r = verify::row_sweep(20000, 1, 2);
  EXPECT_GT(r.softmax.count, 7000000u);
  EXPECT_EQ(r.softmin.count, r.softmax.count);
  EXPECT_LE(r.softmax.max_ulp, verify::kSoftmaxUlp) << "at x = " << r.softmax.max_ulp_at;
  EXPECT_LE(r.softmin.max_ulp, verify::kSoftmaxUlp) << "at x = " << r.softmin.max_ulp_at;
  EXPECT_LE(r.log_softmax.max_ulp, verify::kLogSoftmaxUlp) << "at x = " << r.log_softmax.max_ulp_at;
}

TEST(RowAccuracy, TheGeneratedRowsReachEveryMagnitude) {
  float largest = 0, smallest = FLT_MAX;
  size_t longest = 0;
  for (uint64_t i = 0; i < 2000; ++i) {
    std::vector<float> x = verify::sweep_row(1, i);
    longest = std::max(longest, x.size());
    for (float v : x)
      if (v != 0) largest = std::max(largest, std::fabs(v)), smallest = std::min(smallest, std::fabs(v));
  }
  EXPECT_EQ(largest, FLT_MAX);
  EXPECT_LT(smallest, FLT_MIN);
  EXPECT_EQ(longest, 4099u);
}

// log_softmax of a row whose max is large: (x - m) - log S must not be
// swallowed by m. The exact values come from reference_softmax.
TEST(RowAccuracy, LogSoftmaxKeepsItsDigitsWhenTheMaxIsHuge) {
  for (float m : {1e10f, -1e10f, 1e20f, 3e38f, -3e38f}) {
    std::vector<float> x = {m, m - m * 1e-7f, m - m * 3e-7f, m};
    std::vector<float> y(x.size());
    std::vector<double> softmax, exact;
    verify::reference_softmax(x, softmax, exact);
    log_softmax_rows(1, x.size(), x.data(), y.data());
    for (size_t j = 0; j < x.size(); ++j)
      EXPECT_LE(verify::ulp_error(y[j], exact[j]), verify::kLogSoftmaxUlp) << "m = " << m << ", j = " << j;
  }
}

// log S close to 0 (one dominant term): log_softmax of the max is -log S ~ -1e-13.
TEST(RowAccuracy, LogSoftmaxOfADominantMaxIsTinyAndAccurate) {
  std::vector<float> x = {0.0f, -30.0f, -31.0f};
  std::vector<float> y(3);
  log_softmax_rows(1, 3, x.data(), y.data());
  const double exact = -std::log1p(std::exp(-30.0) + std::exp(-31.0));
  EXPECT_LE(verify::ulp_error(y[0], exact), 1.0) << y[0] << " vs " << exact;
}

// As PyTorch: a +inf in the row makes the whole row NaN; -inf elements get
// probability 0 (log-probability -inf).
TEST(RowAccuracy, InfinitiesFollowPyTorch) {
  std::vector<float> x = {INFINITY, 1.0f, -INFINITY}, y(3), l(3);
  softmax_rows(1, 3, x.data(), y.data());
  log_softmax_rows(1, 3, x.data(), l.data());
  for (int j = 0; j < 3; ++j) EXPECT_TRUE(std::isnan(y[j]) && std::isnan(l[j])) << j;
  x = {-INFINITY, 1.0f};
  softmax_rows(1, 2, x.data(), y.data());
  log_softmax_rows(1, 2, x.data(), l.data());
  EXPECT_EQ(y[0], 0.0f);
  EXPECT_EQ(y[1], 1.0f);
  EXPECT_EQ(l[0], -INFINITY);
  EXPECT_EQ(l[1], 0.0f);
}

}  // namespace
}  // namespace actlab
