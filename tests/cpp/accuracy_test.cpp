// Accuracy, proven on a dense strided sweep: one float32 pattern in every
// block of 1024 (about 4.2M inputs per kernel, every binade and sign) plus
// the special values, against the double reference, for every kernel.
#include <gtest/gtest.h>

#include <cmath>

#include "actlab/catalog.h"
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
      << e.max_ulp_significant << " at " << e.max_ulp_significant_at << "; max abs " << e.max_abs << " at "
      << e.max_abs_at << " (bound " << a.derivative_ulp << ")";
}

INSTANTIATE_TEST_SUITE_P(EveryActivation, KernelAccuracy, ::testing::Range(0, static_cast<int>(activations().size())),
                         [](const ::testing::TestParamInfo<int>& info) { return activations()[info.param].id; });

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
