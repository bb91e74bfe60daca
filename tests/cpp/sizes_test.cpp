// Every kernel gives the same bits for an element whatever the array length
// (0, 1, 3, 4, 5, 7, 8, 1000003) and whether it runs in place.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "actlab/catalog.h"
#include "actlab/kernels.h"
#include "test_support.h"

namespace actlab {
namespace {

std::vector<float> random_inputs(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<float> x(n);
  for (float& v : x) {
    uint32_t r = rng();
    v = (r & 3) ? -12.0f + 24.0f * static_cast<float>(r >> 8) / 16777216.0f : 0.0f;
    if ((r & 15) == 1) std::memcpy(&v, &r, sizeof v);  // some raw bit patterns too
  }
  return x;
}

bool same_bits(float a, float b) { return std::memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b); }

class KernelSizes : public ::testing::TestWithParam<int> {};

TEST_P(KernelSizes, AnyLengthAndInPlaceGiveTheSameBits) {
  const Activation& a = activations()[GetParam()];
  float params[kMaxParams];
  default_params(a, params);
  for (bool derivative : {false, true}) {
    ElementwiseKernel kernel = derivative ? a.derivative : a.forward;
    for (size_t n : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 1000003u}) {
      std::vector<float> x = random_inputs(n, static_cast<unsigned>(n) + 17);
      std::vector<float> y(n, -7.0f), in_place = x;
      kernel(n, x.data(), y.data(), params);
      kernel(n, in_place.data(), in_place.data(), params);
      for (size_t i = 0; i < n; ++i) {
        float single;
        kernel(1, &x[i], &single, params);
        ASSERT_TRUE(same_bits(y[i], single)) << a.id << (derivative ? "'" : "") << " n=" << n << " i=" << i;
        ASSERT_TRUE(same_bits(in_place[i], y[i])) << a.id << " in place, n=" << n << " i=" << i;
      }
    }
  }
}

TEST_P(KernelSizes, ZeroLengthTouchesNothing) {
  const Activation& a = activations()[GetParam()];
  float params[kMaxParams];
  default_params(a, params);
  float guard = 123.0f;
  a.forward(0, &guard, &guard, params);
  a.derivative(0, &guard, &guard, params);
  EXPECT_EQ(guard, 123.0f);
}

INSTANTIATE_TEST_SUITE_P(EveryActivation, KernelSizes, ::testing::Range(0, static_cast<int>(activations().size())),
                         [](const ::testing::TestParamInfo<int>& info) { return activations()[info.param].id; });

TEST(PReLUChannels, UsesOneAlphaPerChannel) {
  const float x[] = {-1, -1, -1, 2, -4, 4, -4, -8};
  const float alpha[] = {0.5f, 0.25f, -1.0f, 0.0f};
  float y[8], d[8];
  prelu_channels_forward(2, 4, x, y, alpha);
  prelu_channels_derivative(2, 4, x, d, alpha);
  const float expected[] = {-0.5f, -0.25f, 1.0f, 2.0f, -2.0f, 4.0f, 4.0f, -0.0f};
  const float expected_d[] = {0.5f, 0.25f, -1.0f, 1.0f, 0.5f, 1.0f, -1.0f, 0.0f};
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(y[i], expected[i]) << i;
    EXPECT_EQ(d[i], expected_d[i]) << i;
  }
}

TEST(PReLUChannels, OneChannelMatchesSharedAlphaKernel) {
  std::vector<float> x = random_inputs(1001, 5), a(x.size()), b(x.size());
  const float alpha = 0.25f;
  prelu_channels_forward(x.size(), 1, x.data(), a.data(), &alpha);
  prelu_forward(x.size(), x.data(), b.data(), &alpha);
  for (size_t i = 0; i < x.size(); ++i) ASSERT_TRUE(same_bits(a[i], b[i])) << i;
}

}  // namespace
}  // namespace actlab
