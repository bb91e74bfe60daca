// The toy data sets: the deterministic sine and cosine, sizes, balance and
// splits, reproducibility from the seed, and that a small trained MLP
// separates each set while a linear classifier cannot separate the hard ones.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "actlab/toy_data.h"

namespace actlab {
namespace {

TEST(ToyData, DeterministicSincosIsWithinTwoUlpOfLibm) {
  double worst = 0;
  for (int i = -20000; i <= 20000; ++i) {
    const double x = i * 0.0031;
    double s, c;
    deterministic_sincos(x, &s, &c);
    worst = std::max({worst, std::fabs(s - std::sin(x)), std::fabs(c - std::cos(x))});
  }
  EXPECT_LT(worst, 5e-16);
}

TEST(ToyData, EverySetHasItsSizeSplitAndBalancedClasses) {
  for (const char* name : {"spiral", "circles", "moons", "xor", "gaussians"}) {
    ToyKind kind;
    ASSERT_TRUE(parse_toy_kind(name, &kind));
    const ToyData d = make_toy_data(kind, 500, 0.1, 3, 0.2);
    EXPECT_EQ(d.train.size(), 400u) << name;
    EXPECT_EQ(d.test.size(), 100u) << name;
    EXPECT_EQ(d.train.x.size(), 800u);
    const int classes = d.train.classes;
    EXPECT_EQ(classes, std::string(name) == "gaussians" ? 3 : 2);
    std::vector<int> count(classes, 0);
    for (int y : d.train.labels) ++count[y];
    for (int n : count) EXPECT_GT(n, 400 / classes - 40) << name;
    for (float v : d.train.x) EXPECT_LT(std::fabs(v), 3.0f) << name;
  }
  ToyKind kind;
  EXPECT_FALSE(parse_toy_kind("donut", &kind));
}

TEST(ToyData, TheSameSeedGivesTheSamePointsAnotherSeedOthers) {
  const ToyData a = make_toy_data(ToyKind::spiral, 200, 0.05, 7), b = make_toy_data(ToyKind::spiral, 200, 0.05, 7);
  EXPECT_EQ(a.train.x, b.train.x);
  EXPECT_EQ(a.test.labels, b.test.labels);
  EXPECT_NE(make_toy_data(ToyKind::spiral, 200, 0.05, 8).train.x, a.train.x);
}

// Test accuracy after training `hidden` (empty: linear) for `epochs` on the set.
double trained_accuracy(ToyKind kind, std::vector<HiddenLayer> hidden, int epochs) {
  const ToyData d = make_toy_data(kind, 600, 0.05, 5);
  TrainConfig c;
  c.input_width = 2, c.classes = d.train.classes, c.hidden = std::move(hidden);
  c.optimizer = OptimizerKind::adam, c.learning_rate = 0.02, c.batch = 16;
  std::string error;
  std::unique_ptr<Trainer> t = Trainer::create(c, &error);
  EXPECT_TRUE(t) << error;
  for (int e = 0; e < epochs; ++e) t->epoch(d.train);
  return t->evaluate(d.test).accuracy;
}

TEST(ToyData, AnMlpSeparatesEverySetAndALinearModelFailsTheCurvedOnes) {
  const std::vector<HiddenLayer> mlp = {{32, {"tanh", {}, {}}}, {32, {"tanh", {}, {}}}};
  for (ToyKind kind : {ToyKind::spiral, ToyKind::circles, ToyKind::moons, ToyKind::xor_quadrants, ToyKind::gaussians})
    EXPECT_GE(trained_accuracy(kind, mlp, 150), 0.93) << static_cast<int>(kind);
  for (ToyKind kind : {ToyKind::circles, ToyKind::xor_quadrants}) EXPECT_LT(trained_accuracy(kind, {}, 30), 0.75) << static_cast<int>(kind);
}

}  // namespace
}  // namespace actlab
