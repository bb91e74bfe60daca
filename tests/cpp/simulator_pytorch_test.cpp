// The gradient-flow simulator against PyTorch (tests/fixtures/simulator_pytorch.json,
// made by tests/fixtures/make_simulator_fixture.py): the same stacks, the same
// number of seeds (8), statistics compared as seed averages, within 5 standard
// errors of the difference of the means (simulator_fixture.h).
// Why per-statistic standard errors and not one margin: PyTorch's seed-to-seed
// sd, relative to the mean, is 0.5-2 % for SELU's aStd, 0.3-18 % for gradient
// RMS (most for ReLU + He at layer 1, where the log-moment has wandered 20
// layers), up to 30 % for ReLU activations at layer 20, and larger than the
// mean itself for the near-zero means of SELU and tanh.
// Why 5: with 8 seeds the sd estimates are themselves rough (t-like tails)
// and there are about 500 comparisons, correlated across layers; the worst we
// see is 3.3 se (tanh), 1.7-3.1 in the other configurations (printed by each
// test). The bound still has power: measured while writing this test, it flags
// an init scale 1 % off for SELU and tanh and 2 % off for the others; the last
// test keeps one such case (He 3 % too wide).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "actlab/network.h"
#include "json_fixture.h"
#include "simulator_fixture.h"
#include "test_support.h"

namespace actlab {
namespace {

using testing::headline;
using testing::Json;
using testing::our_headline;
using testing::Spread;

// The whole fixture, read once.
const Json& fixture() {
  static const Json root = testing::read_json_file(testing::source_path("tests/fixtures/simulator_pytorch.json"));
  return root;
}

// The fixture's entry for the configuration called name.
const Json& torch_config(const std::string& name) { return fixture()["configs"].named(name, "config"); }

// Our settings for a fixture entry: its sizes, activation and init; N(0, 1)
// input, bias 0 and N(0, 1) upstream gradient are the defaults.
NetworkConfig config_of(const Json& entry) {
  NetworkConfig c;
  c.input_width = static_cast<int>(entry["inputWidth"].number);
  c.width = static_cast<int>(entry["width"].number);
  c.depth = static_cast<int>(entry["depth"].number);
  c.batch = static_cast<int>(entry["batch"].number);
  c.activation.id = entry["activation"].text;
  EXPECT_TRUE(parse_init_scheme(entry["init"].text, &c.init)) << entry["init"].text;
  return c;
}

// One run per fixture seed.
std::vector<SimulationResult> runs(const NetworkConfig& c) {
  return testing::simulator_runs(c, fixture()["seeds"].numbers());
}

// Per-layer statistics and headlines where our seed mean is more than
// 5 standard errors from PyTorch's; each one is reported when report is set.
int disagreements(const Json& torch, const std::vector<SimulationResult>& ours, bool report) {
  return testing::compare_with_torch(torch, ours, report).disagreements;
}

// Our runs of a fixture configuration, checked to agree with PyTorch statistically.
std::vector<SimulationResult> runs_agreeing_with_torch(const std::string& name) {
  const Json& torch = torch_config(name);
  std::vector<SimulationResult> ours = runs(config_of(torch));
  EXPECT_EQ(disagreements(torch, ours, true), 0) << name;
  return ours;
}

// PyTorch's seed mean of a headline.
double torch_headline(const std::string& config, const std::string& name) {
  return torch_config(config)["headlines"][name]["mean"].number;
}

TEST(SimulatorPyTorch, FixtureRecordsTorchVersionSeedsAndEveryConfiguration) {
  EXPECT_FALSE(fixture()["torch"].text.empty());
  EXPECT_EQ(fixture()["dtype"].text, "float32");
  EXPECT_GE(fixture()["seeds"].items.size(), 8u);
  EXPECT_EQ(fixture()["configs"].items.size(), 5u);
}

// Klambauer et al. 2017; the bar: last layer mean within 0.05 of 0, std within 0.05 of 1.
TEST(SimulatorPyTorch, SeluWithLecunNormalStaysNormalisedLikePyTorch) {
  const auto ours = runs_agreeing_with_torch("selu_lecun");
  EXPECT_NEAR(our_headline(ours, "lastAMean").mean, 0.0, 0.05);
  EXPECT_NEAR(our_headline(ours, "lastAStd").mean, 1.0, 0.05);
  EXPECT_NEAR(torch_headline("selu_lecun", "lastAMean"), 0.0, 0.05);
  EXPECT_NEAR(torch_headline("selu_lecun", "lastAStd"), 1.0, 0.05);
}

// He et al. 2015; the bar: RMS of dL/dz at layer 1 over layer 20 within 0.3 of 1.
TEST(SimulatorPyTorch, ReluWithHeNormalKeepsGradientRmsFromLastToFirstLayerLikePyTorch) {
  const auto ours = runs_agreeing_with_torch("relu_he");
  EXPECT_NEAR(our_headline(ours, "gradZRmsFirstOverLast").mean, 1.0, 0.3);
  EXPECT_NEAR(torch_headline("relu_he", "gradZRmsFirstOverLast"), 1.0, 0.3);
}

// Glorot & Bengio 2010; the bar: RMS of dL/dz at layer 1 at least 1e4 times below layer 10.
TEST(SimulatorPyTorch, SigmoidWithXavierNormalShrinksTheFirstLayersGradient1e4TimesLikePyTorch) {
  const auto ours = runs_agreeing_with_torch("sigmoid_xavier");
  EXPECT_LT(our_headline(ours, "gradZRmsFirstOverLast").mean, 1e-4);
  for (const SimulationResult& r : ours) EXPECT_LT(headline(r, "gradZRmsFirstOverLast"), 1e-4) << "every seed";
  EXPECT_LT(torch_headline("sigmoid_xavier", "gradZRmsFirstOverLast"), 1e-4);
}

// Tanh with Xavier: both directions shrink slowly (7-8 % per layer), unlike sigmoid's 4x.
TEST(SimulatorPyTorch, TanhWithXavierNormalShrinksActivationsAndGradientsSlowlyLikePyTorch) {
  const auto ours = runs_agreeing_with_torch("tanh_xavier");
  const Spread a = our_headline(ours, "aStdFactorPerLayer"), g = our_headline(ours, "gradZRmsFactorPerLayer");
  EXPECT_GT(a.mean, 0.85);
  EXPECT_LT(a.mean, 0.97);
  EXPECT_GT(g.mean, 0.85);
  EXPECT_LT(g.mean, 0.97);
}

// ReLU with Xavier (fan_in = fan_out): the variance halves per layer, so
// activations and (going back) dL/dz shrink by 1/sqrt(2) per layer.
TEST(SimulatorPyTorch, ReluWithXavierNormalShrinksByOneOverSqrt2PerLayerLikePyTorch) {
  const auto ours = runs_agreeing_with_torch("relu_xavier");
  const Spread a = our_headline(ours, "aStdFactorPerLayer"), g = our_headline(ours, "gradZRmsFactorPerLayer");
  EXPECT_NEAR(a.mean, 1 / std::sqrt(2.0), 0.02);
  EXPECT_NEAR(g.mean, 1 / std::sqrt(2.0), 0.02);
}

// The comparison has power: He init 3 % too wide (gain 1.03) grows the
// activations by 1.03^20 = 1.8x over 20 layers and must be told apart from
// PyTorch's He (30 of 81 comparisons are flagged when this was written).
TEST(SimulatorPyTorch, AgreementCheckRejectsAReluStackWithHeInit3PercentTooWide) {
  const Json& torch = torch_config("relu_he");
  NetworkConfig c = config_of(torch);
  c.gain = 1.03;
  EXPECT_GE(disagreements(torch, runs(c), false), 10);
}

}  // namespace
}  // namespace actlab
