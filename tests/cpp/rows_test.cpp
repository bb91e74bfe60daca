// Softmax, log-softmax and maxout: row handling, stability, routing.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "actlab/kernels.h"

namespace actlab {
namespace {

TEST(Softmax, RowOfOneIsOne) {
  float x = -123.0f, y = 0.0f, l = 7.0f;
  softmax_rows(1, 1, &x, &y);
  log_softmax_rows(1, 1, &x, &l);
  EXPECT_EQ(y, 1.0f);
  EXPECT_EQ(l, 0.0f);
}

TEST(Softmax, EachRowSumsToOneAndIsShiftInvariant) {
  const size_t rows = 3, cols = 1001;
  std::vector<float> x(rows * cols), shifted(x.size()), y(x.size()), z(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(std::sin(0.37 * i) * 30.0);
    shifted[i] = x[i] + 1024.0f;  // exact in float for these magnitudes? not always: compare loosely
  }
  softmax_rows(rows, cols, x.data(), y.data());
  softmax_rows(rows, cols, shifted.data(), z.data());
  for (size_t r = 0; r < rows; ++r) {
    double sum = 0;
    for (size_t j = 0; j < cols; ++j) sum += y[r * cols + j];
    EXPECT_NEAR(sum, 1.0, 1e-6) << "row " << r;
  }
  for (size_t i = 0; i < x.size(); ++i) EXPECT_NEAR(z[i], y[i], 1e-3 * y[i] + 1e-30) << i;
}

TEST(Softmax, HugeInputsDoNotOverflow) {
  std::vector<float> x = {1e30f, 1e30f, -1e30f}, y(3);
  softmax_rows(1, 3, x.data(), y.data());
  EXPECT_FLOAT_EQ(y[0], 0.5f);
  EXPECT_FLOAT_EQ(y[1], 0.5f);
  EXPECT_EQ(y[2], 0.0f);
}

TEST(Softmax, NaNPoisonsItsRowOnly) {
  std::vector<float> x = {1, NAN, 2, 1, 2, 3}, y(6);
  softmax_rows(2, 3, x.data(), y.data());
  for (int j = 0; j < 3; ++j) EXPECT_TRUE(std::isnan(y[j]));
  for (int j = 3; j < 6; ++j) EXPECT_FALSE(std::isnan(y[j]));
}

// softmax_rows takes cheaper exp paths for rows with max - min <= 80
// (Fast2Sum where its exponent condition holds, TwoSum otherwise) and must
// give the general path's bits. Appending max - 200 to a row forces the
// general path without changing anything else: its term is exactly 0 (exp of
// a clamped argument), added last, and the other terms keep their groups
// (the row length is a multiple of 4).
TEST(Softmax, NarrowRowPathsGiveTheGeneralPathsBits) {
  std::mt19937 rng(2026);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  struct Kind {
    float max, width;
  };
  // m <= 0 (Fast2Sum(v, -m)); m > 0 with -min < 2^(e_m + 1) (Fast2Sum(-m, v));
  // m > 0 with a wider min (TwoSum); a range of exactly 80; tiny values.
  const Kind kinds[] = {{-3.0f, 70.0f}, {0.0f, 80.0f}, {-60.0f, 20.0f}, {9.9f, 19.8f}, {1.5f, 3.4f},
                        {0.75f, 40.0f}, {30.0f, 80.0f}, {1e-20f, 3e-20f}, {5.0f, 1e-6f}};
  for (const Kind& kind : kinds) {
    for (size_t cols : {4u, 16u, 20u, 1000u}) {
      std::vector<float> x(cols + 1), y(cols + 1), z(cols + 1);
      for (size_t j = 0; j < cols; ++j) x[j] = kind.max - kind.width * unit(rng);
      x[0] = kind.max;
      if (cols > 1) x[1] = kind.max - kind.width;
      float m = x[0];
      for (size_t j = 0; j < cols; ++j) m = x[j] > m ? x[j] : m;
      x[cols] = m - 200.0f;
      softmax_rows(1, cols, x.data(), y.data());
      softmax_rows(1, cols + 1, x.data(), z.data());
      EXPECT_EQ(z[cols], 0.0f);
      for (size_t j = 0; j < cols; ++j) {
        uint32_t a, b;
        std::memcpy(&a, &y[j], sizeof a);
        std::memcpy(&b, &z[j], sizeof b);
        ASSERT_EQ(a, b) << "max " << kind.max << " width " << kind.width << " cols " << cols << " j " << j;
      }
    }
  }
}

// softmax_rows finds each next row's max and min in the loop that scales
// the current row. Every row must still get the bits it gets alone, in place
// or not, whatever the rows around it: rows that take each exp path in turn
// (narrow with m <= 0, narrow with m > 0, wider than 80, a NaN, an inf),
// at lengths below 8, at multiples of 8 and between.
TEST(Softmax, EveryRowOfManyGetsItsOwnBits) {
  std::mt19937 rng(20261204);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  const float centres[] = {-3.0f, 9.9f, 500.0f, -1e30f, 1e-20f, 0.0f};
  const float widths[] = {70.0f, 19.8f, 3000.0f, 1e30f, 3e-20f, 0.0f};
  for (size_t cols : {1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 100u, 1000u, 1001u}) {
    const size_t rows = 9;
    std::vector<float> x(rows * cols);
    for (size_t r = 0; r < rows; ++r)
      for (size_t j = 0; j < cols; ++j) x[r * cols + j] = centres[r % 6] - widths[r % 6] * unit(rng);
    x[6 * cols + cols / 2] = NAN;       // row 6
    x[7 * cols + cols - 1] = INFINITY;  // row 7
    std::vector<float> together(x.size()), alone(x.size()), in_place = x;
    softmax_rows(rows, cols, x.data(), together.data());
    softmax_rows(rows, cols, in_place.data(), in_place.data());
    for (size_t r = 0; r < rows; ++r) softmax_rows(1, cols, x.data() + r * cols, alone.data() + r * cols);
    for (size_t i = 0; i < x.size(); ++i) {
      uint32_t a, b, c;
      std::memcpy(&a, &alone[i], sizeof a);
      std::memcpy(&b, &together[i], sizeof b);
      std::memcpy(&c, &in_place[i], sizeof c);
      ASSERT_EQ(a, b) << "cols " << cols << " row " << i / cols << " j " << i % cols;
      ASSERT_EQ(a, c) << "in place: cols " << cols << " row " << i / cols << " j " << i % cols;
    }
  }
}

TEST(LogSoftmax, EqualsLogOfSoftmax) {
  std::vector<float> x = {0.5f, -3.0f, 7.0f, 2.0f, 2.0f}, y(5), l(5);
  softmax_rows(1, 5, x.data(), y.data());
  log_softmax_rows(1, 5, x.data(), l.data());
  for (int i = 0; i < 5; ++i) EXPECT_NEAR(l[i], std::log(y[i]), 2e-6);
}

TEST(LogSoftmax, KeepsPrecisionWhereSoftmaxUnderflows) {
  std::vector<float> x = {0.0f, -200.0f}, l(2);
  log_softmax_rows(1, 2, x.data(), l.data());
  EXPECT_FLOAT_EQ(l[1], -200.0f);
}

// dx_i against d/dx_i of sum_j dy_j weights(x)_j by central differences in double,
// where weights(x) = exp(sign * x) / sum exp(sign * x): softmax (sign 1) or softmin (-1).
void expect_central_differences(const std::vector<float>& x, const std::vector<float>& dy, const std::vector<float>& dx,
                                double sign) {
  for (size_t i = 0; i < x.size(); ++i) {
    auto loss = [&](double h) {
      std::vector<double> u(x.begin(), x.end());
      u[i] += h;
      double m = -1e300, s = 0, out = 0;
      for (double& v : u) m = std::max(m, v *= sign);
      for (double v : u) s += std::exp(v - m);
      for (size_t j = 0; j < u.size(); ++j) out += dy[j] * std::exp(u[j] - m) / s;
      return out;
    };
    EXPECT_NEAR(dx[i], (loss(1e-6) - loss(-1e-6)) / 2e-6, 1e-5) << i;
  }
}

TEST(SoftmaxBackward, MatchesFiniteDifferences) {
  std::vector<float> x = {0.3f, -1.2f, 2.0f, 0.7f}, dy = {0.5f, -1.0f, 0.25f, 2.0f}, y(4), dx(4);
  softmax_rows(1, 4, x.data(), y.data());
  softmax_rows_backward(1, 4, y.data(), dy.data(), dx.data());
  expect_central_differences(x, dy, dx, 1.0);
}

TEST(Softmin, IsSoftmaxOfTheNegatedRowBitForBitInPlaceOrNot) {
  const size_t cols = 37;
  std::vector<float> x(3 * cols), negated(x.size()), y(x.size()), z(x.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::ldexp(static_cast<float>(i % 11) - 5.5f, static_cast<int>(i % 7)) + 1e-3f * i;
  for (size_t i = 0; i < x.size(); ++i) negated[i] = -x[i];
  softmin_rows(3, cols, x.data(), y.data());
  softmax_rows(3, cols, negated.data(), z.data());
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(y[i], z[i]) << i;
  std::vector<float> in_place = x;
  softmin_rows(3, cols, in_place.data(), in_place.data());
  for (size_t i = 0; i < x.size(); ++i) EXPECT_EQ(in_place[i], y[i]) << i;
  // The smallest input gets the largest weight: softmin(1, 2, 3) = (e^2, e, 1) / (e^2 + e + 1).
  std::vector<float> small = {1, 2, 3}, w(3);
  softmin_rows(1, 3, small.data(), w.data());
  const double s = std::exp(2.0) + std::exp(1.0) + 1.0;
  EXPECT_NEAR(w[0], std::exp(2.0) / s, 1e-7);
  EXPECT_NEAR(w[2], 1.0 / s, 1e-7);
}

TEST(SoftminBackward, MatchesFiniteDifferences) {
  std::vector<float> x = {0.3f, -1.2f, 2.0f, 0.7f}, dy = {0.5f, -1.0f, 0.25f, 2.0f}, y(4), dx(4);
  softmin_rows(1, 4, x.data(), y.data());
  softmin_rows_backward(1, 4, y.data(), dy.data(), dx.data());
  expect_central_differences(x, dy, dx, -1.0);
}

TEST(Maxout, TakesTheMaxOfEachGroupAndRoutesToTheFirstArgMax) {
  std::vector<float> x = {1, 3, 3, 2, -5, -4, -6, -4}, y(2), dy = {10, 20}, dx(8);
  maxout_forward(2, 4, x.data(), y.data());
  maxout_backward(2, 4, x.data(), dy.data(), dx.data());
  EXPECT_EQ(y[0], 3.0f);
  EXPECT_EQ(y[1], -4.0f);
  const float expected[] = {0, 10, 0, 0, 0, 20, 0, 0};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(dx[i], expected[i]) << i;
}

TEST(Maxout, NaNInAGroupGivesNaN) {
  std::vector<float> x = {1, NAN, 2, 0, 1, 2}, y(2);
  maxout_forward(2, 3, x.data(), y.data());
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_EQ(y[1], 2.0f);
}

TEST(Maxout, OnePieceIsIdentity) {
  std::vector<float> x = {1, -2, 3}, y(3);
  maxout_forward(3, 1, x.data(), y.data());
  EXPECT_EQ(y, x);
}

}  // namespace
}  // namespace actlab
