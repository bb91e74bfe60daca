// The simulator against the mean-field theory: wide tanh stacks with W ~ N(0, sigma_w^2 / width)
// and b ~ N(0, sigma_b^2), fed pairs of inputs. Away from the critical line, the measured
// correlation of the pairs' pre-activations approaches c* as exp(-l / xi_c), and dL/da's RMS
// changes by sqrt(chi_1) per layer going back.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <vector>

#include "actlab/mean_field.h"
#include "actlab/network.h"

namespace actlab {
namespace {

// A width x depth tanh stack at (sigma_w^2, sigma_b^2) with pairs correlated by c0.
SimulationResult run(double sw2, double sb2, double c0, int depth, int width, uint64_t seed, int batch = 64) {
  NetworkConfig c;
  c.input_width = c.width = width;
  c.depth = depth;
  c.batch = batch;
  c.activation.id = "tanh";
  c.init = InitScheme::normal;
  c.init_std = std::sqrt(sw2 / width);
  c.bias_std = std::sqrt(sb2);
  c.pairs = true;
  c.pair_correlation = c0;
  c.seed = seed;
  c.memory_budget_mib = 2048;
  c.weight_gradients = false;  // only z and dL/da are read
  return simulate(c);
}

// The depth scale of |c_l - c*|: -1 / slope of its log against l, least squares over the layers
// where it lies in [lo, hi] (below lo the finite width's noise takes over), toward limit.
double fitted_depth_scale(const SimulationResult& r, double limit, double lo, double hi, int* used) {
  double n = 0, sl = 0, sy = 0, sll = 0, sly = 0;
  for (size_t i = 0; i < r.layers.size(); ++i) {
    const double gap = std::fabs(r.layers[i].z_pair_correlation - limit);
    if (gap < lo || gap > hi) continue;
    const double l = i + 1.0, y = std::log(gap);
    n += 1, sl += l, sy += y, sll += l * l, sly += l * y;
  }
  *used = static_cast<int>(n);
  const double slope = (n * sly - sl * sy) / (n * sll - sl * sl);
  return -1.0 / slope;
}

// Ordered side: c_l -> 1. Fitted where 1 - c_l lies in [2e-4, 0.2] (below, float32 and the finite
// width take over); one network suffices, as the gap is a smooth function of depth there.
TEST(MeanFieldSimulator, MeasuredCorrelationDepthMatchesXiCWithin25PercentAtWidth1024) {
  const Elementwise tanh_f(*find_activation("tanh"));
  for (double sw2 : {0.8, 1.2}) {
    const MeanFieldPoint theory = mean_field(tanh_f, sw2, 0.05);
    ASSERT_TRUE(theory.ordered);
    const int depth = static_cast<int>(std::ceil(6 * theory.xi_c)) + 15;
    const SimulationResult r = run(sw2, 0.05, 0.0, depth, 1024, 3);
    ASSERT_TRUE(r.ok) << r.error;
    int used = 0;
    const double measured = fitted_depth_scale(r, 1.0, 2e-4, 0.2, &used);
    std::cout << "  tanh (" << sw2 << ", 0.05): xi_c theory " << theory.xi_c << ", measured " << measured << " from " << used
              << " layers\n";
    EXPECT_GE(used, 10);
    EXPECT_NEAR(measured / theory.xi_c, 1.0, 0.25) << "sigma_w^2 = " << sw2;
  }
}

// Chaotic side: c_l falls to c* < 1. One network's c_l wanders by about 1 / sqrt(width) around the
// ensemble's (all its pairs share its weights), which at width 1024 is as large as the gap left after
// a few xi_c, so a depth scale fitted to one path toward c* is not resolvable (measured while writing
// this: 19-32 for xi_c = 9; the two-path test below cancels that wandering). Here the whole path is
// checked: the mean over 4 networks of c_l against the theory's maps iterated from the same c_0.
TEST(MeanFieldSimulator, ChaoticCorrelationsFollowTheIteratedCorrelationMap) {
  const Elementwise tanh_f(*find_activation("tanh"));
  const double sw2 = 3.0, sb2 = 0.05, c0 = 0.9;
  const MeanFieldPoint theory = mean_field(tanh_f, sw2, sb2);
  ASSERT_FALSE(theory.ordered);
  const int depth = 30, seeds = 4;
  std::vector<double> measured(depth, 0.0);
  for (int seed = 1; seed <= seeds; ++seed) {
    const SimulationResult r = run(sw2, sb2, c0, depth, 1024, seed, 16);
    ASSERT_TRUE(r.ok) << r.error;
    for (int l = 0; l < depth; ++l) measured[l] += r.layers[l].z_pair_correlation / seeds;
  }
  // Layer 1's z has length q_1 = sigma_w^2 + sigma_b^2 (N(0, 1) inputs) and correlation
  // (sigma_w^2 c0 + sigma_b^2) / q_1; then length and correlation move together until q reaches q*:
  // q_12 -> correlation_map(q, c) q, q -> correlation_map(q, 1) q (the length map), c = q_12 / q.
  double q = sw2 + sb2, c = (sw2 * c0 + sb2) / q, worst = 0.0;
  for (int l = 0; l < depth; ++l) {
    worst = std::max(worst, std::fabs(measured[l] - c));
    EXPECT_NEAR(measured[l], c, 0.03) << "layer " << l + 1;
    const double q12 = correlation_map(tanh_f, sw2, sb2, q, c) * q;
    q = correlation_map(tanh_f, sw2, sb2, q, 1.0) * q;
    c = q12 / q;
  }
  std::cout << "  tanh (3, 0.05) from c0 = " << c0 << ": worst |c_l - theory| = " << worst << " over " << depth
            << " layers; c* = " << theory.c_star << ", last measured " << measured.back() << "\n";
}

// Chaotic side, measured another way: two sets of input pairs on either side of c* (c0 = c* +- 0.1) in
// the same networks (same weights, same base draws) approach c* together, so the difference of their
// correlations, d_l, cancels most of the network's own wandering and decays as exp(-l / xi_c).
TEST(MeanFieldSimulator, ChaoticCorrelationDepthFromTwoPathsMatchesXiCWithin25Percent) {
  const Elementwise tanh_f(*find_activation("tanh"));
  const double sw2 = 3.0, sb2 = 0.05;
  const MeanFieldPoint theory = mean_field(tanh_f, sw2, sb2);
  const int depth = 40, seeds = 4;
  std::vector<double> gap(depth, 0.0);
  for (int seed = 1; seed <= seeds; ++seed) {
    const SimulationResult above = run(sw2, sb2, theory.c_star + 0.1, depth, 1024, seed, 16);
    const SimulationResult below = run(sw2, sb2, theory.c_star - 0.1, depth, 1024, seed, 16);
    ASSERT_TRUE(above.ok && below.ok);
    for (int l = 0; l < depth; ++l) gap[l] += (above.layers[l].z_pair_correlation - below.layers[l].z_pair_correlation) / seeds;
  }
  SimulationResult r;
  r.layers.resize(depth);
  for (int l = 0; l < depth; ++l) r.layers[l].z_pair_correlation = gap[l];
  // Fitted where |d_l| is at least 3 times the noise it settles into (about 0.01 past layer 25): windows
  // from 0.03, 0.04 and 0.05 up to 0.2 gave 8.6, 7.8 and 7.5 while this was written (xi_c = 9.05).
  int used = 0;
  const double measured = fitted_depth_scale(r, 0.0, 0.03, 0.2, &used);
  std::cout << "  tanh (3, 0.05), two paths: xi_c theory " << theory.xi_c << ", measured " << measured << " from " << used
            << " layers\n";
  EXPECT_GE(used, 10);
  EXPECT_NEAR(measured / theory.xi_c, 1.0, 0.25);
}

TEST(MeanFieldSimulator, GradientRmsChangesBySqrtChi1PerLayer) {
  const Elementwise tanh_f(*find_activation("tanh"));
  for (double sw2 : {1.0, 1.76, 3.0}) {
    const MeanFieldPoint theory = mean_field(tanh_f, sw2, 0.05);
    const int depth = 30;
    const SimulationResult r = run(sw2, 0.05, 0.0, depth, 512, 5);
    ASSERT_TRUE(r.ok) << r.error;
    // Layers 6..30 (the length has settled at q* by layer 5): per-layer factor going back.
    const double factor = std::pow(r.layers[5].grad_a_rms / r.layers[depth - 1].grad_a_rms, 1.0 / (depth - 6));
    std::cout << "  tanh sigma_w^2 = " << sw2 << ": dL/da RMS x" << factor << " per layer back, theory sqrt(chi1) = "
              << std::sqrt(theory.chi1) << "\n";
    EXPECT_NEAR(factor, std::sqrt(theory.chi1), 0.02);
  }
}

TEST(MeanFieldSimulator, PlainStacksCarryTheirTheoryAndOthersDoNot) {
  NetworkConfig c;
  c.depth = 3, c.width = 32, c.input_width = 32, c.batch = 4;
  c.activation.id = "tanh";
  c.init = InitScheme::lecun_normal;
  c.gain = std::sqrt(1.7609546);  // tanh's critical sigma_w^2 at sigma_b^2 = 0.05
  c.bias_std = std::sqrt(0.05);
  SimulationResult r = simulate(c);
  ASSERT_TRUE(r.ok) << r.error;
  ASSERT_TRUE(r.has_mean_field);
  EXPECT_NEAR(r.sigma_w2, 1.7609546, 1e-12);
  EXPECT_NEAR(r.sigma_b2, 0.05, 1e-15);
  EXPECT_NEAR(r.mean_field.chi1, 1.0, 1e-6);
  c.init = InitScheme::he_normal;  // sigma_w^2 = 2 gain^2
  r = simulate(c);
  EXPECT_NEAR(r.sigma_w2, 2 * 1.7609546, 1e-12);
  for (int variant = 0; variant < 3; ++variant) {
    NetworkConfig d = c;
    if (variant == 0) d.norm = NormKind::layer_norm;
    if (variant == 1) d.residual_every = 1;
    if (variant == 2) d.dropout = 0.1;
    EXPECT_FALSE(simulate(d).has_mean_field) << variant;
  }
  c.init = InitScheme::constant;
  EXPECT_FALSE(simulate(c).has_mean_field);
}

// weightGradients = false leaves every statistic of the activations and of dL/da and dL/dz as it is.
TEST(MeanFieldSimulator, SkippingWeightGradientsKeepsEveryActivationAndInputGradientStatistic) {
  NetworkConfig c;
  c.depth = 6, c.width = 48, c.input_width = 48, c.batch = 10;
  c.activation.id = "tanh";
  c.bias_std = 0.3;
  c.pairs = true;
  const SimulationResult full = simulate(c);
  c.weight_gradients = false;
  const SimulationResult lean = simulate(c);
  ASSERT_TRUE(full.ok && lean.ok);
  for (size_t l = 0; l < full.layers.size(); ++l) {
    EXPECT_EQ(lean.layers[l].grad_a_rms, full.layers[l].grad_a_rms) << l;
    EXPECT_EQ(lean.layers[l].grad_z_rms, full.layers[l].grad_z_rms) << l;
    EXPECT_EQ(lean.layers[l].a_std, full.layers[l].a_std) << l;
    EXPECT_EQ(lean.layers[l].z_pair_correlation, full.layers[l].z_pair_correlation) << l;
    EXPECT_EQ(lean.layers[l].grad_pair_correlation, full.layers[l].grad_pair_correlation) << l;
    EXPECT_GT(full.layers[l].grad_w_norm, 0.0);
    EXPECT_EQ(lean.layers[l].grad_w_norm, 0.0);
  }
}

}  // namespace
}  // namespace actlab
