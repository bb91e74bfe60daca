// The trainer against PyTorch (tests/fixtures/trainer_pytorch.json, made by
// tests/fixtures/make_trainer_fixture.py): the same 10-16-12-3 net, the same
// initial weights and biases, data and batch order, trained in float32 for 50
// steps; the loss of every step (StepReport::loss, the batch's loss before the
// update) must match PyTorch's within 1e-4 relative (issue 6).
//
// Why 1e-4 is both safe and tight: re-running the fixture's training in
// float64, or with every gradient entry jittered by one float32 rounding,
// moves PyTorch's own losses by at most 6e-6 relative (momentum + ReLU, the
// most sensitive case; 1e-7 to 4e-7 in the others), while a learning rate
// 0.1 % off already moves them by 1e-4 (sigmoid) to 1 (momentum + ReLU), and
// freezing the biases or the first layer by 7e-3 or more.
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

constexpr double kRelTolerance = 1e-4;  // on each step's loss

// The whole fixture, read once.
const Json& fixture() {
  static const Json root = testing::read_json_file(testing::source_path("tests/fixtures/trainer_pytorch.json"));
  return root;
}

// The fixture's case called name.
const Json& torch_case(const std::string& name) { return fixture()["cases"].named(name, "case"); }

// The fixture's samples (x: samples x features, row-major).
const Dataset& dataset() {
  static const Dataset data = testing::fixture_dataset(fixture(), static_cast<int>(fixture()["inputWidth"].number), static_cast<int>(fixture()["classes"].number));
  return data;
}

// The fixture's batch order: one list of sample indices per step.
std::vector<std::vector<size_t>> batches() { return testing::fixture_batches(fixture()); }

// Our settings for a fixture case: its net, output, optimiser and their settings.
TrainConfig config_of(const Json& c) {
  TrainConfig t;
  t.input_width = static_cast<int>(fixture()["inputWidth"].number);
  for (double width : fixture()["hidden"].numbers()) {
    HiddenLayer h;
    h.width = static_cast<int>(width);
    h.activation.id = c["activation"].text;
    t.hidden.push_back(h);
  }
  t.classes = static_cast<int>(fixture()["classes"].number);
  t.batch = static_cast<int>(fixture()["batch"].number);
  const std::string output = c["output"].text, optimizer = c["optimizer"].text;
  EXPECT_TRUE(output == "softmax_cross_entropy" || output == "sigmoid_quadratic") << output;
  t.output = output == "sigmoid_quadratic" ? OutputKind::sigmoid_quadratic : OutputKind::softmax_cross_entropy;
  EXPECT_TRUE(optimizer == "sgd" || optimizer == "momentum" || optimizer == "adam") << optimizer;
  t.optimizer = optimizer == "adam"       ? OptimizerKind::adam
                : optimizer == "momentum" ? OptimizerKind::momentum
                                          : OptimizerKind::sgd;
  t.learning_rate = c["learningRate"].number;
  if (t.optimizer == OptimizerKind::momentum) t.momentum = c["momentum"].number;
  if (t.optimizer == OptimizerKind::adam) {
    t.beta1 = c["beta1"].number;
    t.beta2 = c["beta2"].number;
    t.epsilon = c["epsilon"].number;
  }
  t.l2 = c["l2"].number;
  t.clip_norm = c["clipNorm"].number;
  return t;
}

// A trainer for config holding the case's initial parameters (PyTorch's Linear.weight is out x in, as ours).
std::unique_ptr<Trainer> trainer_with_torch_parameters(const Json& c, const TrainConfig& config) {
  std::string error;
  std::unique_ptr<Trainer> trainer = Trainer::create(config, &error);
  EXPECT_NE(trainer, nullptr) << error;
  if (!trainer) return nullptr;
  const Json& parameters = fixture()["parameters"][c["init"].text];
  const std::vector<Json>& weights = parameters["weights"].items;
  const std::vector<Json>& biases = parameters["biases"].items;
  EXPECT_EQ(static_cast<size_t>(trainer->layers()), weights.size());
  EXPECT_EQ(static_cast<size_t>(trainer->layers()), biases.size());
  for (int l = 1; l <= trainer->layers() && static_cast<size_t>(l) <= std::min(weights.size(), biases.size()); ++l) {
    const std::vector<float> w = weights[l - 1].floats(), b = biases[l - 1].floats();
    EXPECT_EQ(trainer->weights(l).size(), w.size()) << "W_" << l;
    EXPECT_EQ(trainer->biases(l).size(), b.size()) << "b_" << l;
    EXPECT_EQ(w.size(), static_cast<size_t>(trainer->width(l) * trainer->fan_in(l))) << "W_" << l;
    trainer->weights(l) = w;
    trainer->biases(l) = b;
  }
  return trainer;
}

// Our losses against PyTorch's over the fixture's steps.
struct Comparison {
  std::vector<double> ours, torch;
  std::vector<double> grad_norms;  // global norm of our (clipped) gradients after each step
  double worst = 0;                // largest |ours - torch| / |torch|
  int worst_step = -1;
  int mismatches = 0;  // steps beyond kRelTolerance
};

// Global 2-norm of the trainer's current gradients (every weight and bias).
double gradient_norm(const Trainer& t) {
  double sum = 0;
  for (int l = 1; l <= t.layers(); ++l) {
    for (float g : t.grad_weights(l)) sum += static_cast<double>(g) * g;
    for (float g : t.grad_biases(l)) sum += static_cast<double>(g) * g;
  }
  return std::sqrt(sum);
}

// Trains the case's net from PyTorch's parameters with config and compares each step's
// loss; with report, every mismatch (up to 10) is a test failure with its step and losses.
Comparison compare(const Json& c, const TrainConfig& config, bool report) {
  Comparison k;
  k.torch = c["losses"].numbers();
  std::unique_ptr<Trainer> trainer = trainer_with_torch_parameters(c, config);
  const std::vector<std::vector<size_t>> order = batches();
  EXPECT_EQ(order.size(), k.torch.size());
  if (!trainer) return k;
  for (size_t s = 0; s < order.size() && s < k.torch.size(); ++s) {
    const StepReport r = trainer->step(dataset(), order[s].data(), order[s].size());
    EXPECT_TRUE(r.finite) << c["name"].text << " step " << s;
    k.ours.push_back(r.loss);
    k.grad_norms.push_back(gradient_norm(*trainer));
    const double rel = std::fabs(r.loss - k.torch[s]) / std::fabs(k.torch[s]);
    if (!(rel <= k.worst)) {  // NaN counts as worst
      k.worst = std::isnan(rel) ? INFINITY : rel;
      k.worst_step = static_cast<int>(s);
    }
    if (!(rel <= kRelTolerance) && ++k.mismatches <= 10 && report)
      ADD_FAILURE() << c["name"].text << " step " << s << ": loss ours " << r.loss << ", PyTorch " << k.torch[s]
                    << ", relative error " << rel;
  }
  return k;
}

// The fixture case trained with its own settings: every step's loss within kRelTolerance of PyTorch's.
Comparison expect_losses_match(const std::string& name) {
  const Json& c = torch_case(name);
  const Comparison k = compare(c, config_of(c), true);
  EXPECT_EQ(k.ours.size(), static_cast<size_t>(fixture()["steps"].number)) << name;
  EXPECT_EQ(k.mismatches, 0) << name << ": steps with a relative loss error above " << kRelTolerance;
  if (k.worst_step >= 0) {
    std::printf("  %s: worst relative loss error %.3g at step %d (ours %.9g, PyTorch %.9g); loss %.4f -> %.4f\n",
                name.c_str(), k.worst, k.worst_step, k.ours[k.worst_step], k.torch[k.worst_step], k.torch.front(),
                k.torch.back());
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", k.worst);
    ::testing::Test::RecordProperty("worst_relative_error", text);
    ::testing::Test::RecordProperty("worst_step", k.worst_step);
  }
  return k;
}

TEST(TrainerPyTorch, FixtureRecordsTorchVersionDataBatchOrderParametersAndEveryCase) {
  EXPECT_FALSE(fixture()["torch"].text.empty());
  EXPECT_EQ(fixture()["dtype"].text, "float32");
  const size_t steps = static_cast<size_t>(fixture()["steps"].number);
  const size_t batch = static_cast<size_t>(fixture()["batch"].number);
  EXPECT_EQ(steps, 50u);
  EXPECT_EQ(batch, 16u);
  const Dataset& data = dataset();
  ASSERT_GT(data.size(), 0u);
  EXPECT_EQ(data.x.size(), data.size() * data.features);
  for (int label : data.labels) EXPECT_TRUE(label >= 0 && label < data.classes) << label;
  const auto order = batches();
  EXPECT_EQ(order.size(), steps);
  for (const auto& b : order) {
    EXPECT_EQ(b.size(), batch);
    for (size_t i : b) EXPECT_LT(i, data.size());
  }
  EXPECT_EQ(fixture()["cases"].items.size(), 9u);
  for (const Json& c : fixture()["cases"].items) {
    const std::vector<double> losses = c["losses"].numbers();
    EXPECT_EQ(losses.size(), steps) << c["name"].text;
    EXPECT_TRUE(fixture()["parameters"].has(c["init"].text)) << c["name"].text;
    // Training moves the loss, so matching it step by step checks the updates too.
    if (!losses.empty()) {
      EXPECT_LT(losses.back(), 0.9 * losses.front()) << c["name"].text;
    }
  }
}

TEST(TrainerPyTorch, SgdSigmoidNetLossMatchesPyTorchFor50Steps) { expect_losses_match("sgd_sigmoid"); }

TEST(TrainerPyTorch, SgdReluNetLossMatchesPyTorchFor50Steps) { expect_losses_match("sgd_relu"); }

TEST(TrainerPyTorch, SgdGeluNetLossMatchesPyTorchFor50Steps) { expect_losses_match("sgd_gelu"); }

// torch.optim.SGD(momentum=0.9): v = 0.9 v + g, p -= lr v.
TEST(TrainerPyTorch, MomentumReluNetLossMatchesPyTorchFor50Steps) { expect_losses_match("momentum_relu"); }

// torch.optim.Adam(lr=0.01), betas (0.9, 0.999), eps 1e-8.
TEST(TrainerPyTorch, AdamGeluNetLossMatchesPyTorchFor50Steps) { expect_losses_match("adam_gelu"); }

// l2 = 1e-3: the loss includes (l2 / 2) sum W^2 over the weights (not the biases), and so does its gradient.
TEST(TrainerPyTorch, L2SigmoidNetLossWithWeightPenaltyMatchesPyTorchFor50Steps) { expect_losses_match("l2_sigmoid"); }

// clip_grad_norm_(every weight and bias, 1.0) before each SGD step; the
// fixture's gradient norms (before clipping) exceed 1 on several steps, and
// our gradients after clipping have norm min(PyTorch's norm, 1).
TEST(TrainerPyTorch, GlobalNormClippedReluNetLossMatchesPyTorchFor50Steps) {
  const Json& c = torch_case("clip_relu");
  const Comparison k = expect_losses_match("clip_relu");
  const std::vector<double> torch_norms = c["gradNorms"].numbers();
  const double max_norm = c["clipNorm"].number;
  ASSERT_EQ(torch_norms.size(), k.torch.size());
  EXPECT_GE(std::count_if(torch_norms.begin(), torch_norms.end(), [&](double n) { return n > max_norm; }), 5)
      << "the fixture must exercise clipping";
  for (size_t s = 0; s < k.grad_norms.size() && s < torch_norms.size(); ++s)
    EXPECT_NEAR(k.grad_norms[s], std::min(torch_norms[s], max_norm), 1e-3 * std::min(torch_norms[s], max_norm))
        << "step " << s << ": PyTorch's norm before clipping " << torch_norms[s];
}

// Nielsen's sigmoid output with the quadratic cost, sigmoid hidden layers (lr 1).
TEST(TrainerPyTorch, SigmoidQuadraticOutputLossMatchesPyTorchFor50Steps) { expect_losses_match("quadratic_sigmoid"); }

// Hidden activation "prelu": torch.nn.PReLU(num_parameters=width, init=0.25)
// after each hidden Linear, one slope per unit learnt by the same SGD step as
// the weights (no L2). With the slopes frozen at 0.25 PyTorch's losses move by
// up to 0.29 relative, so matching them checks the slopes' updates too.
TEST(TrainerPyTorch, SgdPReLUNetWithLearnableSlopesMatchesPyTorchFor50Steps) { expect_losses_match("sgd_prelu"); }

// The comparison has power: the momentum case trained as plain SGD, and the
// L2 case trained without the penalty, are far outside the tolerance.
TEST(TrainerPyTorch, ComparisonRejectsTheMomentumCaseTrainedWithoutMomentum) {
  const Json& c = torch_case("momentum_relu");
  TrainConfig config = config_of(c);
  config.optimizer = OptimizerKind::sgd;
  EXPECT_GT(compare(c, config, false).worst, 100 * kRelTolerance);
}

TEST(TrainerPyTorch, ComparisonRejectsTheL2CaseTrainedWithoutThePenalty) {
  const Json& c = torch_case("l2_sigmoid");
  TrainConfig config = config_of(c);
  config.l2 = 0;
  EXPECT_GT(compare(c, config, false).worst, 10 * kRelTolerance);
}

}  // namespace
}  // namespace actlab
