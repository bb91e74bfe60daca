// xIELU crosses zero below eps wherever alpha_n > beta, and next to that
// zero its two terms cancel: a double evaluation is off by tens of thousands
// of ULPs there, so the kernel redoes such lanes in double-double. Every
// float in a window of 400 around the zero, at a few hundred parameter
// settings (zeros from -2e-6 to -1e5), must meet the forward bound against
// the reference (quad precision next to the zero).
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "actlab/catalog.h"
#include "reference.h"
#include "sweep.h"

namespace actlab {
namespace {

// Setting t of a run of xIELU settings with alpha_n > beta: beta / alpha_n
// drawn over (0, 1), close to 0 or close to 1 in turn, so the zeros land
// anywhere from next to 0 to far out. alpha_p stays at its default.
std::array<float, 3> crossing_setting(int t, std::mt19937& rng) {
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  const float alpha_n = 10.0f * unit(rng) + 1e-3f;
  const float ratio = t % 3 == 0 ? unit(rng) : (t % 3 == 1 ? 1e-3f * unit(rng) : 1.0f - 1e-2f * unit(rng));
  return {0.8f, alpha_n, alpha_n * ratio};
}

// The end of [lo, hi] where g keeps g(lo)'s sign, after 200 halvings
// (g(lo) and g(hi) of opposite signs).
template <class G>
double bisect(G g, double lo, double hi) {
  const bool lo_positive = g(lo) > 0;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    ((lo_positive ? g(mid) > 0 : g(mid) < 0) ? lo : hi) = mid;
  }
  return lo;
}

// The 401 floats from 200 above float(zero) (towards 0) down to 200 below it.
std::vector<float> floats_around(double zero) {
  std::vector<float> x(401);
  x[0] = static_cast<float>(zero);
  for (int i = 0; i < 200; ++i) x[0] = std::nextafter(x[0], 0.0f);
  for (size_t i = 1; i < x.size(); ++i) x[i] = std::nextafter(x[i - 1], -INFINITY);
  return x;
}

TEST(XieluZero, EveryFloatNextToTheZeroMeetsTheBound) {
  const Activation& a = *find_activation("xielu");
  const reference::Pair ref = reference::for_index(static_cast<int>(&a - activations().data()));
  std::mt19937 rng(20241120);
  double worst = 0;
  float worst_at = 0, worst_params[3] = {};
  int settings = 0;
  for (int t = 0; t < 600; ++t) {
    const std::array<float, 3> setting = crossing_setting(t, rng);
    const float* p = setting.data();
    const double pd[3] = {p[0], p[1], p[2]};
    auto f = [&](double x) { return ref.forward(x, pd); };
    const double lo = -1e9, hi = -1e-6;  // f(lo) > 0 > f(hi) when alpha_n > beta and the zero is left of eps
    if (!(p[2] < p[1]) || !(f(lo) > 0 && f(hi) < 0)) continue;
    const std::vector<float> x = floats_around(bisect(f, lo, hi));
    std::vector<float> y(x.size());
    a.forward(x.size(), x.data(), y.data(), p);
    for (size_t i = 0; i < x.size(); ++i) {
      const double e = verify::ulp_error(y[i], ref.forward(x[i], pd));
      if (!(e <= worst)) worst = e, worst_at = x[i], std::copy(p, p + 3, worst_params);
    }
    ++settings;
  }
  std::printf("  %d settings: worst %.3f ULP at x = %.9g (alpha_p=%.9g, alpha_n=%.9g, beta=%.9g)\n", settings, worst,
              worst_at, worst_params[0], worst_params[1], worst_params[2]);
  EXPECT_GE(settings, 400);
  EXPECT_LE(worst, a.forward_ulp);
}

// The derivative crosses zero at x0 = log(1 - beta / alpha_n) wherever
// alpha_n > beta, and is computed there as (alpha_n - beta) expm1(x - x0).
// Every float in a window of 400 around x0, and 400 more spread out to
// 1000 |x0| + 100 on both sides (where |f'| >= 1e-3 and the ULP bound
// applies), at a few hundred settings, must meet the derivative's bounds.
TEST(XieluZero, TheDerivativeMeetsItsBoundsAroundItsZero) {
  const Activation& a = *find_activation("xielu");
  const reference::Pair ref = reference::for_index(static_cast<int>(&a - activations().data()));
  std::mt19937 rng(20261204);
  verify::KernelError error;
  int settings = 0;
  for (int t = 0; t < 600; ++t) {
    const std::array<float, 3> setting = crossing_setting(t, rng);
    const float* p = setting.data();
    const double pd[3] = {p[0], p[1], p[2]};
    auto df = [&](double x) { return ref.derivative(x, pd); };
    const double lo = -1e4, hi = -1e-6;  // f'(lo) < 0 < f'(hi) when the zero is left of eps
    if (!(p[2] < p[1]) || !(df(lo) < 0 && df(hi) > 0)) continue;
    const double zero = bisect(df, lo, hi);
    std::vector<float> x = floats_around(zero);
    for (size_t i = 0; i < 800; ++i) {  // log-spaced offsets from 1e-7 to 1000 |x0| + 100, both sides
      const double offset = 1e-7 * std::pow((1000 * std::fabs(zero) + 100) / 1e-7, (i / 2) / 399.0);
      x.push_back(static_cast<float>(std::min(zero + (i % 2 ? -offset : offset), double{-1e-6f} * 1.01)));
    }
    std::vector<float> y(x.size());
    a.derivative(x.size(), x.data(), y.data(), p);
    for (size_t i = 0; i < x.size(); ++i) {
      const double r = ref.derivative(x[i], pd);
      verify::record(error, x[i], y[i], r, r, 1.0);
    }
    ++settings;
  }
  std::printf("  %d settings: f' %.3f ULP where |f'| >= 1e-3 (at %.9g), abs %.3g where |f'| < 2\n", settings,
              error.max_ulp_significant, error.max_ulp_significant_at, error.max_abs_small);
  EXPECT_GE(settings, 400);
  EXPECT_TRUE(verify::meets_bound(a, true, error));
  EXPECT_LE(error.max_ulp_significant, a.derivative_ulp);
  EXPECT_LE(error.max_abs_small, verify::kCrossingAbsBound);
}

TEST(XieluZero, LimitsAndBranches) {
  const Activation& a = *find_activation("xielu");
  auto f = [&](float x, std::vector<float> p, bool derivative = false) {
    float y;
    (derivative ? a.derivative : a.forward)(1, &x, &y, p.data());
    return y;
  };
  const std::vector<float> defaults = {0.8f, 0.8f, 0.5f};
  EXPECT_EQ(f(INFINITY, defaults), INFINITY);
  EXPECT_EQ(f(-INFINITY, defaults), INFINITY);                  // (beta - alpha_n) x - alpha_n
  EXPECT_EQ(f(-INFINITY, {0.8f, 0.5f, 0.8f}), -INFINITY);
  EXPECT_EQ(f(-INFINITY, {0.8f, 0.8f, 0.8f}), -0.8f);
  EXPECT_EQ(f(INFINITY, {0.0f, 0.8f, 0.0f}), 0.0f);             // f = 0 for all x > 0
  EXPECT_EQ(f(INFINITY, {0.0f, 0.8f, 0.0f}, true), 0.0f);
  EXPECT_EQ(f(INFINITY, {0.0f, 0.8f, 0.5f}, true), 0.5f);
  EXPECT_FLOAT_EQ(f(0.0f, defaults), static_cast<float>(0.8 * std::expm1(double{-1e-6f})));  // min(0, eps) = eps
  EXPECT_FLOAT_EQ(f(0.0f, defaults, true), -0.3f);            // beta - alpha_n on (eps, 0]
  EXPECT_FLOAT_EQ(f(-1e-6f, defaults, true), static_cast<float>(0.8 * (std::exp(double{-1e-6f}) / 2 - 1) + 0.5));
  const float below_eps = std::nextafter(-1e-6f, -1.0f);
  EXPECT_FLOAT_EQ(f(below_eps, defaults, true), static_cast<float>(0.8 * std::expm1(double{below_eps}) + 0.5));
  EXPECT_FLOAT_EQ(f(2.0f, defaults), 0.8f * 4 + 1.0f);
  EXPECT_FLOAT_EQ(f(2.0f, defaults, true), 2 * 0.8f * 2 + 0.5f);
}

}  // namespace
}  // namespace actlab
