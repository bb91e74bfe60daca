// The catalogue: the ids the product promises, sane parameter ranges, and
// parameter validation messages that name the parameter, value and range.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "actlab/catalog.h"

namespace actlab {
namespace {

TEST(Catalog, ContainsEveryPromisedActivationOnce) {
  const char* expected[] = {"sigmoid",    "tanh",       "relu",       "relu6",          "leaky_relu", "prelu",
                            "rrelu",      "elu",        "celu",       "selu",           "xielu",      "gelu",
                            "gelu_tanh",  "quick_gelu", "silu",       "swish",          "mish",       "softplus",
                            "softsign",   "hardsigmoid", "hardswish", "hardtanh",       "hardshrink", "softshrink",
                            "tanhshrink", "threshold",  "squared_relu", "logsigmoid",   "scaled_sigmoid", "identity"};
  std::set<std::string> ids;
  for (const Activation& a : activations()) EXPECT_TRUE(ids.insert(a.id).second) << "duplicate " << a.id;
  for (const char* id : expected) EXPECT_NE(find_activation(id), nullptr) << id;
  EXPECT_EQ(ids.size(), std::size(expected));
}

TEST(Catalog, UnknownIdIsNotFound) { EXPECT_EQ(find_activation("sigmoidd"), nullptr); }

TEST(Catalog, DefaultsFollowPyTorchAndLieInTheirRanges) {
  for (const Activation& a : activations())
    for (int i = 0; i < a.param_count; ++i) {
      const ParamSpec& p = a.params[i];
      EXPECT_LE(p.min, p.default_value) << a.id << "." << p.name;
      EXPECT_LE(p.default_value, p.max) << a.id << "." << p.name;
    }
  EXPECT_FLOAT_EQ(find_activation("leaky_relu")->params[0].default_value, 0.01f);
  EXPECT_FLOAT_EQ(find_activation("prelu")->params[0].default_value, 0.25f);
  EXPECT_FLOAT_EQ(find_activation("softplus")->params[1].default_value, 20.0f);
  EXPECT_FLOAT_EQ(find_activation("hardtanh")->params[0].default_value, -1.0f);
  EXPECT_FLOAT_EQ(find_activation("hardshrink")->params[0].default_value, 0.5f);
  EXPECT_FLOAT_EQ(find_activation("softshrink")->params[0].default_value, 0.5f);
  EXPECT_FLOAT_EQ(find_activation("threshold")->params[0].default_value, 0.0f);
  EXPECT_FLOAT_EQ(find_activation("threshold")->params[1].default_value, 0.0f);
  EXPECT_FLOAT_EQ(find_activation("rrelu")->params[0].default_value, 1.0f / 8);
  EXPECT_FLOAT_EQ(find_activation("rrelu")->params[1].default_value, 1.0f / 3);
  const Activation& xielu = *find_activation("xielu");  // transformers' effective values
  ASSERT_EQ(xielu.param_count, 3);
  EXPECT_STREQ(xielu.params[2].name, "beta");
  EXPECT_FLOAT_EQ(xielu.params[0].default_value, 0.8f);
  EXPECT_FLOAT_EQ(xielu.params[1].default_value, 0.8f);
  EXPECT_FLOAT_EQ(xielu.params[2].default_value, 0.5f);
}

TEST(Catalog, EveryKernelIsPresent) {
  for (const Activation& a : activations()) {
    EXPECT_NE(a.forward, nullptr) << a.id;
    EXPECT_NE(a.derivative, nullptr) << a.id;
  }
}

TEST(ParamCheck, AcceptsDefaults) {
  for (const Activation& a : activations()) {
    float p[kMaxParams];
    int n = default_params(a, p);
    EXPECT_EQ(check_params(a, p, n), "") << a.id;
  }
}

TEST(ParamCheck, RefusesOutOfRangeNamingParameterValueAndRange) {
  const Activation& elu = *find_activation("elu");
  float alpha = 11.0f;
  std::string message = check_params(elu, &alpha, 1);
  EXPECT_NE(message.find("alpha"), std::string::npos) << message;
  EXPECT_NE(message.find("11"), std::string::npos) << message;
  EXPECT_NE(message.find("[0, 10]"), std::string::npos) << message;
}

TEST(ParamCheck, RefusesNaNAndInfinity) {
  const Activation& leaky = *find_activation("leaky_relu");
  for (float v : {NAN, INFINITY, -INFINITY}) EXPECT_NE(check_params(leaky, &v, 1), "") << v;
}

TEST(ParamCheck, RefusesWrongCount) {
  const Activation& sigmoid = *find_activation("sigmoid");
  float v = 1.0f;
  EXPECT_NE(check_params(sigmoid, &v, 1), "");
}

TEST(ParamCheck, HardtanhNeedsMinNotAboveMax) {
  const Activation& hardtanh = *find_activation("hardtanh");
  float swapped[] = {2.0f, 1.0f};
  std::string message = check_params(hardtanh, swapped, 2);
  EXPECT_NE(message.find("min_val"), std::string::npos) << message;
  float equal[] = {1.0f, 1.0f};
  EXPECT_EQ(check_params(hardtanh, equal, 2), "");
}

TEST(ParamCheck, RreluNeedsLowerNotAboveUpper) {
  const Activation& rrelu = *find_activation("rrelu");
  float swapped[] = {0.5f, 0.25f};
  std::string message = check_params(rrelu, swapped, 2);
  EXPECT_EQ(message, "rrelu: lower = 0.5 must not exceed upper = 0.25");
  float equal[] = {0.3f, 0.3f};
  EXPECT_EQ(check_params(rrelu, equal, 2), "");
}

TEST(ParamCheck, ThreeParametersAreEachChecked) {
  const Activation& xielu = *find_activation("xielu");
  float p[] = {0.8f, 0.8f, 11.0f};
  EXPECT_EQ(check_params(xielu, p, 3), "xielu: beta = 11 is outside the allowed range [0, 10]");
  EXPECT_NE(check_params(xielu, p, 2), "");
}

}  // namespace
}  // namespace actlab
