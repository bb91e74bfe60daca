// The simulator's input-output Jacobian (network.h): forward-mode J against
// central differences of the float network for every kind of op, BatchNorm
// against diag(gamma / sigma); the one-sided Jacobi SVD against known
// matrices and |det|; and dynamical isometry (Pennington, Schoenholz and
// Ganguli 2017): linear + orthogonal is an isometry, ReLU + He's spread grows
// with depth, tanh + orthogonal near criticality stays far better conditioned.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "actlab/network.h"
#include "network_run.h"
#include "actlab/random.h"
#include "../../cpp/src/shared/singular_values.h"

namespace actlab {
namespace {

const auto run = testing::created_and_run;

NetworkConfig tanh_config() {
  NetworkConfig c;
  c.input_width = 6, c.width = 8, c.depth = 3, c.batch = 5;
  c.activation.id = "tanh";
  c.init = InitScheme::xavier_normal;
  c.bias_value = 0.1;
  c.chain_sample = 2;
  return c;
}

// Central differences of a_L's column s in the input's column s, in float: width x inputWidth.
std::vector<double> central_differences(Network& net, double h) {
  const NetworkConfig& c = net.config();
  const size_t batch = c.batch, s = c.chain_sample, n0 = c.input_width, n = c.width;
  std::vector<double> j(n * n0);
  for (size_t k = 0; k < n0; ++k) {
    float& x = net.input()[k * batch + s];
    const float saved = x;
    std::vector<double> out[2];
    for (int side = 0; side < 2; ++side) {
      x = static_cast<float>(saved + (side ? -h : h));
      net.run();
      const std::vector<float>& a = net.a(c.depth);
      for (size_t u = 0; u < n; ++u) out[side].push_back(a[u * batch + s]);
    }
    const double step = (static_cast<double>(static_cast<float>(saved + h)) - static_cast<float>(saved - h));
    for (size_t u = 0; u < n; ++u) j[u * n0 + k] = (out[0][u] - out[1][u]) / step;
    x = saved;
  }
  net.run();
  return j;
}

// The largest |a - b| over the entries, relative to 1 + max |a|.
double max_relative_gap(const std::vector<double>& a, const std::vector<double>& b) {
  double gap = 0, top = 0;
  for (size_t i = 0; i < a.size(); ++i) gap = std::max(gap, std::fabs(a[i] - b[i])), top = std::max(top, std::fabs(a[i]));
  return gap / (1 + top);
}

void expect_jacobian_matches_differences(const NetworkConfig& c, const char* what, double tolerance = 2e-3) {
  std::unique_ptr<Network> net = run(c);
  ASSERT_TRUE(net);
  ASSERT_TRUE(net->result().jacobian.computed) << what << ": " << net->result().jacobian.skipped;
  const std::vector<double> forward = net->jacobian_matrix();
  ASSERT_EQ(forward.size(), static_cast<size_t>(c.width) * c.input_width);
  const std::vector<double> numeric = central_differences(*net, 1.0 / 128);
  const double gap = max_relative_gap(forward, numeric);
  std::printf("  %-34s max |J - J_fd| / (1 + max |J|) = %.2e\n", what, gap);
  EXPECT_LT(gap, tolerance) << what;
  // The report's singular values are those of that matrix.
  const std::vector<double> s = shared::singular_values(forward.data(), c.width, c.input_width);
  const std::vector<double>& reported = net->result().jacobian.singular_values;
  ASSERT_EQ(reported.size(), s.size());
  for (size_t i = 0; i < s.size(); ++i) EXPECT_NEAR(reported[i], s[i], 1e-12 * s[0]) << what << " " << i;
}

TEST(Jacobian, ForwardModeMatchesCentralDifferencesForEveryOp) {
  NetworkConfig c = tanh_config();
  expect_jacobian_matches_differences(c, "tanh");
  c = tanh_config(), c.norm = NormKind::layer_norm;
  expect_jacobian_matches_differences(c, "tanh + LayerNorm before f");
  c = tanh_config(), c.norm = NormKind::rms_norm, c.norm_placement = NormPlacement::after_activation;
  expect_jacobian_matches_differences(c, "tanh + RMSNorm after f");
  c = tanh_config(), c.residual_every = 1, c.residual_scale = ResidualScale::alpha, c.residual_alpha = 0.7;
  expect_jacobian_matches_differences(c, "residualEvery 1, alpha 0.7");
  c = tanh_config(), c.depth = 5, c.residual_every = 2, c.norm = NormKind::layer_norm,
  c.norm_placement = NormPlacement::pre_residual;
  expect_jacobian_matches_differences(c, "residualEvery 2, pre-residual LN");
  c = tanh_config(), c.depth = 4, c.residual_every = 1, c.norm = NormKind::rms_norm,
  c.norm_placement = NormPlacement::post_residual;
  expect_jacobian_matches_differences(c, "residualEvery 1, post-residual RMS");
  c = tanh_config(), c.dropout = 0.3;
  expect_jacobian_matches_differences(c, "dropout 0.3");
  c = tanh_config(), c.dropout = 0.2, c.dropout_kind = DropoutKind::alpha_dropout, c.activation.id = "selu";
  expect_jacobian_matches_differences(c, "selu + alpha dropout 0.2");
  c = tanh_config(), c.activation.id = "gelu", c.width = 5, c.input_width = 9;  // wider than tall
  expect_jacobian_matches_differences(c, "gelu, 5 x 9");
  c = tanh_config(), c.activation.id = "swiglu";
  expect_jacobian_matches_differences(c, "swiglu (dense 2 x width, then the gate)");
  c = tanh_config(), c.activation.id = "glu";
  expect_jacobian_matches_differences(c, "glu");
  c = tanh_config(), c.overrides = {{2, {"geglu"}}};
  expect_jacobian_matches_differences(c, "tanh, geglu on layer 2");
  c = tanh_config(), c.activation.id = "glu", c.norm = NormKind::layer_norm;
  expect_jacobian_matches_differences(c, "glu + LayerNorm before the gate");
  c = tanh_config(), c.activation.id = "glu", c.norm = NormKind::layer_norm, c.overrides = {{2, {"geglu"}}};
  expect_jacobian_matches_differences(c, "glu + LayerNorm before, geglu on layer 2");
}

// BatchNorm: the sample moves its batch's statistics by O(1 / batch), which J leaves out;
// with a large batch the central differences (which see it) agree to about that.
TEST(Jacobian, BatchNormHoldsTheBatchStatisticsFixed) {
  NetworkConfig c = tanh_config();
  c.norm = NormKind::batch_norm, c.batch = 4096;
  expect_jacobian_matches_differences(c, "tanh + BatchNorm, batch 4096", 5e-3);
  // One layer, identity f: J = diag(1 / sigma) W exactly, sigma^2 + eps the batch variance of W x + b.
  c = tanh_config();
  c.norm = NormKind::batch_norm, c.depth = 1, c.batch = 7, c.activation.id = "identity";
  std::unique_ptr<Network> net = run(c);
  ASSERT_TRUE(net);
  const std::vector<double> j = net->jacobian_matrix();
  const size_t batch = c.batch, n0 = c.input_width;
  for (size_t u = 0; u < static_cast<size_t>(c.width); ++u) {
    std::vector<double> z(batch, 0.0);
    double mean = 0, var = 0;
    for (size_t s = 0; s < batch; ++s) {
      for (size_t k = 0; k < n0; ++k) z[s] += static_cast<double>(net->weights(1)[u * n0 + k]) * net->input()[k * batch + s];
      mean += z[s] / batch;
    }
    for (size_t s = 0; s < batch; ++s) var += (z[s] - mean) * (z[s] - mean) / batch;
    const double inv_sigma = 1 / std::sqrt(var + 1e-5);
    for (size_t k = 0; k < n0; ++k) EXPECT_NEAR(j[u * n0 + k], inv_sigma * net->weights(1)[u * n0 + k], 1e-5 * inv_sigma);
  }
}

// ---------------------------------------------------------------- the SVD

// A random orthogonal n x n matrix (row-major): Gram-Schmidt, twice, on Gaussian columns.
std::vector<double> random_orthogonal(size_t n, uint64_t stream) {
  NormalSampler rng(7, stream);
  std::vector<double> q(n * n);
  for (double& v : q) v = rng.next();
  for (size_t c = 0; c < n; ++c)
    for (int pass = 0; pass < 2; ++pass) {
      for (size_t p = 0; p < c; ++p) {
        double d = 0;
        for (size_t r = 0; r < n; ++r) d += q[r * n + p] * q[r * n + c];
        for (size_t r = 0; r < n; ++r) q[r * n + c] -= d * q[r * n + p];
      }
      double norm = 0;
      for (size_t r = 0; r < n; ++r) norm += q[r * n + c] * q[r * n + c];
      for (size_t r = 0; r < n; ++r) q[r * n + c] /= std::sqrt(norm);
    }
  return q;
}

// U[:, :k] diag(s) V[:, :k]^T for U m x m and V n x n orthogonal, k = s.size().
std::vector<double> compose(const std::vector<double>& u, size_t m, const std::vector<double>& s,
                            const std::vector<double>& v, size_t n) {
  std::vector<double> a(m * n, 0.0);
  for (size_t r = 0; r < m; ++r)
    for (size_t c = 0; c < n; ++c)
      for (size_t i = 0; i < s.size(); ++i) a[r * n + c] += u[r * m + i] * s[i] * v[c * n + i];
  return a;
}

// |det a| of the n x n matrix a, by LU with partial pivoting.
double abs_det(std::vector<double> a, size_t n) {
  double det = 1;
  for (size_t c = 0; c < n; ++c) {
    size_t p = c;
    for (size_t r = c + 1; r < n; ++r)
      if (std::fabs(a[r * n + c]) > std::fabs(a[p * n + c])) p = r;
    for (size_t k = 0; k < n; ++k) std::swap(a[c * n + k], a[p * n + k]);
    det *= std::fabs(a[c * n + c]);
    if (a[c * n + c] == 0) return 0;
    for (size_t r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      for (size_t k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
    }
  }
  return det;
}

TEST(Jacobian, SingularValuesOfKnownMatrices) {
  // U diag(s) V^T, both ways round, s from 3 down to 1e-8.
  for (auto [m, n] : {std::pair<size_t, size_t>{40, 25}, {25, 40}, {30, 30}}) {
    const size_t k = std::min(m, n);
    std::vector<double> s(k);
    for (size_t i = 0; i < k; ++i) s[i] = 3 * std::pow(10.0, -8.0 * i / (k - 1));
    const std::vector<double> a = compose(random_orthogonal(m, 1), m, s, random_orthogonal(n, 2), n);
    int sweeps = 0;
    const std::vector<double> got = shared::singular_values(a.data(), m, n, &sweeps);
    ASSERT_EQ(got.size(), k);
    double worst = 0;
    for (size_t i = 0; i < k; ++i) worst = std::max(worst, std::fabs(got[i] - s[i]) / s[i]);
    std::printf("  %zu x %zu, s in [1e-8, 3]: %d sweeps, max relative error %.1e\n", m, n, sweeps, worst);
    EXPECT_LT(worst, 1e-7);
    EXPECT_LE(sweeps, 15);
  }
  // An orthogonal matrix times a diagonal far below double's epsilon: each tiny value to a few ulps
  // (down to 2^-300 of the largest: rows below count as zero).
  const size_t n = 6;
  const std::vector<double> d = {1, 1e-5, 1e-20, 1e-40, 1e-60, 1e-85};
  std::vector<double> a = random_orthogonal(n, 3);
  for (size_t r = 0; r < n; ++r)
    for (size_t c = 0; c < n; ++c) a[r * n + c] *= d[c];
  const std::vector<double> got = shared::singular_values(a.data(), n, n);
  for (size_t i = 0; i < n; ++i) EXPECT_NEAR(got[i] / d[i], 1.0, 1e-14) << i;
  // Graded: B D with B well conditioned and D from 1 to 1e-27; the product of the values is |det B| |det D|.
  const size_t g = 10;
  std::vector<double> b_values(g);
  for (size_t i = 0; i < g; ++i) b_values[i] = 2.0 - i / 9.0;
  std::vector<double> graded = compose(random_orthogonal(g, 4), g, b_values, random_orthogonal(g, 5), g);
  double log_det = 0;
  for (size_t i = 0; i < g; ++i) log_det += std::log(b_values[i]);
  for (size_t c = 0; c < g; ++c) {
    const double scale = std::pow(10.0, -3.0 * c);
    log_det += std::log(scale);
    for (size_t r = 0; r < g; ++r) graded[r * g + c] *= scale;
  }
  double log_product = 0;
  for (double v : shared::singular_values(graded.data(), g, g)) log_product += std::log(v);
  EXPECT_NEAR(log_product, log_det, 1e-12 * std::fabs(log_det));
  // Zero and 1 x 1.
  const std::vector<double> zero(12, 0.0), one = {-2.5};
  for (double v : shared::singular_values(zero.data(), 3, 4)) EXPECT_EQ(v, 0.0);
  EXPECT_EQ(shared::singular_values(one.data(), 1, 1), std::vector<double>{2.5});
}

// |det J| by LU against the product of J's singular values, for well- and ill-conditioned J: both
// are backward stable, so they agree to about n eps cond(J).
TEST(Jacobian, ProductOfSingularValuesIsAbsDetOfSquareJ) {
  for (const char* id : {"tanh", "gelu", "softplus"})
    for (InitScheme init : {InitScheme::orthogonal, InitScheme::xavier_normal}) {
      NetworkConfig c = tanh_config();
      c.activation.id = id, c.init = init, c.width = c.input_width = 16, c.depth = 6;
      std::unique_ptr<Network> net = run(c);
      ASSERT_TRUE(net);
      const JacobianReport& j = net->result().jacobian;
      const double det = abs_det(net->jacobian_matrix(), 16);
      double product = 1;
      for (double v : j.singular_values) product *= v;
      const double tolerance = 10 * 16 * 0x1p-52 * std::pow(10.0, j.log10_spread);
      std::printf("  %-8s %-13s |det J| = %.10e, product of singular values = %.10e, log10Spread %.2f\n", id,
                  name_of(init), det, product, j.log10_spread);
      EXPECT_NEAR(product / det, 1.0, tolerance) << id << " " << name_of(init);
    }
}

// ---------------------------------------------------------------- dynamical isometry

JacobianReport jacobian_of(NetworkConfig c) {
  std::unique_ptr<Network> net = run(c);
  return net ? net->result().jacobian : JacobianReport{};
}

TEST(Jacobian, LinearWithOrthogonalWeightsIsAnIsometry) {
  NetworkConfig c;
  c.input_width = c.width = 64, c.depth = 20, c.batch = 4;
  c.activation.id = "identity", c.init = InitScheme::orthogonal;
  const JacobianReport j = jacobian_of(c);
  ASSERT_TRUE(j.computed) << j.skipped;
  ASSERT_EQ(j.singular_values.size(), 64u);
  std::printf("  identity + orthogonal, width 64, depth 20: s in [%.9f, %.9f], log10Spread %.2e, rank %d\n", j.min,
              j.max, j.log10_spread, j.rank);
  for (double s : j.singular_values) EXPECT_NEAR(s, 1.0, 1e-5);
  EXPECT_NEAR(j.mean_square, 1.0, 1e-5);
  EXPECT_EQ(j.rank, 64);
  EXPECT_EQ(j.condition_note, "");
}

// ReLU + He vs tanh + orthogonal at sigma_w^2 = 1.05: width 64, inputWidth 16, so that J
// (64 x 16) keeps full column rank through ReLU's zero slopes (about half of each layer).
TEST(Jacobian, ReluSpreadGrowsWithDepthAndCriticalOrthogonalTanhStaysNearIsometry) {
  NetworkConfig relu;
  relu.input_width = 16, relu.width = 64, relu.batch = 8;
  relu.activation.id = "relu", relu.init = InitScheme::he_normal;
  NetworkConfig tanh = relu;
  tanh.activation.id = "tanh", tanh.init = InitScheme::orthogonal, tanh.gain = std::sqrt(1.05);
  double relu_spread[2], tanh_spread[2];
  const int depths[2] = {5, 40};
  for (int i = 0; i < 2; ++i) {
    relu.depth = tanh.depth = depths[i];
    const JacobianReport r = jacobian_of(relu), t = jacobian_of(tanh);
    ASSERT_TRUE(r.computed && t.computed);
    EXPECT_EQ(r.rank, 16) << r.condition_note;
    relu_spread[i] = r.log10_spread, tanh_spread[i] = t.log10_spread;
    std::printf("  depth %2d: ReLU + He log10Spread %.3f (s in [%.3e, %.3e], mean s^2 %.3f); "
                "tanh + orthogonal log10Spread %.3f (s in [%.3e, %.3e], mean s^2 %.3f)\n",
                depths[i], r.log10_spread, r.min, r.max, r.mean_square, t.log10_spread, t.min, t.max, t.mean_square);
  }
  EXPECT_GT(relu_spread[1], relu_spread[0] + 1.0);
  EXPECT_LT(tanh_spread[1], 0.5 * relu_spread[1]);
  EXPECT_LT(tanh_spread[1], 1.0);
}

// A square ReLU J loses rank (the last layer's dead units are zero rows): the note says
// min and log10Spread then measure rounding.
TEST(Jacobian, RankDeficientReluJacobianSaysSo) {
  NetworkConfig c;
  c.input_width = c.width = 32, c.depth = 4, c.batch = 3;
  std::unique_ptr<Network> net = run(c);
  ASSERT_TRUE(net);
  const JacobianReport& j = net->result().jacobian;
  int active = 0;
  for (int u = 0; u < c.width; ++u) active += net->z(c.depth)[u * c.batch] > 0;
  std::printf("  ReLU 32 x 32, depth 4: rank %d (last layer active units %d), log10Spread %.2f\n", j.rank, active,
              j.log10_spread);
  EXPECT_LE(j.rank, active);
  EXPECT_NE(j.condition_note.find("rounding level"), std::string::npos) << j.condition_note;
}

// Every unit dead (J = 0) and a stack that overflows to inf (J not finite) say so.
TEST(Jacobian, DeadAndNonFiniteStacksSaySo) {
  NetworkConfig c;
  c.input_width = c.width = 16, c.depth = 3, c.batch = 4, c.bias_value = -100;
  JacobianReport j = jacobian_of(c);
  ASSERT_TRUE(j.computed);
  EXPECT_EQ(j.max, 0.0);
  EXPECT_EQ(j.rank, 0);
  EXPECT_EQ(j.log10_spread, INFINITY);
  EXPECT_NE(j.condition_note.find("J = 0"), std::string::npos) << j.condition_note;
  c.depth = 40, c.bias_value = 0, c.init = InitScheme::normal, c.init_std = 100;  // ReLU explodes to inf, then NaN
  j = jacobian_of(c);
  EXPECT_FALSE(j.computed);
  EXPECT_NE(j.skipped.find("non-finite"), std::string::npos) << j.skipped;
}

// Deep stacks: J is kept scaled by powers of two, so the spread survives where J itself underflows.
TEST(Jacobian, DeepOrderedTanhUnderflowsNeitherJNorItsSpread) {
  NetworkConfig c;
  c.input_width = c.width = 8, c.depth = 3000, c.batch = 2;
  c.activation.id = "tanh", c.init = InitScheme::orthogonal, c.gain = 0.5;  // chi_1 = 0.25 per layer
  const JacobianReport j = jacobian_of(c);
  ASSERT_TRUE(j.computed) << j.skipped;
  std::printf("  tanh gain 0.5, depth 3000: max %.3e, min %.3e, log10Spread %.3f; note: %s\n", j.max, j.min,
              j.log10_spread, j.condition_note.c_str());
  EXPECT_EQ(j.max, 0.0);  // 0.5^3000 is below double's range
  EXPECT_TRUE(std::isfinite(j.log10_spread));
  EXPECT_EQ(j.rank, 8);
  EXPECT_NE(j.condition_note.find("beyond double's range"), std::string::npos) << j.condition_note;
}

TEST(Jacobian, SkippedWhenOffOrTooWideAndInTheJson) {
  NetworkConfig c = tanh_config();
  c.jacobian = false;
  EXPECT_EQ(jacobian_of(c).skipped, "off (\"jacobian\": false)");
  c = tanh_config(), c.width = 129;
  EXPECT_NE(jacobian_of(c).skipped.find("width = 129 is above 128"), std::string::npos);
  c = tanh_config(), c.input_width = 300;
  EXPECT_NE(jacobian_of(c).skipped.find("inputWidth = 300 is above 128"), std::string::npos);
  c = tanh_config(), c.jacobian = false;  // J, the next op's and a skip's (8 x 6 each), plus a few vectors
  EXPECT_EQ(memory_bytes(tanh_config()) - memory_bytes(c), 8u * (3 * 8 * 6 + 4 * 8));
  std::string json = simulate_json(R"({"inputWidth": 3, "width": 2, "depth": 2, "batch": 2, "chainSample": 1})");
  const size_t at = json.find("\"jacobian\":{\"sample\":1,\"singularValues\":[");
  EXPECT_NE(at, std::string::npos) << json;
  EXPECT_NE(json.find("\"log10Spread\":", at), std::string::npos);
  json = simulate_json(R"({"inputWidth": 3, "width": 2, "depth": 2, "batch": 2, "jacobian": false})");
  EXPECT_NE(json.find(R"x("jacobian":{"sample":0,"skipped":"off (\"jacobian\": false)"})x"), std::string::npos) << json;
  EXPECT_NE(simulate_json(R"({"jacobian": 1})").find("jacobian must be true or false"), std::string::npos);
}

// The Jacobian reads the run and writes nothing back: the same bits with it on and off.
TEST(Jacobian, ChangesNoBitsOfTheRun) {
  NetworkConfig widest;  // the defaults at the widest stack that gets a Jacobian
  widest.width = widest.input_width = kJacobianMaxWidth;
  for (NetworkConfig c : {tanh_config(), widest}) {
    c.depth = 4, c.batch = 32, c.dropout = 0.1, c.norm = NormKind::layer_norm, c.residual_every = 1;
    const SimulationResult on = simulate(c);
    c.jacobian = false;
    const SimulationResult off = simulate(c);
    ASSERT_TRUE(on.ok && off.ok);
    EXPECT_TRUE(on.jacobian.computed);
    EXPECT_EQ(on.bits_hash, off.bits_hash);
    EXPECT_EQ(on.layers.back().grad_z_rms, off.layers.back().grad_z_rms);
  }
}

// Cost at the widest stack that gets a Jacobian (128), depth 50: a run with and without it, then its
// two parts (run with --gtest_also_run_disabled_tests).
TEST(Jacobian, DISABLED_CostAtWidth128Depth50) {
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); };
  NetworkConfig c;
  c.depth = 50, c.width = c.input_width = kJacobianMaxWidth;
  for (bool on : {false, true}) {
    c.jacobian = on;
    const auto t0 = Clock::now();
    const SimulationResult r = simulate(c);
    std::printf("  width 128, depth 50, batch 256, jacobian %s: %.0f ms (log10Spread %.2f, rank %d)\n", on ? "on " : "off",
                ms(t0), r.jacobian.log10_spread, r.jacobian.rank);
  }
  std::unique_ptr<Network> net = run(c);
  auto t0 = Clock::now();
  const std::vector<double> j = net->jacobian_matrix();
  const double propagation = ms(t0);
  t0 = Clock::now();
  int sweeps = 0;
  shared::singular_values(j.data(), kJacobianMaxWidth, kJacobianMaxWidth, &sweeps);
  std::printf("  propagation %.0f ms, SVD %.0f ms (%d sweeps)\n", propagation, ms(t0), sweeps);
}

}  // namespace
}  // namespace actlab
