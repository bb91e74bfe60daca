// The simulator's random source: the bit-exact log, the polar normal
// sampler's moments, stream independence, a golden hash of its bits, and
// the draw cache giving exactly the sampler's sequence.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "actlab/draw_cache.h"
#include "actlab/random.h"

namespace actlab {
namespace {

double ulp_distance(double a, double b) {
  int64_t ia, ib;
  std::memcpy(&ia, &a, 8);
  std::memcpy(&ib, &b, 8);
  return std::fabs(static_cast<double>(ia - ib));
}

TEST(NetworkRandom, DeterministicLogIsWithinTwoUlpOfLibm) {
  Pcg32 rng(3, 0);
  double worst = 0;
  for (int i = 0; i < 200000; ++i) {
    const double x = std::ldexp(0.5 + rng.uniform01(), static_cast<int>(rng.next() % 2000) - 1000);
    worst = std::max(worst, ulp_distance(deterministic_log(x), std::log(x)));
  }
  EXPECT_LE(worst, 2.0);
  EXPECT_EQ(deterministic_log(1.0), 0.0);
  EXPECT_NEAR(deterministic_log(4.9406564584124654e-324), -744.44007192138126, 1e-12);  // smallest subnormal
  EXPECT_EQ(deterministic_log(0.0), -INFINITY);
  EXPECT_TRUE(std::isnan(deterministic_log(-1.0)));
}

TEST(NetworkRandom, NormalSamplerHasStandardMoments) {
  NormalSampler normal(11, 5);
  const int n = 400000;
  double s1 = 0, s2 = 0, s4 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = normal.next();
    s1 += x, s2 += x * x, s4 += x * x * x * x;
  }
  EXPECT_NEAR(s1 / n, 0.0, 0.01);
  EXPECT_NEAR(s2 / n, 1.0, 0.01);
  EXPECT_NEAR(s4 / n, 3.0, 0.06);
}

TEST(NetworkRandom, StreamsAndSeedsDiffer) {
  Pcg32 a(1, 1), b(1, 2), c(2, 1), a2(1, 1);
  int same_b = 0, same_c = 0;
  for (int i = 0; i < 1000; ++i) {
    const uint32_t x = a.next();
    EXPECT_EQ(x, a2.next());
    same_b += x == b.next();
    same_c += x == c.next();
  }
  EXPECT_LT(same_b, 3);
  EXPECT_LT(same_c, 3);
}

// A change here changes every simulation: update only on purpose (and the wasm check with it).
TEST(NetworkRandom, GoldenBitsOfTheNormalStream) {
  NormalSampler normal(1, 1);
  uint64_t hash = 1469598103934665603ULL;  // FNV-1a over the float bits of 10000 samples
  for (int i = 0; i < 10000; ++i) {
    const float x = static_cast<float>(normal.next());
    uint32_t bits;
    std::memcpy(&bits, &x, 4);
    for (int byte = 0; byte < 4; ++byte) hash = (hash ^ ((bits >> (8 * byte)) & 0xff)) * 1099511628211ULL;
  }
  EXPECT_EQ(hash, 0x52580282d3c4c1daULL) << std::hex << hash;
}

// The cache hands back the sampler's own sequence, whatever the order of
// requests, growing a prefix when more is asked and after evictions.
TEST(NetworkRandom, DrawCacheGivesTheSamplersSequenceThroughGrowthAndEviction) {
  auto fresh = [](uint64_t seed, uint64_t stream, DrawCache::Kind kind, size_t n) {
    NormalSampler sampler(seed, stream);
    std::vector<double> values(n);
    for (double& v : values) v = kind == DrawCache::Kind::normal ? sampler.next() : sampler.uniform_pm1();
    return values;
  };
  auto equal = [](const double* got, const std::vector<double>& want) {
    return std::memcmp(got, want.data(), want.size() * sizeof(double)) == 0;
  };
  DrawCache cache(3000 * sizeof(double));
  const auto normal = DrawCache::Kind::normal, uniform = DrawCache::Kind::uniform;
  EXPECT_TRUE(equal(cache.draws(5, 1, normal, 101), fresh(5, 1, normal, 101)));  // odd: a spare is pending
  EXPECT_TRUE(equal(cache.draws(5, 1, normal, 1000), fresh(5, 1, normal, 1000)));
  EXPECT_TRUE(equal(cache.draws(5, 1, uniform, 500), fresh(5, 1, uniform, 500)));
  EXPECT_TRUE(equal(cache.draws(5, 2, normal, 10), fresh(5, 2, normal, 10)));
  EXPECT_TRUE(equal(cache.draws(6, 1, normal, 10), fresh(6, 1, normal, 10)));
  EXPECT_EQ(cache.bytes(), (1000 + 500 + 10 + 10) * sizeof(double));
  EXPECT_TRUE(equal(cache.draws(7, 9, normal, 2500), fresh(7, 9, normal, 2500)));  // evicts the oldest
  EXPECT_LE(cache.bytes(), 3000 * sizeof(double));
  EXPECT_TRUE(equal(cache.draws(5, 1, normal, 1200), fresh(5, 1, normal, 1200)));  // redrawn after eviction
  EXPECT_TRUE(equal(cache.draws(8, 8, normal, 5000), fresh(8, 8, normal, 5000)));  // larger than the capacity
  EXPECT_EQ(cache.bytes(), 5000 * sizeof(double));
  DrawCache none(0);
  EXPECT_TRUE(equal(none.draws(5, 1, normal, 64), fresh(5, 1, normal, 64)));
}

}  // namespace
}  // namespace actlab
