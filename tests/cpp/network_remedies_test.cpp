// The simulator's remedies end to end: with norms, skips and dropout in the stack, every dL/dW and
// dL/db the backward pass reports matches central differences of the loss the engine computes
// (the same float forward pass re-run with one weight moved; dropout masks repeat, as they come
// from the seed and step).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "actlab/network.h"
#include "network_run.h"

namespace actlab {
namespace {

// A small stack with the remedies of `tweak`.
NetworkConfig small(void (*tweak)(NetworkConfig&)) {
  NetworkConfig c;
  c.input_width = 5, c.width = 5, c.depth = 4, c.batch = 6;
  c.activation.id = "tanh";
  c.init = InitScheme::xavier_normal;
  c.gain = 1.3;
  c.bias_std = 0.2;
  c.seed = 9;
  tweak(c);
  return c;
}

// max |engine - numeric| over max |numeric| for every weight and bias, with steps of 1e-3 (relative
// above 1): float rounding of the loss, about 1e-7 of it, over 2e-3 leaves about 5e-5; the norms'
// strong curvature on 5 units or 6 samples (truncation h^2 f''' / 6) stays below 1e-4 at this step
// (at 1e-2 it reached 5e-3). Checked against 2e-3, as the layer library's checks are. Every
// activation here is smooth, so no step crosses a kink.
double worst_gradient_error(const NetworkConfig& c) {
  std::unique_ptr<Network> net = testing::created_and_run(c);
  if (!net) return INFINITY;
  std::vector<std::vector<float>> grads;
  for (int l = 1; l <= c.depth; ++l) grads.push_back(net->grad_weights(l)), grads.push_back(net->grad_biases(l));
  double worst = 0.0, scale = 0.0;
  std::vector<std::pair<float, double>> pairs;
  for (int l = 1; l <= c.depth; ++l) {
    for (std::vector<float>* param : {&net->weights(l), &net->biases(l)}) {
      const std::vector<float>& grad = grads[2 * (l - 1) + (param == &net->biases(l))];
      for (size_t i = 0; i < param->size(); ++i) {
        const float v0 = (*param)[i];
        const double step = 1e-3 * std::max(1.0, std::fabs(static_cast<double>(v0)));
        const float up = static_cast<float>(v0 + step), down = static_cast<float>(v0 - step);
        (*param)[i] = up;
        net->run();
        const double loss_up = net->result().loss;
        (*param)[i] = down;
        net->run();
        const double loss_down = net->result().loss;
        (*param)[i] = v0;
        const double numeric = (loss_up - loss_down) / (static_cast<double>(up) - down);
        pairs.push_back({grad[i], numeric});
        scale = std::max(scale, std::fabs(numeric));
      }
    }
  }
  for (const auto& [engine, numeric] : pairs) worst = std::max(worst, std::fabs(engine - numeric));
  return worst / scale;
}

struct Case {
  const char* name;
  void (*tweak)(NetworkConfig&);
};

const Case kCases[] = {
    {"plain", [](NetworkConfig&) {}},
    {"skips every layer, alpha 0.5", [](NetworkConfig& c) { c.residual_every = 1, c.residual_scale = ResidualScale::alpha, c.residual_alpha = 0.5; }},
    {"skips every 2 layers, 1/sqrt(depth)", [](NetworkConfig& c) { c.residual_every = 2, c.residual_scale = ResidualScale::inverse_sqrt_depth; }},
    {"BatchNorm before f", [](NetworkConfig& c) { c.norm = NormKind::batch_norm; }},
    {"LayerNorm after f", [](NetworkConfig& c) { c.norm = NormKind::layer_norm, c.norm_placement = NormPlacement::after_activation; }},
    {"RMSNorm pre-residual", [](NetworkConfig& c) { c.norm = NormKind::rms_norm, c.norm_placement = NormPlacement::pre_residual, c.residual_every = 1; }},
    {"LayerNorm post-residual", [](NetworkConfig& c) { c.norm = NormKind::layer_norm, c.norm_placement = NormPlacement::post_residual, c.residual_every = 1; }},
    {"dropout 0.3", [](NetworkConfig& c) { c.dropout = 0.3; }},
    {"AlphaDropout 0.2", [](NetworkConfig& c) { c.dropout = 0.2, c.dropout_kind = DropoutKind::alpha_dropout; }},
    {"SwiGLU (dense to 2 x width, then the gate)", [](NetworkConfig& c) { c.activation.id = "swiglu"; }},
    {"GLU with BatchNorm before the gate, skips every layer", [](NetworkConfig& c) { c.activation.id = "glu", c.norm = NormKind::batch_norm, c.residual_every = 1; }},
    {"GeGLU on layer 3 of a tanh stack, dropout 0.2", [](NetworkConfig& c) { c.overrides = {{3, {"geglu"}}}, c.dropout = 0.2; }},
};

TEST(NetworkRemedies, EveryWeightAndBiasGradientMatchesCentralDifferencesOfTheEnginesLoss) {
  for (const Case& k : kCases) {
    const double error = worst_gradient_error(small(k.tweak));
    std::cout << "  " << k.name << ": worst |dL/dp - central difference| = " << error << " of the largest\n";
    EXPECT_LT(error, 2e-3) << k.name;
  }
}

// The check has power: a skip whose branch scale the backward pass ignored would be caught.
TEST(NetworkRemedies, AWrongGradientFailsTheCheck) {
  NetworkConfig c = small([](NetworkConfig& c) { c.residual_every = 1, c.residual_scale = ResidualScale::alpha, c.residual_alpha = 0.5; });
  std::unique_ptr<Network> net = testing::created_and_run(c);
  ASSERT_TRUE(net);
  const double right = worst_gradient_error(c);
  // Same stack, but alpha changed after the backward pass was recorded: the recorded gradients belong to alpha 0.5.
  NetworkConfig other = c;
  other.residual_alpha = 0.55;
  std::unique_ptr<Network> moved = testing::created_and_run(other);
  ASSERT_TRUE(moved);
  double worst = 0.0, scale = 0.0;
  for (int l = 1; l <= c.depth; ++l)
    for (size_t i = 0; i < net->grad_weights(l).size(); ++i) {
      worst = std::max(worst, std::fabs(static_cast<double>(net->grad_weights(l)[i]) - moved->grad_weights(l)[i]));
      scale = std::max(scale, std::fabs(static_cast<double>(moved->grad_weights(l)[i])));
    }
  EXPECT_LT(right, 2e-3);
  EXPECT_GT(worst / scale, 1e-2) << "a 10 % change of alpha must move the gradients far beyond the check's tolerance";
}

}  // namespace
}  // namespace actlab
