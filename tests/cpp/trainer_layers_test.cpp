// The trainer with a layer spec: what it refuses (and how it says so), that a
// dense spec is the MLP of `hidden` bit for bit, and that dropout only acts
// while training.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>

#include "actlab/random.h"
#include "actlab/trainer.h"
#include "blob_data.h"

namespace actlab {
namespace {

// The message parse_train_config_json gives for json, or "" when it is accepted.
std::string refusal(const std::string& json) {
  TrainConfig config;
  return parse_train_config_json(json, &config);
}

TEST(TrainerLayers, RefusesBadLayerSpecsNamingTheLayerTheSettingAndTheAllowedRange) {
  EXPECT_EQ(refusal(R"({"inputShape":[1,4,4],"layers":[{"conv2d":{"filters":2,"kernel":5}}]})"),
            "layer 1 (conv2d 2 5x5 valid): kernel = 5 is larger than the 4 x 4 input (allowed [1, 4])");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"layers":[{"act":"relu"},{"conv2d":{"filters":0,"kernel":3}}]})"),
            "layer 2 (conv2d 0 3x3 valid): filters = 0 is outside the allowed range [1, 1024]");
  EXPECT_EQ(refusal(R"({"inputShape":[1,28,28],"layers":[{"conv2d":{"filters":4,"kernel":3}},{"maxpool":4}]})"),
            "layer 2 (maxpool 4): pool = 4 does not divide the 26 x 26 input (allowed: 1, 2, 13, 26)");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"layers":[{"dropout":1}]})"), "layer 1 (dropout 1): rate = 1 is outside the allowed range [0, 1)");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"layers":[{"alphadropout":-0.1}]})"),
            "layer 1 (alphadropout -0.1): rate = -0.1 is outside the allowed range [0, 1)");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"layers":[{"conv2d":{"filters":2,"kernel":2,"padding":"same"}}]})"),
            "layer 1 (conv2d 2 2x2 same): kernel = 2 must be odd with 'same' padding (allowed: 1, 3, 5, ...)");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"layers":[{"act":"nope"}]})").rfind("layer 1 (nope): unknown activation 'nope' (known: ", 0), 0u);
  EXPECT_EQ(refusal(R"({"layers":[{"conv3d":{}}]})"),
            "layers[0]: unknown layer 'conv3d' (allowed: dense, conv2d, maxpool, flatten, act, gated, dropout, alphadropout)");
  EXPECT_EQ(refusal(R"({"layers":[{"dense":4,"act":"relu"}]})"),
            "layers[0] must be an object with one key (dense, conv2d, maxpool, flatten, act, gated, dropout, alphadropout)");
  EXPECT_EQ(refusal(R"({"layers":[{"conv2d":{"filters":2}}]})"), "layers[0].conv2d needs \"filters\" and \"kernel\"");
  EXPECT_EQ(refusal(R"({"layers":[{"flatten":false}]})"), "layers[0].flatten must be true");
  EXPECT_EQ(refusal(R"({"inputShape":[1,8,8],"inputWidth":60})"), "input width = 60 does not match the input shape 1 x 8 x 8 = 64");
  EXPECT_EQ(refusal(R"({"hidden":[{"width":4}],"layers":[{"dense":4}]})"), "hidden and layers are two ways to give the body; give one of them");
  EXPECT_EQ(refusal(R"({"inputShape":[1,28,28],"layers":[{"conv2d":{"filters":32,"kernel":3}},{"act":"relu"},{"maxpool":2},{"dropout":0.25},{"flatten":true},{"dense":128},{"act":{"id":"leaky_relu","params":[0.2]}},{"alphadropout":0.5}]})"),
            "");
}

TEST(TrainerLayers, RefusesANetworkWhoseBuffersPassTheMemoryBudgetUpFrontSayingWhatToLower) {
  TrainConfig c;
  ASSERT_EQ(parse_train_config_json(R"({"inputShape":[1,28,28],"classes":10,"batch":2048,"layers":[{"conv2d":{"filters":32,"kernel":3}},)"
                                    R"({"act":"relu"},{"conv2d":{"filters":64,"kernel":3}},{"act":"relu"},{"maxpool":2},{"flatten":true},{"dense":128}]})",
                                    &c),
            "");
  const double mib = training_bytes(c) / (1024.0 * 1024.0);
  EXPECT_GT(mib, 512);
  std::string error;
  EXPECT_EQ(Trainer::create(c, &error), nullptr);
  EXPECT_NE(error.find("training needs about " + std::to_string(static_cast<int>(std::ceil(mib))) + " MiB of buffers, more than the budget of 512 MiB"), std::string::npos) << error;
  EXPECT_NE(error.find("lower batch (2048)"), std::string::npos) << error;
  c.batch = 128;  // the notes' batch fits
  EXPECT_LT(training_bytes(c) / (1024.0 * 1024.0), 512);
  EXPECT_NE(Trainer::create(c, &error), nullptr) << error;
}

using testing::blobs;

TEST(TrainerLayers, ADenseLayerSpecIsTheHiddenLayersMlpBitForBit) {
  const Dataset d = blobs(90, 6, 3, 4);
  TrainConfig mlp, spec;
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":6,"classes":3,"hidden":[{"width":9,"activation":"prelu"},{"width":5,"activation":"gelu"}],"optimizer":"adam","batch":16,"seed":3})", &mlp), "");
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":6,"classes":3,"layers":[{"dense":9},{"act":"prelu"},{"dense":{"units":5}},{"act":"gelu"}],"optimizer":"adam","batch":16,"seed":3})", &spec), "");
  std::string error;
  std::unique_ptr<Trainer> a = Trainer::create(mlp, &error), b = Trainer::create(spec, &error);
  ASSERT_TRUE(a && b) << error;
  for (int e = 0; e < 3; ++e) EXPECT_EQ(epoch_report_json(a->epoch(d), a->epoch_dead()), epoch_report_json(b->epoch(d), b->epoch_dead()));
  for (int l = 1; l <= a->layers(); ++l) EXPECT_EQ(a->weights(l), b->weights(l)) << "W_" << l;
  EXPECT_EQ(a->alphas(1), b->alphas(1));
  EXPECT_EQ(b->block_names(), (std::vector<std::string>{"dense 9", "dense 5", "output"}));
}

TEST(TrainerLayers, DropoutDrawsANewMaskEveryStepAndLeavesEvaluationsAlone) {
  const Dataset d = blobs(64, 8, 2, 5);
  TrainConfig c;
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":8,"classes":2,"layers":[{"dense":16},{"act":"relu"},{"dropout":0.5}],"batch":64,"seed":9})", &c), "");
  std::string error;
  std::unique_ptr<Trainer> t = Trainer::create(c, &error);
  ASSERT_NE(t, nullptr) << error;
  const Evaluation before = t->evaluate(d), again = t->evaluate(d);
  EXPECT_EQ(before.loss, again.loss);  // no mask in evaluation: the same loss every time
  std::vector<size_t> all(64);
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  const double loss1 = t->compute_gradients(d, all.data(), all.size());
  const std::vector<uint8_t> mask1 = t->dropout_keep(2);
  EXPECT_EQ(t->compute_gradients(d, all.data(), all.size()), loss1);  // same step number: the same mask
  t->step(d, all.data(), all.size());
  t->compute_gradients(d, all.data(), all.size());
  const std::vector<uint8_t> mask2 = t->dropout_keep(2);
  ASSERT_EQ(mask1.size(), 16u * 64u);
  EXPECT_NE(mask1, mask2);  // the next step draws a new one
  size_t kept = 0;
  for (uint8_t k : mask1) kept += k;
  EXPECT_NEAR(static_cast<double>(kept) / mask1.size(), 0.5, 4 * 0.5 / 32);  // 4 sigma of 1024 draws
  std::vector<uint8_t> expected(mask1.size());
  dropout_mask(0.5, 9, 1, 2, expected.size(), expected.data());
  EXPECT_EQ(mask1, expected);
}

TEST(TrainerLayers, RReLUTrainsOnRandomSlopesAndEvaluatesWithTheMeanSlope) {
  const Dataset d = blobs(64, 8, 2, 6);
  TrainConfig c;
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":8,"classes":2,"layers":[{"dense":16},{"act":{"id":"rrelu","params":[0.05,0.45]}}],"batch":64,"seed":4,"optimizer":"adam"})", &c), "");
  std::string error;
  std::unique_ptr<Trainer> t = Trainer::create(c, &error), u = Trainer::create(c, &error);
  ASSERT_TRUE(t && u) << error;
  std::vector<size_t> all(64);
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  // The training loss (random slopes) differs from the evaluation loss (slope 0.25) of the same weights.
  const double training_loss = t->compute_gradients(d, all.data(), all.size());
  EXPECT_NE(training_loss, t->evaluate(d).loss);
  EXPECT_EQ(u->compute_gradients(d, all.data(), all.size()), training_loss);  // same seed and step, same slopes
  const double first = t->evaluate(d).loss;
  for (int e = 0; e < 30; ++e) t->step(d, all.data(), all.size());
  EXPECT_LT(t->evaluate(d).loss, 0.5 * first);
}

TEST(TrainerLayers, AGatedHiddenLayerIsADenseLayerOfTwiceTheWidthThenTheGateBitForBit) {
  const Dataset d = blobs(90, 6, 3, 5);
  TrainConfig mlp, spec;
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":6,"classes":3,"hidden":[{"width":5,"activation":"swiglu"}],"optimizer":"adam","batch":16,"seed":3})", &mlp), "");
  ASSERT_EQ(parse_train_config_json(R"({"inputWidth":6,"classes":3,"layers":[{"dense":10},{"gated":"swiglu"}],"optimizer":"adam","batch":16,"seed":3})", &spec), "");
  std::string error;
  std::unique_ptr<Trainer> a = Trainer::create(mlp, &error), b = Trainer::create(spec, &error);
  ASSERT_TRUE(a && b) << error;
  EXPECT_EQ(a->weights(1).size(), 60u);  // 10 x 6: the value and the gate projections
  EXPECT_EQ(a->weights(2).size(), 15u);  // 3 x 5: the gate halved the width
  for (int e = 0; e < 3; ++e) EXPECT_EQ(epoch_report_json(a->epoch(d), a->epoch_dead()), epoch_report_json(b->epoch(d), b->epoch_dead()));
  for (int l = 1; l <= a->layers(); ++l) EXPECT_EQ(a->weights(l), b->weights(l)) << "W_" << l;
}

TEST(TrainerLayers, EveryGatedUnitTrainsAndReGLUReportsUnitsWhoseGateNeverOpens) {
  const Dataset d = blobs(64, 8, 2, 7);
  std::vector<size_t> all(64);
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  for (const char* id : {"glu", "reglu", "geglu", "swiglu"}) {
    SCOPED_TRACE(id);
    TrainConfig c;
    ASSERT_EQ(parse_train_config_json(std::string(R"({"inputWidth":8,"classes":2,"hidden":[{"width":12,"activation":")") + id +
                                          R"("}],"batch":64,"seed":4,"optimizer":"adam"})", &c), "");
    std::string error;
    std::unique_ptr<Trainer> t = Trainer::create(c, &error);
    ASSERT_TRUE(t) << error;
    const double first = t->evaluate(d).loss;
    for (int e = 0; e < 30; ++e) t->step(d, all.data(), all.size());
    EXPECT_LT(t->evaluate(d).loss, 0.5 * first);
  }
  // A bias of -100 on every unit shuts every ReGLU gate: all 12 units are dead, and none of GLU's.
  for (const auto& [id, dead] : {std::pair{"reglu", 1.0}, std::pair{"glu", 0.0}}) {
    TrainConfig c;
    ASSERT_EQ(parse_train_config_json(std::string(R"({"inputWidth":8,"classes":2,"hidden":[{"width":12,"activation":")") + id +
                                          R"("}],"batch":64,"seed":4,"bias":-100})", &c), "");
    std::string error;
    std::unique_ptr<Trainer> t = Trainer::create(c, &error);
    t->epoch(d);
    EXPECT_EQ(t->epoch_dead()[0], dead) << id;
  }
}

TEST(TrainerLayers, RefusesAGatedUnitItCannotApply) {
  EXPECT_NE(refusal(R"({"inputWidth":4,"classes":2,"layers":[{"dense":5},{"gated":"swiglu"}]})").find("layer 2 (swiglu): its input has 5 features"), std::string::npos);
  EXPECT_NE(refusal(R"({"inputWidth":4,"classes":2,"layers":[{"gated":"swish"}]})").find("unknown gated unit 'swish' (known: glu, reglu, geglu, swiglu)"), std::string::npos);
  EXPECT_NE(refusal(R"({"inputWidth":4,"classes":2,"hidden":[{"width":3,"activation":{"id":"glu","params":[1]}}]})").find("hidden layer 1: the gated unit glu takes no params"), std::string::npos);
}

}  // namespace
}  // namespace actlab
