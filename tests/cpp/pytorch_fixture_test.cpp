// The kernels against PyTorch (float64 values and autograd gradients at a few
// hundred points per function, tests/fixtures/make_pytorch_fixture.py).
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/kernels.h"
#include "sweep.h"
#include "test_support.h"
#include "text_fixture.h"

namespace actlab {
namespace {

using testing::close;
using testing::fixture_rows;
using testing::split;

TEST(PyTorchFixture, ElementwiseValuesAndGradientsMatch) {
  auto rows = fixture_rows("pytorch_elementwise.txt");
  ASSERT_GT(rows.size(), 10000u);
  std::set<std::string> seen;
  int failures = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 5u);
    const Activation* a = find_activation(row[0]);
    ASSERT_NE(a, nullptr) << row[0];
    seen.insert(row[0]);
    std::vector<float> params;
    if (row[1] != "-")
      for (const std::string& kv : split(row[1], ',')) params.push_back(std::stof(kv.substr(kv.find('=') + 1)));
    const float x = std::strtof(row[2].c_str(), nullptr);
    const double f = std::strtod(row[3].c_str(), nullptr), df = std::strtod(row[4].c_str(), nullptr);
    const float ours_f = testing::run1(*a, false, x, params), ours_df = testing::run1(*a, true, x, params);
    // Within ~5 float ULPs, plus 4e-16 absolute because PyTorch's own float64
    // formulas are only that good (tanh' = 1 - tanh^2, elu = exp(x) - 1);
    // zero-crossing derivatives within their 2e-7 absolute bound.
    bool ok = close(ours_f, f, 3e-7, 4e-16) && close(ours_df, df, 3e-7, a->derivative_crosses_zero ? 2e-7 : 4e-16);
    if (!ok && ++failures <= 20)
      ADD_FAILURE() << row[0] << "(" << row[1] << ") at x = " << row[2] << ": f " << ours_f << " vs " << f << ", f' "
                    << ours_df << " vs " << df;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(seen.size(), activations().size()) << "fixture must cover every activation";
}

std::vector<float> floats(const std::string& csv) {
  std::vector<float> v;
  for (const std::string& s : split(csv, ',')) v.push_back(std::strtof(s.c_str(), nullptr));
  return v;
}
std::vector<double> doubles(const std::string& csv) {
  std::vector<double> v;
  for (const std::string& s : split(csv, ',')) v.push_back(std::strtod(s.c_str(), nullptr));
  return v;
}

TEST(PyTorchFixture, SoftmaxSoftminAndLogSoftmaxRowsAndTheirVectorJacobianProductsMatch) {
  auto rows = fixture_rows("pytorch_rows.txt");
  ASSERT_GT(rows.size(), 50u);
  for (const auto& row : rows) {
    const bool log = row[0] == "log_softmax", min = row[0] == "softmin";
    std::vector<float> x = floats(row[1]), dy = floats(row[2]);
    std::vector<double> y_ref = doubles(row[3]), dx_ref = doubles(row[4]);
    const size_t n = x.size();
    std::vector<float> y(n), dx(n);
    (log ? log_softmax_rows : min ? softmin_rows : softmax_rows)(1, n, x.data(), y.data());
    (log ? log_softmax_rows_backward : min ? softmin_rows_backward : softmax_rows_backward)(1, n, y.data(), dy.data(), dx.data());
    double sum = 0, dx_scale = 1;
    for (double v : dx_ref) dx_scale = std::max(dx_scale, std::fabs(v));
    for (size_t i = 0; i < n; ++i) {
      if (log) {
        EXPECT_NEAR(y[i], y_ref[i], 1e-6 * std::max(1.0, std::fabs(y_ref[i]))) << row[0] << " n=" << n << " i=" << i;
      } else {
        sum += y[i];
        if (y_ref[i] >= 1e-30) EXPECT_NEAR(y[i] / y_ref[i], 1.0, 1e-6) << row[0] << " n=" << n << " i=" << i;
        else EXPECT_NEAR(y[i], y_ref[i], 1e-36);
      }
      EXPECT_NEAR(dx[i], dx_ref[i], 1e-6 * dx_scale) << row[0] << " backward n=" << n << " i=" << i;
    }
    if (!log) EXPECT_NEAR(sum, 1.0, 1e-6) << row[0] << " row of " << n;
  }
}

}  // namespace
}  // namespace actlab
