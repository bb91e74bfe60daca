// The gradient-flow simulator against PyTorch (tests/fixtures/simulator_pytorch.json,
// made by tests/fixtures/make_simulator_fixture.py): the same stacks, the same
// number of seeds, statistics compared as seed averages.
//
// Our seeds draw different numbers from torch's, so single runs cannot match;
// what must match is the distribution. For each per-layer statistic and each
// headline, the fixture gives PyTorch's mean and standard deviation over 8
// seeds, and we compute ours the same way. If both engines sample the same
// distribution, the difference of the two means has standard error
//   se = sqrt((sd_ours^2 + sd_torch^2) / seeds)
// and we require |mean_ours - mean_torch| <= kTolerance * se.
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

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "actlab/network.h"
#include "json_fixture.h"
#include "test_support.h"

namespace actlab {
namespace {

using testing::Json;

constexpr double kTolerance = 5.0;  // standard errors of the difference of seed means

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

// One run per fixture seed (our generator, the same seed numbers).
std::vector<SimulationResult> runs(NetworkConfig c) {
  std::vector<SimulationResult> out;
  for (double seed : fixture()["seeds"].numbers()) {
    c.seed = static_cast<uint64_t>(seed);
    out.push_back(simulate(c));
    EXPECT_TRUE(out.back().ok) << out.back().error;
  }
  return out;
}

// A per-layer statistic by its fixture name.
double layer_stat(const LayerStats& s, const std::string& name) {
  if (name == "aMean") return s.a_mean;
  if (name == "aStd") return s.a_std;
  if (name == "gradZRms") return s.grad_z_rms;
  if (name == "gradARms") return s.grad_a_rms;
  ADD_FAILURE() << "unknown statistic " << name;
  return NAN;
}

// A headline number of one run, by its fixture name (as make_simulator_fixture.py's headlines()).
double headline(const SimulationResult& r, const std::string& name) {
  const LayerStats &first = r.layers.front(), &last = r.layers.back();
  const double steps = static_cast<double>(r.layers.size() - 1);
  if (name == "gradZRmsFirstOverLast") return first.grad_z_rms / last.grad_z_rms;
  if (name == "lastAMean") return last.a_mean;
  if (name == "lastAStd") return last.a_std;
  if (name == "lastAStdOverFirst") return last.a_std / first.a_std;
  if (name == "aStdFactorPerLayer") return std::pow(last.a_std / first.a_std, 1 / steps);
  if (name == "gradZRmsFactorPerLayer") return std::pow(first.grad_z_rms / last.grad_z_rms, 1 / steps);
  ADD_FAILURE() << "unknown headline " << name;
  return NAN;
}

// Mean and sample standard deviation (n - 1) of values.
struct Spread {
  double mean = 0, sd = 0;
};
Spread spread(const std::vector<double>& values) {
  Spread s;
  for (double v : values) s.mean += v / values.size();
  for (double v : values) s.sd += (v - s.mean) * (v - s.mean) / (values.size() - 1);
  s.sd = std::sqrt(s.sd);
  return s;
}

// Our seed mean and spread of a headline.
Spread our_headline(const std::vector<SimulationResult>& ours, const std::string& name) {
  std::vector<double> values;
  for (const SimulationResult& r : ours) values.push_back(headline(r, name));
  return spread(values);
}

// How many standard errors our seed mean is from PyTorch's (see the top of this file).
double distance(Spread ours, double torch_mean, double torch_sd, double seeds) {
  const double se = std::sqrt((ours.sd * ours.sd + torch_sd * torch_sd) / seeds);
  return std::fabs(ours.mean - torch_mean) / se;
}

// Per-layer statistics and headlines where our seed mean is more than
// kTolerance standard errors from PyTorch's; each one is reported when report is set.
int disagreements(const Json& torch, const std::vector<SimulationResult>& ours, bool report) {
  const double seeds = static_cast<double>(ours.size());
  int count = 0;
  double worst = 0;
  auto check = [&](const std::string& what, Spread mine, double torch_mean, double torch_sd) {
    const double d = distance(mine, torch_mean, torch_sd, seeds);
    worst = std::max(worst, d);
    if (d <= kTolerance) return;
    ++count;
    if (report)
      ADD_FAILURE() << torch["name"].text << " " << what << ": ours " << mine.mean << " (sd " << mine.sd
                    << "), PyTorch " << torch_mean << " (sd " << torch_sd << "), " << d << " standard errors";
  };
  for (const auto& [name, stat] : torch["layers"].members) {
    const std::vector<double> mean = stat["mean"].numbers(), sd = stat["sd"].numbers();
    EXPECT_EQ(mean.size(), ours.front().layers.size()) << name;
    for (size_t l = 0; l < mean.size() && l < ours.front().layers.size(); ++l) {
      std::vector<double> values;
      for (const SimulationResult& r : ours) values.push_back(layer_stat(r.layers[l], name));
      check(name + " at layer " + std::to_string(l + 1), spread(values), mean[l], sd[l]);
    }
  }
  for (const auto& [name, h] : torch["headlines"].members) {
    const Spread mine = our_headline(ours, name);
    check(name, mine, h["mean"].number, h["sd"].number);
    if (report)
      std::cout << "  " << name << ": ours " << mine.mean << " (sd " << mine.sd << "), PyTorch " << h["mean"].number
                << " (sd " << h["sd"].number << ")\n";
  }
  if (report) std::cout << "  " << torch["name"].text << ": worst |ours - PyTorch| = " << worst << " se\n";
  return count;
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
