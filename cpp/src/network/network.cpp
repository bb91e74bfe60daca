// The simulator: build the stack from the layer library (layers.h) and run it
// forward and backward in pieces, as a list of tasks (the statistics are in
// network_stats.cpp, the Jacobian's tasks in jacobian_tasks.cpp).
#include "actlab/network.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "actlab/layers.h"
#include "actlab/random.h"
#include "../shared/init.h"
#include "../shared/stats.h"
#include "jacobian.h"
#include "network_parts.h"

namespace actlab {
using namespace shared;

namespace {
// Weight rows drawn per piece: whole 64-row blocks of about 2^24 multiply-adds (a draw costs about 32).
size_t draw_rows_per_piece(size_t rows, size_t cols) {
  const size_t fit = static_cast<size_t>(double(1 << 24) / std::max(32.0 * cols, 1.0));
  return std::min(rows, std::max<size_t>(64, fit / 64 * 64));
}
}  // namespace

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

  layer_function_.assign(c.depth, Elementwise());
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
    // A gated unit halves its input: the dense layer gives 2 x width (value and gate), the gate width.
    const bool gated = find_gated_unit(choice[l - 1]->id) != nullptr;
    any_gated_ = any_gated_ || gated;
    const Shape pre{gated ? 2 * c.width : c.width, 1, 1};
    LayerSpec dense;
    dense.kind = LayerKind::dense, dense.units = pre.channels;
    b.dense = add_layer(dense, pre);
    if (norm_at(NormPlacement::before_activation)) add_layer(norm, pre);
    LayerSpec act;
    act.kind = LayerKind::activation, act.activation = *choice[l - 1];
    if (gated) act.kind = LayerKind::gated, act.gated = choice[l - 1]->id;
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

    if (gated) continue;
    layer_function_[l - 1] = static_cast<const ActivationLayer&>(*ops_[b.act].layer).function();  // shares its program
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
  const size_t rows = dense_rows(l), cols = fan_in(l);
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
size_t Network::dense_rows(int l) const { return static_cast<const WeightLayer&>(*ops_[blocks_[l - 1].dense].layer).rows(); }
bool Network::gated(int l) const { return ops_[blocks_[l - 1].act].layer->spec().kind == LayerKind::gated; }
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
void Network::backward_part(int i, size_t part) {
  const Op& op = ops_[i];
  back_.grad_prev.resize(tensors_[i].size());  // op i's input: 2 x width x batch before a gated unit
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
// Every piece of a run in order, with its work (multiply-adds or their equivalent).
void Network::plan() {
  const NetworkConfig& c = config_;
  const size_t batch = c.batch;
  const double n = static_cast<double>(c.width) * batch;
  using Kind = Task::Kind;
  tasks_.clear();
  if (!weights_drawn_)
    for (int l = 1; l <= c.depth; ++l) {
      const size_t rows = dense_rows(l), cols = fan_in(l), step = draw_rows_per_piece(rows, cols);
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
