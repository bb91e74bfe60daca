// The parametric kernels and their double references against an independent
// 50-digit mpmath reference at non-default parameters and in the tails
// (tests/fixtures/param_mpmath.txt, written by make_param_mpmath_fixture.py):
// the kernels must meet the catalogue's ULP bounds, and the double references
// the sweep measures against must be within 0.01 float ULP of the exact value.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "param_grid.h"
#include "reference.h"
#include "sweep.h"
#include "test_support.h"

namespace actlab {
namespace {

// One fixture line: kernel, float32 parameters and input, exact f and f' (rounded to double).
struct Point {
  int index = -1;
  std::string id, params_text, x_text;
  std::vector<float> params;
  float x = 0;
  double f = 0, df = 0;
};

// Splits s at every sep.
std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, sep);) out.push_back(item);
  return out;
}

// The catalogue index of id, or -1.
int index_of(const std::string& id) {
  for (int i = 0; i < static_cast<int>(activations().size()); ++i)
    if (id == activations()[i].id) return i;
  return -1;
}

// Every point of param_mpmath.txt, read once.
const std::vector<Point>& points() {
  static const std::vector<Point> all = [] {
    std::vector<Point> out;
    std::ifstream in(testing::source_path("tests/fixtures/param_mpmath.txt"));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols = split(line, '\t');
      if (cols.size() != 5) continue;  // counted as missing by the coverage test
      Point p;
      p.id = cols[0], p.params_text = cols[1], p.x_text = cols[2];
      p.index = index_of(p.id);
      for (const std::string& kv : split(cols[1], ','))
        p.params.push_back(std::strtof(kv.substr(kv.find('=') + 1).c_str(), nullptr));
      p.x = std::strtof(cols[2].c_str(), nullptr);
      p.f = std::strtod(cols[3].c_str(), nullptr);
      p.df = std::strtod(cols[4].c_str(), nullptr);
      out.push_back(p);
    }
    return out;
  }();
  return all;
}

// The points of catalogue entry index.
std::vector<Point> points_of(int index) {
  std::vector<Point> out;
  for (const Point& p : points())
    if (p.index == index) out.push_back(p);
  return out;
}

// Error of a double r against the exact value e, in float ULPs of e's binade (2^-149 at least).
double double_ulp_error(double r, double e) {
  if (!std::isfinite(r) || !std::isfinite(e)) return r == e ? 0.0 : INFINITY;
  const int binade = e == 0 ? -126 : std::max(std::ilogb(e), -126);
  return std::fabs(r - e) / std::ldexp(1.0, binade - 23);
}

// The largest error seen so far and where (id, params, x, ours, exact).
struct Worst {
  double error = 0;
  std::string where = "nowhere";

  // Keeps this point if its error is the largest yet (NaN counts as largest).
  void add(double e, const Point& p, double ours, double exact) {
    if (e <= error) return;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s(%s) at x = %s: got %.17g, exact %.17g", p.id.c_str(), p.params_text.c_str(),
                  p.x_text.c_str(), ours, exact);
    error = std::isnan(e) ? INFINITY : e, where = buf;
  }
};

TEST(ParamMpmath, FixtureCoversEveryParametricKernel) {
  ASSERT_GE(points().size(), 3000u) << "tests/fixtures/param_mpmath.txt missing or short";
  std::set<std::string> seen;
  for (const Point& p : points()) {
    ASSERT_GE(p.index, 0) << "unknown id " << p.id;
    ASSERT_EQ(static_cast<int>(p.params.size()), activations()[p.index].param_count) << p.id << " " << p.params_text;
    ASSERT_TRUE(check_params(activations()[p.index], p.params.data(), activations()[p.index].param_count).empty())
        << p.id << " " << p.params_text;
    seen.insert(p.id);
  }
  for (const Activation& a : activations())
    if (a.param_count > 0) {
      EXPECT_TRUE(seen.count(a.id)) << a.id;
      EXPECT_GE(points_of(index_of(a.id)).size(), 300u) << a.id;
    }
}

class AgainstMpmath : public ::testing::TestWithParam<int> {};

TEST_P(AgainstMpmath, KernelMeetsTheCatalogueBounds) {
  const Activation& a = activations()[GetParam()];
  Worst forward, derivative, derivative_abs;  // derivative_abs: crossing-zero kernels, where |f'| < 2
  for (const Point& p : points_of(GetParam())) {
    const float f = testing::run1(a, false, p.x, p.params), df = testing::run1(a, true, p.x, p.params);
    forward.add(verify::ulp_error(f, p.f), p, f, p.f);
    if (a.derivative_crosses_zero) {
      if (std::fabs(p.df) >= verify::kSignificant) derivative.add(verify::ulp_error(df, p.df), p, df, p.df);
      if (std::fabs(p.df) < verify::kCrossingAbsBelow) derivative_abs.add(std::fabs(df - p.df), p, df, p.df);
    } else {
      derivative.add(verify::ulp_error(df, p.df), p, df, p.df);
    }
  }
  std::printf("  %s: f %.3g ULP at %s\n  %s: f' %.3g ULP at %s (max abs %.3g)\n", a.id, forward.error,
              forward.where.c_str(), a.id, derivative.error, derivative.where.c_str(), derivative_abs.error);
  EXPECT_LE(forward.error, a.forward_ulp) << forward.error << " ULP, " << forward.where;
  EXPECT_LE(derivative.error, a.derivative_ulp) << "f' " << derivative.error << " ULP, " << derivative.where;
  EXPECT_LE(derivative_abs.error, verify::kCrossingAbsBound) << "f' absolute " << derivative_abs.error << ", " << derivative_abs.where;
}

TEST_P(AgainstMpmath, DoubleReferenceIsWithinAHundredthOfAnUlp) {
  const reference::Pair ref = reference::for_index(GetParam());
  const char* id = activations()[GetParam()].id;
  Worst forward, derivative;
  for (const Point& p : points_of(GetParam())) {
    double params[kMaxParams] = {};
    std::copy(p.params.begin(), p.params.end(), params);
    const double f = ref.forward(p.x, params), df = ref.derivative(p.x, params);
    forward.add(double_ulp_error(f, p.f), p, f, p.f);
    derivative.add(double_ulp_error(df, p.df), p, df, p.df);
  }
  std::printf("  %s reference: f %.3g ULP at %s\n  %s reference: f' %.3g ULP at %s\n", id, forward.error,
              forward.where.c_str(), id, derivative.error, derivative.where.c_str());
  EXPECT_LE(forward.error, 0.01) << forward.where;
  EXPECT_LE(derivative.error, 0.01) << "f' " << derivative.where;
}

INSTANTIATE_TEST_SUITE_P(ParamMpmath, AgainstMpmath, ::testing::ValuesIn(verify::parametric_kernels()),
                         [](const ::testing::TestParamInfo<int>& info) { return activations()[info.param].id; });

TEST(ParamMpmath, DoubleUlpErrorCountsFloatUlpsOfTheExactBinade) {
  EXPECT_EQ(double_ulp_error(1.0, 1.0), 0.0);
  EXPECT_DOUBLE_EQ(double_ulp_error(1.0 + std::ldexp(1.0, -25), 1.0), 0.25);
  EXPECT_DOUBLE_EQ(double_ulp_error(0.75, 0.75 + std::ldexp(1.0, -25)), 0.5);  // binade [0.5, 1): ULP 2^-24
  EXPECT_DOUBLE_EQ(double_ulp_error(std::ldexp(1.0, -150), 0.0), 0.5);          // subnormal ULP 2^-149
  EXPECT_DOUBLE_EQ(double_ulp_error(0.0, std::ldexp(1.0, -140)), 512.0);
  EXPECT_TRUE(std::isinf(double_ulp_error(NAN, 1.0)));
}

}  // namespace
}  // namespace actlab
