// The trainer's CNN against PyTorch (tests/fixtures/cnn_pytorch.json, made by
// tests/fixtures/make_cnn_fixture.py): conv2d 4 valid -> act -> conv2d 6 same
// -> act -> maxpool 2 -> dropout -> flatten -> dense 8 -> act -> dense 4, from
// the same initial parameters, data and batch order, with the dropout masks
// that ActLab's PCG32 rule gives (the fixture holds them, and this test checks
// that the trainer draws exactly those). 30 Adam steps in float32: every
// step's loss within 1e-4 relative of PyTorch's (issue 12).
//
// Why 1e-4 is safe: re-running the fixture in float64, or jittering every
// gradient by one float32 rounding, moves PyTorch's losses by at most 3.5e-6
// relative; a dropout mask of the wrong layer moves step 1 by 1e-2 or more.
// The sigmoid case barely learns in 30 steps (a 0.1 % learning-rate error
// moves its losses by only 8.5e-5), so the step-1 gradients and the final
// parameters are checked too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "actlab/trainer.h"
#include "json_fixture.h"
#include "test_support.h"

namespace actlab {
namespace {

using testing::Json;

const Json& fixture() {
  static const Json root = testing::read_json_file(testing::source_path("tests/fixtures/cnn_pytorch.json"));
  return root;
}

// The fixture's samples (x: 64 x 100, each sample in channel, row, column order).
const Dataset& dataset() {
  static const Dataset data = testing::fixture_dataset(fixture(), 100, static_cast<int>(fixture()["classes"].number));
  return data;
}

// The fixture's batch order: one list of sample indices per step.
std::vector<std::vector<size_t>> batches() { return testing::fixture_batches(fixture()); }

// The case's trainer (its config read by the JSON reader) holding PyTorch's initial parameters.
std::unique_ptr<Trainer> torch_trainer(const Json& c) {
  TrainConfig config;
  const std::string problem = parse_train_config_json(c["config"].dump(), &config);
  EXPECT_EQ(problem, "");
  std::string error;
  std::unique_ptr<Trainer> t = Trainer::create(config, &error);
  EXPECT_NE(t, nullptr) << error;
  if (!t) return nullptr;
  const std::vector<Json>& weights = c["initial"]["weights"].items;
  const std::vector<Json>& biases = c["initial"]["biases"].items;
  EXPECT_EQ(weights.size(), static_cast<size_t>(t->layers()));
  for (int l = 1; l <= t->layers() && static_cast<size_t>(l) <= weights.size(); ++l) {
    EXPECT_EQ(t->weights(l).size(), weights[l - 1].floats().size()) << "W_" << l;
    EXPECT_EQ(t->biases(l).size(), biases[l - 1].floats().size()) << "b_" << l;
    t->weights(l) = weights[l - 1].floats();
    t->biases(l) = biases[l - 1].floats();
  }
  return t;
}

// The largest |ours - theirs| over a tensor, relative to the largest |theirs|.
double relative_gap(const std::vector<float>& ours, const std::vector<float>& theirs) {
  double gap = 0, size = 0;
  if (ours.size() != theirs.size()) return INFINITY;
  for (size_t i = 0; i < ours.size(); ++i) {
    gap = std::max(gap, std::fabs(static_cast<double>(ours[i]) - theirs[i]));
    size = std::max(size, std::fabs(static_cast<double>(theirs[i])));
  }
  return size > 0 ? gap / size : gap;
}

class CnnAgainstPyTorch : public ::testing::TestWithParam<const char*> {};

TEST_P(CnnAgainstPyTorch, DrawsTheSameDropoutMasksAndTracksEveryLossWithin1e4) {
  const Json& c = fixture()["cases"].named(GetParam(), "case");
  std::unique_ptr<Trainer> t = torch_trainer(c);
  ASSERT_NE(t, nullptr);
  const int dropout_layer = static_cast<int>(fixture()["dropoutLayer"].number);
  const std::vector<double> torch = c["losses"].numbers();
  const std::vector<std::vector<size_t>> order = batches();
  ASSERT_EQ(order.size(), torch.size());
  double worst = 0;
  for (size_t s = 0; s < order.size(); ++s) {
    const StepReport r = t->step(dataset(), order[s].data(), order[s].size());
    std::string mask;
    for (uint8_t keep : t->dropout_keep(dropout_layer)) mask += keep ? '1' : '0';
    EXPECT_EQ(mask, c["masks"].items[s].text) << GetParam() << ": the dropout mask of step " << s + 1;
    const double rel = std::fabs(r.loss - torch[s]) / std::fabs(torch[s]);
    worst = std::max(worst, std::isnan(rel) ? INFINITY : rel);
    EXPECT_LE(rel, 1e-4) << GetParam() << " step " << s + 1 << ": ours " << r.loss << ", PyTorch " << torch[s];
  }
  std::printf("  %s: worst relative loss error %.3g over %zu steps; loss %.5f -> %.5f\n", GetParam(), worst, order.size(),
              torch.front(), torch.back());
}

TEST_P(CnnAgainstPyTorch, FirstStepGradientsAndFinalParametersMatch) {
  const Json& c = fixture()["cases"].named(GetParam(), "case");
  std::unique_ptr<Trainer> t = torch_trainer(c);
  ASSERT_NE(t, nullptr);
  const std::vector<std::vector<size_t>> order = batches();
  t->compute_gradients(dataset(), order[0].data(), order[0].size());  // step 1's masks: steps_done() + 1 = 1
  const float clip = static_cast<float>(c["clipValue"].number);
  for (int l = 1; l <= t->layers(); ++l) {
    std::vector<float> dw = c["gradientsStep1"]["weights"].items[l - 1].floats(), db = c["gradientsStep1"]["biases"].items[l - 1].floats();
    if (clip > 0)  // the fixture's gradients are before clipping; ours are after
      for (std::vector<float>* g : {&dw, &db})
        for (float& v : *g) v = std::clamp(v, -clip, clip);
    EXPECT_LE(relative_gap(t->grad_weights(l), dw), 1e-4) << GetParam() << ": dC/dW_" << l;
    EXPECT_LE(relative_gap(t->grad_biases(l), db), 1e-4) << GetParam() << ": dC/db_" << l;
  }
  for (size_t s = 0; s < order.size(); ++s) t->step(dataset(), order[s].data(), order[s].size());
  for (int l = 1; l <= t->layers(); ++l) {
    EXPECT_LE(relative_gap(t->weights(l), c["final"]["weights"].items[l - 1].floats()), 1e-3) << GetParam() << ": W_" << l << " after 30 steps";
    EXPECT_LE(relative_gap(t->biases(l), c["final"]["biases"].items[l - 1].floats()), 1e-3) << GetParam() << ": b_" << l << " after 30 steps";
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CnnAgainstPyTorch, ::testing::Values("sigmoid", "relu", "selu_alpha"));

}  // namespace
}  // namespace actlab
