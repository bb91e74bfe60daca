// The simulator: build the stack from the layer library (layers.h), run it
// forward and backward in pieces, clip, and gather per-layer statistics.
#include "actlab/network.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>

#include "actlab/layers.h"
#include "actlab/mean_field.h"
#include "actlab/random.h"
#include "../shared/init.h"
#include "../shared/singular_values.h"
#include "../shared/stats.h"
#include "jacobian.h"

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

// Weight rows drawn per piece: whole 64-row blocks of about 2^24 multiply-adds (a draw costs about 32).
size_t draw_rows_per_piece(size_t rows, size_t cols) {
  const size_t fit = static_cast<size_t>(double(1 << 24) / std::max(32.0 * cols, 1.0));
  return std::min(rows, std::max<size_t>(64, fit / 64 * 64));
}
}  // namespace

// One op of the stack: tensors_[i + 1] = layer(tensors_[i]), or, for an add,
// tensors_[i + 1] = tensors_[from] + alpha * tensors_[i].
struct Network::Op {
  std::unique_ptr<Layer> layer;  // nullptr for an add
  int from = -1;                 // add: the tensor the skip starts at
  float alpha = 1.0f;            // add: the branch's scale
};

// Layer l's place among the ops and tensors.
struct Network::Block {
  int dense = 0;       // its dense op
  int act = 0;         // its activation op; tensors_[act] is z
  int out = 0;         // the tensor that is a_l
  bool branch_end = false;
};

struct Network::Task {
  enum class Kind { draw_rows, draw_done, forward, summary, edges, histogram, backward_begin, backward, backward_done, backward_end,
                    jacobian_begin, jacobian_op, jacobian_sweep, jacobian_end, finish };
  Kind kind;
  int index = 0;      // the block (1-based) or the op
  size_t part = 0;    // the part of an op, or the first row drawn
  size_t rows = 0;    // draw_rows: rows drawn up to
  double work = 1;    // multiply-adds, or their equivalent
};

// d a_L / d a_0 of one sample as it is propagated (rows x cols: the current tensor's features x input_width), then its SVD.
struct Network::JacobianState {
  std::vector<double> j, next, skip;  // J of the current tensor, of an op's output, of the pending skip's start
  size_t rows = 0, cols = 0;
  std::vector<char> skip_start;       // per tensor: an add's skip starts there
  int exponent = 0;                   // the true J (and skip) = j * 2^exponent
  bool finite = true;
  std::unique_ptr<JacobiSingularValues> svd;
};

double residual_alpha(const NetworkConfig& c) {
  switch (c.residual_scale) {
    case ResidualScale::one: return 1.0;
    case ResidualScale::inverse_sqrt_depth: return 1.0 / std::sqrt(static_cast<double>(c.depth));
    case ResidualScale::alpha: return c.residual_alpha;
  }
  return 1.0;
}

Network::Network(const NetworkConfig& config) : config_(config) {}
Network::~Network() = default;

std::unique_ptr<Network> Network::prepare(const NetworkConfig& config, std::string* error, DrawCache* cache) {
  std::string message = validate(config);
  if (message.empty()) message = check_memory(config);
  if (!message.empty()) {
    if (error) *error = message;
    return nullptr;
  }
  std::unique_ptr<Network> network(new Network(config));
  if (!cache) network->own_draws_ = std::make_unique<DrawCache>(0);
  network->draws_ = cache ? cache : network->own_draws_.get();
  network->build();
  network->initialise(*network->draws_);
  return network;
}

std::unique_ptr<Network> Network::create(const NetworkConfig& config, std::string* error, DrawCache* cache) {
  std::unique_ptr<Network> network = prepare(config, error, cache);
  if (!network) return nullptr;
  for (int l = 1; l <= config.depth; ++l) network->draw_weights(l, *network->draws_);
  network->weights_drawn_ = true;
  network->draws_ = nullptr;
  network->own_draws_.reset();
  return network;
}

// The stack as ops of the library: per layer dense -> [norm] -> f -> [norm] -> [dropout],
// with a pre-residual norm at the start of a branch and the add (and post-residual norm) at its end;
// a pre-norm stack ends with a final norm (as pre-norm Transformers do).
void Network::build() {
  const NetworkConfig& c = config_;
  const Shape wide{c.width, 1, 1};
  Shape shape{c.input_width, 1, 1};
  auto add_layer = [&](LayerSpec spec, Shape out) {
    const int index = static_cast<int>(ops_.size());
    Op op;
    op.layer = make_layer(spec, shape, out, index);
    ops_.push_back(std::move(op));
    shape = out;
    return index;
  };
  LayerSpec norm;
  norm.kind = c.norm == NormKind::batch_norm ? LayerKind::batch_norm
              : c.norm == NormKind::layer_norm ? LayerKind::layer_norm : LayerKind::rms_norm;
  const bool has_norm = c.norm != NormKind::none;
  const bool residual = c.residual_every > 0;
  auto norm_at = [&](NormPlacement where) { return has_norm && c.norm_placement == where; };

  layer_activation_.assign(c.depth, nullptr);
  layer_params_.assign(c.depth, {});
  layer_alphas_.assign(c.depth, {});
  std::vector<const ActivationChoice*> choice(c.depth, &c.activation);
  for (const LayerOverride& o : c.overrides) choice[o.layer - 1] = &o.activation;

  int branch_start_tensor = -1;
  for (int l = 1; l <= c.depth; ++l) {
    const bool in_branch = residual && l >= 2;
    const bool opens = in_branch && (l - 2) % c.residual_every == 0;
    const bool closes = in_branch && ((l - 1) % c.residual_every == 0 || l == c.depth);
    if (opens) {
      branch_start_tensor = static_cast<int>(ops_.size());
      if (norm_at(NormPlacement::pre_residual)) add_layer(norm, shape);
    }
    Block b;
    LayerSpec dense;
    dense.kind = LayerKind::dense, dense.units = c.width;
    b.dense = add_layer(dense, wide);
    if (norm_at(NormPlacement::before_activation)) add_layer(norm, wide);
    LayerSpec act;
    act.kind = LayerKind::activation, act.activation = *choice[l - 1];
    b.act = add_layer(act, wide);
    if (norm_at(NormPlacement::after_activation)) add_layer(norm, wide);
    if (c.dropout > 0) {
      LayerSpec drop;
      drop.kind = c.dropout_kind == DropoutKind::dropout ? LayerKind::dropout : LayerKind::alpha_dropout;
      drop.rate = c.dropout;
      add_layer(drop, wide);
    }
    if (closes) {
      Op op;
      op.from = branch_start_tensor;
      op.alpha = static_cast<float>(residual_alpha(c));
      ops_.push_back(std::move(op));
      if (norm_at(NormPlacement::post_residual)) add_layer(norm, wide);
      b.branch_end = true;
    }
    if (l == c.depth && residual && norm_at(NormPlacement::pre_residual)) add_layer(norm, wide);  // pre-norm's final norm
    b.out = static_cast<int>(ops_.size());
    blocks_.push_back(b);

    const Activation* f = find_activation(choice[l - 1]->id);
    layer_activation_[l - 1] = f;
    layer_params_[l - 1].assign(kMaxParams, 0.0f);
    if (choice[l - 1]->params.empty()) default_params(*f, layer_params_[l - 1].data());
    else std::copy(choice[l - 1]->params.begin(), choice[l - 1]->params.end(), layer_params_[l - 1].begin());
    layer_alphas_[l - 1] = choice[l - 1]->alphas;
  }
  tensors_.resize(ops_.size() + 1);
  tensor_block_.assign(tensors_.size(), 0);
  for (int l = 1; l <= c.depth; ++l) tensor_block_[blocks_[l - 1].act] = tensor_block_[blocks_[l - 1].out] = l;
}

void Network::initialise(DrawCache& draws) {
  const NetworkConfig& c = config_;
  const size_t batch = c.batch;
  for (size_t i = 0; i < ops_.size(); ++i) {
    const Layer* layer = ops_[i].layer.get();
    tensors_[i + 1].assign((layer ? layer->out().size() : c.width) * batch, 0.0f);
  }
  for (size_t l = 1; l <= blocks_.size(); ++l) {
    auto& dense = static_cast<WeightLayer&>(*ops_[blocks_[l - 1].dense].layer);
    dense.bias.assign(dense.bias.size(), static_cast<float>(c.bias_value));
    if (c.bias_std > 0) {
      const double* values = draws.draws(c.seed, kBiasStream + l, DrawCache::Kind::normal, dense.bias.size());
      for (size_t u = 0; u < dense.bias.size(); ++u) dense.bias[u] = static_cast<float>(c.bias_value + c.bias_std * values[u]);
    }
  }
  std::vector<float>& input = tensors_[0];
  input.resize(static_cast<size_t>(c.input_width) * batch);
  if (c.input == InputKind::constant) {
    std::fill(input.begin(), input.end(), static_cast<float>(c.input_value));
  } else {
    const auto input_kind = c.input == InputKind::normal ? DrawCache::Kind::normal : DrawCache::Kind::uniform;
    const double* values = draws.draws(c.seed, kInputStream, input_kind, input.size());
    for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(values[i]);
  }
  upstream_.resize(static_cast<size_t>(c.width) * batch);
  const double* upstream = draws.draws(c.seed, kUpstreamStream, DrawCache::Kind::normal, upstream_.size());
  for (size_t i = 0; i < upstream_.size(); ++i) upstream_[i] = static_cast<float>(upstream[i]);
  if (c.pairs) {  // sample 2j + 1: correlated with 2j by c, and probed by the same upstream gradient
    const double corr = c.pair_correlation, rest = std::sqrt(std::max(0.0, 1.0 - corr * corr));
    for (size_t f = 0; f < static_cast<size_t>(c.input_width); ++f)
      for (size_t j = 0; 2 * j + 1 < batch; ++j) {
        float* x = &input[f * batch + 2 * j];
        x[1] = static_cast<float>(corr * x[0] + rest * x[1]);
      }
    for (size_t u = 0; u < static_cast<size_t>(c.width); ++u)
      for (size_t j = 0; 2 * j + 1 < batch; ++j) upstream_[u * batch + 2 * j + 1] = upstream_[u * batch + 2 * j];
  }
}

// Layer l's weights, from its own stream of draws (so the order of layers does not matter).
void Network::draw_weights(int l, DrawCache& draws) {
  const NetworkConfig& c = config_;
  std::vector<float>& w = weights(l);
  const size_t rows = c.width, cols = fan_in(l);
  DrawCache::Kind kind;
  const bool drawn = init_draw_kind(c, &kind);
  const double* values = drawn ? draws.draws(c.seed, l, kind, rows * cols) : nullptr;
  init_weights(c, rows, cols, values, w.data());
}

std::vector<float>& Network::weights(int l) { return static_cast<WeightLayer&>(*ops_[blocks_[l - 1].dense].layer).weights; }
std::vector<float>& Network::biases(int l) { return static_cast<WeightLayer&>(*ops_[blocks_[l - 1].dense].layer).bias; }
const std::vector<float>& Network::grad_weights(int l) const {
  return static_cast<const WeightLayer&>(*ops_[blocks_[l - 1].dense].layer).grad_weights;
}
const std::vector<float>& Network::grad_biases(int l) const {
  return static_cast<const WeightLayer&>(*ops_[blocks_[l - 1].dense].layer).grad_bias;
}
const std::vector<float>& Network::z(int l) const { return tensors_[blocks_[l - 1].act]; }
const std::vector<float>& Network::a(int l) const { return l == 0 ? tensors_[0] : tensors_[blocks_[l - 1].out]; }

void Network::forward_part(int i, size_t part) {
  const Op& op = ops_[i];
  const float* x = tensors_[i].data();
  float* y = tensors_[i + 1].data();
  if (op.layer) {
    op.layer->forward(part, x, y, config_.batch, Pass{true, config_.seed, 1});
    return;
  }
  const float* skip = tensors_[op.from].data();
  for (size_t e = 0; e < tensors_[i + 1].size(); ++e) y[e] = skip[e] + op.alpha * x[e];
}

// Layer l's forward summary; the activation histograms' common range grows with it.
void Network::summarize_block(int l) {
  const Block& b = blocks_[l - 1];
  const size_t n = static_cast<size_t>(config_.width) * config_.batch;
  LayerStats& stats = result_.layers[l - 1];
  const Summary sz = summarize(z(l).data(), n), sa = summarize(a(l).data(), n);
  const Summary sl = b.act == b.dense + 1 ? sz : summarize(tensors_[b.dense + 1].data(), n);
  stats.z_mean = sz.mean, stats.z_std = sz.std, stats.a_mean = sa.mean, stats.a_std = sa.std;
  stats.linear_mean = sl.mean, stats.linear_std = sl.std;
  stats.branch_end = b.branch_end;
  double squares = 0.0;
  for (float v : z(l)) squares += static_cast<double>(v) * v;
  stats.z_mean_square = squares / n;
  if (config_.pairs) stats.z_pair_correlation = pair_cosine(z(l).data(), config_.width, config_.batch);
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
  if (c.width == 1) back_.factors.push_back({c.depth + 1, NAN, NAN, NAN, grad[c.chain_sample]});
  back_.octaves.assign(c.depth, std::vector<uint32_t>(kOctaves, 0));
  back_.skip_to = -1;
  gradient_complete(static_cast<int>(ops_.size()));
}

void Network::backward_part(int i, size_t part) {
  const Op& op = ops_[i];
  float* dx = i > 0 ? back_.grad_prev.data() : nullptr;  // nothing needs dL/d(input)
  if (op.layer) {
    op.layer->backward(part, tensors_[i].data(), tensors_[i + 1].data(), back_.grad.data(), dx, config_.batch);
    return;
  }
  back_.grad_skip = back_.grad;  // the skip passes dL/dy on unchanged; the branch gets alpha dL/dy
  back_.skip_to = op.from;
  for (size_t e = 0; e < back_.grad.size(); ++e) back_.grad_prev[e] = op.alpha * back_.grad[e];
}

// Op i's dx is complete: it becomes the current gradient (plus a skip's that starts at its tensor).
void Network::backward_done(int i) {
  if (i == 0) return;
  std::swap(back_.grad, back_.grad_prev);
  if (back_.skip_to == i) {
    for (size_t e = 0; e < back_.grad.size(); ++e) back_.grad[e] += back_.grad_skip[e];
    back_.skip_to = -1;
    back_.grad_skip.clear();
  }
  gradient_complete(i);
}

// dL/d tensors_[t] is in back_.grad: the statistics of the layer whose z or a it is.
void Network::gradient_complete(int t) {
  const NetworkConfig& c = config_;
  const int l = tensor_block_[t];
  if (l == 0) return;
  const size_t n = back_.grad.size();
  const float* grad = back_.grad.data();
  {
    const Block& b = blocks_[l - 1];
    LayerStats& stats = result_.layers[l - 1];
    double squares = 0.0;
    for (size_t e = 0; e < n; ++e) squares += static_cast<double>(grad[e]) * grad[e];
    if (b.out == t) {
      stats.grad_a_rms = std::sqrt(squares / n);
      if (b.branch_end) stats.grad_skip_rms = stats.grad_a_rms;
      if (c.pairs) stats.grad_pair_correlation = pair_cosine(grad, c.width, c.batch);
    }
    if (b.act != t) return;
    // dL/dz: its RMS and octaves; f'(z) from the activation's backward pass for the saturated and dead shares.
    const auto& act = static_cast<const ActivationLayer&>(*ops_[b.act].layer);
    stats.grad_z_rms = std::sqrt(squares / n);
    const float threshold = static_cast<float>(c.saturation_threshold);
    size_t saturated = 0;
    for (float slope : act.slope) saturated += std::fabs(slope) < threshold;
    stats.saturated_fraction = static_cast<double>(saturated) / n;
    stats.dead_fraction = static_cast<double>(std::count(act.zero_slope.begin(), act.zero_slope.end(), 1)) / c.width;
    uint32_t* octaves = back_.octaves[l - 1].data();
    for (size_t e = 0; e < n; ++e) count_octave(grad[e], octaves, &stats.grad_z_zeros, &stats.non_finite);
    if (c.width == 1) {
      const size_t s = c.chain_sample;
      const double weight = l == 1 ? NAN : weights(l)[0], slope = act.slope[s];
      back_.factors.push_back({l, weight, z(l)[s], slope, l == 1 ? slope : weight * slope});
    }
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
  if (c.width == 1) {
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
                     c.overrides.empty() && c.activation.alphas.empty() && c.width >= 2;
  const double variance = weight_variance(c, c.width, c.width);
  if (plain && std::isfinite(variance)) {
    result_.has_mean_field = true;
    result_.sigma_w2 = c.width * variance, result_.sigma_b2 = c.bias_std * c.bias_std;
    result_.mean_field = mean_field(activation(1), activation_params(1).data(), result_.sigma_w2, result_.sigma_b2);
  }
}

std::string Network::jacobian_skipped() const {
  const NetworkConfig& c = config_;
  if (!c.jacobian) return "off (\"jacobian\": false)";
  const std::string max = std::to_string(kJacobianMaxWidth);
  const std::string limit = " is above " + max + ": the Jacobian is computed for width <= " + max + " and inputWidth <= " + max + " only";
  if (c.width > kJacobianMaxWidth) return "width = " + std::to_string(c.width) + limit;
  if (c.input_width > kJacobianMaxWidth) return "inputWidth = " + std::to_string(c.input_width) + limit;
  return "";
}

// J of the input: the identity; where the skips start.
void Network::jacobian_begin() {
  const size_t n = config_.input_width;
  jac_ = std::make_unique<JacobianState>();
  JacobianState& s = *jac_;
  s.rows = s.cols = n;
  s.j.assign(n * n, 0.0);
  for (size_t i = 0; i < n; ++i) s.j[i * n + i] = 1.0;
  s.skip_start.assign(tensors_.size(), 0);
  for (const Op& op : ops_)
    if (!op.layer) s.skip_start[op.from] = 1;
}

// J of op i's output from J of its input, rescaled by a power of two when its largest entry leaves [2^-256, 2^256].
bool Network::jacobian_op(int i) {
  JacobianState& s = *jac_;
  if (!s.finite) return false;
  if (s.skip_start[i]) s.skip = s.j;
  const Op& op = ops_[i];
  if (op.layer) {
    jacobian::through_layer(*op.layer, tensors_[i].data(), config_.batch, config_.chain_sample, s.cols, s.j, &s.next);
    s.rows = op.layer->out().size();
  } else {
    s.next.resize(s.j.size());
    for (size_t e = 0; e < s.j.size(); ++e) s.next[e] = s.skip[e] + static_cast<double>(op.alpha) * s.j[e];
    s.skip.clear();
  }
  std::swap(s.j, s.next);
  double top = 0.0;
  for (double v : s.j) top = std::max(top, std::fabs(v));
  for (double v : s.j) s.finite = s.finite && std::isfinite(v);
  if (!s.finite) {
    s.j.clear(), s.next.clear(), s.skip.clear();
    return true;
  }
  if (top > 0x1p256 || (top > 0 && top < 0x1p-256)) {
    const int e = std::ilogb(top);
    for (double& v : s.j) v = std::ldexp(v, -e);
    for (double& v : s.skip) v = std::ldexp(v, -e);
    s.exponent += e;
  }
  return true;
}

std::vector<double> Network::jacobian_matrix() {
  if (!jacobian_skipped().empty()) return {};
  jacobian_begin();
  for (int i = 0; i < static_cast<int>(ops_.size()); ++i) jacobian_op(i);
  std::vector<double> j = jac_->finite ? std::move(jac_->j) : std::vector<double>();
  for (double& v : j) v = std::ldexp(v, jac_->exponent);
  jac_.reset();
  return j;
}

// One sweep of the SVD (set up on the first: J's shorter side's vectors, scaled so the largest entry is in [1, 2)).
bool Network::jacobian_sweep() {
  JacobianState& s = *jac_;
  if (!s.finite || (s.svd && s.svd->converged())) return false;
  if (!s.svd) {
    double top = 0.0;
    for (double v : s.j) top = std::max(top, std::fabs(v));
    const int e = top > 0 ? std::ilogb(top) : 0;
    const size_t count = std::min(s.rows, s.cols), length = std::max(s.rows, s.cols);
    std::vector<double> v(count * length);
    for (size_t r = 0; r < s.rows; ++r)
      for (size_t c = 0; c < s.cols; ++c)
        v[s.rows <= s.cols ? r * s.cols + c : c * s.rows + r] = std::ldexp(s.j[r * s.cols + c], -e);
    s.exponent += e;
    s.j = std::vector<double>(), s.next = std::vector<double>(), s.skip = std::vector<double>();
    s.svd = std::make_unique<JacobiSingularValues>(std::move(v), count, length);
  }
  s.svd->sweep();
  return true;
}

// The report: singular values (scaled back), their mean square, extremes, spread and numerical rank.
void Network::jacobian_end() {
  JacobianState& s = *jac_;
  JacobianReport& r = result_.jacobian;
  if (!s.finite) {
    r.skipped = "J has non-finite entries (the forward pass overflowed or produced NaN)";
    jac_.reset();
    return;
  }
  std::vector<double> v = s.svd->values();
  const double top = v.front(), bottom = v.back();
  const double level = top * static_cast<double>(std::max(s.rows, s.cols)) * DBL_EPSILON;
  r.computed = true;
  r.rank = static_cast<int>(std::count_if(v.begin(), v.end(), [&](double x) { return x > level; }));
  r.log10_spread = bottom > 0 ? (deterministic_log(top) - deterministic_log(bottom)) / deterministic_log(10.0) : INFINITY;
  double squares = 0.0;
  for (double& x : v) x = std::ldexp(x, s.exponent), squares += x * x;
  r.mean_square = squares / v.size();
  r.max = v.front(), r.min = v.back();
  r.singular_values = std::move(v);
  std::string& note = r.condition_note;
  if (!s.svd->converged())
    note += "the Jacobi SVD did not converge in " + std::to_string(JacobiSingularValues::kMaxSweeps) + " sweeps; ";
  if (top == 0)
    note += "J = 0: nothing of the input reaches the output (e.g. every unit of a layer is dead); ";
  else if (r.rank < static_cast<int>(r.singular_values.size()))
    note += std::to_string(r.singular_values.size() - r.rank) + " of " + std::to_string(r.singular_values.size()) +
            " singular values are at rounding level (below max * max(width, inputWidth) * 2^-52): J is numerically "
            "singular (a spread beyond what double resolves, or rows removed by zero slopes such as ReLU's or by "
            "dropout), so min and log10Spread measure rounding; ";
  if (std::isinf(r.max) || (r.min == 0 && bottom > 0))
    note += "J = 2^" + std::to_string(s.exponent) + " times a matrix in range: values beyond double's range show as "
            "0 or Infinity, log10Spread is from the scaled values; ";
  if (!note.empty()) note.resize(note.size() - 2);
  jac_.reset();
}

// Every piece of a run in order, with its work (multiply-adds or their equivalent).
void Network::plan() {
  const NetworkConfig& c = config_;
  const size_t batch = c.batch;
  const double n = static_cast<double>(c.width) * batch;
  using Kind = Task::Kind;
  tasks_.clear();
  if (!weights_drawn_)
    for (int l = 1; l <= c.depth; ++l) {
      const size_t rows = c.width, cols = fan_in(l), step = draw_rows_per_piece(rows, cols);
      for (size_t u0 = 0; u0 < rows; u0 += step) {
        const size_t u1 = std::min(rows, u0 + step);
        tasks_.push_back({Kind::draw_rows, l, u0, u1, 32.0 * cols * (u1 - u0)});
      }
      tasks_.push_back({Kind::draw_done, l, 0, 0, 1});
    }
  // A layer's parts share its work: dense by its products, the others a few operations per value.
  auto op_work = [&](int i, bool backward) {
    const Layer* layer = ops_[i].layer.get();
    const auto* w = dynamic_cast<const WeightLayer*>(layer);
    if (w) return (backward ? 2.0 : 1.0) * w->weights.size() * batch;
    return (layer && is_norm(layer->spec().kind) ? 8.0 : 4.0) * n;
  };
  for (int i = 0; i < static_cast<int>(ops_.size()); ++i) {
    const size_t parts = ops_[i].layer ? ops_[i].layer->forward_parts(batch) : 1;
    for (size_t p = 0; p < parts; ++p) tasks_.push_back({Kind::forward, i, p, 0, op_work(i, false) / parts});
  }
  for (int l = 1; l <= c.depth; ++l) tasks_.push_back({Kind::summary, l, 0, 0, 2 * n});
  tasks_.push_back({Kind::edges, 0, 0, 0, 1});
  for (int l = 1; l <= c.depth; ++l) tasks_.push_back({Kind::histogram, l, 0, 0, 2 * n});
  tasks_.push_back({Kind::backward_begin, 0, 0, 0, 2 * n});
  for (int i = static_cast<int>(ops_.size()) - 1; i >= 0; --i) {
    const Layer* layer = ops_[i].layer.get();
    const size_t parts = layer ? layer->backward_parts(batch) : 1;
    const size_t first = layer && !c.weight_gradients ? layer->first_input_part(batch) : 0;
    const double work = op_work(i, true) * (first ? 0.5 : 1.0) / (parts - first);  // dx alone is half a dense layer's backward
    for (size_t p = first; p < parts; ++p) tasks_.push_back({Kind::backward, i, p, 0, work});
    tasks_.push_back({Kind::backward_done, i, 0, 0, 4 * n});
  }
  tasks_.push_back({Kind::backward_end, 0, 0, 0, 2 * n});
  if (jacobian_skipped().empty()) {  // after the backward pass, which leaves every activation's f'(z)
    const double in = c.input_width;
    tasks_.push_back({Kind::jacobian_begin, 0, 0, 0, in * in});
    for (int i = 0; i < static_cast<int>(ops_.size()); ++i) {
      const double work = ops_[i].layer ? jacobian::layer_work(*ops_[i].layer, c.input_width) : c.width * in;
      tasks_.push_back({Kind::jacobian_op, i, 0, 0, work + c.width * in});
    }
    // Sweeps until converged: the progress counts on 16 (the usual number at width 256), the rest at 1 each.
    const double sweep = JacobiSingularValues::sweep_work(std::min(c.width, c.input_width), std::max(c.width, c.input_width));
    for (int k = 0; k < JacobiSingularValues::kMaxSweeps; ++k) tasks_.push_back({Kind::jacobian_sweep, k, 0, 0, k < 16 ? sweep : 1});
    tasks_.push_back({Kind::jacobian_end, 0, 0, 0, c.width * in});
  }
  tasks_.push_back({Kind::finish, 0, 0, 0, 2 * n});
}

double Network::run_task(const Task& t) {
  using Kind = Task::Kind;
  switch (t.kind) {
    case Kind::draw_rows: {  // the layer's draws grow by blocks of rows (a prefix of one stream)
      DrawCache::Kind kind;
      if (init_draw_kind(config_, &kind)) draws_->draws(config_.seed, t.index, kind, t.rows * fan_in(t.index));
      break;
    }
    case Kind::draw_done:
      draw_weights(t.index, *draws_);
      if (t.index == config_.depth) weights_drawn_ = true, draws_ = nullptr, own_draws_.reset();
      break;
    case Kind::forward: forward_part(t.index, t.part); break;
    case Kind::summary: summarize_block(t.index); break;
    case Kind::edges:
      if (back_.a_any) result_.a_edges = linear_edges(back_.a_lo, back_.a_hi, config_.histogram_bins);
      break;
    case Kind::histogram: histogram_block(t.index); break;
    case Kind::backward_begin: backward_begin(); break;
    case Kind::backward: backward_part(t.index, t.part); break;
    case Kind::backward_done: backward_done(t.index); break;
    case Kind::backward_end: backward_end(); break;
    case Kind::jacobian_begin: jacobian_begin(); break;
    case Kind::jacobian_op: return jacobian_op(t.index) ? t.work : 0;
    case Kind::jacobian_sweep: {
      const NetworkConfig& c = config_;
      const double sweep = JacobiSingularValues::sweep_work(std::min(c.width, c.input_width), std::max(c.width, c.input_width));
      return jacobian_sweep() ? sweep : 0;
    }
    case Kind::jacobian_end: jacobian_end(); break;
    case Kind::finish: finish(); break;
  }
  return t.work;
}

void Network::begin() {
  const NetworkConfig& c = config_;
  result_ = SimulationResult{};
  result_.ok = true;
  result_.bytes = memory_bytes(c);
  result_.layers.assign(c.depth, LayerStats{});
  result_.jacobian.sample = c.chain_sample;
  result_.jacobian.skipped = jacobian_skipped();
  back_ = BackwardState{};
  jac_.reset();
  plan();
  next_task_ = 0;
  running_ = true;
  done_work_ = 0;
  total_work_ = 0;
  for (const Task& t : tasks_) total_work_ += t.work;
}

bool Network::step(double budget) {
  double spent = 0;
  while (next_task_ < tasks_.size() && (spent == 0 || spent < budget)) {
    const Task& t = tasks_[next_task_++];
    spent += run_task(t);  // the budget counts the work done (a converged SVD's sweeps cost nothing); progress the plan's
    done_work_ += t.work;
  }
  return next_task_ >= tasks_.size();
}

double Network::progress() const {
  if (running_ && next_task_ >= tasks_.size()) return 1.0;
  return total_work_ > 0 ? std::min(0.999, done_work_ / total_work_) : 0.0;  // 1 only once finished
}

void Network::run() {
  begin();
  while (!step(std::numeric_limits<double>::infinity())) {
  }
}

SimulationResult simulate(const NetworkConfig& config, DrawCache* cache) {
  std::string error;
  std::unique_ptr<Network> network = Network::create(config, &error, cache);
  if (!network) {
    SimulationResult result;
    result.error = error;
    return result;
  }
  network->run();
  return network->result();
}

}  // namespace actlab
