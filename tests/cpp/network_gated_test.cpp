// Gated units in the simulator: a gated layer's dense layer has 2 x width rows
// (value and gate) and the gate halves them back to width; statistics,
// dead units, the chain and the mean-field theory treat it as such.
#include <gtest/gtest.h>

#include <string>

#include "actlab/network.h"
#include "network_run.h"

namespace actlab {
namespace {

NetworkConfig gated_config(const char* id) {
  NetworkConfig c;
  c.input_width = 6, c.width = 4, c.depth = 3, c.batch = 8;
  c.activation.id = id;
  c.init = InitScheme::xavier_normal;
  return c;
}

TEST(NetworkGated, TheDenseLayerBeforeAGateHasTwiceTheRowsAndTheGateHalvesThem) {
  NetworkConfig c = gated_config("swiglu");
  c.overrides = {{2, {"tanh"}}};
  std::unique_ptr<Network> net = testing::created_and_run(c);
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->gated(1) && !net->gated(2) && net->gated(3));
  EXPECT_EQ(net->weights(1).size(), 8u * 6);  // 2 x width rows of input_width
  EXPECT_EQ(net->weights(2).size(), 4u * 4);
  EXPECT_EQ(net->weights(3).size(), 8u * 4);
  EXPECT_EQ(net->z(1).size(), 8u * 8);  // value and gate halves of 8 samples
  EXPECT_EQ(net->a(1).size(), 4u * 8);
  // a = silu(gate) * value, the second half of z gating the first.
  const std::vector<float>& z = net->z(3);
  const size_t half = 4 * 8;
  std::vector<float> g(half);
  find_activation("silu")->forward(half, z.data() + half, g.data(), nullptr);
  for (size_t e = 0; e < half; ++e) EXPECT_EQ(net->a(3)[e], g[e] * z[e]) << e;
  EXPECT_TRUE(net->result().ok);
  EXPECT_GT(net->result().layers[0].grad_w_norm, 0.0);
}

TEST(NetworkGated, ReGLUUnitsWhoseGatesNeverOpenAreDeadAndGLUsNever) {
  for (const auto& [id, dead] : {std::pair{"reglu", 1.0}, std::pair{"glu", 0.0}}) {
    NetworkConfig c = gated_config(id);
    c.bias_value = -50;  // every gate far below 0
    std::unique_ptr<Network> net = testing::created_and_run(c);
    ASSERT_TRUE(net);
    EXPECT_EQ(net->result().layers[0].dead_fraction, dead) << id;
  }
}

TEST(NetworkGated, AGatedStackHasNoWidthOneChainAndNoMeanFieldTheory) {
  NetworkConfig c = gated_config("geglu");
  c.width = 1;
  std::unique_ptr<Network> net = testing::created_and_run(c);
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->result().chain.empty());
  c.width = 4;
  net = testing::created_and_run(c);
  EXPECT_FALSE(net->result().has_mean_field);
  c.activation.id = "tanh";
  c.width = 1;
  net = testing::created_and_run(c);
  EXPECT_EQ(net->result().chain.size(), 4u);  // the guard is the gate, not the width
}

TEST(NetworkGated, RefusesParamsOnAGatedUnitAndListsTheGatedUnitsForAnUnknownName) {
  NetworkConfig c;
  ASSERT_EQ(parse_config_json(R"({"activation":{"id":"swiglu","params":[1]}})", &c), "");
  std::string message = validate(c);
  EXPECT_NE(message.find("activation: the gated unit swiglu takes no params"), std::string::npos) << message;
  c = NetworkConfig{};
  ASSERT_EQ(parse_config_json(R"({"layers":[{"layer":2,"id":"swigloo"}]})", &c), "");
  message = validate(c);
  EXPECT_NE(message.find("layer 2: unknown activation 'swigloo'"), std::string::npos) << message;
  EXPECT_NE(message.find("unknown activation 'swigloo'"), std::string::npos) << message;
  EXPECT_NE(message.find("gated units glu, reglu, geglu, swiglu)"), std::string::npos) << message;
}

TEST(NetworkGated, TheMemoryEstimateCountsTheDoubledLayers) {
  NetworkConfig plain = gated_config("silu"), gated = gated_config("swiglu");
  plain.width = gated.width = 256, plain.batch = gated.batch = 256, plain.depth = gated.depth = 10;
  EXPECT_GT(memory_bytes(gated), memory_bytes(plain) + 10.0 * 256 * 256 * 4);  // at least the extra weights
}

}  // namespace
}  // namespace actlab
