// The simulator: build the stack, run it forward and backward with the
// catalogue's kernels and the blocked GEMM, clip, and gather statistics.
#include "actlab/network.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "actlab/gemm.h"
#include "actlab/kernels.h"
#include "actlab/random.h"
#include "../shared/init.h"
#include "../shared/stats.h"

namespace actlab {
using namespace shared;

namespace {
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

Network::Network(const NetworkConfig& config) : config_(config) {}

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

void Network::initialise(DrawCache& draws) {
  const NetworkConfig& c = config_;
  const size_t depth = c.depth, w = c.width, batch = c.batch;
  // Activation of each layer: the default, then the overrides.
  layer_activation_.assign(depth, nullptr);
  layer_params_.assign(depth, {});
  layer_alphas_.assign(depth, {});
  auto choose = [&](size_t l, const ActivationChoice& choice) {
    const Activation* a = find_activation(choice.id);
    layer_activation_[l] = a;
    layer_params_[l].assign(kMaxParams, 0.0f);
    if (choice.params.empty()) default_params(*a, layer_params_[l].data());
    else std::copy(choice.params.begin(), choice.params.end(), layer_params_[l].begin());
    layer_alphas_[l] = choice.alphas;
  };
  for (size_t l = 0; l < depth; ++l) choose(l, c.activation);
  for (const LayerOverride& o : c.overrides) choose(o.layer - 1, o.activation);

  weights_.resize(depth), biases_.resize(depth), grad_weights_.resize(depth), grad_biases_.resize(depth);
  z_.resize(depth), a_.resize(depth);
  for (size_t l = 0; l < depth; ++l) {
    const size_t n_in = fan_in(static_cast<int>(l) + 1);
    biases_[l].assign(w, static_cast<float>(c.bias_value));
    grad_weights_[l].assign(w * n_in, 0.0f);
    grad_biases_[l].assign(w, 0.0f);
    z_[l].assign(w * batch, 0.0f);
    a_[l].assign(w * batch, 0.0f);
  }
  input_.resize(static_cast<size_t>(c.input_width) * batch);
  if (c.input == InputKind::constant) {
    std::fill(input_.begin(), input_.end(), static_cast<float>(c.input_value));
  } else {
    const auto input_kind = c.input == InputKind::normal ? DrawCache::Kind::normal : DrawCache::Kind::uniform;
    const double* values = draws.draws(c.seed, kInputStream, input_kind, input_.size());
    for (size_t i = 0; i < input_.size(); ++i) input_[i] = static_cast<float>(values[i]);
  }
  upstream_.resize(w * batch);
  const double* upstream = draws.draws(c.seed, kUpstreamStream, DrawCache::Kind::normal, upstream_.size());
  for (size_t i = 0; i < upstream_.size(); ++i) upstream_[i] = static_cast<float>(upstream[i]);
}

// Layer l's weights, from its own stream of draws (so the order of layers does not matter).
void Network::draw_weights(int l, DrawCache& draws) {
  const NetworkConfig& c = config_;
  const size_t w = c.width, n_in = fan_in(l);
  DrawCache::Kind kind;
  const bool drawn = init_draw_kind(c, &kind);
  weights_[l - 1].resize(w * n_in);
  const double* values = drawn ? draws.draws(c.seed, l, kind, w * n_in) : nullptr;
  init_weights(c, w, n_in, values, weights_[l - 1].data());
}

// The first u1 rows' worth of layer l's draws, so draw_weights later finds them ready (the stream is the same).
void Network::draw_weight_rows(int l, size_t, size_t u1) {
  DrawCache::Kind kind;
  if (init_draw_kind(config_, &kind)) draws_->draws(config_.seed, l, kind, u1 * fan_in(l));
}

void Network::apply(int l, bool derivative, const float* x, float* y) const {
  const Activation& a = activation(l);
  const size_t w = config_.width, batch = config_.batch;
  const std::vector<float>& alphas = layer_alphas_[l - 1];
  if (alphas.empty()) {
    (derivative ? a.derivative : a.forward)(w * batch, x, y, layer_params_[l - 1].data());
    return;
  }
  // PReLU with one alpha per unit: unit u is row u, so the shared-alpha
  // kernel runs per row (the same bits as prelu_channels_* on the transpose).
  for (size_t u = 0; u < w; ++u)
    (derivative ? prelu_derivative : prelu_forward)(batch, x + u * batch, y + u * batch, &alphas[u]);
}

// apply() on units [u0, u1) of layer l only (rows of x and y): the same bits, element by element.
void Network::apply_rows(int l, bool derivative, const float* x, float* y, size_t u0, size_t u1) const {
  const Activation& a = activation(l);
  const size_t batch = config_.batch;
  const std::vector<float>& alphas = layer_alphas_[l - 1];
  if (alphas.empty()) {
    (derivative ? a.derivative : a.forward)((u1 - u0) * batch, x + u0 * batch, y + u0 * batch, layer_params_[l - 1].data());
    return;
  }
  for (size_t u = u0; u < u1; ++u)
    (derivative ? prelu_derivative : prelu_forward)(batch, x + u * batch, y + u * batch, &alphas[u]);
}

// Units [u0, u1) of layer l: z = W a + b, a = f(z). Every element of a
// product is the same k-ordered sum whatever rows it is computed with (gemm.h).
void Network::forward_rows(int l, size_t u0, size_t u1) {
  const size_t batch = config_.batch, n_in = fan_in(l);
  float* z = z_[l - 1].data();
  gemm_strided(u1 - u0, batch, n_in, weights(l).data() + u0 * n_in, n_in, 1, a(l - 1).data(), batch, 1, z + u0 * batch, batch);
  const float* b = biases_[l - 1].data();
  for (size_t u = u0; u < u1; ++u)
    for (size_t s = 0; s < batch; ++s) z[u * batch + s] += b[u];
  apply_rows(l, false, z, a_[l - 1].data(), u0, u1);
}

// Layer l's forward summary; the activation histograms' common range grows with it.
void Network::summarize_layer(int l) {
  const size_t n = config_.width * config_.batch;
  LayerStats& stats = result_.layers[l - 1];
  const Summary sz = summarize(z(l).data(), n), sa = summarize(a(l).data(), n);
  stats.z_mean = sz.mean, stats.z_std = sz.std, stats.a_mean = sa.mean, stats.a_std = sa.std;
  if (sa.any_finite) {
    back_.a_lo = back_.a_any ? std::min(back_.a_lo, sa.lo) : sa.lo;
    back_.a_hi = back_.a_any ? std::max(back_.a_hi, sa.hi) : sa.hi;
    back_.a_any = true;
  }
  stats.non_finite += sa.non_finite;
}

void Network::histogram_layer(int l) {
  const size_t n = config_.width * config_.batch;
  LayerStats& stats = result_.layers[l - 1];
  stats.a_histogram.assign(result_.a_edges.empty() ? 0 : config_.histogram_bins, 0);
  linear_histogram(a(l).data(), n, result_.a_edges, stats.a_histogram.data());
}

// The loss and dL/da_L; the chain's upstream factor.
void Network::backward_begin() {
  const NetworkConfig& c = config_;
  const size_t w = c.width, batch = c.batch, depth = c.depth, n = w * batch;
  back_.grad_a.assign(n, 0.0f), back_.grad_z.assign(n, 0.0f), back_.grad_prev.assign(n, 0.0f);
  std::vector<float>& grad_a = back_.grad_a;
  const std::vector<float>& last = a_[depth - 1];
  double loss = 0.0;
  if (c.upstream == UpstreamKind::normal) {
    for (size_t i = 0; i < n; ++i) loss += static_cast<double>(upstream_[i]) * last[i];
    grad_a = upstream_;
  } else {
    for (size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(last[i]) - upstream_[i];
      loss += 0.5 * d * d;
      grad_a[i] = (last[i] - upstream_[i]) / static_cast<float>(batch);
    }
    loss /= batch;
  }
  result_.loss = loss;
  back_.factors.clear();
  if (w == 1) back_.factors.push_back({c.depth + 1, NAN, NAN, NAN, grad_a[c.chain_sample]});
  back_.octaves.assign(depth, std::vector<uint32_t>(kOctaves, 0));
}

// Units [u0, u1) of layer l going back: f'(z), dL/dz = f'(z) dL/da, db, the
// saturated and dead counts and the RMS sums (in unit order, as one pass would).
void Network::backward_slope_rows(int l, size_t u0, size_t u1) {
  const NetworkConfig& c = config_;
  const size_t w = c.width, batch = c.batch;
  std::vector<float>& grad_a = back_.grad_a;
  std::vector<float>& grad_z = back_.grad_z;
  const size_t sample = c.chain_sample;
  const float threshold = static_cast<float>(c.saturation_threshold);
  const size_t whole = batch - batch % 4;  // db sums as sum(): partial sums by s mod 4, the tail in the first
  LayerStats& stats = result_.layers[l - 1];
  const std::vector<float>& z = z_[l - 1];
  apply_rows(l, true, z.data(), grad_z.data(), u0, u1);  // f'(z) first, then dL/dz in place
  if (w == 1) {  // the single-neuron chain: one unit, so its one row is this block
    const double weight = l == 1 ? NAN : weights(l)[0];
    const double slope = grad_z[sample];
    back_.factors.push_back({l, weight, z[sample], slope, l == 1 ? slope : weight * slope});
  }
  float* db = grad_biases_[l - 1].data();
  uint32_t* layer_octaves = back_.octaves[l - 1].data();
  for (size_t u = u0; u < u1; ++u) {
    float* gz = grad_z.data() + u * batch;
    const float* ga = grad_a.data() + u * batch;
    bool all_zero = true;
    double part[4] = {0.0, 0.0, 0.0, 0.0};
    for (size_t s = 0; s < batch; ++s) {
      const float slope = gz[s];
      back_.saturated += std::fabs(slope) < threshold;
      all_zero &= slope == 0.0f;
      const float g = slope * ga[s];
      gz[s] = g;
      back_.squares_a += static_cast<double>(ga[s]) * ga[s];
      back_.squares_z += static_cast<double>(g) * g;
      part[s < whole ? s & 3 : 0] += g;
      count_octave(g, layer_octaves, &stats.grad_z_zeros, &stats.non_finite);
    }
    back_.dead += all_zero;
    db[u] = static_cast<float>((part[0] + part[1]) + (part[2] + part[3]));
  }
}

// Layer l's saturated and dead fractions and gradient RMS, once all its rows are in.
void Network::backward_layer_counts(int l) {
  const size_t w = config_.width, n = w * config_.batch;
  LayerStats& stats = result_.layers[l - 1];
  stats.saturated_fraction = static_cast<double>(back_.saturated) / n;
  stats.dead_fraction = static_cast<double>(back_.dead) / w;
  stats.grad_a_rms = std::sqrt(back_.squares_a / n);
  stats.grad_z_rms = std::sqrt(back_.squares_z / n);
  back_.saturated = back_.dead = 0;
  back_.squares_a = back_.squares_z = 0.0;
}

// Rows [u0, u1) of dL/dW_l = dL/dz a_{l-1}^T.
void Network::backward_weight_rows(int l, size_t u0, size_t u1) {
  const size_t batch = config_.batch, n_in = fan_in(l);
  float* dw = grad_weights_[l - 1].data();
  gemm_strided(u1 - u0, n_in, batch, back_.grad_z.data() + u0 * batch, batch, 1, a(l - 1).data(), 1, batch, dw + u0 * n_in, n_in);
}

// Layer l's gradient and weight norms, once dL/dW_l is complete.
void Network::backward_layer_norms(int l) {
  const size_t w = config_.width, n_in = fan_in(l);
  LayerStats& stats = result_.layers[l - 1];
  const float* dw = grad_weights_[l - 1].data();
  stats.grad_w_norm = norm(dw, w * n_in);
  stats.grad_b_norm = norm(grad_biases_[l - 1].data(), w);
  stats.weight_norm = norm(weights(l).data(), w * n_in);
  stats.grad_w_ratio = stats.grad_w_norm / stats.weight_norm;
}

// Rows [r0, r1) of dL/da_{l-1} = W_l^T dL/dz (l > 1; the layer below has width rows).
void Network::backward_input_rows(int l, size_t r0, size_t r1) {
  const size_t w = config_.width, batch = config_.batch;
  gemm_strided(r1 - r0, batch, w, weights(l).data() + r0, 1, w, back_.grad_z.data(), batch, 1, back_.grad_prev.data() + r0 * batch, batch);
}

// The |dL/dz| histograms' common edges, and the single-neuron chain.
void Network::backward_end() {
  const NetworkConfig& c = config_;
  std::vector<std::vector<uint32_t>>& octaves = back_.octaves;
  merge_octaves(octaves, c.histogram_bins, &result_.grad_z_edges, &octaves);
  for (size_t l = 0; l < static_cast<size_t>(c.depth); ++l) result_.layers[l].grad_z_histogram = std::move(octaves[l]);
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

void Network::clip() {
  const NetworkConfig& c = config_;
  auto global_norm = [&] {
    double squares = 0.0;
    for (int l = 1; l <= c.depth; ++l) {
      const double nw = norm(grad_weights_[l - 1].data(), grad_weights_[l - 1].size());
      const double nb = norm(grad_biases_[l - 1].data(), grad_biases_[l - 1].size());
      squares += nw * nw + nb * nb;
    }
    return std::sqrt(squares);
  };
  auto scale_all = [&](float factor) {
    for (auto* tensors : {&grad_weights_, &grad_biases_})
      for (std::vector<float>& t : *tensors)
        for (float& g : t) g *= factor;
  };
  ClipReport& report = result_.clip;
  double squares = 0.0;  // the global norm from the per-layer norms backward() measured
  for (const LayerStats& stats : result_.layers)
    squares += stats.grad_w_norm * stats.grad_w_norm + stats.grad_b_norm * stats.grad_b_norm;
  report.norm_before = std::sqrt(squares);
  if (c.clip_value > 0) {
    const float v = static_cast<float>(c.clip_value);
    for (auto* tensors : {&grad_weights_, &grad_biases_})
      for (std::vector<float>& t : *tensors)
        for (float& g : t) g = g > v ? v : (g < -v ? -v : g);  // NaN stays NaN
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
    stats.grad_w_norm_clipped = clipped ? norm(grad_weights_[l - 1].data(), grad_weights_[l - 1].size()) : stats.grad_w_norm;
    stats.grad_b_norm_clipped = clipped ? norm(grad_biases_[l - 1].data(), grad_biases_[l - 1].size()) : stats.grad_b_norm;
  }
}

// Clipping and the bits hash of a_L and every clipped dW, db.
void Network::finish() {
  const NetworkConfig& c = config_;
  const size_t n = c.width * c.batch;
  clip();
  uint64_t hash = fnv1a(1469598103934665603ULL, a(c.depth).data(), n);
  for (int l = 1; l <= c.depth; ++l) {
    hash = fnv1a(hash, grad_weights_[l - 1].data(), grad_weights_[l - 1].size());
    hash = fnv1a(hash, grad_biases_[l - 1].data(), grad_biases_[l - 1].size());
  }
  result_.bits_hash = hash;
}

// Multiply-adds (or their equivalent) of one row of a phase done by rows, or of the whole layer otherwise.
double Network::layer_work(Phase phase, int l) const {
  const double w = config_.width, batch = config_.batch, n_in = fan_in(l);
  switch (phase) {
    case Phase::weights: return 32 * n_in;  // a row of draws: a normal draw costs about as much as 32 multiply-adds
    case Phase::forward: return n_in * batch + 4 * batch;
    case Phase::summary: case Phase::histogram: return 2 * w * batch;
    case Phase::backward_slopes: return 8 * batch;
    case Phase::backward_weights: return n_in * batch;
    case Phase::backward_inputs: return w * batch;
    default: return 0;
  }
}

size_t Network::rows_of(Phase phase, int l) const {
  switch (phase) {
    case Phase::weights: case Phase::forward: case Phase::backward_slopes: case Phase::backward_weights: return config_.width;
    case Phase::backward_inputs: return l > 1 ? config_.width : 0;  // nothing flows below layer 1
    default: return 1;
  }
}

size_t Network::rows_per_piece(Phase phase, int l) const {
  const size_t rows = rows_of(phase, l);
  if (rows <= 1) return 1;
  const double per_row = layer_work(phase, l);
  const size_t fit = static_cast<size_t>(kPieceWork / std::max(per_row, 1.0));
  return std::min(rows, std::max<size_t>(64, fit / 64 * 64));  // whole 64-row blocks of the GEMM
}

void Network::begin() {
  const NetworkConfig& c = config_;
  result_ = SimulationResult{};
  result_.ok = true;
  result_.bytes = memory_bytes(c);
  result_.layers.assign(c.depth, LayerStats{});
  back_ = BackwardState{};
  phase_ = weights_drawn_ ? Phase::forward : Phase::weights;
  layer_ = 1;
  row_ = 0;
  done_work_ = 0;
  total_work_ = 0;
  for (int l = 1; l <= c.depth; ++l) {
    for (Phase p : {Phase::forward, Phase::summary, Phase::histogram, Phase::backward_slopes, Phase::backward_weights, Phase::backward_inputs})
      total_work_ += layer_work(p, l) * rows_of(p, l);
    if (!weights_drawn_) total_work_ += layer_work(Phase::weights, l) * rows_of(Phase::weights, l);
  }
}

bool Network::step(double budget) {
  const int depth = config_.depth;
  double spent = 0;
  while (phase_ != Phase::done && (spent == 0 || spent < budget)) {
    const Phase phase = phase_;
    const int l = layer_;
    size_t rows = 1;
    auto next_layer_or = [&](Phase after, int next_first) {  // this phase's next layer, or `after` from layer next_first
      const bool last = phase == Phase::forward || phase == Phase::weights || phase == Phase::summary || phase == Phase::histogram ? l == depth : l == 1;
      if (!last) layer_ += phase == Phase::forward || phase == Phase::weights || phase == Phase::summary || phase == Phase::histogram ? 1 : -1;
      else phase_ = after, layer_ = next_first;
      return last;
    };
    // One block of rows of the phase (piece(u0, u1)), and after() once the layer's last block is done.
    auto by_rows = [&](auto&& piece, auto&& after) {
      const size_t total = rows_of(phase, l), u0 = row_, u1 = std::min(total, u0 + rows_per_piece(phase, l));
      if (u1 > u0) piece(u0, u1);
      rows = u1 - u0;
      row_ = u1;
      if (row_ == total) row_ = 0, after();
    };
    switch (phase) {
      case Phase::weights:  // the layer's draws grow by blocks of rows (a prefix of one stream), then become weights
        by_rows([&](size_t u0, size_t u1) { draw_weight_rows(l, u0, u1); }, [&] {
          draw_weights(l, *draws_);
          if (next_layer_or(Phase::forward, 1)) weights_drawn_ = true, draws_ = nullptr, own_draws_.reset();
        });
        break;
      case Phase::forward:
        by_rows([&](size_t u0, size_t u1) { forward_rows(l, u0, u1); }, [&] { next_layer_or(Phase::summary, 1); });
        break;
      case Phase::summary:
        summarize_layer(l);
        if (next_layer_or(Phase::histogram, 1) && back_.a_any) result_.a_edges = linear_edges(back_.a_lo, back_.a_hi, config_.histogram_bins);
        break;
      case Phase::histogram:
        histogram_layer(l);
        if (next_layer_or(Phase::backward_slopes, depth)) backward_begin();
        break;
      case Phase::backward_slopes:
        by_rows([&](size_t u0, size_t u1) { backward_slope_rows(l, u0, u1); },
                [&] { backward_layer_counts(l), phase_ = Phase::backward_weights; });
        break;
      case Phase::backward_weights:
        by_rows([&](size_t u0, size_t u1) { backward_weight_rows(l, u0, u1); },
                [&] { backward_layer_norms(l), phase_ = Phase::backward_inputs; });
        break;
      case Phase::backward_inputs:
        by_rows([&](size_t r0, size_t r1) { backward_input_rows(l, r0, r1); }, [&] {
          if (l > 1) std::swap(back_.grad_a, back_.grad_prev), phase_ = Phase::backward_slopes, layer_ = l - 1;
          else backward_end(), phase_ = Phase::finish;
        });
        break;
      case Phase::finish:
        finish();
        phase_ = Phase::done;
        break;
      case Phase::done:
        break;
    }
    const double work = layer_work(phase, l) * rows;
    spent += work > 0 ? work : 1;
    done_work_ += work;
  }
  if (phase_ == Phase::done) done_work_ = total_work_;
  return phase_ == Phase::done;
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
