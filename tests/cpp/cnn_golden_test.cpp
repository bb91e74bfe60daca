// A small CNN (both paddings, maxpool, SELU, AlphaDropout, GELU, Dropout) trained one epoch on the
// 8x8 digits: the native build reproduces the committed report, evaluation and a hash of every
// test prediction's bits (tests/golden/cnn_trainer.json); tests/js/trainer-wasm.test.js checks
// that the SIMD and the scalar wasm builds reproduce the same file.
// ACTLAB_WRITE_GOLDEN=1 rewrites the file instead (after a deliberate change of the bits).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "actlab/trainer.h"
#include "dataset_file.h"
#include "test_support.h"

namespace actlab {
namespace {

// The config, as the JS test reads it from the golden file.
constexpr const char* kConfig =
    R"({"inputShape":[1,8,8],"classes":10,"layers":[{"conv2d":{"filters":4,"kernel":3,"padding":"same"}},{"act":"relu"},)"
    R"({"conv2d":{"filters":6,"kernel":3}},{"act":"selu"},{"maxpool":2},{"alphadropout":0.1},{"flatten":true},)"
    R"({"dense":16},{"act":"gelu"},{"dropout":0.2}],"optimizer":"adam","learningRate":0.01,"clipValue":0.5,"batch":32,"seed":7,"init":"lecun_normal"})";

// FNV-1a over the bits of n floats.
std::string fnv1a(const float* x, size_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &x[i], 4);
    for (int b = 0; b < 4; ++b) h = (h ^ ((bits >> (8 * b)) & 0xff)) * 0x100000001b3ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

TEST(CnnGolden, NativeBuildReproducesTheCommittedBitsOfAnEpochAndItsPredictions) {
  std::string error;
  const testing::DatasetFile digits = testing::read_dataset_file(testing::source_path("web/data/digits-8x8.bin.gz"), &error);
  ASSERT_EQ(error, "");
  TrainConfig config;
  ASSERT_EQ(parse_train_config_json(kConfig, &config), "");
  std::unique_ptr<Trainer> t = Trainer::create(config, &error);
  ASSERT_NE(t, nullptr) << error;
  const std::string epoch = epoch_report_json(t->epoch(digits.train), t->epoch_dead(), t->block_names());
  const std::string evaluation = evaluation_json(t->evaluate(digits.test));
  std::vector<float> p(digits.test.size() * 10);
  t->predict(digits.test.x.data(), digits.test.size(), p.data());
  const std::string golden = std::string("{\"config\":") + kConfig + ",\"epoch\":" + epoch + ",\"testEvaluation\":" + evaluation +
                             ",\"testPredictionsFnv1a\":\"" + fnv1a(p.data(), p.size()) + "\"}\n";
  const std::string path = testing::source_path("tests/golden/cnn_trainer.json");
  if (std::getenv("ACTLAB_WRITE_GOLDEN")) std::ofstream(path) << golden;
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << "run with ACTLAB_WRITE_GOLDEN=1 to create " << path;
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(golden, committed.str());
}

}  // namespace
}  // namespace actlab
