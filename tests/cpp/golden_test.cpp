// The native build reproduces the committed golden hashes, which the wasm
// builds are checked against in tests/js: same bits on every target.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "golden.h"
#include "test_support.h"

namespace actlab {
namespace {

TEST(GoldenHashes, NativeBuildMatchesCommittedHashes) {
  std::ifstream in(testing::source_path("tests/golden/kernels.json"));
  ASSERT_TRUE(in.good()) << "run ./build.sh golden to create tests/golden/kernels.json";
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(verify::golden_json(), committed.str())
      << "kernel output bits changed; if intended, regenerate with ./build.sh golden and commit";
}

TEST(GoldenHashes, HashSeesEveryBitAndCanonicalisesNaN) {
  float a[] = {1.0f, 2.0f}, b[] = {1.0f, std::nextafter(2.0f, 3.0f)};
  EXPECT_NE(verify::golden_hash(a, 2), verify::golden_hash(b, 2));
  float n1 = std::numeric_limits<float>::quiet_NaN(), n2 = -n1;
  EXPECT_EQ(verify::golden_hash(&n1, 1), verify::golden_hash(&n2, 1));
}

}  // namespace
}  // namespace actlab
