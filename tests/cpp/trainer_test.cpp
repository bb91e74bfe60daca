// The trainer: gradients against finite differences in double, the
// optimisers' update rules, L2 and clipping, seeded shuffling, rewinding,
// learning a separable problem, and refusals that name the setting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "actlab/random.h"
#include "actlab/trainer.h"
#include "reference.h"

namespace actlab {
namespace {

// n samples of `features` N(0, 1) values, labelled by which of `classes`
// fixed random directions they point to most (a separable problem).
Dataset blobs(int n, int features, int classes, uint64_t seed) {
  NormalSampler normal(seed, 99);
  std::vector<double> centres(static_cast<size_t>(classes) * features);
  for (double& c : centres) c = 2.0 * normal.next();
  Dataset d;
  d.features = features, d.classes = classes;
  for (int i = 0; i < n; ++i) {
    const int y = i % classes;
    for (int f = 0; f < features; ++f) d.x.push_back(static_cast<float>(centres[y * features + f] + 0.5 * normal.next()));
    d.labels.push_back(y);
  }
  return d;
}

TrainConfig small_config(const char* activation, OutputKind output = OutputKind::softmax_cross_entropy) {
  TrainConfig c;
  c.input_width = 4, c.classes = 3, c.output = output;
  c.hidden = {{5, {activation, {}, {}}}, {6, {activation, {}, {}}}};
  c.init = InitScheme::xavier_normal;
  c.bias_std = 0.3;
  c.batch = 7;
  return c;
}

std::unique_ptr<Trainer> make(const TrainConfig& c) {
  std::string error;
  std::unique_ptr<Trainer> t = Trainer::create(c, &error);
  EXPECT_NE(t, nullptr) << error;
  return t;
}

// C of the batch in double with the reference activations, for parameters given in double.
// slopes: each hidden layer's PReLU slopes (empty for other activations).
double reference_loss(const Trainer& t, const Dataset& d, const std::vector<size_t>& batch,
                      const std::vector<std::vector<double>>& w, const std::vector<std::vector<double>>& b,
                      const std::vector<std::vector<double>>& slopes) {
  const TrainConfig& c = t.config();
  double loss = 0.0;
  for (size_t index : batch) {
    std::vector<double> a(d.x.begin() + index * d.features, d.x.begin() + (index + 1) * d.features);
    for (int l = 1; l <= t.layers(); ++l) {
      std::vector<double> z(t.width(l));
      for (int u = 0; u < t.width(l); ++u) {
        z[u] = b[l - 1][u];
        for (int i = 0; i < t.fan_in(l); ++i) z[u] += w[l - 1][u * t.fan_in(l) + i] * a[i];
      }
      if (l < t.layers()) {
        const Activation* f = find_activation(c.hidden[l - 1].activation.id);
        const reference::Pair r = reference::for_index(static_cast<int>(f - activations().data()));
        float params[kMaxParams];
        default_params(*f, params);
        for (int u = 0; u < t.width(l); ++u) {
          double p[kMaxParams] = {};
          std::copy(params, params + kMaxParams, p);
          if (!slopes[l - 1].empty()) p[0] = slopes[l - 1][u];
          z[u] = r.forward(z[u], p);
        }
      } else if (c.output == OutputKind::sigmoid_quadratic) {
        for (double& v : z) v = 1.0 / (1.0 + std::exp(-v));
      }
      a = z;
    }
    const int y = d.labels[index];
    if (c.output == OutputKind::softmax_cross_entropy) {
      double top = a[0], sum = 0.0;
      for (double v : a) top = std::max(top, v);
      for (double v : a) sum += std::exp(v - top);
      loss += std::log(sum) - (a[y] - top);
    } else {
      for (size_t k = 0; k < a.size(); ++k) loss += 0.5 * (a[k] - (static_cast<int>(k) == y)) * (a[k] - (static_cast<int>(k) == y));
    }
  }
  loss /= batch.size();
  double squares = 0.0;
  for (const auto& layer : w)
    for (double v : layer) squares += v * v;
  return loss + 0.5 * c.l2 * squares;
}

void expect_gradients_match_finite_differences(const TrainConfig& c) {
  std::unique_ptr<Trainer> t = make(c);
  ASSERT_TRUE(t);
  const Dataset d = blobs(20, c.input_width, c.classes, 3);
  const std::vector<size_t> batch = {0, 3, 4, 7, 11, 12, 19};
  const double loss = t->compute_gradients(d, batch.data(), batch.size());
  std::vector<std::vector<double>> w, b, slopes;
  for (int l = 1; l <= t->layers(); ++l) {
    w.emplace_back(t->weights(l).begin(), t->weights(l).end());
    b.emplace_back(t->biases(l).begin(), t->biases(l).end());
    slopes.emplace_back(t->alphas(l).begin(), t->alphas(l).end());
  }
  EXPECT_NEAR(loss, reference_loss(*t, d, batch, w, b, slopes), 2e-6 * (1 + loss));
  const double h = 1e-6;
  auto check = [&](std::vector<double>& param, size_t i, float engine, const std::string& what) {
    const double saved = param[i];
    param[i] = saved + h;
    const double up = reference_loss(*t, d, batch, w, b, slopes);
    param[i] = saved - h;
    const double down = reference_loss(*t, d, batch, w, b, slopes);
    param[i] = saved;
    const double numeric = (up - down) / (2 * h);
    EXPECT_NEAR(engine, numeric, 2e-4 * std::fabs(numeric) + 2e-6) << what;
  };
  for (int l = 1; l <= t->layers(); ++l) {
    for (size_t i = 0; i < w[l - 1].size(); ++i) check(w[l - 1], i, t->grad_weights(l)[i], "dW" + std::to_string(l));
    for (size_t i = 0; i < b[l - 1].size(); ++i) check(b[l - 1], i, t->grad_biases(l)[i], "db" + std::to_string(l));
    for (size_t i = 0; i < slopes[l - 1].size(); ++i) check(slopes[l - 1], i, t->grad_alphas(l)[i], "dalpha" + std::to_string(l));
  }
}

TEST(Trainer, GradientsMatchFiniteDifferencesForSoftmaxCrossEntropy) {
  for (const char* id : {"sigmoid", "tanh", "gelu", "elu"}) {
    SCOPED_TRACE(id);
    expect_gradients_match_finite_differences(small_config(id));
  }
}

TEST(Trainer, LearnablePReLUSlopesGetTheirGradientAndMoveWithTheWeights) {
  TrainConfig c = small_config("prelu");
  expect_gradients_match_finite_differences(c);
  std::unique_ptr<Trainer> t = make(c);
  ASSERT_EQ(t->alphas(1), std::vector<float>(5, 0.25f));  // the catalogue's default on every unit
  ASSERT_TRUE(t->alphas(3).empty());                     // the output layer has none
  const Dataset d = blobs(20, 4, 3, 3);
  const std::vector<size_t> batch = {0, 1, 2, 3, 4, 5};
  t->compute_gradients(d, batch.data(), batch.size());
  const std::vector<float> before = t->alphas(1), gradient = t->grad_alphas(1);
  t->step(d, batch.data(), batch.size());
  for (size_t u = 0; u < before.size(); ++u) EXPECT_EQ(t->alphas(1)[u], before[u] - 0.1f * gradient[u]);
  t->rewind();
  EXPECT_EQ(t->alphas(1), before);
}

TEST(Trainer, GradientsMatchFiniteDifferencesForSigmoidQuadraticAndL2) {
  TrainConfig c = small_config("softplus", OutputKind::sigmoid_quadratic);
  c.l2 = 0.01;
  expect_gradients_match_finite_differences(c);
}

TEST(Trainer, SgdMomentumAndAdamFollowTheirUpdateRules) {
  const Dataset d = blobs(20, 4, 3, 5);
  const std::vector<size_t> batch = {1, 2, 3, 5, 8};
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
    TrainConfig c = small_config("relu");
    c.optimizer = kind, c.learning_rate = 0.05;
    std::unique_ptr<Trainer> t = make(c);
    // Two steps, checking the first layer's first weight against the rule by hand.
    float m = 0, v = 0;
    for (int step = 1; step <= 2; ++step) {
      const float before = t->weights(1)[0];
      t->compute_gradients(d, batch.data(), batch.size());
      const float g = t->grad_weights(1)[0];
      t->step(d, batch.data(), batch.size());
      float expected = 0;
      if (kind == OptimizerKind::sgd) expected = before - 0.05f * g;
      if (kind == OptimizerKind::momentum) {
        m = step == 1 ? g : 0.9f * m + g;
        expected = before - 0.05f * m;
      }
      if (kind == OptimizerKind::adam) {
        m = 0.9f * m + static_cast<float>(1 - 0.9) * g, v = 0.999f * v + static_cast<float>(1 - 0.999) * g * g;
        const double c1 = 1 - std::pow(0.9, step), c2 = 1 - std::pow(0.999, step);
        expected = before - static_cast<float>(0.05 / c1) * (m / (std::sqrt(v) / static_cast<float>(std::sqrt(c2)) + 1e-8f));
      }
      EXPECT_EQ(t->weights(1)[0], expected) << "optimizer " << static_cast<int>(kind) << " step " << step;
    }
  }
}

TEST(Trainer, ClippingBoundsEveryEntryAndTheGlobalNorm) {
  const Dataset d = blobs(30, 4, 3, 7);
  const std::vector<size_t> batch = {0, 1, 2, 3, 4, 5, 6, 7};
  TrainConfig c = small_config("tanh");
  c.gain = 30;  // large gradients
  c.clip_value = 0.02;
  std::unique_ptr<Trainer> t = make(c);
  t->compute_gradients(d, batch.data(), batch.size());
  double squares = 0.0;
  for (int l = 1; l <= t->layers(); ++l)
    for (float g : t->grad_weights(l)) {
      EXPECT_LE(std::fabs(g), 0.02f);
      squares += static_cast<double>(g) * g;
    }
  EXPECT_GT(squares, 0.0);
  c.clip_value = 0, c.clip_norm = 0.5;
  t = make(c);
  t->compute_gradients(d, batch.data(), batch.size());
  squares = 0.0;
  for (int l = 1; l <= t->layers(); ++l) {
    for (float g : t->grad_weights(l)) squares += static_cast<double>(g) * g;
    for (float g : t->grad_biases(l)) squares += static_cast<double>(g) * g;
  }
  EXPECT_NEAR(std::sqrt(squares), 0.5, 1e-5);
}

TEST(Trainer, AnEpochVisitsEverySampleOnceInASeededOrderAndRewindRepeatsIt) {
  const Dataset d = blobs(50, 4, 3, 9);
  TrainConfig c = small_config("relu");
  c.batch = 8;
  std::unique_ptr<Trainer> t = make(c);
  const std::vector<StepReport> first = t->epoch(d);
  EXPECT_EQ(first.size(), 7u);  // 6 batches of 8 and one of 2
  EXPECT_EQ(t->epochs_done(), 1);
  const std::vector<float> after_one = t->weights(2);
  t->rewind();
  const std::vector<StepReport> again = t->epoch(d);
  ASSERT_EQ(again.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(again[i].loss, first[i].loss);
  EXPECT_EQ(t->weights(2), after_one);
  const std::vector<StepReport> second = t->epoch(d);  // another epoch: another order
  EXPECT_NE(second[0].loss, first[0].loss);
}

// Everything an epoch leaves behind: parameters, each step's report and the epoch's dead shares.
void expect_same_epoch(Trainer& a, const std::vector<StepReport>& ra, Trainer& b, const std::vector<StepReport>& rb, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_EQ(ra.size(), rb.size());
  for (size_t i = 0; i < ra.size(); ++i) {
    EXPECT_EQ(std::memcmp(&ra[i].loss, &rb[i].loss, sizeof(double)), 0) << "step " << i;
    EXPECT_EQ(ra[i].bias_speed, rb[i].bias_speed) << "step " << i;
    EXPECT_EQ(ra[i].dead, rb[i].dead) << "step " << i;
    EXPECT_EQ(ra[i].update_ratio, rb[i].update_ratio) << "step " << i;
    EXPECT_EQ(ra[i].finite, rb[i].finite) << "step " << i;
  }
  for (int l = 1; l <= a.layers(); ++l) {
    EXPECT_EQ(std::memcmp(a.weights(l).data(), b.weights(l).data(), a.weights(l).size() * sizeof(float)), 0) << "W" << l;
    EXPECT_EQ(a.biases(l), b.biases(l)) << "b" << l;
    EXPECT_EQ(a.alphas(l), b.alphas(l)) << "alpha" << l;
  }
  EXPECT_EQ(a.epoch_dead(), b.epoch_dead());
  EXPECT_EQ(a.epochs_done(), b.epochs_done());
  EXPECT_EQ(a.steps_done(), b.steps_done());
}

TEST(Trainer, AnEpochInSlicesOfOneThreeOrSevenBatchesGivesTheBitsOfOneEpochCall) {
  const Dataset d = blobs(101, 4, 3, 21), test = blobs(40, 4, 3, 22);
  for (const char* activation : {"relu", "prelu"}) {
    TrainConfig c = small_config(activation);
    c.optimizer = OptimizerKind::adam, c.learning_rate = 0.05, c.batch = 6, c.clip_norm = 1.0, c.l2 = 1e-3;  // 16 batches of 6 and one of 5
    std::unique_ptr<Trainer> whole = make(c);
    std::vector<std::vector<StepReport>> expected;
    for (int e = 0; e < 3; ++e) expected.push_back(whole->epoch(d));
    for (size_t slice : {1u, 3u, 7u}) {
      std::unique_ptr<Trainer> t = make(c);
      for (int e = 0; e < 3; ++e) {
        t->begin_epoch(d);
        EXPECT_TRUE(t->in_epoch());
        EXPECT_EQ(t->epoch_samples(), d.size());
        size_t slices = 0, last_done = 0;
        while (!t->train_steps(d, slice)) {
          ++slices;
          EXPECT_EQ(t->epoch_samples_done(), std::min(slices * slice * 6, d.size()));
          EXPECT_GT(t->epoch_samples_done(), last_done);
          last_done = t->epoch_samples_done();
          t->evaluate(test);  // a look at the network between slices changes nothing
        }
        EXPECT_EQ(slices, (17 + slice - 1) / slice - 1) << activation << " slice " << slice;
        EXPECT_EQ(t->epoch_samples_done(), d.size());
        const std::vector<StepReport> reports = t->finish_epoch();
        EXPECT_FALSE(t->in_epoch());
        EXPECT_EQ(reports.size(), 17u);
        if (e == 2) {
          expect_same_epoch(*t, reports, *whole, expected[2], activation);
          EXPECT_EQ(epoch_report_json(reports, t->epoch_dead()), epoch_report_json(expected[2], whole->epoch_dead()));
        }
        else EXPECT_EQ(reports[0].loss, expected[e][0].loss);
      }
    }
  }
}

TEST(Trainer, AnEpochInStagesOfLayersGivesTheBitsOfOneEpochCallEvenWithEvaluationsBetween) {
  const Dataset d = blobs(101, 4, 3, 21), test = blobs(40, 4, 3, 22);
  for (const char* activation : {"relu", "prelu"}) {
    TrainConfig c = small_config(activation);
    c.optimizer = OptimizerKind::momentum, c.learning_rate = 0.05, c.batch = 6, c.clip_value = 0.5, c.l2 = 1e-3;
    std::unique_ptr<Trainer> whole = make(c);
    whole->epoch(d);
    const std::vector<StepReport> expected = whole->epoch(d);
    const size_t per_batch = whole->stages_per_batch();
    EXPECT_EQ(per_batch, 17u);  // dense, act, dense, act, dense: 5 forward, the loss, 8 backward (dW and dx of each dense), 3 updates
    for (size_t stages : {1u, 5u, 13u}) {
      std::unique_ptr<Trainer> t = make(c);
      t->epoch(d);
      t->begin_epoch(d);
      size_t calls = 0;
      while (!t->train_stages(d, stages)) {
        ++calls;
        EXPECT_EQ(t->epoch_samples_done(), std::min(calls * stages / per_batch * 6, d.size()));
        t->evaluate(test);  // between stages, inside a step: changes nothing
        float probabilities[3];
        t->predict(test.x.data(), 1, probabilities);
      }
      EXPECT_EQ(calls + 1, (17 * per_batch + stages - 1) / stages) << activation << " stages " << stages;
      const std::vector<StepReport> reports = t->finish_epoch();
      expect_same_epoch(*t, reports, *whole, expected, activation);
    }
    // A step left half done in stages is finished by train_steps, as one batch.
    std::unique_ptr<Trainer> mixed = make(c);
    mixed->epoch(d);
    mixed->begin_epoch(d);
    EXPECT_FALSE(mixed->train_stages(d, 3));
    EXPECT_EQ(mixed->epoch_samples_done(), 0u);
    EXPECT_FALSE(mixed->train_steps(d, 1));
    EXPECT_EQ(mixed->epoch_samples_done(), 6u);
    EXPECT_TRUE(mixed->train_steps(d, 100));
    const std::vector<StepReport> reports = mixed->finish_epoch();
    expect_same_epoch(*mixed, reports, *whole, expected, "mixed");
  }
}

TEST(Trainer, WideLayersSplitTheirProductsIntoBlocksOfRowsWithTheSameBits) {
  const Dataset d = blobs(130, 300, 3, 31);  // batches of 64, 64 and 2
  TrainConfig c = small_config("prelu");
  c.input_width = 300, c.hidden = {{300, {"prelu", {}, {}}}, {257, {"gelu", {}, {}}}};
  c.batch = 64, c.optimizer = OptimizerKind::adam, c.learning_rate = 0.01, c.clip_norm = 2.0;
  std::unique_ptr<Trainer> whole = make(c), staged = make(c);
  const std::vector<StepReport> expected = whole->epoch(d);
  staged->begin_epoch(d);
  size_t calls = 1;
  while (!staged->train_stages(d, 1)) ++calls;
  EXPECT_GT(calls, 3 * (5 + 1 + 5 + 3u)) << "the wide products and updates come in several parts";
  const std::vector<StepReport> reports = staged->finish_epoch();
  expect_same_epoch(*staged, reports, *whole, expected, "wide");
}

TEST(Trainer, AnEvaluationInPartsGivesTheBitsOfOneEvaluateCall) {
  const Dataset d = blobs(2100, 4, 3, 23);  // more than two of evaluate's chunks of 1024
  std::unique_ptr<Trainer> t = make(small_config("gelu"));
  t->epoch(d);
  const Evaluation whole = t->evaluate(d);
  for (size_t part : {1u, 7u, 300u, 1024u, 5000u}) {
    EvaluationSums sums;
    for (size_t start = 0; start < d.size(); start += part) t->evaluate_part(d, start, part, &sums);
    const Evaluation parts = Trainer::evaluation_of(sums);
    EXPECT_EQ(sums.seen, d.size());
    EXPECT_EQ(std::memcmp(&parts.loss, &whole.loss, sizeof(double)), 0) << "part " << part << ": " << parts.loss << " vs " << whole.loss;
    EXPECT_EQ(parts.accuracy, whole.accuracy) << "part " << part;
  }
  EXPECT_EQ(Trainer::evaluation_of({}).loss, 0.0);  // nothing seen: zeros, no NaN
}

TEST(Trainer, ARewindInsideAnEpochEndsItAndTheNextEpochStartsFromTheBeginning) {
  const Dataset d = blobs(50, 4, 3, 9);
  TrainConfig c = small_config("relu");
  c.batch = 8;
  std::unique_ptr<Trainer> a = make(c), b = make(c);
  a->begin_epoch(d);
  EXPECT_FALSE(a->train_steps(d, 2));
  EXPECT_EQ(a->epoch_samples_done(), 16u);
  a->rewind();
  EXPECT_FALSE(a->in_epoch());
  EXPECT_EQ(a->epoch_samples_done(), 0u);
  EXPECT_TRUE(a->train_steps(d, 5));  // nothing begun: nothing trained
  EXPECT_EQ(a->steps_done(), 0u);
  const std::vector<StepReport> ra = a->epoch(d), rb = b->epoch(d);
  expect_same_epoch(*a, ra, *b, rb, "after a rewind mid-epoch");
}

TEST(Trainer, LearnsASeparableProblemWithEachOptimizer) {
  const Dataset train = blobs(300, 6, 4, 11), test = blobs(200, 6, 4, 11);
  for (OptimizerKind kind : {OptimizerKind::sgd, OptimizerKind::momentum, OptimizerKind::adam}) {
    TrainConfig c = small_config("relu");
    c.input_width = 6, c.classes = 4, c.optimizer = kind, c.batch = 16;
    c.learning_rate = kind == OptimizerKind::adam ? 0.01 : 0.1;
    std::unique_ptr<Trainer> t = make(c);
    const double before = t->evaluate(test).loss;
    for (int e = 0; e < 10; ++e) t->epoch(train);
    const Evaluation after = t->evaluate(test);
    EXPECT_LT(after.loss, before / 4) << static_cast<int>(kind);
    EXPECT_GE(after.accuracy, 0.95) << static_cast<int>(kind);
  }
}

TEST(Trainer, ReportsLayerSpeedsDeadUnitsUpdateRatiosAndDivergence) {
  const Dataset d = blobs(40, 4, 3, 13);
  const std::vector<size_t> batch = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  TrainConfig c = small_config("relu");
  c.bias_std = 0, c.bias_value = -50;  // every hidden ReLU unit dead
  std::unique_ptr<Trainer> t = make(c);
  StepReport r = t->step(d, batch.data(), batch.size());
  ASSERT_EQ(r.dead.size(), 3u);
  EXPECT_EQ(r.dead[0], 1.0);
  EXPECT_EQ(r.dead[1], 1.0);
  EXPECT_EQ(r.bias_speed[0], 0.0);
  EXPECT_GT(r.bias_speed[2], 0.0);
  EXPECT_EQ(r.update_ratio[0], 0.0);
  EXPECT_TRUE(r.finite);
  // Inputs so large that the logits overflow: the step says it is not finite.
  Dataset huge = d;
  for (float& x : huge.x) x = 3e38f;
  c = small_config("relu");
  c.gain = 100;
  t = make(c);
  EXPECT_FALSE(t->step(huge, batch.data(), batch.size()).finite);
}

// A constructed net on 8 samples x0 = -1, -0.75, ..., 0.75 (x1 = 0), with
// SGD so slow that no unit changes side: hidden layer 1 has units that are
// never active (0 and 3), active on most samples (1) and active on the one
// sample x0 = 0.75 only (2); hidden layer 2 has one never-active unit.
TEST(Trainer, DeadOverTheEpochCountsUnitsInactiveOnEverySampleOfTheEpoch) {
  Dataset d;
  d.features = 2, d.classes = 2;
  for (int i = 0; i < 8; ++i) d.x.push_back(-1.0f + 0.25f * i), d.x.push_back(0.0f), d.labels.push_back(i % 2);
  TrainConfig c;
  c.input_width = 2, c.classes = 2, c.batch = 3, c.learning_rate = 1e-4;
  c.hidden = {{4, {"relu", {}, {}}}, {2, {"relu", {}, {}}}};
  std::unique_ptr<Trainer> t = make(c);
  t->weights(1) = {0, 0, 1, 0, 1, 0, -1, 0};
  t->biases(1) = {-1, 0.5f, -0.7f, -2};
  t->weights(2) = {0, 0, 0, 0, 1, 1, 1, 1};
  t->biases(2) = {-100, 1};
  const std::vector<StepReport> steps = t->epoch(d);
  ASSERT_EQ(steps.size(), 3u);  // batches of 3, 3 and 2
  ASSERT_EQ(t->epoch_dead().size(), 3u);
  EXPECT_EQ(t->epoch_dead()[0], 2.0 / 4);  // units 0 and 3; unit 2 lived on its one sample
  EXPECT_EQ(t->epoch_dead()[1], 1.0 / 2);
  EXPECT_EQ(t->epoch_dead()[2], 0.0);      // the output layer
  // The batches without sample 7 saw unit 2 inactive too: a batch's count is not the epoch's.
  int without_seven = 0;
  for (const StepReport& s : steps) without_seven += s.dead[0] == 3.0 / 4;
  EXPECT_EQ(without_seven, 2);
  const std::string json = epoch_report_json(steps, t->epoch_dead());
  EXPECT_NE(json.find("\"deadEpoch\":[0.5,0.5,0]"), std::string::npos) << json;
  // Unit 2 switched off for good: the next epoch counts it dead too; a rewind forgets the epoch.
  t->biases(1)[2] = -5;
  t->epoch(d);
  EXPECT_EQ(t->epoch_dead()[0], 3.0 / 4);
  t->rewind();
  EXPECT_TRUE(t->epoch_dead().empty());
}

TEST(Trainer, SameSeedSameBitsAnotherSeedOthers) {
  const Dataset d = blobs(30, 4, 3, 15);
  TrainConfig c = small_config("gelu");
  std::unique_ptr<Trainer> a = make(c), b = make(c);
  a->epoch(d), b->epoch(d);
  for (int l = 1; l <= a->layers(); ++l) EXPECT_EQ(a->weights(l), b->weights(l));
  c.seed = 2;
  std::unique_ptr<Trainer> other = make(c);
  EXPECT_NE(other->weights(1), make(small_config("gelu"))->weights(1));
}

TEST(Trainer, BadSettingsAreRefusedWithSettingValueAndRange) {
  const struct {
    void (*change)(TrainConfig&);
    const char* message;
  } cases[] = {
      {[](TrainConfig& c) { c.learning_rate = 0; }, "learning rate = 0 is outside the allowed range"},
      {[](TrainConfig& c) { c.learning_rate = NAN; }, "learning rate = nan is outside the allowed range"},
      {[](TrainConfig& c) { c.hidden[1].width = 0; }, "hidden layer 2 width = 0 is outside the allowed range [1, 4096]"},
      {[](TrainConfig& c) { c.hidden[0].activation.id = "swishy"; }, "hidden layer 1: unknown activation 'swishy'"},
      {[](TrainConfig& c) { c.classes = 1; }, "classes = 1 is outside the allowed range [2, 1000]"},
      {[](TrainConfig& c) { c.batch = 0; }, "batch = 0 is outside the allowed range"},
  };
  for (const auto& test : cases) {
    TrainConfig c = small_config("relu");
    test.change(c);
    std::string error;
    EXPECT_EQ(Trainer::create(c, &error), nullptr);
    EXPECT_NE(error.find(test.message), std::string::npos) << error << " | wanted: " << test.message;
  }
}

}  // namespace
}  // namespace actlab
