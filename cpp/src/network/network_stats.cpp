// The simulator's statistics: each layer's forward summary and histogram, the
// loss and upstream gradient, each layer's gradient statistics as the backward
// pass completes them, clipping, and the bits hash (network.h).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "actlab/mean_field.h"
#include "actlab/network.h"
#include "../shared/init.h"
#include "../shared/stats.h"
#include "network_parts.h"

namespace actlab {
using namespace shared;

namespace {
// The mean over pairs of samples (2j, 2j + 1) of the cosine between their columns of x (units x batch).
double pair_cosine(const float* x, size_t units, size_t batch) {
  const size_t pairs = batch / 2;
  if (pairs == 0) return 0.0;
  std::vector<double> dot(pairs, 0.0), first(pairs, 0.0), second(pairs, 0.0);
  for (size_t u = 0; u < units; ++u)
    for (size_t j = 0; j < pairs; ++j) {
      const double p = x[u * batch + 2 * j], q = x[u * batch + 2 * j + 1];
      dot[j] += p * q, first[j] += p * p, second[j] += q * q;
    }
  double sum = 0.0;
  for (size_t j = 0; j < pairs; ++j) {
    const double norms = std::sqrt(first[j] * second[j]);
    sum += norms > 0 ? dot[j] / norms : (dot[j] == 0 && first[j] == second[j] ? 1.0 : 0.0);
  }
  return sum / pairs;
}

// FNV-1a over the bits of n floats, one 32-bit word per step, continuing from hash.
uint64_t fnv1a(uint64_t hash, const float* x, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, &x[i], sizeof bits);
    hash = (hash ^ bits) * 1099511628211ULL;
  }
  return hash;
}
}  // namespace

// Layer l's forward summary; the activation histograms' common range grows with it.
void Network::summarize_block(int l) {
  const Block& b = blocks_[l - 1];
  const size_t n = z(l).size();  // width x batch, or 2 x width x batch before a gated unit
  LayerStats& stats = result_.layers[l - 1];
  const Summary sz = summarize(z(l).data(), n), sa = summarize(a(l).data(), a(l).size());
  const Summary sl = b.act == b.dense + 1 ? sz : summarize(tensors_[b.dense + 1].data(), n);
  stats.z_mean = sz.mean, stats.z_std = sz.std, stats.a_mean = sa.mean, stats.a_std = sa.std;
  stats.linear_mean = sl.mean, stats.linear_std = sl.std;
  stats.branch_end = b.branch_end;
  double squares = 0.0;
  for (float v : z(l)) squares += static_cast<double>(v) * v;
  stats.z_mean_square = squares / n;
  if (config_.pairs) stats.z_pair_correlation = pair_cosine(z(l).data(), n / config_.batch, config_.batch);
  if (sa.any_finite) {
    back_.a_lo = back_.a_any ? std::min(back_.a_lo, sa.lo) : sa.lo;
    back_.a_hi = back_.a_any ? std::max(back_.a_hi, sa.hi) : sa.hi;
    back_.a_any = true;
  }
  stats.non_finite += sa.non_finite;
}

void Network::histogram_block(int l) {
  const size_t n = static_cast<size_t>(config_.width) * config_.batch;
  LayerStats& stats = result_.layers[l - 1];
  stats.a_histogram.assign(result_.a_edges.empty() ? 0 : config_.histogram_bins, 0);
  linear_histogram(a(l).data(), n, result_.a_edges, stats.a_histogram.data());
}

// The loss and dL/da_L; the chain's upstream factor.
void Network::backward_begin() {
  const NetworkConfig& c = config_;
  const size_t batch = c.batch, n = static_cast<size_t>(c.width) * batch;
  back_.grad.assign(n, 0.0f), back_.grad_prev.assign(n, 0.0f);
  std::vector<float>& grad = back_.grad;
  const std::vector<float>& last = a(c.depth);
  double loss = 0.0;
  if (c.upstream == UpstreamKind::normal) {
    for (size_t i = 0; i < n; ++i) loss += static_cast<double>(upstream_[i]) * last[i];
    grad = upstream_;
  } else {
    for (size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(last[i]) - upstream_[i];
      loss += 0.5 * d * d;
      grad[i] = (last[i] - upstream_[i]) / static_cast<float>(batch);
    }
    loss /= batch;
  }
  result_.loss = loss;
  back_.factors.clear();
  if (has_chain()) back_.factors.push_back({c.depth + 1, NAN, NAN, NAN, grad[c.chain_sample]});
  back_.octaves.assign(c.depth, std::vector<uint32_t>(kOctaves, 0));
  back_.skip_to = -1;
  gradient_complete(static_cast<int>(ops_.size()));
}

// dL/d tensors_[t] is in back_.grad: the statistics of the layer whose z or a it is.
void Network::gradient_complete(int t) {
  const NetworkConfig& c = config_;
  const int l = tensor_block_[t];
  if (l == 0) return;
  const size_t n = back_.grad.size();
  const float* grad = back_.grad.data();
  const Block& b = blocks_[l - 1];
  LayerStats& stats = result_.layers[l - 1];
  double squares = 0.0;
  for (size_t e = 0; e < n; ++e) squares += static_cast<double>(grad[e]) * grad[e];
  if (b.out == t) {
    stats.grad_a_rms = std::sqrt(squares / n);
    if (c.pairs) stats.grad_pair_correlation = pair_cosine(grad, c.width, c.batch);
  }
  if (b.act != t) return;
  // dL/dz: its RMS and octaves; f'(z) from the activation's backward pass for the saturated and dead shares
  // (a gated unit: a (value, gate) pair is saturated when both partials are below the threshold).
  stats.grad_z_rms = std::sqrt(squares / n);
  const float threshold = static_cast<float>(c.saturation_threshold);
  size_t saturated = 0;
  if (gated(l)) {
    const auto& gate = static_cast<const GatedLayer&>(*ops_[b.act].layer);
    for (size_t e = 0; e < gate.d_value.size(); ++e)
      saturated += std::fabs(gate.d_value[e]) < threshold && std::fabs(gate.d_gate[e]) < threshold;
    stats.saturated_fraction = static_cast<double>(saturated) / gate.d_value.size();
  } else {
    const auto& act = static_cast<const ActivationLayer&>(*ops_[b.act].layer);
    for (float slope : act.slope) saturated += std::fabs(slope) < threshold;
    stats.saturated_fraction = static_cast<double>(saturated) / n;
  }
  const std::vector<uint8_t>& dead = *ops_[b.act].layer->dead_channels();
  stats.dead_fraction = static_cast<double>(std::count(dead.begin(), dead.end(), 1)) / c.width;
  uint32_t* octaves = back_.octaves[l - 1].data();
  for (size_t e = 0; e < n; ++e) count_octave(grad[e], octaves, &stats.grad_z_zeros, &stats.non_finite);
  if (has_chain()) {
    const auto& act = static_cast<const ActivationLayer&>(*ops_[b.act].layer);
    const size_t s = c.chain_sample;
    const double weight = l == 1 ? NAN : weights(l)[0], slope = act.slope[s];
    back_.factors.push_back({l, weight, z(l)[s], slope, l == 1 ? slope : weight * slope});
  }
}

// The |dL/dz| histograms' common edges, the weight norms and the single-neuron chain.
void Network::backward_end() {
  const NetworkConfig& c = config_;
  std::vector<std::vector<uint32_t>>& octaves = back_.octaves;
  merge_octaves(octaves, c.histogram_bins, &result_.grad_z_edges, &octaves);
  for (int l = 1; l <= c.depth; ++l) {
    LayerStats& stats = result_.layers[l - 1];
    stats.grad_z_histogram = std::move(octaves[l - 1]);
    stats.grad_w_norm = norm(grad_weights(l).data(), grad_weights(l).size());
    stats.grad_b_norm = norm(grad_biases(l).data(), grad_biases(l).size());
    stats.weight_norm = norm(weights(l).data(), weights(l).size());
    stats.grad_w_ratio = stats.grad_w_norm / stats.weight_norm;
  }
  if (has_chain()) {
    std::vector<ChainFactor>& factors = back_.factors;
    std::reverse(factors.begin(), factors.end());  // layer 1 first, the upstream factor last
    double product = 1.0, log10 = 0.0;
    for (const ChainFactor& f : factors) {
      product *= f.factor;
      log10 += deterministic_log(std::fabs(f.factor)) / deterministic_log(10.0);
    }
    result_.chain = std::move(factors);
    result_.chain_product = product;
    result_.chain_log10 = log10;
  }
  back_ = BackwardState{};  // free the work vectors
}

// Clipping by value, then by global norm, over every dW and db (a norm's gamma and beta are left as they are).
void Network::clip() {
  const NetworkConfig& c = config_;
  std::vector<std::vector<float>*> grads;
  for (int l = 1; l <= c.depth; ++l) grads.push_back(const_cast<std::vector<float>*>(&grad_weights(l)));
  for (int l = 1; l <= c.depth; ++l) grads.push_back(const_cast<std::vector<float>*>(&grad_biases(l)));
  auto global_norm = [&] {
    double squares = 0.0;
    for (int l = 1; l <= c.depth; ++l) {
      const double nw = norm(grad_weights(l).data(), grad_weights(l).size());
      const double nb = norm(grad_biases(l).data(), grad_biases(l).size());
      squares += nw * nw + nb * nb;
    }
    return std::sqrt(squares);
  };
  auto scale_all = [&](float factor) {
    for (std::vector<float>* t : grads)
      for (float& g : *t) g *= factor;
  };
  ClipReport& report = result_.clip;
  double squares = 0.0;  // the global norm from the per-layer norms backward_end() measured
  for (const LayerStats& stats : result_.layers)
    squares += stats.grad_w_norm * stats.grad_w_norm + stats.grad_b_norm * stats.grad_b_norm;
  report.norm_before = std::sqrt(squares);
  if (c.clip_value > 0) {
    const float v = static_cast<float>(c.clip_value);
    for (std::vector<float>* t : grads)
      for (float& g : *t) g = g > v ? v : (g < -v ? -v : g);  // NaN stays NaN
  }
  report.norm_after_value = c.clip_value > 0 ? global_norm() : report.norm_before;
  report.norm_after = report.norm_after_value;
  report.scale = 1.0;
  if (c.clip_norm > 0 && report.norm_after > c.clip_norm && std::isfinite(report.norm_after)) {
    // Each float product rounds up by at most 2^-24 relative, so aim 2^-20 low;
    // shrink further in the (never seen) case the rounded norm still exceeds the cap.
    const float first = static_cast<float>(c.clip_norm / report.norm_after * (1.0 - 0x1p-20));
    scale_all(first);
    double scale = first, after = global_norm();
    for (int attempt = 0; after > c.clip_norm && attempt < 8; ++attempt) {
      const float shrink = 1.0f - 0x1p-16f;
      scale_all(shrink);
      scale *= shrink;
      after = global_norm();
    }
    report.norm_after = after;
    report.scale = scale;
  }
  const bool clipped = c.clip_value > 0 || report.scale != 1.0;
  for (int l = 1; l <= c.depth; ++l) {
    LayerStats& stats = result_.layers[l - 1];
    stats.grad_w_norm_clipped = clipped ? norm(grad_weights(l).data(), grad_weights(l).size()) : stats.grad_w_norm;
    stats.grad_b_norm_clipped = clipped ? norm(grad_biases(l).data(), grad_biases(l).size()) : stats.grad_b_norm;
  }
}

// Clipping and the bits hash of a_L, every clipped dW, db, then every norm's dgamma, dbeta.
void Network::finish() {
  const NetworkConfig& c = config_;
  clip();
  uint64_t hash = fnv1a(1469598103934665603ULL, a(c.depth).data(), a(c.depth).size());
  for (int l = 1; l <= c.depth; ++l) {
    hash = fnv1a(hash, grad_weights(l).data(), grad_weights(l).size());
    hash = fnv1a(hash, grad_biases(l).data(), grad_biases(l).size());
  }
  for (const Op& op : ops_)
    if (const auto* norm = dynamic_cast<const NormLayer*>(op.layer.get())) {
      hash = fnv1a(hash, norm->grad_gamma.data(), norm->grad_gamma.size());
      hash = fnv1a(hash, norm->grad_beta.data(), norm->grad_beta.size());
    }
  result_.bits_hash = hash;
  const bool plain = c.norm == NormKind::none && c.residual_every == 0 && c.dropout == 0 && c.bias_value == 0 &&
                     c.overrides.empty() && c.activation.alphas.empty() && c.width >= 2 && !any_gated_;
  const double variance = weight_variance(c, c.width, c.width);
  if (plain && std::isfinite(variance)) {
    result_.has_mean_field = true;
    result_.sigma_w2 = c.width * variance, result_.sigma_b2 = c.bias_std * c.bias_std;
    result_.mean_field = mean_field(activation(1), result_.sigma_w2, result_.sigma_b2);
  }
}

}  // namespace actlab
