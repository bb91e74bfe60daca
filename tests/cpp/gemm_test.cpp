// The blocked GEMM: the same bits as a naive k-ordered float loop, close to
// a double loop, for shapes that cross every block and tile edge.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "actlab/gemm.h"
#include "actlab/random.h"

namespace actlab {
namespace {

std::vector<float> random_matrix(size_t count, uint64_t stream) {
  NormalSampler normal(7, stream);
  std::vector<float> m(count);
  for (float& x : m) x = static_cast<float>(normal.next());
  return m;
}

// C = A * B with A(i, p) = a[i * ar + p * ac], B(p, j) = b[p * br + j * bc]: the
// naive float loop (summed in k order from +0) and the double loop.
void naive(size_t m, size_t n, size_t k, const float* a, size_t ar, size_t ac, const float* b, size_t br, size_t bc,
           std::vector<float>* c_float, std::vector<double>* c_double) {
  c_float->assign(m * n, 0.0f);
  c_double->assign(m * n, 0.0);
  for (size_t i = 0; i < m; ++i)
    for (size_t j = 0; j < n; ++j) {
      float s = 0.0f;
      double d = 0.0;
      for (size_t p = 0; p < k; ++p) {
        s += a[i * ar + p * ac] * b[p * br + j * bc];
        d += static_cast<double>(a[i * ar + p * ac]) * b[p * br + j * bc];
      }
      (*c_float)[i * n + j] = s;
      (*c_double)[i * n + j] = d;
    }
}

struct Shape {
  size_t m, n, k;
};
// Tiles are 4 x 8, blocks 64 (m) x 512 (n) x 256 (k): these shapes hit every edge.
const Shape kShapes[] = {{1, 1, 1}, {4, 8, 1}, {5, 7, 3}, {3, 9, 257}, {67, 130, 300}, {130, 530, 9}, {64, 512, 256},
                         {1, 600, 70}, {70, 1, 513}};

enum class Variant { nn, tn, nt };

void check(Variant variant, const Shape& s) {
  const std::vector<float> a = random_matrix(s.m * s.k, 1), b = random_matrix(s.k * s.n, 2);
  std::vector<float> c(s.m * s.n, NAN), expected;
  std::vector<double> exact;
  switch (variant) {
    case Variant::nn:  // A m x k, B k x n
      gemm_nn(s.m, s.n, s.k, a.data(), b.data(), c.data());
      naive(s.m, s.n, s.k, a.data(), s.k, 1, b.data(), s.n, 1, &expected, &exact);
      break;
    case Variant::tn:  // A stored k x m
      gemm_tn(s.m, s.n, s.k, a.data(), b.data(), c.data());
      naive(s.m, s.n, s.k, a.data(), 1, s.m, b.data(), s.n, 1, &expected, &exact);
      break;
    case Variant::nt:  // B stored n x k
      gemm_nt(s.m, s.n, s.k, a.data(), b.data(), c.data());
      naive(s.m, s.n, s.k, a.data(), s.k, 1, b.data(), 1, s.k, &expected, &exact);
      break;
  }
  for (size_t i = 0; i < c.size(); ++i) {
    ASSERT_EQ(std::memcmp(&c[i], &expected[i], sizeof(float)), 0)
        << "element " << i << " of " << s.m << "x" << s.n << "x" << s.k << ": " << c[i] << " vs " << expected[i];
    ASSERT_NEAR(c[i], exact[i], 1e-5 * s.k + 1e-6) << i;
  }
}

TEST(Gemm, NNMatchesTheNaiveFloatLoopBitForBit) {
  for (const Shape& s : kShapes) check(Variant::nn, s);
}
TEST(Gemm, TNMatchesTheNaiveFloatLoopBitForBit) {
  for (const Shape& s : kShapes) check(Variant::tn, s);
}
TEST(Gemm, NTMatchesTheNaiveFloatLoopBitForBit) {
  for (const Shape& s : kShapes) check(Variant::nt, s);
}

TEST(Gemm, EmptyInnerDimensionGivesZeros) {
  std::vector<float> c(6, 5.0f);
  gemm_nn(2, 3, 0, nullptr, nullptr, c.data());
  for (float v : c) EXPECT_EQ(v, 0.0f);
}

TEST(Gemm, StridedWritesOnlyItsBlockOfC) {
  const std::vector<float> a = random_matrix(5 * 6, 3), b = random_matrix(6 * 7, 4);
  std::vector<float> c(5 * 10, -1.0f), expected;
  std::vector<double> exact;
  gemm_strided(5, 7, 6, a.data(), 6, 1, b.data(), 7, 1, c.data(), 10);
  naive(5, 7, 6, a.data(), 6, 1, b.data(), 7, 1, &expected, &exact);
  for (size_t i = 0; i < 5; ++i)
    for (size_t j = 0; j < 10; ++j) EXPECT_EQ(c[i * 10 + j], j < 7 ? expected[i * 7 + j] : -1.0f) << i << "," << j;
}

}  // namespace
}  // namespace actlab
