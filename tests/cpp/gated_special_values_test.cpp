// The gated units' IEEE contract: y = g(gate) * value and its partials are
// the float products of the gate's own kernels with value, so signed zeros,
// infinities and NaNs follow IEEE multiplication (as PyTorch's float32
// g(a) * b does): NaN in gives NaN out (except d_value = g(gate), which does
// not depend on value), and 0 * inf is NaN, also where g(gate) underflowed.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <vector>

#include "actlab/catalog.h"

namespace actlab {
namespace {

struct Outputs {
  float y, d_gate, d_value;
};

// y and both partials of unit id at one (gate, value).
Outputs eval(const char* id, float gate, float value) {
  const GatedUnit& u = *find_gated_unit(id);
  Outputs o;
  u.forward(1, &gate, &value, &o.y);
  u.partials(1, &gate, &value, &o.d_gate, &o.d_value);
  return o;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0; }

TEST(GatedSpecialValues, NaNInGivesNaNOut) {
  for (const GatedUnit& u : gated_units())
    for (float other : {0.0f, -1.5f, 2.0f, INFINITY}) {
      Outputs gate_nan = eval(u.id, NAN, other);
      EXPECT_TRUE(std::isnan(gate_nan.y) && std::isnan(gate_nan.d_gate) && std::isnan(gate_nan.d_value)) << u.id;
      Outputs value_nan = eval(u.id, other, NAN);
      EXPECT_TRUE(std::isnan(value_nan.y) && std::isnan(value_nan.d_gate)) << u.id << " gate " << other;
      // dy/dvalue = g(gate) does not see value, as torch's autograd of g(a) * b.
      EXPECT_TRUE(same_bits(value_nan.d_value, eval(u.id, other, 1.0f).d_value)) << u.id;
    }
}

TEST(GatedSpecialValues, SignedZerosFollowTheProduct) {
  EXPECT_TRUE(same_bits(eval("reglu", -0.0f, 1.0f).y, -0.0f));  // relu(-0) = -0, as torch
  EXPECT_TRUE(same_bits(eval("reglu", -0.0f, -1.0f).y, 0.0f));
  EXPECT_TRUE(same_bits(eval("reglu", -3.0f, -1.0f).y, -0.0f));  // relu(-3) = +0, times -1
  EXPECT_TRUE(same_bits(eval("geglu", -0.0f, 2.0f).y, -0.0f));
  EXPECT_TRUE(same_bits(eval("swiglu", -0.0f, 2.0f).y, -0.0f));
  EXPECT_EQ(eval("glu", 0.0f, 3.0f).y, 1.5f);
  EXPECT_EQ(eval("glu", -0.0f, 3.0f).y, 1.5f);
  for (const GatedUnit& u : gated_units()) {
    Outputs o = eval(u.id, 2.0f, -0.0f);  // g(2) > 0, so y and d_gate are -0
    EXPECT_TRUE(same_bits(o.y, -0.0f)) << u.id;
    EXPECT_TRUE(same_bits(o.d_gate, -0.0f)) << u.id;
  }
}

TEST(GatedSpecialValues, InfiniteGatesGiveTheLimits) {
  EXPECT_EQ(eval("glu", INFINITY, -2.5f).y, -2.5f);
  EXPECT_EQ(eval("glu", INFINITY, -2.5f).d_gate, 0.0f);
  EXPECT_TRUE(same_bits(eval("glu", -INFINITY, -2.5f).y, -0.0f));
  EXPECT_EQ(eval("swiglu", INFINITY, 2.0f).y, INFINITY);
  EXPECT_EQ(eval("swiglu", INFINITY, 2.0f).d_gate, 2.0f);  // silu'(inf) = 1
  EXPECT_EQ(eval("geglu", -INFINITY, 2.0f).y, 0.0f);
  EXPECT_EQ(eval("geglu", -INFINITY, 2.0f).d_gate, 0.0f);
  EXPECT_EQ(eval("reglu", INFINITY, 0.5f).y, INFINITY);
  // g(inf) = inf times a zero value is NaN (torch: inf * 0 = nan too).
  for (const char* id : {"reglu", "geglu", "swiglu"}) EXPECT_TRUE(std::isnan(eval(id, INFINITY, 0.0f).y)) << id;
}

TEST(GatedSpecialValues, InfiniteValuesGiveInfinityOrNaNWhereTheFloatGateIsZero) {
  EXPECT_EQ(eval("glu", 0.0f, INFINITY).y, INFINITY);
  EXPECT_EQ(eval("reglu", 2.0f, -INFINITY).y, -INFINITY);
  EXPECT_TRUE(std::isnan(eval("reglu", -1.0f, INFINITY).y));  // relu(-1) * inf = 0 * inf, as torch
  EXPECT_TRUE(std::isnan(eval("reglu", 0.0f, INFINITY).y));
  // sigma(-200) = 1.4e-87 is exact-nonzero but 0 in float: 0 * inf = NaN, as torch's float32.
  EXPECT_TRUE(std::isnan(eval("glu", -200.0f, INFINITY).y));
  EXPECT_EQ(eval("glu", -100.0f, INFINITY).y, INFINITY);  // sigma(-100) = 3.7e-44, a subnormal
  // Over a spread of gates: inf with the sign of g(gate) where the float g(gate) is nonzero, else NaN.
  for (const GatedUnit& u : gated_units())
    for (float gate = -300.0f; gate <= 300.0f; gate += 0.37f) {
      float g;
      u.gate().forward(1, &gate, &g, nullptr);
      for (float value : {INFINITY, -INFINITY}) {
        const float y = eval(u.id, gate, value).y;
        if (g == 0) EXPECT_TRUE(std::isnan(y)) << u.id << " gate " << gate;
        else EXPECT_EQ(y, std::signbit(g) == std::signbit(value) ? INFINITY : -INFINITY) << u.id << " gate " << gate;
      }
    }
}

TEST(GatedSpecialValues, DGateOfANonFiniteValueIsTheIEEEProductNotTorchsMaskedZero) {
  // d_gate = relu'(gate) * value: 0 * inf = NaN below 0. PyTorch's relu backward masks its
  // gradient to 0 there instead; our contract is the product, the same for every gate.
  EXPECT_TRUE(std::isnan(eval("reglu", -1.0f, INFINITY).d_gate));
  EXPECT_EQ(eval("reglu", 1.0f, INFINITY).d_gate, INFINITY);
  EXPECT_TRUE(std::isnan(eval("glu", -200.0f, INFINITY).d_gate));  // sigma'(-200) is 0 in float
}

TEST(GatedSpecialValues, ValuesOverflowOnlyWhereTheExactProductDoes) {
  EXPECT_EQ(eval("reglu", 1e30f, 1e30f).y, INFINITY);
  EXPECT_EQ(eval("swiglu", 3e8f, 1e30f).y, 3e8f * 1e30f);  // 3e38 is still finite
  EXPECT_TRUE(std::isfinite(eval("glu", 1e30f, FLT_MAX).y));  // sigma <= 1 never overflows
  EXPECT_EQ(eval("glu", 100.0f, FLT_MAX).y, FLT_MAX);
}

TEST(GatedSpecialValues, BackwardIsUpstreamTimesThePartialsRoundedOnceMore) {
  const std::vector<float> gate = {-3.5f, -0.0f, 0.25f, 1.0f, 7.0f, -90.0f, 1e-30f, INFINITY};
  const std::vector<float> value = {2.0f, -1.0f, 0.7f, 1e30f, -0.0f, 3.0f, 5.0f, 1.0f};
  const std::vector<float> dy = {0.5f, 3.0f, -1.25f, 1e-10f, 2.0f, -7.0f, 1.5f, INFINITY};
  const size_t n = gate.size();
  for (const GatedUnit& u : gated_units()) {
    std::vector<float> pg(n), pv(n), bg(n), bv(n);
    u.partials(n, gate.data(), value.data(), pg.data(), pv.data());
    u.backward(n, gate.data(), value.data(), dy.data(), bg.data(), bv.data());
    for (size_t i = 0; i < n; ++i) {
      const float want_g = dy[i] * pg[i], want_v = dy[i] * pv[i];
      EXPECT_TRUE(same_bits(bg[i], want_g) || (std::isnan(bg[i]) && std::isnan(want_g))) << u.id << " i=" << i;
      EXPECT_TRUE(same_bits(bv[i], want_v) || (std::isnan(bv[i]) && std::isnan(want_v))) << u.id << " i=" << i;
    }
  }
}

}  // namespace
}  // namespace actlab
