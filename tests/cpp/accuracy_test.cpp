// Accuracy, proven on a dense strided sweep: one float32 pattern in every
// block of 1024 (about 4.2M inputs per kernel, every binade and sign) plus
// the special values, against the double reference, for every kernel at its
// defaults; and one in every 4096 (about 1M) at every setting of every
// parametric kernel's parameter grid (the full 2^32 runs: docs/ACCURACY.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "param_grid.h"
#include "sweep.h"
#include "test_support.h"

namespace actlab {
namespace {

class KernelAccuracy : public ::testing::TestWithParam<int> {};

TEST_P(KernelAccuracy, ForwardMeetsItsUlpBound) {
  const Activation& a = activations()[GetParam()];
  verify::KernelError e = verify::sweep(GetParam(), false, 1024, 2);
  EXPECT_TRUE(verify::meets_bound(a, false, e))
      << a.id << ": " << e.max_ulp << " ULP at x = " << e.max_ulp_at << " (bound " << a.forward_ulp << ")";
}

TEST_P(KernelAccuracy, DerivativeMeetsItsUlpBound) {
  const Activation& a = activations()[GetParam()];
  verify::KernelError e = verify::sweep(GetParam(), true, 1024, 2);
  EXPECT_TRUE(verify::meets_bound(a, true, e))
      << a.id << "': " << e.max_ulp << " ULP at x = " << e.max_ulp_at << "; where |f'| >= 1e-3: "
      << e.max_ulp_significant << " at " << e.max_ulp_significant_at << "; max abs (where |f'| < 2) "
      << e.max_abs_small << " at " << e.max_abs_small_at << " (bound " << a.derivative_ulp << ")";
}

INSTANTIATE_TEST_SUITE_P(EveryActivation, KernelAccuracy, ::testing::Range(0, static_cast<int>(activations().size())),
                         [](const ::testing::TestParamInfo<int>& info) { return activations()[info.param].id; });

// Every parametric kernel, at every setting of its grid: f and f' meet the bounds.
class ParameterGridAccuracy : public ::testing::TestWithParam<int> {};

TEST_P(ParameterGridAccuracy, EverySettingMeetsTheBounds) {
  const int index = GetParam();
  const Activation& a = activations()[index];
  const std::vector<verify::ParamPoint> grid = verify::parameter_grid(a);
  ASSERT_GE(grid.size(), 8u) << a.id;
  for (const verify::ParamPoint& p : grid)
    for (bool derivative : {false, true}) {
      verify::KernelError e = verify::sweep(index, derivative, 4096, 2, p.values);
      EXPECT_TRUE(verify::meets_bound(a, derivative, e))
          << a.id << (derivative ? "'" : "") << " at " << p.label(a) << ": " << e.max_ulp << " ULP at x = "
          << e.max_ulp_at << "; where |f| >= 1e-3: " << e.max_ulp_significant << " at "
          << e.max_ulp_significant_at << "; max abs (where |f'| < 2) " << e.max_abs_small << " at " << e.max_abs_small_at;
    }
}

INSTANTIATE_TEST_SUITE_P(EveryParametricActivation, ParameterGridAccuracy, ::testing::ValuesIn(verify::parametric_kernels()),
                         [](const ::testing::TestParamInfo<int>& info) { return activations()[info.param].id; });

TEST(ParameterGrid, HoldsBothEndsTheDefaultAndInexactInteriorValues) {
  const Activation& swish = *find_activation("swish");  // beta in [0, 10], default 1
  std::vector<float> beta = verify::parameter_values(swish.params[0]);
  for (float v : {0.0f, 1.0f, 1.7f, 10.0f, std::nextafter(0.0f, 1.0f)})
    EXPECT_NE(std::find(beta.begin(), beta.end(), v), beta.end()) << v;
  EXPECT_TRUE(std::is_sorted(beta.begin(), beta.end()));
  EXPECT_EQ(std::adjacent_find(beta.begin(), beta.end()), beta.end());  // no repeats
  // softplus' beta spans four decades above 0: the interior is geometric.
  std::vector<float> softplus_beta = verify::parameter_values(find_activation("softplus")->params[0]);
  EXPECT_NE(std::find(softplus_beta.begin(), softplus_beta.end(), static_cast<float>(0.01 * std::pow(1e4, 0.37))),
            softplus_beta.end());
}

TEST(ParameterGrid, StartsAtTheDefaultsAndLeavesOutSettingsTheCatalogueRefuses) {
  const Activation& hardtanh = *find_activation("hardtanh");
  const std::vector<verify::ParamPoint> grid = verify::parameter_grid(hardtanh);
  EXPECT_EQ(grid[0].values[0], -1.0f);
  EXPECT_EQ(grid[0].values[1], 1.0f);
  bool has_corner = false;
  for (const verify::ParamPoint& p : grid) {
    EXPECT_LE(p.values[0], p.values[1]) << p.label(hardtanh);
    has_corner = has_corner || (p.values[0] == -100.0f && p.values[1] == 100.0f);
  }
  EXPECT_TRUE(has_corner);
  EXPECT_TRUE(verify::parameter_grid(*find_activation("sigmoid")).empty());
}

// The JS suites read the grid from this file: it must be the current grid
// (regenerate with actlab_accuracy --print-grid > tests/fixtures/param_grid.json).
TEST(ParameterGrid, TheJsonFixtureIsTheCurrentGrid) {
  std::ifstream file(std::string(ACTLAB_SOURCE_DIR) + "/tests/fixtures/param_grid.json");
  ASSERT_TRUE(file) << "tests/fixtures/param_grid.json is missing";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), verify::parameter_grid_json());
}

TEST(UlpError, CountsUlpsOfTheReferenceBinade) {
  EXPECT_EQ(verify::ulp_error(1.0f, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(verify::ulp_error(std::nextafter(1.0f, 2.0f), 1.0), 1.0);
  EXPECT_DOUBLE_EQ(verify::ulp_error(1.5f, 1.5 + std::ldexp(1.0, -24)), 0.5);
  EXPECT_EQ(verify::ulp_error(NAN, NAN), 0.0);
  EXPECT_TRUE(std::isinf(verify::ulp_error(NAN, 1.0)));
  EXPECT_TRUE(std::isinf(verify::ulp_error(1.0f, NAN)));
  EXPECT_EQ(verify::ulp_error(INFINITY, 1e39), 0.0);   // overflows in float: inf is right
  EXPECT_TRUE(std::isinf(verify::ulp_error(INFINITY, 1e30)));
  EXPECT_DOUBLE_EQ(verify::ulp_error(0.0f, std::ldexp(1.0, -149)), 1.0);  // subnormal ULP
}

}  // namespace
}  // namespace actlab
