// IEEE behaviour: NaN in gives NaN out, infinities give the mathematical
// limits, -0 survives odd functions, subnormals work, nothing overflows early.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <string>

#include "actlab/catalog.h"
#include "test_support.h"

namespace actlab {
namespace {
using testing::run1;

const Activation& get(const char* id) { return *find_activation(id); }
float f(const char* id, float x) { return run1(get(id), false, x); }
float df(const char* id, float x) { return run1(get(id), true, x); }

TEST(SpecialValues, NaNGivesNaNForEveryKernel) {
  for (const Activation& a : activations()) {
    EXPECT_TRUE(std::isnan(run1(a, false, NAN))) << a.id;
    EXPECT_TRUE(std::isnan(run1(a, true, NAN))) << a.id << "'";
  }
}

TEST(SpecialValues, InfinitiesGiveTheLimits) {
  EXPECT_EQ(f("sigmoid", -INFINITY), 0.0f);
  EXPECT_EQ(f("sigmoid", INFINITY), 1.0f);
  EXPECT_EQ(f("tanh", -INFINITY), -1.0f);
  EXPECT_EQ(f("softplus", INFINITY), INFINITY);
  EXPECT_EQ(f("softplus", -INFINITY), 0.0f);
  EXPECT_EQ(f("gelu", -INFINITY), 0.0f);
  EXPECT_EQ(f("gelu", INFINITY), INFINITY);
  EXPECT_EQ(f("gelu_tanh", -INFINITY), 0.0f);
  EXPECT_EQ(f("silu", -INFINITY), 0.0f);
  EXPECT_EQ(f("mish", -INFINITY), 0.0f);
  EXPECT_EQ(f("mish", INFINITY), INFINITY);
  EXPECT_EQ(f("softsign", INFINITY), 1.0f);
  EXPECT_EQ(f("softsign", -INFINITY), -1.0f);
  EXPECT_EQ(f("elu", -INFINITY), -1.0f);
  EXPECT_FLOAT_EQ(f("selu", -INFINITY), -1.7580993408473766f);
  EXPECT_EQ(f("logsigmoid", -INFINITY), -INFINITY);
  EXPECT_EQ(f("logsigmoid", INFINITY), 0.0f);
  EXPECT_EQ(f("hardswish", -INFINITY), 0.0f);
  EXPECT_EQ(f("scaled_sigmoid", INFINITY), 2.0f);
  EXPECT_EQ(f("tanhshrink", INFINITY), INFINITY);
  EXPECT_EQ(df("tanhshrink", -INFINITY), 1.0f);
  EXPECT_EQ(f("quick_gelu", -INFINITY), 0.0f);
  EXPECT_EQ(f("softshrink", INFINITY), INFINITY);
  for (const char* id : {"sigmoid", "tanh", "gelu", "gelu_tanh", "silu", "mish", "softsign", "elu", "selu"}) {
    EXPECT_TRUE(std::isfinite(df(id, INFINITY))) << id;
    EXPECT_TRUE(std::isfinite(df(id, -INFINITY))) << id;
  }
  EXPECT_EQ(df("gelu", INFINITY), 1.0f);
  EXPECT_EQ(df("silu", -INFINITY), 0.0f);
}

TEST(SpecialValues, NoSpuriousOverflowOrUnderflow) {
  EXPECT_EQ(f("softplus", 1000.0f), 1000.0f);
  EXPECT_EQ(f("sigmoid", -1000.0f), 0.0f);
  EXPECT_EQ(f("sigmoid", 1000.0f), 1.0f);
  EXPECT_EQ(f("tanh", 1000.0f), 1.0f);
  EXPECT_EQ(f("mish", 1000.0f), 1000.0f);
  EXPECT_EQ(f("gelu", 1e30f), 1e30f);
  EXPECT_EQ(f("silu", FLT_MAX), FLT_MAX);
  EXPECT_EQ(f("logsigmoid", -1000.0f), -1000.0f);
  EXPECT_EQ(df("tanh", 1000.0f), 0.0f);
  // scale * x is below FLT_MAX here, though float(scale) * x is not (found by the full sweep).
  EXPECT_TRUE(std::isfinite(f("selu", 3.23862215e+38f)));
  EXPECT_EQ(f("selu", INFINITY), INFINITY);
}

TEST(SpecialValues, TinyDerivativesKeepTheirValue) {
  // sigma'(20) = sigma(20) sigma(-20), not 0 and not the cancelled 1 - sigma(20).
  double s = 1.0 / (1.0 + std::exp(-20.0));
  double expected20 = s * (1.0 - s);
  EXPECT_NEAR(df("sigmoid", 20.0f), expected20, 4 * 2.1e-9 * FLT_EPSILON);
  EXPECT_NEAR(df("sigmoid", 20.0f), 2.0612e-9, 1e-13);
  EXPECT_NEAR(df("sigmoid", 80.0f) / 1.8048513878454153e-35, 1.0, 1e-6);
  EXPECT_NEAR(df("tanh", 20.0f) / 1.6993417021166355e-17, 1.0, 1e-6);
  EXPECT_NEAR(df("elu", -20.0f) / std::exp(-20.0), 1.0, 1e-6);
  // gelu'(-10) = Phi(-10) - 10 phi(10) is about -7.6e-22: tiny, negative, not 0.
  double gelu10 = 0.5 * std::erfc(10.0 / std::sqrt(2.0)) - 10.0 * std::exp(-50.0) / std::sqrt(2.0 * M_PI);
  EXPECT_NEAR(df("gelu", -10.0f) / gelu10, 1.0, 1e-6);
}

TEST(SpecialValues, NegativeZeroSurvivesOddFunctions) {
  for (const char* id : {"tanh", "softsign", "scaled_sigmoid", "identity", "relu", "leaky_relu", "prelu", "hardtanh",
                         "gelu", "gelu_tanh", "silu", "swish", "mish", "hardswish", "rrelu", "quick_gelu",
                         "tanhshrink"}) {
    float y = f(id, -0.0f);
    EXPECT_EQ(y, 0.0f) << id;
    EXPECT_TRUE(std::signbit(y)) << id << "(-0) lost its sign";
  }
}

TEST(SpecialValues, SubnormalInputsAreHandled) {
  const float tiny = FLT_TRUE_MIN * 7;
  EXPECT_EQ(f("tanh", tiny), tiny);
  EXPECT_EQ(f("softsign", tiny), tiny);
  EXPECT_EQ(f("scaled_sigmoid", tiny), tiny);
  EXPECT_EQ(f("tanhshrink", 1e-20f), 0.0f);  // x^3 / 3 = 3e-61 rounds to 0, not a cancelled 1e-20 - 1e-20
  const double x4 = 1e-4f;  // x - tanh x = x^3/3 (1 - 0.4 x^2 + ...)
  EXPECT_NEAR(f("tanhshrink", 1e-4f) / (x4 * x4 * x4 / 3 * (1 - 0.4 * x4 * x4)), 1.0, 1.2e-7);
  EXPECT_EQ(f("elu", -tiny), -tiny);
  EXPECT_EQ(f("sigmoid", tiny), 0.5f);
  EXPECT_EQ(f("gelu", FLT_MIN), FLT_MIN / 2);
  EXPECT_EQ(df("sigmoid", -tiny), 0.25f);
}

TEST(SpecialValues, KinksFollowPyTorch) {
  EXPECT_EQ(df("relu", 0.0f), 0.0f);
  EXPECT_FLOAT_EQ(df("leaky_relu", 0.0f), 0.01f);
  EXPECT_EQ(df("relu6", 6.0f), 0.0f);
  EXPECT_EQ(df("elu", 0.0f), 1.0f);
  EXPECT_FLOAT_EQ(df("selu", 0.0f), 1.7580993408473766f);
  EXPECT_FLOAT_EQ(df("hardswish", -3.0f), -0.5f);
  EXPECT_FLOAT_EQ(df("hardswish", 3.0f), 1.5f);
  EXPECT_EQ(df("hardsigmoid", 3.0f), 0.0f);
  EXPECT_EQ(df("hardtanh", 1.0f), 0.0f);
  EXPECT_FLOAT_EQ(f("softplus", 20.0f), 20.0f);  // log1p branch at exactly the threshold
  EXPECT_EQ(df("softplus", std::nextafter(20.0f, 30.0f)), 1.0f);
  // The shrinkage dead zone [-lambd, lambd] is closed, and gives +0 (as PyTorch).
  EXPECT_EQ(f("hardshrink", 0.5f), 0.0f);
  EXPECT_EQ(f("hardshrink", std::nextafter(0.5f, 1.0f)), std::nextafter(0.5f, 1.0f));
  EXPECT_EQ(df("hardshrink", -0.5f), 0.0f);
  EXPECT_EQ(df("softshrink", std::nextafter(-0.5f, -1.0f)), 1.0f);
  EXPECT_FALSE(std::signbit(f("hardshrink", -0.0f)));
  EXPECT_FALSE(std::signbit(f("softshrink", -0.25f)));
  EXPECT_EQ(f("softshrink", 0.7f), 0.7f - 0.5f);  // one float subtraction
  // threshold: x <= threshold gives value; rrelu's slope (1/8 + 1/3) / 2 also at 0.
  EXPECT_EQ(f("threshold", 0.0f), 0.0f);
  EXPECT_EQ(df("threshold", 0.0f), 0.0f);
  EXPECT_EQ(df("rrelu", 0.0f), static_cast<float>((0.125 + double{1.0f / 3.0f}) / 2));
  EXPECT_EQ(f("squared_relu", 3.0f), 9.0f);
  EXPECT_EQ(df("squared_relu", 3.0f), 6.0f);
  EXPECT_EQ(f("squared_relu", 2e19f), INFINITY);  // 4e38 overflows float: inf is the rounded value
}

}  // namespace
}  // namespace actlab
