// The gradient-flow simulator: gradients against finite differences in
// double, determinism, the textbook results (ReLU + He, sigmoid vanishing,
// SELU self-normalising), the width-1 chain, clipping, memory cap, refusals.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "actlab/kernels.h"
#include "actlab/network.h"
#include "network_run.h"
#include "reference.h"

namespace actlab {
namespace {

NetworkConfig small_config() {
  NetworkConfig c;
  c.input_width = 3, c.depth = 3, c.width = 4, c.batch = 5;
  c.activation.id = "tanh";
  c.init = InitScheme::xavier_normal;
  c.bias_value = 0.1;
  return c;
}

const auto run = testing::created_and_run;

// The loss of `net`'s stack in double, with the reference activations, for
// weights and biases given in double (layer-major, the engine's layout).
double reference_loss(const Network& net, const std::vector<std::vector<double>>& w,
                      const std::vector<std::vector<double>>& b) {
  const NetworkConfig& c = net.config();
  const size_t batch = c.batch, width = c.width;
  std::vector<double> a(net.input().begin(), net.input().end());
  for (int l = 1; l <= c.depth; ++l) {
    const int index = static_cast<int>(net.activation(l).catalog() - activations().data());
    const reference::Pair f = reference::for_index(index);
    std::vector<double> next(width * batch);
    for (size_t u = 0; u < width; ++u)
      for (size_t s = 0; s < batch; ++s) {
        double z = b[l - 1][u];
        for (size_t i = 0; i < net.fan_in(l); ++i) z += w[l - 1][u * net.fan_in(l) + i] * a[i * batch + s];
        double p[kMaxParams] = {};
        std::copy(net.activation(l).params(), net.activation(l).params() + kMaxParams, p);
        if (!net.activation_alphas(l).empty()) p[0] = net.activation_alphas(l)[u];
        next[u * batch + s] = f.forward(z, p);
      }
    a = std::move(next);
  }
  double loss = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double t = net.upstream()[i];
    loss += c.upstream == UpstreamKind::normal ? t * a[i] : 0.5 * (a[i] - t) * (a[i] - t);
  }
  return c.upstream == UpstreamKind::normal ? loss : loss / batch;
}

void expect_gradients_match_finite_differences(const NetworkConfig& c) {
  std::unique_ptr<Network> net = run(c);
  ASSERT_TRUE(net);
  std::vector<std::vector<double>> w, b;
  for (int l = 1; l <= c.depth; ++l) {
    w.emplace_back(net->weights(l).begin(), net->weights(l).end());
    b.emplace_back(net->biases(l).begin(), net->biases(l).end());
  }
  EXPECT_NEAR(net->result().loss, reference_loss(*net, w, b), 1e-5 * (1 + std::fabs(net->result().loss)));
  const double h = 1e-6;
  auto check = [&](std::vector<double>& param, size_t i, float engine, const std::string& what) {
    const double saved = param[i];
    param[i] = saved + h;
    const double up = reference_loss(*net, w, b);
    param[i] = saved - h;
    const double down = reference_loss(*net, w, b);
    param[i] = saved;
    const double numeric = (up - down) / (2 * h);
    EXPECT_NEAR(engine, numeric, 2e-4 * std::fabs(numeric) + 2e-6) << what;
  };
  for (int l = 1; l <= c.depth; ++l) {
    for (size_t i = 0; i < w[l - 1].size(); ++i)
      check(w[l - 1], i, net->grad_weights(l)[i], "dW" + std::to_string(l) + "[" + std::to_string(i) + "]");
    for (size_t i = 0; i < b[l - 1].size(); ++i)
      check(b[l - 1], i, net->grad_biases(l)[i], "db" + std::to_string(l) + "[" + std::to_string(i) + "]");
  }
}

TEST(Network, GradientsMatchFiniteDifferencesWithTheLinearProbeLoss) {
  expect_gradients_match_finite_differences(small_config());
}

TEST(Network, GradientsMatchFiniteDifferencesWithMseAndAMixedStack) {
  NetworkConfig c = small_config();
  c.depth = 4;
  c.upstream = UpstreamKind::mse;
  c.activation.id = "gelu";
  c.overrides.push_back({2, {"sigmoid", {}, {}}});
  c.overrides.push_back({3, {"prelu", {}, {0.1f, -0.3f, 0.5f, 0.9f}}});
  c.overrides.push_back({4, {"softplus", {2.0f, 20.0f}, {}}});
  expect_gradients_match_finite_differences(c);
  for (UpstreamKind upstream : {UpstreamKind::normal, UpstreamKind::mse}) {
    c.upstream = upstream;
    c.activation.id = "selu";
    c.init = InitScheme::orthogonal;
    expect_gradients_match_finite_differences(c);
  }
}

TEST(Network, PerUnitPReLUEqualsPreluChannelsOnTheTransposedLayout) {
  NetworkConfig c = small_config();
  c.depth = 1;
  c.activation = {"prelu", {}, {0.1f, -0.5f, 0.7f, 0.0f}};
  std::unique_ptr<Network> net = run(c);
  const size_t batch = c.batch, width = c.width;
  std::vector<float> z_t(width * batch), a_t(width * batch);  // batch x width (channel last)
  for (size_t u = 0; u < width; ++u)
    for (size_t s = 0; s < batch; ++s) z_t[s * width + u] = net->z(1)[u * batch + s];
  prelu_channels_forward(batch, width, z_t.data(), a_t.data(), c.activation.alphas.data());
  for (size_t u = 0; u < width; ++u)
    for (size_t s = 0; s < batch; ++s) EXPECT_EQ(net->a(1)[u * batch + s], a_t[s * width + u]);
}

bool same_bits(const std::vector<float>& x, const std::vector<float>& y) {
  return x.size() == y.size() && std::memcmp(x.data(), y.data(), x.size() * sizeof(float)) == 0;
}

TEST(Network, SameSeedGivesTheSameBitsAndAnotherSeedDoesNot) {
  NetworkConfig c;
  c.input_width = 40, c.depth = 6, c.width = 33, c.batch = 17, c.activation.id = "silu";
  std::unique_ptr<Network> first = run(c), second = run(c);
  for (int l = 1; l <= c.depth; ++l) {
    EXPECT_TRUE(same_bits(first->weights(l), second->weights(l)));
    EXPECT_TRUE(same_bits(first->a(l), second->a(l)));
    EXPECT_TRUE(same_bits(first->grad_weights(l), second->grad_weights(l)));
  }
  EXPECT_EQ(result_to_json(first->result()), result_to_json(second->result()));
  c.seed = 2;
  std::unique_ptr<Network> other = run(c);
  EXPECT_FALSE(same_bits(first->weights(1), other->weights(1)));
  EXPECT_FALSE(same_bits(first->input(), other->input()));
  EXPECT_NE(result_to_json(first->result()), result_to_json(other->result()));
}

TEST(Network, WeightsDependOnlyOnSeedAndShapeNotOnBatchOrActivation) {
  NetworkConfig c = small_config();
  std::unique_ptr<Network> first = run(c);
  c.batch = 9, c.activation.id = "relu";
  std::unique_ptr<Network> second = run(c);
  for (int l = 1; l <= c.depth; ++l) EXPECT_TRUE(same_bits(first->weights(l), second->weights(l)));
}

// A cache kept across runs (as the wasm module keeps one) changes no bit:
// a run after other seeds, schemes, shapes and inputs have filled it matches
// a run without it.
TEST(Network, RunsThroughADrawCacheMatchRunsWithoutOne) {
  DrawCache cache;
  NetworkConfig c = small_config();
  c.input = InputKind::uniform;
  for (InitScheme scheme : {InitScheme::xavier_uniform, InitScheme::orthogonal, InitScheme::he_normal}) {
    c.init = scheme;
    for (int width : {7, 12}) {
      c.width = width;
      const SimulationResult cached = simulate(c, &cache), plain = simulate(c);
      EXPECT_EQ(cached.bits_hash, plain.bits_hash) << name_of(scheme) << " width " << width;
      EXPECT_EQ(result_to_json(cached), result_to_json(plain));
    }
  }
  EXPECT_GT(cache.bytes(), 0u);
}

double second_moment(const std::vector<float>& x) {
  double s = 0;
  for (float v : x) s += static_cast<double>(v) * v;
  return s / x.size();
}

// He et al. 2015: with ReLU and He (fan_in) init, E[a^2] is the same in every
// layer. That is an expectation: at finite width one stack's log-moment wanders
// (variance about 5 depth / width per input, Hanin & Nica 2019; batch samples
// become correlated, so the batch does not average it away), so the test
// averages 8 seeds. Xavier, for contrast, halves the moment at every layer.
TEST(Network, ReluWithHeKeepsTheSecondMomentOver50Layers) {
  NetworkConfig c;
  c.depth = 50, c.width = 256, c.batch = 32;
  c.activation.id = "relu", c.init = InitScheme::he_normal;
  const int seeds = 8;
  std::vector<double> mean(c.depth + 1, 0.0);
  for (int seed = 1; seed <= seeds; ++seed) {
    c.seed = seed;
    std::unique_ptr<Network> net = run(c);
    for (int l = 1; l <= c.depth; ++l) mean[l] += second_moment(net->a(l)) / seeds;
  }
  for (int l = 1; l <= c.depth; ++l) {
    EXPECT_GT(mean[l] / mean[1], 0.5) << "layer " << l;
    EXPECT_LT(mean[l] / mean[1], 2.0) << "layer " << l;
  }
  c.init = InitScheme::xavier_normal;
  std::unique_ptr<Network> net = run(c);
  EXPECT_LT(second_moment(net->a(c.depth)), 1e-10 * second_moment(net->a(1)));
}

// Nielsen ch. 5: sigmoid with N(0, 1) weights; Glorot & Bengio 2010: sigmoid with Xavier.
TEST(Network, SigmoidMakesTheFirstLayersBiasGradientOrdersOfMagnitudeSmaller) {
  NetworkConfig c;
  c.input_width = 30, c.depth = 20, c.width = 30, c.batch = 256;
  c.activation.id = "sigmoid", c.init = InitScheme::normal, c.init_std = 1.0;
  std::unique_ptr<Network> net = run(c);
  const auto& layers = net->result().layers;
  EXPECT_LT(layers.front().grad_b_norm, 1e-2 * layers.back().grad_b_norm);
  c.input_width = 256, c.width = 256, c.depth = 10, c.init = InitScheme::xavier_normal;
  net = run(c);
  EXPECT_LT(net->result().layers.front().grad_b_norm, 1e-4 * net->result().layers.back().grad_b_norm);
}

// Klambauer et al. 2017: SELU with LeCun normal keeps mean 0 and std 1.
TEST(Network, SeluWithLecunNormalStaysNormalisedOver50Layers) {
  NetworkConfig c;
  c.depth = 50, c.width = 256, c.batch = 256;
  c.activation.id = "selu", c.init = InitScheme::lecun_normal;
  std::unique_ptr<Network> net = run(c);
  for (const LayerStats& s : net->result().layers) {
    EXPECT_NEAR(s.a_mean, 0.0, 0.05);  // the issue's bar; this seed's worst layer is 0.02 / 0.03 off
    EXPECT_NEAR(s.a_std, 1.0, 0.05);
  }
}

TEST(Network, ChainFactorsMultiplyToTheFirstBiasGradient) {
  for (const char* id : {"sigmoid", "tanh", "gelu"}) {
    NetworkConfig c;
    c.input_width = 3, c.depth = 12, c.width = 1, c.batch = 1;
    c.activation.id = id, c.init = InitScheme::normal;
    std::unique_ptr<Network> net = run(c);
    const SimulationResult& r = net->result();
    ASSERT_EQ(r.chain.size(), static_cast<size_t>(c.depth + 1));
    EXPECT_EQ(r.chain.front().layer, 1);
    EXPECT_EQ(r.chain.front().factor, r.chain.front().slope);
    EXPECT_EQ(r.chain.back().factor, net->upstream()[0]);
    double product = 1;
    for (size_t j = 1; j + 1 < r.chain.size(); ++j) {
      EXPECT_EQ(r.chain[j].weight, net->weights(j + 1)[0]);
      EXPECT_EQ(r.chain[j].factor, r.chain[j].weight * r.chain[j].slope);
    }
    for (const ChainFactor& f : r.chain) product *= f.factor;
    EXPECT_EQ(product, r.chain_product);
    EXPECT_NEAR(r.chain_product, net->grad_biases(1)[0], 1e-5 * std::fabs(r.chain_product)) << id;
    EXPECT_NEAR(r.chain_log10, std::log10(std::fabs(r.chain_product)), 1e-9) << id;
  }
}

// With a skip, a norm or dropout, dL/db_1 is no single product of w f'(z) factors, so no chain is reported.
TEST(Network, AWidthOneStackWithRemediesHasNoChain) {
  NetworkConfig plain;
  plain.input_width = 3, plain.depth = 6, plain.width = 1, plain.batch = 4;
  plain.activation.id = "tanh", plain.init = InitScheme::normal;
  EXPECT_EQ(run(plain)->result().chain.size(), 7u);
  for (void (*remedy)(NetworkConfig&) : {+[](NetworkConfig& c) { c.residual_every = 1; }, +[](NetworkConfig& c) { c.dropout = 0.3; },
                                         +[](NetworkConfig& c) { c.norm = NormKind::batch_norm; }}) {
    NetworkConfig c = plain;
    remedy(c);
    std::unique_ptr<Network> net = run(c);
    ASSERT_TRUE(net);
    EXPECT_TRUE(net->result().chain.empty());
    EXPECT_TRUE(std::isfinite(net->grad_biases(1)[0]));
  }
}

TEST(Network, ChainExplodesWithWeights100AndClippingTamesIt) {
  NetworkConfig c;
  c.input_width = 1, c.depth = 6, c.width = 1, c.batch = 1;
  c.activation.id = "sigmoid", c.init = InitScheme::constant, c.init_value = 100;
  c.input = InputKind::constant, c.input_value = 0.5, c.bias_value = -50;  // z = 100 * 0.5 - 50 = 0 in every layer
  c.clip_norm = 1.0;
  std::unique_ptr<Network> net = run(c);
  const SimulationResult& r = net->result();
  for (size_t j = 1; j + 1 < r.chain.size(); ++j) EXPECT_FLOAT_EQ(r.chain[j].factor, 25.0f);  // 100 * sigma'(0)
  EXPECT_GT(r.clip.norm_before, 1e5);
  EXPECT_LE(r.clip.norm_after, 1.0);
}

TEST(Network, ClippingByNormLeavesTheGlobalNormAtMostTheCap) {
  NetworkConfig c;
  c.input_width = 64, c.depth = 10, c.width = 64, c.batch = 32;
  c.activation.id = "relu", c.init = InitScheme::normal, c.init_std = 0.5;  // explodes
  for (double cap : {1.0, 1e-3, 7.5}) {
    c.clip_norm = cap;
    std::unique_ptr<Network> net = run(c);
    const ClipReport& clip = net->result().clip;
    EXPECT_GT(clip.norm_before, cap);
    EXPECT_LE(clip.norm_after, cap);
    EXPECT_GT(clip.norm_after, 0.999 * cap);
    double squares = 0;
    for (const LayerStats& s : net->result().layers) {
      squares += s.grad_w_norm_clipped * s.grad_w_norm_clipped + s.grad_b_norm_clipped * s.grad_b_norm_clipped;
      EXPECT_NEAR(s.grad_w_norm_clipped, clip.scale * s.grad_w_norm, 1e-6 * s.grad_w_norm);
    }
    EXPECT_NEAR(std::sqrt(squares), clip.norm_after, 1e-9 * cap);
  }
}

TEST(Network, ClippingByValueBoundsEveryEntry) {
  NetworkConfig c = small_config();
  c.clip_value = 0.01;
  std::unique_ptr<Network> net = run(c);
  for (int l = 1; l <= c.depth; ++l) {
    for (float g : net->grad_weights(l)) EXPECT_LE(std::fabs(g), 0.01f);
    for (float g : net->grad_biases(l)) EXPECT_LE(std::fabs(g), 0.01f);
  }
  EXPECT_LT(net->result().clip.norm_after_value, net->result().clip.norm_before);
}

TEST(Network, NegativeBiasKillsReluUnits) {
  NetworkConfig c;
  c.input_width = 32, c.depth = 5, c.width = 32, c.batch = 64;
  c.bias_value = -10;
  std::unique_ptr<Network> net = run(c);
  for (const LayerStats& s : net->result().layers) {
    EXPECT_EQ(s.dead_fraction, 1.0);
    EXPECT_EQ(s.saturated_fraction, 1.0);
  }
}

TEST(Network, HistogramsCountEveryFiniteValueWithSharedEdges) {
  NetworkConfig c;
  c.input_width = 20, c.depth = 8, c.width = 24, c.batch = 30, c.histogram_bins = 16;
  c.activation.id = "tanh", c.init = InitScheme::xavier_uniform;
  std::unique_ptr<Network> net = run(c);
  const SimulationResult& r = net->result();
  ASSERT_EQ(r.a_edges.size(), 17u);
  ASSERT_GE(r.grad_z_edges.size(), 2u);
  ASSERT_LE(r.grad_z_edges.size(), 17u);
  for (double e : r.grad_z_edges) {
    int exponent;
    EXPECT_EQ(std::frexp(e, &exponent), 0.5) << e;  // powers of two
  }
  const uint64_t n = 24 * 30;
  for (const LayerStats& s : r.layers) {
    uint64_t a_total = 0, g_total = 0;
    for (uint32_t k : s.a_histogram) a_total += k;
    for (uint32_t k : s.grad_z_histogram) g_total += k;
    EXPECT_EQ(a_total, n);
    EXPECT_EQ(g_total + s.grad_z_zeros, n);
  }
}

TEST(Network, OrthogonalInitGivesOrthonormalRowsOrColumns) {
  NetworkConfig c;
  c.input_width = 50, c.depth = 2, c.width = 30, c.batch = 2;
  c.init = InitScheme::orthogonal, c.gain = 2.0;
  std::unique_ptr<Network> net = run(c);
  // Layer 1 is 30 x 50 (orthonormal rows), layer 2 30 x 30: W W^T = gain^2 I.
  for (int l = 1; l <= 2; ++l) {
    const size_t cols = net->fan_in(l);
    for (size_t i = 0; i < 30; ++i)
      for (size_t j = 0; j < 30; ++j) {
        double dot = 0;
        for (size_t k = 0; k < cols; ++k) dot += double(net->weights(l)[i * cols + k]) * net->weights(l)[j * cols + k];
        EXPECT_NEAR(dot, i == j ? 4.0 : 0.0, 1e-5);
      }
  }
  NetworkConfig tall = c;
  tall.input_width = 10, tall.width = 40, tall.depth = 1, tall.gain = 1;  // 40 x 10: orthonormal columns
  net = run(tall);
  for (size_t i = 0; i < 10; ++i)
    for (size_t j = 0; j < 10; ++j) {
      double dot = 0;
      for (size_t k = 0; k < 40; ++k) dot += double(net->weights(1)[k * 10 + i]) * net->weights(1)[k * 10 + j];
      EXPECT_NEAR(dot, i == j ? 1.0 : 0.0, 1e-6);
    }
}

TEST(Network, InitSchemesHaveTheirStatedScale) {
  struct Case {
    InitScheme scheme;
    double std;  // for fan_in = 400, fan_out = 100
  } cases[] = {
      {InitScheme::xavier_normal, std::sqrt(2.0 / 500)}, {InitScheme::xavier_uniform, std::sqrt(2.0 / 500)},
      {InitScheme::he_normal, std::sqrt(2.0 / 400)},     {InitScheme::he_uniform, std::sqrt(2.0 / 400)},
      {InitScheme::lecun_normal, std::sqrt(1.0 / 400)},  {InitScheme::lecun_uniform, std::sqrt(1.0 / 400)},
      {InitScheme::normal, 0.3 * 1.5},                   {InitScheme::uniform, 0.3 * 1.5 / std::sqrt(3.0)},
      {InitScheme::orthogonal, 1.5 / std::sqrt(400.0)},  {InitScheme::constant, 0.0},
  };
  for (const Case& k : cases) {
    NetworkConfig c;
    c.input_width = 400, c.width = 100, c.depth = 1, c.batch = 1;
    c.init = k.scheme, c.init_std = 0.3, c.init_bound = 0.3, c.init_value = 0.2;
    c.gain = k.scheme == InitScheme::normal || k.scheme == InitScheme::uniform || k.scheme == InitScheme::orthogonal ||
                     k.scheme == InitScheme::constant
                 ? 1.5
                 : 1.0;
    std::unique_ptr<Network> net = run(c);
    const std::vector<float>& w = net->weights(1);
    double s1 = 0, s2 = 0;
    for (float v : w) s1 += v, s2 += double(v) * v;
    const double mean = s1 / w.size(), std = std::sqrt(std::max(0.0, s2 / w.size() - mean * mean));
    EXPECT_NEAR(std, k.std, 0.03 * k.std + 1e-7) << name_of(k.scheme);
    if (k.scheme == InitScheme::constant) {
      EXPECT_FLOAT_EQ(mean, 0.3f) << "gain * value";
    }
  }
  NetworkConfig c;
  c.input_width = 400, c.width = 100, c.depth = 1, c.fan_mode = FanMode::fan_out;
  std::unique_ptr<Network> net = run(c);
  EXPECT_NEAR(second_moment(net->weights(1)), 2.0 / 100, 0.05 * 2.0 / 100);
}

TEST(Network, MemoryCapRefusesAHugeConfigAndSaysWhatToLower) {
  NetworkConfig c;
  c.depth = 1000, c.width = 2048, c.batch = 4096;
  const std::string message = check_memory(c);
  EXPECT_NE(message.find("needs"), std::string::npos) << message;
  EXPECT_NE(message.find("MiB"), std::string::npos) << message;
  EXPECT_NE(message.find("budget of 512 MiB"), std::string::npos) << message;
  EXPECT_NE(message.find("lower batch (now 4096)"), std::string::npos) << message;
  EXPECT_GT(memory_bytes(c), 60ull << 30);  // 2 * 1000 * 2048 * 4096 floats of z and a alone
  const SimulationResult r = simulate(c);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.error, message);
  // Weight-dominated: the advice is width.
  c.depth = 100, c.width = 16384, c.batch = 1;
  EXPECT_NE(check_memory(c).find("lower width (now 16384)"), std::string::npos) << check_memory(c);
  // A raised budget accepts what a lower one refuses.
  c.depth = 20, c.width = 1024, c.batch = 1024;
  c.memory_budget_mib = 64;
  EXPECT_FALSE(check_memory(c).empty());
  c.memory_budget_mib = 512;
  EXPECT_TRUE(check_memory(c).empty());
}

TEST(Network, MemoryEstimateCoversTheTensors) {
  NetworkConfig c = small_config();
  std::unique_ptr<Network> net = run(c);
  uint64_t bytes = net->input().size() * 4 + net->upstream().size() * 4;
  for (int l = 1; l <= c.depth; ++l)
    bytes += 4 * (2 * net->weights(l).size() + 2 * net->biases(l).size() + net->z(l).size() + net->a(l).size());
  EXPECT_GE(memory_bytes(c), bytes);
  EXPECT_EQ(net->result().bytes, memory_bytes(c));
}

TEST(Network, InvalidSettingsAreRefusedWithSettingValueAndRange) {
  NetworkConfig c;
  c.depth = 0;
  EXPECT_EQ(validate(c), "depth = 0 is outside the allowed range [1, 10000]");
  c = NetworkConfig{};
  c.width = 0;
  EXPECT_EQ(validate(c), "width = 0 is outside the allowed range [1, 16384]");
  c = NetworkConfig{};
  c.gain = NAN;
  EXPECT_EQ(validate(c), "gain = nan is outside the allowed range [0, 1000000]");
  c = NetworkConfig{};
  c.init = static_cast<InitScheme>(42);
  EXPECT_NE(validate(c).find("init = 42 is unknown"), std::string::npos);
  c = NetworkConfig{};
  c.activation.id = "relux";
  EXPECT_NE(validate(c).find("unknown activation 'relux'"), std::string::npos);
  c = NetworkConfig{};
  c.activation = {"elu", {-1.0f}, {}};
  EXPECT_EQ(validate(c), "activation: elu: alpha = -1 is outside the allowed range [0, 10]");
  c = NetworkConfig{};
  c.activation = {"prelu", {}, {0.1f, 0.2f}};
  EXPECT_NE(validate(c).find("needs one per unit, width = 256"), std::string::npos);
  c = NetworkConfig{};
  c.overrides.push_back({21, {"tanh", {}, {}}});
  EXPECT_EQ(validate(c), "layers[].layer = 21 is outside the allowed range [1, depth = 20]");
  EXPECT_FALSE(simulate(c).ok);
}

TEST(Network, JsonConfigRunsAndBadJsonIsRefusedWithoutCrashing) {
  const std::string ok = simulate_json(
      R"({"inputWidth": 8, "depth": 3, "width": 5, "batch": 4, "activation": {"id": "leaky_relu", "params": [0.2]},
          "layers": [{"layer": 2, "id": "prelu", "alphas": [0.1, 0.2, 0.3, 0.4, 0.5]}],
          "init": "lecun_uniform", "fanMode": "fan_out", "gain": 1.2, "bias": 0.01, "input": "uniform",
          "upstream": "mse", "seed": 99, "bins": 8, "clipNorm": 0.5, "clipValue": 2})");
  EXPECT_EQ(ok.rfind("{\"ok\":true,", 0), 0u) << ok;
  EXPECT_NE(ok.find("\"layers\":[{\"zMean\":"), std::string::npos);
  EXPECT_EQ(ok, simulate_json(R"({"inputWidth": 8, "depth": 3, "width": 5, "batch": 4,
      "activation": {"id": "leaky_relu", "params": [0.2]},
      "layers": [{"layer": 2, "id": "prelu", "alphas": [0.1, 0.2, 0.3, 0.4, 0.5]}],
      "init": "lecun_uniform", "fanMode": "fan_out", "gain": 1.2, "bias": 0.01, "input": "uniform",
      "upstream": "mse", "seed": 99, "bins": 8, "clipNorm": 0.5, "clipValue": 2})"));
  const struct {
    const char* json;
    const char* error;
  } refused[] = {
      {R"({"depth": 0})", "depth = 0 is outside the allowed range [1, 10000]"},
      {R"({"width": 1e9})", "width = 1e+09 is outside the allowed range [1, 16384]"},
      {R"({"width": 2.5})", "width = 2.5 must be a whole number in [1, 16384]"},
      {R"({"gain": "NaN"})", "gain must be a number, not a string"},
      {R"({"init": "glorot"})", "init = 'glorot' is unknown (allowed: xavier_normal, xavier_uniform, he_normal, "
                                "he_uniform, lecun_normal, lecun_uniform, orthogonal, normal, uniform, constant)"},
      {R"({"upstream": "l1"})", "upstream = 'l1' is unknown (allowed: normal, mse)"},
      {R"({"activation": "nope"})", "activation: unknown activation 'nope'"},
      {R"({"dpeth": 3})", "unknown setting 'dpeth'"},
      {R"({"depth": 3)", "config is not valid JSON"},
      {R"([1, 2])", "config must be a JSON object, not an array"},
      {R"({"depth": 1000, "width": 2048, "batch": 4096})", "needs"},
      {"", "config is not valid JSON"},
      {R"({"layers": [{"id": "tanh"}]})", "layers[0] needs a \\\"layer\\\""},
  };
  for (const auto& r : refused) {
    const std::string out = simulate_json(r.json);
    EXPECT_EQ(out.rfind("{\"ok\":false,\"error\":\"", 0), 0u) << r.json << " -> " << out;
    EXPECT_NE(out.find(r.error), std::string::npos) << r.json << " -> " << out;
  }
  std::string deep(100, '[');
  EXPECT_NE(simulate_json(deep).find("nesting deeper than 32"), std::string::npos);
}

TEST(Network, NonFiniteValuesAreReportedAsSuch) {
  NetworkConfig c;
  c.input_width = 16, c.depth = 40, c.width = 16, c.batch = 4;
  c.init = InitScheme::normal, c.init_std = 100;  // ReLU explodes to inf, then NaN
  std::unique_ptr<Network> net = run(c);
  EXPECT_GT(net->result().layers.back().non_finite, 0u);
  const std::string json = result_to_json(net->result());
  EXPECT_TRUE(json.find("\"Infinity\"") != std::string::npos || json.find("\"NaN\"") != std::string::npos);
}

// The bits of one fixed run. A change here changes every simulation; the wasm
// builds must give the same hash for the same JSON (see kGoldenConfig).
TEST(Network, GoldenBitsHashOfAFixedConfig) {
  const char* kGoldenConfig =
      R"({"inputWidth": 37, "depth": 7, "width": 29, "batch": 19, "activation": "gelu", "init": "xavier_uniform",
          "bias": 0.05, "upstream": "mse", "clipNorm": 0.5, "clipValue": 0.3})";
  const std::string json = simulate_json(kGoldenConfig);
  EXPECT_NE(json.find("\"bitsHash\":\"d326f0ac295fe3a0\""), std::string::npos) << json.substr(0, 80);
}

// A run in pieces (begin, then step with a small budget) gives the same
// result as run(), with the weights drawn up front (create) or layer by layer
// inside the steps (prepare), and its progress climbs from 0 to exactly 1.
TEST(Network, StepsInPiecesGiveTheBitsOfOneRun) {
  std::vector<NetworkConfig> configs;
  configs.push_back(small_config());
  NetworkConfig chain = small_config();
  chain.width = 1, chain.input_width = 1, chain.depth = 6, chain.init = InitScheme::normal, chain.clip_norm = 0.5;
  configs.push_back(chain);
  NetworkConfig wide = small_config();
  wide.depth = 5, wide.width = 33, wide.batch = 7, wide.upstream = UpstreamKind::mse, wide.clip_value = 0.01;
  wide.activation.id = "relu";
  configs.push_back(wide);
  NetworkConfig blocks = small_config();  // 130 x 2100 per layer: its products run in blocks of 64 rows
  blocks.depth = 3, blocks.width = 130, blocks.input_width = 130, blocks.batch = 2100;
  blocks.activation.id = "gelu";
  configs.push_back(blocks);
  for (const NetworkConfig& c : configs) {
    const std::string whole = result_to_json(run(c)->result());
    for (bool lazy : {false, true}) {
      for (double budget : {1.0, 50.0, 5000.0}) {
        std::string error;
        std::unique_ptr<Network> net = lazy ? Network::prepare(c, &error) : Network::create(c, &error);
        ASSERT_NE(net, nullptr) << error;
        net->begin();
        EXPECT_EQ(net->progress(), 0.0);
        double last = 0.0;
        int steps = 0;
        while (!net->step(budget)) {
          EXPECT_GE(net->progress(), last);
          EXPECT_LT(net->progress(), 1.0);
          last = net->progress();
          ++steps;
        }
        EXPECT_EQ(net->progress(), 1.0);
        if (budget == 1.0) {
          EXPECT_GE(steps, c.batch > 2000 ? 30 : 6 * c.depth - 1) << "one piece per call (blocks of rows in the wide config)";
        }
        EXPECT_EQ(result_to_json(net->result()), whole) << "width " << c.width << (lazy ? " lazy" : " eager") << " budget " << budget;
      }
    }
  }
}

}  // namespace
}  // namespace actlab
