// The layer library (cpp/src/layers): every layer's backward pass against
// central differences of C = sum(r * y) in double, conv2d against a direct
// convolution (also split in parts), maxpool's ties and NaNs, dropout masks
// and AlphaDropout's moments, and the refusals of layer_shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "actlab/layers.h"
#include "actlab/random.h"

namespace actlab {
namespace {

constexpr double kU = 0x1p-24;  // float's unit roundoff

// ---------------------------------------------------------------- specs and runs

LayerSpec dense(int units) {
  LayerSpec s;
  s.kind = LayerKind::dense, s.units = units;
  return s;
}
LayerSpec conv(int filters, int kernel, Padding padding) {
  LayerSpec s;
  s.kind = LayerKind::conv2d, s.filters = filters, s.kernel = kernel, s.padding = padding;
  return s;
}
LayerSpec maxpool(int pool) {
  LayerSpec s;
  s.kind = LayerKind::maxpool, s.pool = pool;
  return s;
}
LayerSpec activation(const std::string& id, std::vector<float> alphas = {}) {
  LayerSpec s;
  s.kind = LayerKind::activation, s.activation = {id, {}, std::move(alphas)};
  return s;
}
LayerSpec gated(const std::string& id) {
  LayerSpec s;
  s.kind = LayerKind::gated, s.gated = id;
  return s;
}
LayerSpec flatten() {
  LayerSpec s;
  s.kind = LayerKind::flatten;
  return s;
}
LayerSpec norm(LayerKind kind) {
  LayerSpec s;
  s.kind = kind;
  return s;
}
LayerSpec dropout(double rate, LayerKind kind = LayerKind::dropout) {
  LayerSpec s;
  s.kind = kind, s.rate = rate;
  return s;
}

// layer_shapes' refusal of the stack, "" if it applies.
std::string refusal(const std::vector<LayerSpec>& specs, Shape input) {
  std::vector<Shape> shapes;
  return layer_shapes(specs, input, &shapes);
}

// The layer for `spec` on `in`, at position `index` of its stack.
std::unique_ptr<Layer> build(const LayerSpec& spec, Shape in, int index = 0) {
  std::vector<Shape> shapes;
  const std::string error = layer_shapes({spec}, in, &shapes);
  EXPECT_EQ(error, "");
  if (!error.empty()) return nullptr;
  return make_layer(spec, in, shapes[0], index);
}

std::vector<float> normals(size_t n, uint64_t seed, double scale = 1.0) {
  NormalSampler normal(seed, 17);
  std::vector<float> v(n);
  for (float& e : v) e = static_cast<float>(scale * normal.next());
  return v;
}

// N(0, 1) values moved `gap` away from 0, so no finite difference crosses an activation's kink at 0.
std::vector<float> away_from_zero(size_t n, uint64_t seed, float gap) {
  std::vector<float> v = normals(n, seed);
  for (float& e : v) e += e < 0 ? -gap : gap;
  return v;
}

// y = layer(x), all parts in order.
std::vector<float> forward(Layer& layer, const std::vector<float>& x, size_t batch, const Pass& pass) {
  std::vector<float> y(layer.out().size() * batch);
  for (size_t p = 0; p < layer.forward_parts(batch); ++p) layer.forward(p, x.data(), y.data(), batch, pass);
  return y;
}

// dx for dy after the forward pass that gave y (empty with want_dx = false: dx is nullptr).
std::vector<float> backward(Layer& layer, const std::vector<float>& x, const std::vector<float>& y,
                            const std::vector<float>& dy, size_t batch, bool want_dx = true) {
  std::vector<float> dx(want_dx ? layer.in().size() * batch : 0);
  for (size_t p = 0; p < layer.backward_parts(batch); ++p)
    layer.backward(p, x.data(), y.data(), dy.data(), want_dx ? dx.data() : nullptr, batch);
  return dx;
}

// ---------------------------------------------------------------- the gradient check

// The step and the tolerance. Each value v moves to float(v +- h max(1, |v|)) with
// h = 1e-2, and the quotient uses the two floats actually reached.
//  - Truncation: C is exactly linear in x and in the parameters for dense, conv2d,
//    prelu, dropout and maxpool (distinct values more than h apart, so no argmax
//    changes), so the central difference has no truncation error there; for the
//    smooth activations it is h^2 |f'''| / 6 <= 4e-5 (|f'''| <= 2 for tanh, <= 1.76
//    for SELU's negative side), and inputs stay 0.05 away from the kinks at 0.
//  - Rounding: C is summed in double from float outputs; an output of a K-term
//    product is off by about sqrt(K) 2^-24 of its terms, so C(x+h) - C(x-h) over 2h
//    carries about 2^-24 sqrt(K * outputs) / h ~ 1e-4 of the gradient here (K <= 75).
// kGradTolerance = 2e-3 of the largest |numeric gradient| of each array is 20x these
// estimates (70x the worst error measured, 2.8e-5, for tanh) and 5x below a 1% error,
// which must fail (WrongGradientsFailTheCheck).
constexpr double kStep = 1e-2;
constexpr double kGradTolerance = 2e-3;

struct Gradients {
  std::vector<float> dx, dw, db, dslopes, dgamma, dbeta;                       // the backward pass's
  std::vector<double> num_dx, num_dw, num_db, num_dslopes, num_dgamma, num_dbeta;  // central differences of C
};

// The backward pass of a fresh layer for `spec` (random weights, C = sum(r * y)
// with random r) and the central differences of C for x and every parameter.
Gradients gradients(const LayerSpec& spec, Shape in, size_t batch, std::vector<float> x, Pass pass = {true, 5, 3},
                    int index = 0) {
  Gradients g;
  std::unique_ptr<Layer> layer = build(spec, in, index);
  if (!layer) return g;
  EXPECT_EQ(x.size(), in.size() * batch);
  auto* weighted = dynamic_cast<WeightLayer*>(layer.get());
  auto* act = dynamic_cast<ActivationLayer*>(layer.get());
  auto* normed = dynamic_cast<NormLayer*>(layer.get());
  if (normed) {  // away from gamma = 1, beta = 0, so a wrong use of either shows
    normed->gamma = normals(normed->gamma.size(), 31, 0.5);
    for (float& g : normed->gamma) g += 1.0f;
    if (!normed->beta.empty()) normed->beta = normals(normed->beta.size(), 32, 0.5);
  }
  if (weighted) {
    weighted->weights = normals(weighted->weights.size(), 21, 0.5);
    weighted->bias = normals(weighted->bias.size(), 22, 0.5);
  }
  const std::vector<float> r = normals(layer->out().size() * batch, 23);
  const std::vector<float> y = forward(*layer, x, batch, pass);
  g.dx = backward(*layer, x, y, r, batch);
  if (weighted) {
    g.dw = weighted->grad_weights, g.db = weighted->grad_bias;
    // The parameter gradients do not depend on whether dx is wanted.
    backward(*layer, x, forward(*layer, x, batch, pass), r, batch, false);
    EXPECT_EQ(weighted->grad_weights, g.dw);
    EXPECT_EQ(weighted->grad_bias, g.db);
  }
  if (act) g.dslopes = act->grad_slopes;
  if (normed) g.dgamma = normed->grad_gamma, g.dbeta = normed->grad_beta;

  auto cost = [&] {
    const std::vector<float> out = forward(*layer, x, batch, pass);
    double c = 0.0;
    for (size_t j = 0; j < out.size(); ++j) c += static_cast<double>(r[j]) * out[j];
    return c;
  };
  auto central = [&](float* v, size_t n) {
    std::vector<double> d(n);
    for (size_t i = 0; i < n; ++i) {
      const float v0 = v[i];
      const double step = kStep * std::max(1.0, std::fabs(static_cast<double>(v0)));
      const float up = static_cast<float>(v0 + step), down = static_cast<float>(v0 - step);
      v[i] = up;
      const double c_up = cost();
      v[i] = down;
      const double c_down = cost();
      v[i] = v0;
      d[i] = (c_up - c_down) / (static_cast<double>(up) - down);
    }
    return d;
  };
  g.num_dx = central(x.data(), x.size());
  if (weighted) {
    g.num_dw = central(weighted->weights.data(), weighted->weights.size());
    g.num_db = central(weighted->bias.data(), weighted->bias.size());
  }
  if (act && !act->slopes.empty()) g.num_dslopes = central(act->slopes.data(), act->slopes.size());
  if (normed) {
    g.num_dgamma = central(normed->gamma.data(), normed->gamma.size());
    if (!normed->beta.empty()) g.num_dbeta = central(normed->beta.data(), normed->beta.size());
  }
  return g;
}

// max |analytic - numeric| / (kGradTolerance * max |numeric|): below 1 passes.
double gradient_error(const std::vector<float>& analytic, const std::vector<double>& numeric) {
  if (analytic.size() != numeric.size()) return std::numeric_limits<double>::infinity();
  double scale = 0.0, worst = 0.0;
  for (double v : numeric) scale = std::max(scale, std::fabs(v));
  for (size_t i = 0; i < numeric.size(); ++i) worst = std::max(worst, std::fabs(analytic[i] - numeric[i]));
  return scale > 0 ? worst / (kGradTolerance * scale) : (worst > 0 ? std::numeric_limits<double>::infinity() : 0.0);
}

void expect_matches(const char* what, const std::vector<float>& analytic, const std::vector<double>& numeric) {
  ASSERT_EQ(analytic.size(), numeric.size()) << what;
  ASSERT_FALSE(numeric.empty()) << what;
  const double largest = std::fabs(*std::max_element(numeric.begin(), numeric.end(),
                                                     [](double a, double b) { return std::fabs(a) < std::fabs(b); }));
  EXPECT_GT(largest, 1e-3) << what << ": a vanishing gradient would make the check vacuous";
  EXPECT_LT(gradient_error(analytic, numeric), 1.0) << what << " differs from the central differences";
}

void expect_gradients_match(const Gradients& g) {
  expect_matches("dx", g.dx, g.num_dx);
  if (!g.num_dw.empty() || !g.dw.empty()) {
    expect_matches("grad_weights", g.dw, g.num_dw);
    expect_matches("grad_bias", g.db, g.num_db);
  }
  if (!g.num_dslopes.empty() || !g.dslopes.empty()) expect_matches("grad_slopes", g.dslopes, g.num_dslopes);
  if (!g.num_dgamma.empty() || !g.dgamma.empty()) expect_matches("grad_gamma", g.dgamma, g.num_dgamma);
  if (!g.num_dbeta.empty() || !g.dbeta.empty()) expect_matches("grad_beta", g.dbeta, g.num_dbeta);
}

// ---------------------------------------------------------------- 1. gradient checks

TEST(LayersGradient, DenseOnAFlatInputMatchesCentralDifferences) {
  const Shape in{7, 1, 1};
  expect_gradients_match(gradients(dense(5), in, 4, normals(in.size() * 4, 1)));
}

TEST(LayersGradient, DenseOnAChwInputMatchesCentralDifferences) {
  const Shape in{2, 3, 4};
  expect_gradients_match(gradients(dense(5), in, 3, normals(in.size() * 3, 2)));
}

// Central differences only prove backward consistent with forward; this pins forward to
// torch.nn.Linear on the flattened sample (feature c H W + y W + x, weight units x features).
TEST(LayersGradient, DenseForwardIsTorchLinearOnTheFlattenedChwSample) {
  const Shape in{2, 3, 4};
  const size_t batch = 3, features = in.size();
  std::unique_ptr<Layer> layer = build(dense(5), in);
  ASSERT_TRUE(layer);
  auto& w = dynamic_cast<WeightLayer&>(*layer);
  ASSERT_EQ(w.rows(), 5u);
  ASSERT_EQ(w.cols(), features);
  w.weights = normals(w.weights.size(), 24, 0.5), w.bias = normals(w.bias.size(), 25, 0.5);
  const std::vector<float> x = normals(features * batch, 26);
  const std::vector<float> y = forward(*layer, x, batch, {});
  const double gamma = (features + 1) * kU / (1 - (features + 1) * kU);
  for (size_t u = 0; u < 5; ++u)
    for (size_t s = 0; s < batch; ++s) {
      double sum = w.bias[u], size = std::fabs(w.bias[u]);
      float acc = 0.0f;  // gemm.h: the k-ordered float sum, bit for bit
      for (size_t f = 0; f < features; ++f) {
        sum += static_cast<double>(w.weights[u * features + f]) * x[f * batch + s];
        size += std::fabs(static_cast<double>(w.weights[u * features + f]) * x[f * batch + s]);
        acc = acc + w.weights[u * features + f] * x[f * batch + s];
      }
      EXPECT_NEAR(y[u * batch + s], sum, gamma * size) << u << ", " << s;
      EXPECT_EQ(y[u * batch + s], acc + w.bias[u]) << u << ", " << s;
    }
}

TEST(LayersGradient, FlattenPassesValuesAndGradientsThrough) {
  const Shape in{2, 3, 4};
  expect_gradients_match(gradients(flatten(), in, 3, normals(in.size() * 3, 27)));
  std::unique_ptr<Layer> layer = build(flatten(), in);
  ASSERT_TRUE(layer);
  EXPECT_EQ(layer->out(), (Shape{24, 1, 1}));
  const std::vector<float> x = normals(in.size() * 3, 28);
  EXPECT_EQ(forward(*layer, x, 3, {}), x);
}

TEST(LayersGradient, Conv2dValidMatchesCentralDifferencesForKernels1To5) {
  const Shape in{2, 5, 6};
  for (int k : {1, 3, 5}) {
    SCOPED_TRACE("valid kernel " + std::to_string(k));
    expect_gradients_match(gradients(conv(3, k, Padding::valid), in, 3, normals(in.size() * 3, 3)));
  }
}

TEST(LayersGradient, Conv2dSameMatchesCentralDifferencesForOddKernels) {
  const Shape in{2, 5, 6};
  for (int k : {1, 3, 5}) {
    SCOPED_TRACE("same kernel " + std::to_string(k));
    expect_gradients_match(gradients(conv(3, k, Padding::same), in, 3, normals(in.size() * 3, 4)));
  }
}

// Distinct values evenly spread over [-1, 1] (spacing 2 / (n - 1) > kStep for n <= 200), shuffled.
std::vector<float> distinct_values(size_t n, uint64_t seed) {
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  Pcg32 rng(seed, 1);
  for (size_t i = n - 1; i > 0; --i) std::swap(order[i], order[rng.next() % (i + 1)]);
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<float>(-1.0 + 2.0 * order[i] / (n - 1));
  return v;
}

TEST(LayersGradient, MaxPoolWithoutTiesMatchesCentralDifferences) {
  const Shape in{2, 6, 6};
  for (int pool : {2, 3}) {
    SCOPED_TRACE("pool " + std::to_string(pool));
    const std::vector<float> x = distinct_values(in.size() * 2, 5);
    ASSERT_GT(2.0 / (x.size() - 1), kStep);
    expect_gradients_match(gradients(maxpool(pool), in, 2, x));
  }
}

TEST(LayersGradient, ActivationLayersMatchCentralDifferences) {
  const Shape in{3, 2, 2};
  for (const char* id : {"sigmoid", "tanh", "elu", "selu", "gelu"}) {
    SCOPED_TRACE(id);
    const Gradients g = gradients(activation(id), in, 3, away_from_zero(in.size() * 3, 6, 0.05f));
    EXPECT_TRUE(g.dslopes.empty());
    expect_gradients_match(g);
  }
}

TEST(LayersGradient, GatedUnitsMatchCentralDifferencesOnFlatAndChwInputs) {
  for (const GatedUnit& unit : gated_units()) {
    for (Shape in : {Shape{6, 1, 1}, Shape{4, 2, 3}}) {
      SCOPED_TRACE(std::string(unit.id) + " on " + std::to_string(in.channels) + " channels");
      expect_gradients_match(gradients(gated(unit.id), in, 3, away_from_zero(in.size() * 3, 8, 0.05f)));
    }
  }
}

// torch.nn.functional.glu(x, dim=1): the first half of the channels is the value, the second the gate.
TEST(LayersGated, ForwardMultipliesTheFirstChannelHalfByTheGateOfTheSecond) {
  const Shape in{4, 1, 2};
  const size_t batch = 3, half = in.size() / 2 * batch;
  const std::vector<float> x = normals(in.size() * batch, 9, 2.0);
  for (const GatedUnit& unit : gated_units()) {
    SCOPED_TRACE(unit.id);
    std::unique_ptr<Layer> layer = build(gated(unit.id), in);
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->out(), (Shape{2, 1, 2}));
    const std::vector<float> y = forward(*layer, x, batch, {});
    ASSERT_EQ(y.size(), half);
    std::vector<float> g(half);
    unit.gate().forward(half, x.data() + half, g.data(), nullptr);
    for (size_t e = 0; e < half; ++e) EXPECT_EQ(y[e], g[e] * x[e]) << "at " << e;
  }
}

TEST(LayersGated, ABackwardPassRecordsBothPartialsAndFlagsChannelsWhoseGateIsShut) {
  const Shape in{4, 1, 1};
  const size_t batch = 2;
  // Channel 0's gates are negative on both samples, so ReGLU shuts it; channel 1's are open.
  const std::vector<float> x = {1.5f, -2.0f, 0.5f, 3.0f, -1.0f, -0.5f, 2.0f, 4.0f};
  std::unique_ptr<Layer> layer = build(gated("reglu"), in);
  const std::vector<float> y = forward(*layer, x, batch, {});
  EXPECT_EQ(y, (std::vector<float>{0.0f, -0.0f, 1.0f, 12.0f}));
  const std::vector<float> dx = backward(*layer, x, y, {1.0f, 2.0f, 3.0f, 4.0f}, batch);
  EXPECT_EQ(dx, (std::vector<float>{0.0f, 0.0f, 6.0f, 16.0f, 0.0f, 0.0f, 1.5f, 12.0f}));
  const auto& g = static_cast<const GatedLayer&>(*layer);
  EXPECT_EQ(g.d_value, (std::vector<float>{0.0f, 0.0f, 2.0f, 4.0f}));
  EXPECT_EQ(g.d_gate, (std::vector<float>{0.0f, 0.0f, 0.5f, 3.0f}));
  EXPECT_EQ(g.zero_slope, (std::vector<uint8_t>{1, 0}));
}

TEST(LayersGradient, PReLUPerChannelSlopesGetTheirGradient) {
  const Shape in{3, 2, 2};
  const Gradients g = gradients(activation("prelu", {0.2f, -0.4f, 0.7f}), in, 3, away_from_zero(in.size() * 3, 7, 0.05f));
  ASSERT_EQ(g.dslopes.size(), 3u);
  expect_gradients_match(g);
}

TEST(LayersGradient, NormLayersMatchCentralDifferencesOnFlatAndChwInputs) {
  for (LayerKind kind : {LayerKind::batch_norm, LayerKind::layer_norm, LayerKind::rms_norm})
    for (Shape in : {Shape{6, 1, 1}, Shape{3, 2, 2}}) {
      const LayerSpec spec = norm(kind);
      SCOPED_TRACE(describe(spec) + " on " + std::to_string(in.channels) + "x" + std::to_string(in.height) + "x" +
                   std::to_string(in.width));
      const Gradients g = gradients(spec, in, 5, normals(in.size() * 5, 40, 2.0));
      EXPECT_EQ(g.dbeta.empty(), kind == LayerKind::rms_norm);
      EXPECT_EQ(g.dgamma.size(), kind == LayerKind::batch_norm ? size_t(in.channels) : in.size());
      expect_gradients_match(g);
    }
}

// The forward pass against the definitions, in double: per channel over batch and positions (BatchNorm),
// per sample over its features (LayerNorm, RMSNorm); BatchNorm's running averages move as torch's.
TEST(LayersNorm, ForwardNormalisesTheRightGroupsAndBatchNormKeepsTorchsRunningAverages) {
  const Shape in{3, 2, 2};
  const size_t batch = 4, per = 4, n = in.size() * batch;
  const std::vector<float> x = normals(n, 41, 3.0);
  for (LayerKind kind : {LayerKind::batch_norm, LayerKind::layer_norm, LayerKind::rms_norm}) {
    SCOPED_TRACE(describe(norm(kind)));
    std::unique_ptr<Layer> layer = build(norm(kind), in);
    ASSERT_TRUE(layer);
    const std::vector<float> y = forward(*layer, x, batch, {true, 1, 1});
    const bool bn = kind == LayerKind::batch_norm, rms = kind == LayerKind::rms_norm;
    const size_t groups = bn ? in.channels : batch;
    for (size_t g = 0; g < groups; ++g) {
      std::vector<size_t> members;
      for (size_t e = 0; e < n; ++e)
        if (bn ? e / (per * batch) == g : e % batch == g) members.push_back(e);
      double mean = 0.0, squares = 0.0;
      for (size_t e : members) mean += x[e];
      mean = rms ? 0.0 : mean / members.size();
      for (size_t e : members) squares += (x[e] - mean) * (x[e] - mean);
      const double var = squares / members.size(), eps = default_eps(kind);
      for (size_t e : members) EXPECT_NEAR(y[e], (x[e] - mean) / std::sqrt(var + eps), 1e-6) << g << " " << e;
      if (bn) {
        auto& bn_layer = dynamic_cast<NormLayer&>(*layer);
        EXPECT_NEAR(bn_layer.running_mean[g], 0.1 * mean, 1e-6);
        EXPECT_NEAR(bn_layer.running_var[g], 0.9 + 0.1 * squares / (members.size() - 1), 1e-5);
      }
    }
    if (bn) {  // evaluation: the running statistics, not the batch's
      auto& bn_layer = dynamic_cast<NormLayer&>(*layer);
      const std::vector<float> e = forward(*layer, x, batch, {});
      for (size_t i = 0; i < n; ++i) {
        const size_t c = i / (per * batch);
        EXPECT_NEAR(e[i], (x[i] - bn_layer.running_mean[c]) / std::sqrt(bn_layer.running_var[c] + 1e-5), 1e-5);
      }
    }
  }
}

TEST(LayersGradient, DropoutUsesTheMaskOfItsSeedStepAndIndexAndScalesKeptGradients) {
  const Shape in{3, 4, 5};
  const size_t batch = 2, n = in.size() * batch;
  const double p = 0.3;
  const Pass pass{true, 11, 5};
  const int index = 2;
  std::unique_ptr<Layer> layer = build(dropout(p), in, index);
  ASSERT_TRUE(layer);
  auto* drop = dynamic_cast<DropoutLayer*>(layer.get());
  ASSERT_NE(drop, nullptr);
  const std::vector<float> x = normals(n, 8), dy = normals(n, 9);
  const std::vector<float> y = forward(*layer, x, batch, pass);
  std::vector<uint8_t> mask(n);
  dropout_mask(p, pass.seed, pass.step, index, n, mask.data());
  EXPECT_EQ(drop->keep, mask);
  const size_t kept = std::count(mask.begin(), mask.end(), 1);
  EXPECT_GT(kept, 0u);
  EXPECT_LT(kept, n);
  const std::vector<float> dx = backward(*layer, x, y, dy, batch);
  const float scale = static_cast<float>(1.0 / (1.0 - p));
  for (size_t e = 0; e < n; ++e) {
    EXPECT_EQ(y[e], mask[e] ? x[e] * scale : 0.0f) << e;
    EXPECT_EQ(dx[e], mask[e] ? dy[e] * scale : 0.0f) << e;
    if (mask[e]) {
      EXPECT_NEAR(dx[e] / dy[e], 1.0 / (1.0 - p), 2 * kU / (1.0 - p)) << e;
    }
  }
  expect_gradients_match(gradients(dropout(p), in, batch, x, pass, index));
}

TEST(LayersGradient, RReLUTrainingPassesDrawSeededSlopesAndBackpropagateThroughThem) {
  const Shape in{2, 8, 8};
  const size_t batch = 16, n = in.size() * batch;
  const float lower = 0.1f, upper = 0.3f;
  LayerSpec spec = activation("rrelu");
  spec.activation.params = {lower, upper};
  const Pass pass{true, 21, 3};
  const int index = 4;
  std::unique_ptr<Layer> layer = build(spec, in, index);
  ASSERT_TRUE(layer);
  const std::vector<float> x = normals(n, 13), dy = normals(n, 14);
  const std::vector<float> y = forward(*layer, x, batch, pass);
  const std::vector<float> dx = backward(*layer, x, y, dy, batch);
  std::vector<float> r(n);
  rrelu_slopes(lower, upper, pass.seed, pass.step, index, n, r.data());
  EXPECT_EQ(dynamic_cast<ActivationLayer&>(*layer).noise, r);
  double sum = 0;
  size_t negatives = 0;
  for (size_t e = 0; e < n; ++e) {
    EXPECT_GE(r[e], lower) << e;
    EXPECT_LE(r[e], upper) << e;
    sum += r[e];
    EXPECT_EQ(y[e], x[e] <= 0 ? x[e] * r[e] : x[e]) << e;
    EXPECT_EQ(dx[e], x[e] <= 0 ? dy[e] * r[e] : dy[e]) << e;
    negatives += x[e] <= 0;
  }
  EXPECT_GT(negatives, n / 3);
  // U(0.1, 0.3) has mean 0.2 and standard deviation 0.2 / sqrt(12); the mean of n draws is within 4 sigma.
  EXPECT_NEAR(sum / n, 0.2, 4 * 0.2 / std::sqrt(12.0 * n));
  // Another step or layer index draws other slopes; the same ones draw the same.
  std::vector<float> again(n), next_step(n), other_layer(n);
  rrelu_slopes(lower, upper, pass.seed, pass.step, index, n, again.data());
  rrelu_slopes(lower, upper, pass.seed, pass.step + 1, index, n, next_step.data());
  rrelu_slopes(lower, upper, pass.seed, pass.step, index + 1, n, other_layer.data());
  EXPECT_EQ(again, r);
  EXPECT_NE(next_step, r);
  EXPECT_NE(other_layer, r);
  expect_gradients_match(gradients(spec, Shape{3, 2, 2}, 3, away_from_zero(36, 15, 0.05f), pass, index));
  // An evaluation pass is the catalogue kernel: slope (lower + upper) / 2 = 0.2.
  const std::vector<float> eval = forward(*layer, x, batch, Pass{});
  for (size_t e = 0; e < n; ++e) EXPECT_EQ(eval[e], x[e] > 0 ? x[e] : 0.2f * x[e]) << e;
}

TEST(LayersGradient, AlphaDropoutAppliesTheAffineCorrectionAndScalesKeptGradients) {
  const Shape in{3, 4, 5};
  const size_t batch = 2, n = in.size() * batch;
  const Pass pass{true, 12, 7};
  const int index = 1;
  constexpr double kAlpha = 1.7580993408473766;
  for (double p : {0.1, 0.3}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    std::unique_ptr<Layer> layer = build(dropout(p, LayerKind::alpha_dropout), in, index);
    ASSERT_TRUE(layer);
    const std::vector<float> x = normals(n, 10), dy = normals(n, 11);
    const std::vector<float> y = forward(*layer, x, batch, pass);
    const std::vector<float> dx = backward(*layer, x, y, dy, batch);
    std::vector<uint8_t> mask(n);
    dropout_mask(p, pass.seed, pass.step, index, n, mask.data());
    EXPECT_EQ(dynamic_cast<DropoutLayer&>(*layer).keep, mask);
    const double a = 1.0 / std::sqrt((kAlpha * kAlpha * p + 1.0) * (1.0 - p));
    size_t dropped = 0;
    for (size_t e = 0; e < n; ++e) {
      if (mask[e]) {
        // float(a) x + float(a alpha p): four roundings of at most kU each.
        const double kept = a * x[e] + a * kAlpha * p;
        EXPECT_NEAR(y[e], kept, 4 * kU * (std::fabs(a * x[e]) + a * kAlpha * p)) << e;
        EXPECT_NEAR(dx[e], a * dy[e], 2 * kU * std::fabs(a * dy[e])) << e;
      } else {
        ++dropped;
        EXPECT_NEAR(y[e], a * kAlpha * (p - 1.0), 2 * kU * a * kAlpha) << e;
        EXPECT_EQ(dx[e], 0.0f) << e;
      }
    }
    EXPECT_GT(dropped, 0u);
    EXPECT_LT(dropped, n);
    expect_gradients_match(gradients(dropout(p, LayerKind::alpha_dropout), in, batch, x, pass, index));
  }
}

TEST(LayersGradient, EvaluationPassesOfBothDropoutsLeaveEveryValueInPlace) {
  const Shape in{3, 4, 5};
  const std::vector<float> x = normals(in.size() * 2, 12);
  for (LayerKind kind : {LayerKind::dropout, LayerKind::alpha_dropout}) {
    std::unique_ptr<Layer> layer = build(dropout(0.5, kind), in);
    ASSERT_TRUE(layer);
    EXPECT_EQ(forward(*layer, x, 2, Pass{}), x);
  }
}

// The check catches a 1% scale error and a transposed weight gradient.
TEST(LayersGradient, WrongGradientsFailTheCheck) {
  auto scaled = [](std::vector<float> v, float by) {
    for (float& e : v) e *= by;
    return v;
  };
  {
    const Shape in{5, 1, 1};  // 5 x 5 weights, so the transpose has the same shape
    const Gradients g = gradients(dense(5), in, 4, normals(in.size() * 4, 13));
    ASSERT_LT(gradient_error(g.dx, g.num_dx), 1.0);
    EXPECT_GT(gradient_error(scaled(g.dx, 1.01f), g.num_dx), 1.0);
    EXPECT_GT(gradient_error(scaled(g.dx, 0.99f), g.num_dx), 1.0);
    EXPECT_GT(gradient_error(scaled(g.db, 1.01f), g.num_db), 1.0);
    std::vector<float> transposed(g.dw.size());
    for (int u = 0; u < 5; ++u)
      for (int i = 0; i < 5; ++i) transposed[i * 5 + u] = g.dw[u * 5 + i];
    ASSERT_LT(gradient_error(g.dw, g.num_dw), 1.0);
    EXPECT_GT(gradient_error(transposed, g.num_dw), 1.0);
    EXPECT_GT(gradient_error(scaled(g.dw, 1.01f), g.num_dw), 1.0);
  }
  {
    const Shape in{2, 5, 6};
    const Gradients g = gradients(conv(3, 3, Padding::same), in, 3, normals(in.size() * 3, 14));
    std::vector<float> transposed(g.dw.size());  // each k x k kernel transposed
    for (size_t fc = 0; fc < g.dw.size() / 9; ++fc)
      for (int ki = 0; ki < 3; ++ki)
        for (int kj = 0; kj < 3; ++kj) transposed[fc * 9 + kj * 3 + ki] = g.dw[fc * 9 + ki * 3 + kj];
    ASSERT_LT(gradient_error(g.dw, g.num_dw), 1.0);
    EXPECT_GT(gradient_error(transposed, g.num_dw), 1.0);
    EXPECT_GT(gradient_error(scaled(g.dx, 1.01f), g.num_dx), 1.0);
  }
  {
    const Shape in{3, 2, 2};
    const Gradients g = gradients(activation("prelu", {0.2f, -0.4f, 0.7f}), in, 3, away_from_zero(in.size() * 3, 7, 0.05f));
    ASSERT_LT(gradient_error(g.dslopes, g.num_dslopes), 1.0);
    EXPECT_GT(gradient_error(scaled(g.dslopes, 1.01f), g.num_dslopes), 1.0);
    const Gradients s = gradients(activation("sigmoid"), in, 3, away_from_zero(in.size() * 3, 7, 0.05f));
    ASSERT_LT(gradient_error(s.dx, s.num_dx), 1.0);
    EXPECT_GT(gradient_error(scaled(s.dx, 1.01f), s.num_dx), 1.0);
  }
}

// ---------------------------------------------------------------- 2. maxpool ties and NaN

TEST(LayersMaxPool, TiesSendTheGradientToTheFirstMaximumInRowMajorOrder) {
  const Shape in{1, 4, 4};
  std::unique_ptr<Layer> layer = build(maxpool(2), in);
  ASSERT_TRUE(layer);
  // Windows (row-major): all 3; 1 then three 5s; 2 1 / 7 7; -0 +0 / -1 +0 (-0 == +0: the first wins).
  const std::vector<float> x = {3, 3, 1, 5,     //
                                3, 3, 5, 5,     //
                                2, 1, -0.0f, 0, //
                                7, 7, -1, 0};
  const std::vector<float> y = forward(*layer, x, 1, {true, 1, 1});
  EXPECT_EQ(y, (std::vector<float>{3, 5, 7, 0}));
  EXPECT_TRUE(std::signbit(y[3])) << "the first of the tied zeros, -0";
  const std::vector<float> dx = backward(*layer, x, y, {10, 20, 30, 40}, 1);
  EXPECT_EQ(dx, (std::vector<float>{10, 0, 0, 20,  //
                                    0, 0, 0, 0,    //
                                    0, 0, 40, 0,   //
                                    30, 0, 0, 0}));
}

TEST(LayersMaxPool, TiesInPoolsOf3AcrossABatchGoToEachSamplesFirstMaximum) {
  const Shape in{2, 6, 6};
  const size_t batch = 2, n = in.size() * batch;
  std::unique_ptr<Layer> layer = build(maxpool(3), in);
  ASSERT_TRUE(layer);
  // Sample 0: all equal. Sample 1: 1 everywhere, 2 at the window's (1, 2) and (2, 0).
  std::vector<float> x(n, 0.0f);
  for (size_t f = 0; f < in.size(); ++f) x[f * batch + 1] = 1.0f;
  auto at = [&](int c, int row, int col, size_t s) { return ((static_cast<size_t>(c) * 6 + row) * 6 + col) * batch + s; };
  for (int c = 0; c < 2; ++c)
    for (int wy = 0; wy < 2; ++wy)
      for (int wx = 0; wx < 2; ++wx) x[at(c, wy * 3 + 1, wx * 3 + 2, 1)] = x[at(c, wy * 3 + 2, wx * 3, 1)] = 2.0f;
  const std::vector<float> y = forward(*layer, x, batch, {true, 1, 1});
  std::vector<float> dy(y.size());
  for (size_t j = 0; j < dy.size(); ++j) dy[j] = static_cast<float>(j + 1);
  const std::vector<float> dx = backward(*layer, x, y, dy, batch);
  std::vector<float> expected(n, 0.0f);
  for (int c = 0; c < 2; ++c)
    for (int wy = 0; wy < 2; ++wy)
      for (int wx = 0; wx < 2; ++wx) {
        const size_t out = ((static_cast<size_t>(c) * 2 + wy) * 2 + wx) * batch;
        EXPECT_EQ(y[out], 0.0f);
        EXPECT_EQ(y[out + 1], 2.0f);
        expected[at(c, wy * 3, wx * 3, 0)] = dy[out];
        expected[at(c, wy * 3 + 1, wx * 3 + 2, 1)] = dy[out + 1];
      }
  EXPECT_EQ(dx, expected);
}

TEST(LayersMaxPool, ANaNInAWindowPropagatesToItsOutput) {
  const Shape in{1, 4, 4};
  std::unique_ptr<Layer> layer = build(maxpool(2), in);
  ASSERT_TRUE(layer);
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  // Windows: NaN last among 9s; NaN first before +inf; no NaN; all -inf.
  const std::vector<float> x = {9, 9, nan, inf,  //
                                9, nan, 1, 2,    //
                                1, 4, -inf, -inf, //
                                3, 2, -inf, -inf};
  const std::vector<float> y = forward(*layer, x, 1, {true, 1, 1});
  EXPECT_TRUE(std::isnan(y[0]));
  EXPECT_TRUE(std::isnan(y[1]));
  EXPECT_EQ(y[2], 4.0f);
  EXPECT_EQ(y[3], -inf);
  // A lone NaN is the window's maximum, so it gets the gradient (torch's indices agree).
  const std::vector<float> dx = backward(*layer, x, y, {10, 20, 30, 40}, 1);
  EXPECT_EQ(dx, (std::vector<float>{0, 0, 20, 0,  //
                                    0, 10, 0, 0,  //
                                    0, 30, 40, 0, //
                                    0, 0, 0, 0}));
  // Two NaNs in one window: the last one gets the gradient, as torch's max_pool2d indices say
  // (torch: x = [[nan, 1], [nan, 0]] sends dy to the lower NaN).
  std::unique_ptr<Layer> small = build(maxpool(2), {1, 2, 2});
  ASSERT_TRUE(small);
  const std::vector<float> twice = {nan, 1, nan, 0};
  const std::vector<float> out = forward(*small, twice, 1, {true, 1, 1});
  EXPECT_TRUE(std::isnan(out[0]));
  EXPECT_EQ(backward(*small, twice, out, {5}, 1), (std::vector<float>{0, 0, 5, 0}));
}

// ---------------------------------------------------------------- 3. conv2d against a direct convolution

struct ConvCase {
  Shape in;
  int filters, kernel;
  Padding padding;
  size_t batch;
};

// A conv2d layer with random weights, its input, and the direct convolution of
// torch.nn.Conv2d (weight (filters, C, k, k), (k - 1) / 2 zeros each side for
// 'same'): in double (`exact`), the bound gamma_{K+1} (sum |w x| + |b|) on float's
// error, and the plain float loop over (c, ki, kj) that gemm.h promises to match bit for bit.
struct ConvSetup {
  std::unique_ptr<Layer> layer;
  WeightLayer* conv = nullptr;
  std::vector<float> x;
  std::vector<double> exact, bound;
  std::vector<float> naive_float;
};

ConvSetup conv_setup(const ConvCase& c, uint64_t seed) {
  ConvSetup s;
  s.layer = build(conv(c.filters, c.kernel, c.padding), c.in);
  if (!s.layer) return s;
  s.conv = dynamic_cast<WeightLayer*>(s.layer.get());
  s.conv->weights = normals(s.conv->weights.size(), seed, 0.3);
  s.conv->bias = normals(s.conv->bias.size(), seed + 1, 0.3);
  s.x = normals(c.in.size() * c.batch, seed + 2);
  const Shape i = c.in, o = s.layer->out();
  const int k = c.kernel, pad = c.padding == Padding::same ? (k - 1) / 2 : 0;
  const size_t b = c.batch, terms = static_cast<size_t>(i.channels) * k * k;
  const double gamma = (terms + 1) * kU / (1 - (terms + 1) * kU);
  s.exact.resize(o.size() * b), s.bound.resize(o.size() * b), s.naive_float.resize(o.size() * b);
  const std::vector<float>& w = s.conv->weights;
  for (int f = 0; f < o.channels; ++f)
    for (int oy = 0; oy < o.height; ++oy)
      for (int ox = 0; ox < o.width; ++ox)
        for (size_t n = 0; n < b; ++n) {
          double sum = 0.0, size = 0.0;
          float acc = 0.0f;
          for (int ch = 0; ch < i.channels; ++ch)
            for (int ki = 0; ki < k; ++ki)
              for (int kj = 0; kj < k; ++kj) {
                const int iy = oy + ki - pad, ix = ox + kj - pad;
                const bool inside = iy >= 0 && iy < i.height && ix >= 0 && ix < i.width;
                const float v = inside ? s.x[((static_cast<size_t>(ch) * i.height + iy) * i.width + ix) * b + n] : 0.0f;
                const float wt = w[((static_cast<size_t>(f) * i.channels + ch) * k + ki) * k + kj];
                sum += static_cast<double>(wt) * v, size += std::fabs(static_cast<double>(wt) * v);
                acc = acc + wt * v;
              }
          const size_t e = ((static_cast<size_t>(f) * o.height + oy) * o.width + ox) * b + n;
          s.exact[e] = sum + s.conv->bias[f];
          s.bound[e] = gamma * (size + std::fabs(s.conv->bias[f]));
          s.naive_float[e] = acc + s.conv->bias[f];
        }
  return s;
}

void expect_matches_direct_convolution(const ConvSetup& s, const std::vector<float>& y) {
  ASSERT_EQ(y.size(), s.exact.size());
  size_t off = 0, not_bitwise = 0;
  for (size_t e = 0; e < y.size(); ++e) {
    off += !(std::fabs(y[e] - s.exact[e]) <= s.bound[e]);
    not_bitwise += y[e] != s.naive_float[e];
  }
  EXPECT_EQ(off, 0u) << "outputs outside gamma_{K+1} (sum |w x| + |b|) of the double convolution";
  EXPECT_EQ(not_bitwise, 0u) << "outputs that are not the float loop's bits";
}

TEST(LayersConv2d, ForwardIsTorchsConvolutionForValidAndSamePadding) {
  for (const ConvCase& c : {ConvCase{{2, 5, 6}, 3, 3, Padding::valid, 3}, ConvCase{{2, 5, 6}, 3, 1, Padding::valid, 3},
                            ConvCase{{2, 5, 6}, 3, 5, Padding::valid, 3}, ConvCase{{2, 5, 6}, 3, 1, Padding::same, 3},
                            ConvCase{{2, 5, 6}, 3, 3, Padding::same, 3}, ConvCase{{2, 5, 6}, 3, 5, Padding::same, 3},
                            ConvCase{{3, 7, 4}, 4, 3, Padding::same, 1}}) {
    SCOPED_TRACE("kernel " + std::to_string(c.kernel) + (c.padding == Padding::same ? " same" : " valid"));
    ConvSetup s = conv_setup(c, 30);
    ASSERT_TRUE(s.layer);
    EXPECT_EQ(s.layer->out().height, c.padding == Padding::same ? c.in.height : c.in.height - c.kernel + 1);
    expect_matches_direct_convolution(s, forward(*s.layer, s.x, c.batch, {}));
  }
}

TEST(LayersConv2d, AForwardPassInPartsGivesTheSameBitsInAnyCallPattern) {
  for (const ConvCase& c :
       {ConvCase{{8, 40, 40}, 16, 3, Padding::valid, 32}, ConvCase{{8, 40, 40}, 16, 3, Padding::same, 32}}) {
    SCOPED_TRACE(c.padding == Padding::same ? "same" : "valid");
    ConvSetup s = conv_setup(c, 40);
    ASSERT_TRUE(s.layer);
    const size_t parts = s.layer->forward_parts(c.batch);
    ASSERT_GT(parts, 1u) << "the shape must be large enough to split";
    // In order, one call per part.
    const std::vector<float> in_order = forward(*s.layer, s.x, c.batch, {});
    // Backwards, on a second layer with the same weights, with another conv2d's part between each call.
    std::unique_ptr<Layer> twin = build(conv(c.filters, c.kernel, c.padding), c.in);
    ConvSetup other = conv_setup({{8, 12, 12}, 5, 3, Padding::same, 32}, 41);
    auto* twin_conv = dynamic_cast<WeightLayer*>(twin.get());
    twin_conv->weights = s.conv->weights, twin_conv->bias = s.conv->bias;
    std::vector<float> reversed(in_order.size(), std::numeric_limits<float>::quiet_NaN());
    std::vector<float> other_y(other.layer->out().size() * 32);
    for (size_t p = parts; p-- > 0;) {
      twin->forward(p, s.x.data(), reversed.data(), c.batch, {});
      other.layer->forward(0, other.x.data(), other_y.data(), 32, {});
    }
    EXPECT_EQ(std::memcmp(in_order.data(), reversed.data(), in_order.size() * sizeof(float)), 0);
    // Sample by sample (batch 1: one part): the same bits again.
    const size_t per_sample = c.in.size();
    ASSERT_EQ(s.layer->forward_parts(1), 1u);
    for (size_t n : {size_t{0}, size_t{17}, c.batch - 1}) {
      std::vector<float> xs(per_sample);
      for (size_t f = 0; f < per_sample; ++f) xs[f] = s.x[f * c.batch + n];
      const std::vector<float> ys = forward(*s.layer, xs, 1, {});
      size_t differ = 0;
      for (size_t f = 0; f < ys.size(); ++f) differ += ys[f] != in_order[f * c.batch + n];
      EXPECT_EQ(differ, 0u) << "sample " << n;
    }
    expect_matches_direct_convolution(s, in_order);
  }
}

TEST(LayersConv2d, ABackwardPassInPartsMatchesTheDirectGradients) {
  const ConvCase c{{8, 40, 40}, 16, 3, Padding::same, 32};
  ConvSetup s = conv_setup(c, 50);
  ASSERT_TRUE(s.layer);
  const size_t parts = s.layer->backward_parts(c.batch);
  ASSERT_GT(parts, 1u);
  const Shape i = c.in, o = s.layer->out();
  const int k = c.kernel, pad = 1;
  const size_t b = c.batch;
  const std::vector<float> y = forward(*s.layer, s.x, b, {true, 1, 1});
  const std::vector<float> dy = normals(y.size(), 51);
  const std::vector<float> dx = backward(*s.layer, s.x, y, dy, b);
  const std::vector<float> dw = s.conv->grad_weights, db = s.conv->grad_bias;
  // Direct sums in double; tolerance lambda sqrt(n) 2^-24 sum |terms| with lambda = 4
  // (Higham and Mary's probabilistic bound for n-term float sums: the rigorous n 2^-24
  // would let a missing part through).
  auto tolerance = [](size_t n, double size) { return 4.0 * std::sqrt(static_cast<double>(n)) * kU * size; };
  auto xi = [&](int ch, int iy, int ix, size_t n) {
    return s.x[((static_cast<size_t>(ch) * i.height + iy) * i.width + ix) * b + n];
  };
  auto dyi = [&](int f, int oy, int ox, size_t n) {
    return dy[((static_cast<size_t>(f) * o.height + oy) * o.width + ox) * b + n];
  };
  auto wi = [&](int f, int ch, int ki, int kj) {
    return s.conv->weights[((static_cast<size_t>(f) * i.channels + ch) * k + ki) * k + kj];
  };
  size_t off = 0;
  for (int f = 0; f < o.channels; ++f) {
    double sum = 0.0, size = 0.0;
    for (size_t e = 0; e < o.height * o.width * b; ++e)
      sum += dy[f * o.height * o.width * b + e], size += std::fabs(dy[f * o.height * o.width * b + e]);
    off += !(std::fabs(db[f] - sum) <= tolerance(o.height * o.width * b, size));
    for (int ch = 0; ch < i.channels; ++ch)
      for (int ki = 0; ki < k; ++ki)
        for (int kj = 0; kj < k; ++kj) {
          double g = 0.0, gsize = 0.0;
          for (int oy = 0; oy < o.height; ++oy) {
            const int iy = oy + ki - pad;
            if (iy < 0 || iy >= i.height) continue;
            for (int ox = 0; ox < o.width; ++ox) {
              const int ix = ox + kj - pad;
              if (ix < 0 || ix >= i.width) continue;
              for (size_t n = 0; n < b; ++n) {
                const double t = static_cast<double>(dyi(f, oy, ox, n)) * xi(ch, iy, ix, n);
                g += t, gsize += std::fabs(t);
              }
            }
          }
          off += !(std::fabs(dw[((static_cast<size_t>(f) * i.channels + ch) * k + ki) * k + kj] - g) <=
                   tolerance(o.height * o.width * b, gsize));
        }
  }
  EXPECT_EQ(off, 0u) << "parameter gradients off the direct sums";
  off = 0;
  for (int ch = 0; ch < i.channels; ++ch)
    for (int iy = 0; iy < i.height; ++iy)
      for (int ix = 0; ix < i.width; ++ix)
        for (size_t n = 0; n < b; ++n) {
          double g = 0.0, size = 0.0;
          for (int f = 0; f < o.channels; ++f)
            for (int ki = 0; ki < k; ++ki)
              for (int kj = 0; kj < k; ++kj) {
                const int oy = iy - ki + pad, ox = ix - kj + pad;
                if (oy < 0 || oy >= o.height || ox < 0 || ox >= o.width) continue;
                const double t = static_cast<double>(wi(f, ch, ki, kj)) * dyi(f, oy, ox, n);
                g += t, size += std::fabs(t);
              }
          off += !(std::fabs(dx[((static_cast<size_t>(ch) * i.height + iy) * i.width + ix) * b + n] - g) <=
                   tolerance(static_cast<size_t>(o.channels) * k * k, size));
        }
  EXPECT_EQ(off, 0u) << "dx off the direct sums";
  // With another conv2d's backward part between each call: the same bits.
  ConvSetup other = conv_setup({{8, 12, 12}, 5, 3, Padding::same, 32}, 52);
  const std::vector<float> other_y = forward(*other.layer, other.x, 32, {true, 1, 1});
  std::vector<float> other_dx(other.x.size());
  std::vector<float> dx2(dx.size(), std::numeric_limits<float>::quiet_NaN());
  forward(*s.layer, s.x, b, {true, 1, 1});
  for (size_t p = 0; p < parts; ++p) {
    s.layer->backward(p, s.x.data(), y.data(), dy.data(), dx2.data(), b);
    other.layer->backward(0, other.x.data(), other_y.data(), other_y.data(), other_dx.data(), 32);
  }
  EXPECT_EQ(std::memcmp(dx.data(), dx2.data(), dx.size() * sizeof(float)), 0);
  EXPECT_EQ(s.conv->grad_weights, dw);
  EXPECT_EQ(s.conv->grad_bias, db);
}

// ---------------------------------------------------------------- 4. AlphaDropout statistics

struct Moments {
  double mean, variance;
};
Moments moments(const std::vector<float>& v) {
  double s1 = 0.0, s2 = 0.0;
  for (float e : v) s1 += e, s2 += static_cast<double>(e) * e;
  const double mean = s1 / v.size();
  return {mean, s2 / v.size() - mean * mean};
}

TEST(LayersAlphaDropout, KeepsMeanZeroAndVarianceOneOfStandardNormalInputWherePlainDropoutInflatesIt) {
  const Shape in{1000, 1, 1};
  const size_t batch = 1000;  // 1e6 values
  const std::vector<float> x = normals(in.size() * batch, 60);
  const Moments input = moments(x);
  ASSERT_NEAR(input.mean, 0.0, 0.005);
  ASSERT_NEAR(input.variance, 1.0, 0.005);
  for (double p : {0.1, 0.2}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    std::unique_ptr<Layer> alpha = build(dropout(p, LayerKind::alpha_dropout), in);
    std::unique_ptr<Layer> plain = build(dropout(p), in);
    ASSERT_TRUE(alpha && plain);
    const Moments a = moments(forward(*alpha, x, batch, {true, 61, 1}));
    EXPECT_NEAR(a.mean, 0.0, 0.01);
    EXPECT_NEAR(a.variance, 1.0, 0.02);
    const Moments d = moments(forward(*plain, x, batch, {true, 61, 1}));
    EXPECT_NEAR(d.mean, 0.0, 0.01);
    EXPECT_GT(d.variance, 1.05) << "plain dropout changes a unit variance to 1 / (1 - p)";
    EXPECT_NEAR(d.variance, 1.0 / (1.0 - p), 0.02);
  }
}

// ---------------------------------------------------------------- 5. dropout masks

std::vector<uint8_t> mask(double rate, uint64_t seed, uint64_t step, int index, size_t n) {
  std::vector<uint8_t> keep(n);
  dropout_mask(rate, seed, step, index, n, keep.data());
  return keep;
}

TEST(LayersDropoutMask, TheSameSeedStepAndIndexGiveTheSameMask) {
  EXPECT_EQ(mask(0.3, 7, 4, 2, 100000), mask(0.3, 7, 4, 2, 100000));
  // And a layer's two training passes with the same Pass drop the same values.
  std::unique_ptr<Layer> layer = build(dropout(0.3), {50, 1, 1}, 2);
  ASSERT_TRUE(layer);
  const std::vector<float> x = normals(50 * 20, 70);
  EXPECT_EQ(forward(*layer, x, 20, {true, 7, 4}), forward(*layer, x, 20, {true, 7, 4}));
  EXPECT_EQ(dynamic_cast<DropoutLayer&>(*layer).keep, mask(0.3, 7, 4, 2, 50 * 20));
}

TEST(LayersDropoutMask, ADifferentStepIndexOrSeedGivesAnIndependentMask) {
  const size_t n = 100000;
  for (double p : {0.1, 0.5}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    const std::vector<uint8_t> base = mask(p, 7, 4, 2, n);
    // Independent masks differ at a share 2 p (1 - p) of the positions.
    const double q = 2 * p * (1 - p), sigma = std::sqrt(n * q * (1 - q));
    for (const std::vector<uint8_t>& other : {mask(p, 7, 5, 2, n), mask(p, 7, 4, 3, n), mask(p, 8, 4, 2, n)}) {
      size_t differ = 0;
      for (size_t e = 0; e < n; ++e) differ += base[e] != other[e];
      EXPECT_NEAR(static_cast<double>(differ), n * q, 4 * sigma);
    }
  }
}

TEST(LayersDropoutMask, KeepsAShareWithinFourSigmaOfOneMinusTheRate) {
  const size_t n = 100000;
  for (double p : {0.05, 0.1, 0.25, 0.5, 0.9}) {
    SCOPED_TRACE("p = " + std::to_string(p));
    const std::vector<uint8_t> keep = mask(p, 3, 1, 0, n);
    const double kept = static_cast<double>(std::count(keep.begin(), keep.end(), 1));
    EXPECT_NEAR(kept, n * (1 - p), 4 * std::sqrt(n * p * (1 - p)));
  }
}

TEST(LayersDropoutMask, RateZeroKeepsEverything) {
  const std::vector<uint8_t> keep = mask(0.0, 3, 1, 0, 100000);
  EXPECT_EQ(std::count(keep.begin(), keep.end(), 1), 100000);
  const Shape in{3, 4, 5};
  const std::vector<float> x = normals(in.size() * 4, 71), dy = normals(in.size() * 4, 72);
  for (LayerKind kind : {LayerKind::dropout, LayerKind::alpha_dropout}) {
    std::unique_ptr<Layer> layer = build(dropout(0.0, kind), in);
    ASSERT_TRUE(layer);
    const std::vector<float> y = forward(*layer, x, 4, {true, 3, 1});
    EXPECT_EQ(y, x);
    EXPECT_EQ(backward(*layer, x, y, dy, 4), dy);
  }
}

// ---------------------------------------------------------------- 6. layer_shapes refusals

void expect_refusal(const std::vector<LayerSpec>& specs, Shape input, const std::vector<std::string>& parts) {
  const std::string message = refusal(specs, input);
  ASSERT_NE(message, "") << "accepted";
  for (const std::string& part : parts) EXPECT_NE(message.find(part), std::string::npos) << message << "\n  lacks: " << part;
}

TEST(LayersShapes, RefusalsNameTheLayerTheSettingAndTheAllowedRange) {
  const Shape in{2, 5, 6};
  const LayerSpec relu = activation("relu");
  expect_refusal({relu, conv(3, 7, Padding::valid)}, in,
                 {"layer 2 (conv2d 3 7x7 valid)", "kernel = 7", "larger than the 5 x 6 input", "allowed [1, 5]"});
  expect_refusal({conv(0, 3, Padding::valid)}, in, {"layer 1 (conv2d 0 3x3 valid)", "filters = 0", "[1, 1024]"});
  expect_refusal({relu, relu, maxpool(4)}, {2, 6, 8},
                 {"layer 3 (maxpool 4)", "pool = 4", "does not divide the 6 x 8 input", "allowed: 1, 2"});
  expect_refusal({relu, dropout(1.0)}, in, {"layer 2 (dropout 1)", "rate = 1", "allowed range [0, 1)"});
  expect_refusal({dropout(-0.1)}, in, {"layer 1 (dropout -0.1)", "rate = -0.1", "allowed range [0, 1)"});
  expect_refusal({relu, relu, relu, dropout(std::numeric_limits<double>::quiet_NaN(), LayerKind::alpha_dropout)}, in,
                 {"layer 4 (alphadropout nan)", "rate = nan", "allowed range [0, 1)"});
  expect_refusal({relu, conv(3, 4, Padding::same)}, in,
                 {"layer 2 (conv2d 3 4x4 same)", "kernel = 4", "must be odd with 'same' padding", "allowed: 1, 3, 5"});
  expect_refusal({relu, activation("swishy")}, in,
                 {"layer 2 (swishy)", "unknown activation 'swishy'", "known: sigmoid, tanh", "gelu"});
  expect_refusal({relu, gated("swiglu")}, {3, 2, 2},
                 {"layer 2 (swiglu)", "3 channels", "value half and a gate half", "allowed: 2, 4, 6"});
  expect_refusal({dense(5), gated("glu")}, {4, 1, 1}, {"layer 2 (glu)", "5 features", "even number"});
  expect_refusal({gated("swigloo")}, in, {"layer 1 (swigloo)", "unknown gated unit 'swigloo'", "known: glu, reglu, geglu, swiglu"});
  EXPECT_EQ(refusal({dense(6), gated("geglu"), dense(2)}, {4, 1, 1}), "");
  // The same settings within range are accepted.
  EXPECT_EQ(refusal({relu, conv(3, 5, Padding::valid), conv(1, 1, Padding::same), dropout(0.999)}, in), "");
  EXPECT_EQ(refusal({relu, relu, maxpool(2)}, {2, 6, 8}), "");
}

}  // namespace
}  // namespace actlab
