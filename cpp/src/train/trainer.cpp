// The trainer: forward, backward, clipping and the optimisers of trainer.h,
// on the simulator's GEMM and the catalogue's kernels.
#include "actlab/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

#include "../shared/init.h"
#include "../shared/ranges.h"
#include "../shared/stats.h"
#include "actlab/gemm.h"
#include "actlab/kernels.h"
#include "actlab/random.h"

namespace actlab {
namespace {

// PCG32 streams of the trainer's own random numbers (weights use stream l).
constexpr uint64_t kBiasStream = 0x42494153ULL;     // "BIAS" + layer
constexpr uint64_t kShuffleStream = 0x53485546ULL;  // "SHUF" + epoch

// "" or "<name> = v is outside the allowed range [lo, hi]" (NaN too), as the simulator says it.
std::string check_range(const std::string& name, double v, double lo, double hi, bool integer = false) {
  return shared::check_setting({name.c_str(), lo, hi, integer}, v);
}

// Rows of a product's output per part of a training stage: about 2^18
// multiply-adds (per_row of them a row), at least 4 rows.
size_t rows_per_part(size_t per_row) {
  constexpr size_t kPartMadds = size_t{1} << 18;
  return std::max<size_t>(4, kPartMadds / std::max<size_t>(1, per_row));
}

// The Frobenius norm of a tensor.
double norm(const std::vector<float>& x) { return shared::norm(x.data(), x.size()); }

// The NetworkConfig fields that init_weights reads, from a TrainConfig.
NetworkConfig init_settings(const TrainConfig& c) {
  NetworkConfig n;
  n.init = c.init, n.fan_mode = c.fan_mode, n.gain = c.gain;
  n.init_std = c.init_std, n.init_bound = c.init_bound, n.init_value = c.init_value;
  return n;
}

// The loss of sample s (label y) from the output layer `out` (classes x
// count): softmax cross-entropy from the logits, or the quadratic cost of
// the sigmoids. With delta, also writes dC/dz of the sample times `scale`
// into its column (delta is classes x count, like out).
double sample_loss(const TrainConfig& c, const std::vector<float>& out, size_t count, size_t s, int y,
                   float* delta = nullptr, double scale = 1.0) {
  double loss = 0.0;
  if (c.output == OutputKind::softmax_cross_entropy) {
    double top = out[s], sum = 0.0;
    for (int k = 1; k < c.classes; ++k) top = std::max<double>(top, out[k * count + s]);
    for (int k = 0; k < c.classes; ++k) sum += std::exp(out[k * count + s] - top);
    if (delta)
      for (int k = 0; k < c.classes; ++k)
        delta[k * count + s] = static_cast<float>((std::exp(out[k * count + s] - top) / sum - (k == y)) * scale);
    return std::log(sum) - (out[y * count + s] - top);
  }
  for (int k = 0; k < c.classes; ++k) {
    const double a = out[k * count + s], d = a - (k == y);
    loss += 0.5 * d * d;
    if (delta) delta[k * count + s] = static_cast<float>(d * a * (1.0 - a) * scale);  // sigmoid' = a (1 - a)
  }
  return loss;
}

}  // namespace

std::string validate(const TrainConfig& c) {
  const struct {
    const char* name;
    double value, lo, hi;
    bool integer;
  } checks[] = {
      {"input width", static_cast<double>(c.input_width), 1, 65536, true},
      {"hidden layers", static_cast<double>(c.hidden.size()), 0, 64, true},
      {"classes", static_cast<double>(c.classes), 2, 1000, true},
      {"learning rate", c.learning_rate, 1e-12, 1e3, false},
      {"momentum", c.momentum, 0, 0.999999, false},
      {"beta1", c.beta1, 0, 0.999999, false},
      {"beta2", c.beta2, 0, 0.999999999, false},
      {"epsilon", c.epsilon, 1e-30, 1, false},
      {"l2", c.l2, 0, 10, false},
      {"clip value", c.clip_value, 0, 1e30, false},
      {"clip norm", c.clip_norm, 0, 1e30, false},
      {"batch", static_cast<double>(c.batch), 1, 65536, true},
      {"gain", c.gain, 0, 1e6, false},
      {"std", c.init_std, 0, 1e6, false},
      {"bound", c.init_bound, 0, 1e6, false},
      {"value", c.init_value, -1e6, 1e6, false},
      {"bias", c.bias_value, -1e6, 1e6, false},
      {"bias std", c.bias_std, 0, 1e6, false},
  };
  for (const auto& check : checks) {
    std::string message = check_range(check.name, check.value, check.lo, check.hi, check.integer);
    if (!message.empty()) return message;
  }
  for (size_t i = 0; i < c.hidden.size(); ++i) {
    const std::string where = "hidden layer " + std::to_string(i + 1);
    std::string message = check_range(where + " width", c.hidden[i].width, 1, 4096, true);
    if (message.empty()) message = shared::check_activation(c.hidden[i].activation, c.hidden[i].width, where);
    if (!message.empty()) return message;
  }
  return "";
}

Trainer::Trainer(const TrainConfig& config) : config_(config) {}

std::unique_ptr<Trainer> Trainer::create(const TrainConfig& config, std::string* error) {
  const std::string message = validate(config);
  if (!message.empty()) {
    if (error) *error = message;
    return nullptr;
  }
  std::unique_ptr<Trainer> trainer(new Trainer(config));
  trainer->initialise();
  return trainer;
}

int Trainer::width(int l) const {
  return l <= static_cast<int>(config_.hidden.size()) ? config_.hidden[l - 1].width : config_.classes;
}

void Trainer::initialise() {
  const TrainConfig& c = config_;
  const int layers = static_cast<int>(c.hidden.size()) + 1;
  for (const HiddenLayer& h : c.hidden) {
    activation_.push_back(find_activation(h.activation.id));
    std::vector<float> params(kMaxParams, 0.0f);
    if (h.activation.params.empty()) default_params(*activation_.back(), params.data());
    else std::copy(h.activation.params.begin(), h.activation.params.end(), params.begin());
    params_.push_back(params);
    std::vector<float> slopes;  // learnable PReLU slopes: the given alphas, else params[0] for every unit
    if (h.activation.id == "prelu") slopes = h.activation.alphas.empty() ? std::vector<float>(h.width, params[0]) : h.activation.alphas;
    alphas_.push_back(slopes);
  }
  alphas_.emplace_back();  // the output layer has none
  const NetworkConfig init = init_settings(c);
  DrawCache::Kind kind;
  const bool drawn = shared::init_draw_kind(init, &kind);
  DrawCache draws(0);
  for (int l = 1; l <= layers; ++l) {
    const size_t out = width(l), in = fan_in(l);
    std::vector<float> w(out * in), b(out, static_cast<float>(c.bias_value));
    shared::init_weights(init, out, in, drawn ? draws.draws(c.seed, l, kind, out * in) : nullptr, w.data());
    if (c.bias_std > 0) {
      NormalSampler normal(c.seed, kBiasStream + l);
      for (float& v : b) v = static_cast<float>(c.bias_std * normal.next());
    }
    weights_.push_back(w), biases_.push_back(b);
  }
  initial_weights_ = weights_, initial_biases_ = biases_, initial_alphas_ = alphas_;
  rewind();
}

void Trainer::rewind() {
  weights_ = initial_weights_, biases_ = initial_biases_, alphas_ = initial_alphas_;
  auto zeros_like = [](const std::vector<std::vector<float>>& x) {
    std::vector<std::vector<float>> out;
    for (const auto& v : x) out.emplace_back(v.size(), 0.0f);
    return out;
  };
  grad_weights_ = moment1_w_ = moment2_w_ = zeros_like(weights_);
  grad_biases_ = moment1_b_ = moment2_b_ = zeros_like(biases_);
  grad_alphas_ = moment1_a_ = moment2_a_ = zeros_like(alphas_);
  alive_.clear(), epoch_dead_.clear();
  epoch_ = 0, step_ = 0;
  order_.clear(), reports_.clear(), cursor_ = 0, in_epoch_ = false;
  step_begun_ = false, pending_.stage = -1;
}

void Trainer::apply(int l, bool derivative, const float* x, float* y, size_t count) const {
  const std::vector<float>& slopes = alphas_[l - 1];
  const size_t units = width(l);
  if (slopes.empty()) {
    (derivative ? activation_[l - 1]->derivative : activation_[l - 1]->forward)(units * count, x, y, params_[l - 1].data());
    return;
  }
  for (size_t u = 0; u < units; ++u)
    (derivative ? prelu_derivative : prelu_forward)(count, x + u * count, y + u * count, &slopes[u]);
}

void Trainer::forward(const float* input, size_t count) const {
  z_.resize(layers()), a_.resize(layers());
  for (int l = 1; l <= layers(); ++l) forward_layer(l, input, count, z_, a_);
}

void Trainer::forward_layer(int l, const float* input, size_t count, std::vector<std::vector<float>>& zs,
                            std::vector<std::vector<float>>& as) const {
  const float* previous = l == 1 ? input : as[l - 2].data();
  const size_t out = width(l);
  std::vector<float>& z = zs[l - 1];
  z.resize(out * count);
  gemm_nn(out, count, fan_in(l), weights_[l - 1].data(), previous, z.data());
  forward_activate(l, count, zs, as);
}

void Trainer::forward_activate(int l, size_t count, std::vector<std::vector<float>>& zs, std::vector<std::vector<float>>& as) const {
  const int layers = this->layers();
  const size_t out = width(l);
  std::vector<float>& z = zs[l - 1];
  for (size_t u = 0; u < out; ++u)
    for (size_t s = 0; s < count; ++s) z[u * count + s] += biases_[l - 1][u];
  std::vector<float>& a = as[l - 1];
  a.resize(out * count);
  if (l < layers) apply(l, false, z.data(), a.data(), count);
  else if (config_.output == OutputKind::sigmoid_quadratic) sigmoid_forward(out * count, z.data(), a.data(), nullptr);
  else a = z;  // logits
}

double Trainer::compute_gradients(const Dataset& data, const size_t* indices, size_t count) {
  begin_gradients(data, indices, count);
  while (!gradient_stage()) {
  }
  return pending_.loss;
}

void Trainer::begin_gradients(const Dataset& data, const size_t* indices, size_t count) {
  pending_.data = &data, pending_.indices = indices, pending_.count = count;
  pending_.stage = 0, pending_.part = 0, pending_.loss = 0.0;
}

bool Trainer::gradient_stage() {
  const int layers = this->layers(), features = config_.input_width, classes = config_.classes;
  const Dataset& data = *pending_.data;
  const size_t* indices = pending_.indices;
  const size_t count = pending_.count;
  const int stage = pending_.stage;
  size_t& part = pending_.part;
  std::vector<float>& delta = pending_.delta;
  if (stage == 0 && part == 0) {
    train_input_.resize(static_cast<size_t>(features) * count);
    for (size_t s = 0; s < count; ++s)
      for (int f = 0; f < features; ++f) train_input_[f * count + s] = data.x[indices[s] * features + f];
    train_z_.resize(layers), train_a_.resize(layers);
  }
  // Each product is computed in blocks of its output's rows: every element is the same k-ordered sum (gemm.h).
  if (stage < layers) {  // forward through layer l = stage + 1
    const int l = stage + 1;
    const size_t out = width(l), in = fan_in(l), rows = rows_per_part(count * in);
    const float* previous = l == 1 ? train_input_.data() : train_a_[l - 2].data();
    std::vector<float>& z = train_z_[l - 1];
    if (part == 0) z.resize(out * count);
    const size_t r0 = part * rows, r1 = std::min(out, r0 + rows);
    gemm_strided(r1 - r0, count, in, weights_[l - 1].data() + r0 * in, in, 1, previous, count, 1, z.data() + r0 * count, count);
    if (r1 < out) {
      ++part;
      return false;
    }
    forward_activate(l, count, train_z_, train_a_);
    part = 0, ++pending_.stage;
    return false;
  }
  if (stage == layers) {  // dC/dz of the output layer, and the loss
    delta.assign(static_cast<size_t>(classes) * count, 0.0f);
    const std::vector<float>& out = train_a_[layers - 1];
    double loss = 0.0;
    for (size_t s = 0; s < count; ++s)
      loss += sample_loss(config_, out, count, s, data.labels[indices[s]], delta.data(), 1.0 / count);
    pending_.loss = loss / count;
    dead_.assign(layers, 0.0);
    alive_.resize(layers - 1);
    ++pending_.stage;
    return false;
  }
  // Backward through layer l: dC/dW (units x in, blocks of units), then dC/da of layer l - 1 (blocks of
  // its units); the last block of one and the first of the other share a call.
  const int l = 2 * layers + 1 - stage;
  std::vector<float>& grad_a = pending_.grad_a;
  std::vector<float>& slope = pending_.slope;
  const size_t units = width(l), in = fan_in(l);
  const float* previous = l == 1 ? train_input_.data() : train_a_[l - 2].data();
  const size_t rows_w = rows_per_part(count * in), parts_w = (units + rows_w - 1) / rows_w;
  if (part < parts_w) {
    const size_t r0 = part * rows_w, r1 = std::min(units, r0 + rows_w);
    gemm_strided(r1 - r0, in, count, delta.data() + r0 * count, count, 1, previous, 1, count, grad_weights_[l - 1].data() + r0 * in, in);
    if (++part < parts_w) return false;
    for (size_t u = 0; u < units; ++u) {
      double sum = 0.0;
      for (size_t s = 0; s < count; ++s) sum += delta[u * count + s];
      grad_biases_[l - 1][u] = static_cast<float>(sum);
    }
  }
  if (l > 1) {
    const size_t rows_a = rows_per_part(count * units), parts_a = (in + rows_a - 1) / rows_a, p = part - parts_w;
    if (p == 0) grad_a.resize(in * count);
    const size_t r0 = p * rows_a, r1 = std::min(in, r0 + rows_a);
    gemm_strided(r1 - r0, count, units, weights_[l - 1].data() + r0, 1, in, delta.data(), count, 1, grad_a.data() + r0 * count, count);
    if (++part < parts_w + parts_a) return false;
    slope.resize(in * count);
    apply(l - 1, true, train_z_[l - 2].data(), slope.data(), count);
    std::vector<float>& grad_slopes = grad_alphas_[l - 2];
    for (size_t u = 0; u < grad_slopes.size(); ++u) {  // dC/dalpha_u = sum of dC/da * z where z < 0
      double sum = 0.0;
      for (size_t s = 0; s < count; ++s) sum += static_cast<double>(grad_a[u * count + s]) * std::min(train_z_[l - 2][u * count + s], 0.0f);
      grad_slopes[u] = static_cast<float>(sum);
    }
    delta.resize(in * count);
    for (size_t i = 0; i < in * count; ++i) delta[i] = grad_a[i] * slope[i];
    size_t none = 0;  // units of layer l - 1 with f'(z) = 0 for every sample
    std::vector<uint8_t>& alive = alive_[l - 2];
    alive.resize(in, 0);
    for (size_t u = 0; u < in; ++u) {
      const bool zero = std::all_of(slope.begin() + u * count, slope.begin() + (u + 1) * count, [](float d) { return d == 0.0f; });
      none += zero;
      alive[u] |= !zero;
    }
    dead_[l - 2] = static_cast<double>(none) / in;
    part = 0, ++pending_.stage;
    return false;
  }

  // L2 on the weights, then clipping by value and by global norm (as torch.nn.utils.clip_grad_norm_).
  double& loss = pending_.loss;
  if (config_.l2 > 0) {
    const float l2 = static_cast<float>(config_.l2);
    double squares = 0.0;
    for (int k = 1; k <= layers; ++k) {
      std::vector<float>& g = grad_weights_[k - 1];
      const std::vector<float>& w = weights_[k - 1];
      for (size_t i = 0; i < g.size(); ++i) {
        squares += static_cast<double>(w[i]) * w[i];
        g[i] += l2 * w[i];
      }
    }
    loss += 0.5 * config_.l2 * squares;
  }
  auto each_gradient = [&](auto&& visit) {
    for (auto* tensors : {&grad_weights_, &grad_biases_, &grad_alphas_})
      for (std::vector<float>& t : *tensors)
        for (float& g : t) visit(g);
  };
  if (config_.clip_value > 0) {
    const float v = static_cast<float>(config_.clip_value);
    each_gradient([v](float& g) { g = g > v ? v : (g < -v ? -v : g); });
  }
  if (config_.clip_norm > 0) {
    double squares = 0.0;
    each_gradient([&squares](float& g) { squares += static_cast<double>(g) * g; });
    const float total = static_cast<float>(std::sqrt(squares));
    const float coefficient = std::min(1.0f, static_cast<float>(config_.clip_norm) / (total + 1e-6f));
    each_gradient([coefficient](float& g) { g *= coefficient; });
  }
  part = 0, pending_.stage = -1;  // gradients ready
  return true;
}

StepReport Trainer::step(const Dataset& data, const size_t* indices, size_t count) {
  return apply_update(compute_gradients(data, indices, count));
}

StepReport Trainer::apply_update(double loss) {
  begin_update(loss);
  while (!update_part()) {
  }
  return std::move(pending_.report);
}

void Trainer::begin_update(double loss) {
  const int layers = this->layers();
  StepReport& report = pending_.report;
  report = StepReport();
  report.loss = loss;
  report.finite = std::isfinite(report.loss);
  report.dead = dead_;
  for (int l = 1; l <= layers; ++l) {
    report.bias_speed.push_back(norm(grad_biases_[l - 1]));
    report.finite &= std::isfinite(norm(grad_weights_[l - 1])) && std::isfinite(report.bias_speed.back());
  }
  ++step_;
  pending_.update_layer = 1, pending_.update_at = 0, pending_.change = 0.0;
}

void Trainer::update_range(std::vector<float>& p, const std::vector<float>& g, std::vector<float>& m, std::vector<float>& v,
                           size_t from, size_t to) const {
  const float lr = static_cast<float>(config_.learning_rate);
  const float b1 = static_cast<float>(config_.beta1), b2 = static_cast<float>(config_.beta2);
  const float rest1 = static_cast<float>(1.0 - config_.beta1), rest2 = static_cast<float>(1.0 - config_.beta2);  // as torch: 1 - beta in double
  const double correction1 = 1.0 - std::pow(config_.beta1, static_cast<double>(step_));
  const double correction2 = 1.0 - std::pow(config_.beta2, static_cast<double>(step_));
  const float step_size = static_cast<float>(config_.learning_rate / correction1);
  const float root_correction2 = static_cast<float>(std::sqrt(correction2));
  const float eps = static_cast<float>(config_.epsilon), mu = static_cast<float>(config_.momentum);
  for (size_t i = from; i < to; ++i) {
    switch (config_.optimizer) {
      case OptimizerKind::sgd: p[i] -= lr * g[i]; break;
      case OptimizerKind::momentum:
        m[i] = step_ == 1 ? g[i] : mu * m[i] + g[i];
        p[i] -= lr * m[i];
        break;
      case OptimizerKind::adam:
        m[i] = b1 * m[i] + rest1 * g[i];
        v[i] = b2 * v[i] + rest2 * g[i] * g[i];
        p[i] -= step_size * (m[i] / (std::sqrt(v[i]) / root_correction2 + eps));
        break;
    }
  }
}

bool Trainer::update_part() {
  constexpr size_t kUpdatePart = size_t{1} << 16;  // weights per part: element-wise, so any split gives the same bits
  const int l = pending_.update_layer;
  std::vector<float>& w = weights_[l - 1];
  std::vector<float>& before = pending_.before;
  const size_t from = pending_.update_at, to = std::min(w.size(), from + kUpdatePart);
  if (from == 0) before = w;
  update_range(w, grad_weights_[l - 1], moment1_w_[l - 1], moment2_w_[l - 1], from, to);
  for (size_t i = from; i < to; ++i) {  // ||W after - W before||^2, summed in element order
    const double d = static_cast<double>(w[i]) - before[i];
    pending_.change += d * d;
  }
  pending_.update_at = to;
  if (to < w.size()) return false;
  update_range(biases_[l - 1], grad_biases_[l - 1], moment1_b_[l - 1], moment2_b_[l - 1], 0, biases_[l - 1].size());
  update_range(alphas_[l - 1], grad_alphas_[l - 1], moment1_a_[l - 1], moment2_a_[l - 1], 0, alphas_[l - 1].size());
  const double size = norm(before);
  pending_.report.update_ratio.push_back(size > 0 ? std::sqrt(pending_.change) / size : INFINITY);
  pending_.update_layer = l + 1, pending_.update_at = 0, pending_.change = 0.0;
  return l == layers();
}

bool Trainer::train_steps(const Dataset& data, size_t max_batches) {
  for (size_t done = 0; in_epoch_ && cursor_ < order_.size() && done < max_batches; ++done) {
    const size_t at = cursor_;
    while (cursor_ == at) train_stages(data, 1);  // a step begun in stages is finished first
  }
  return cursor_ >= order_.size();
}

bool Trainer::train_stages(const Dataset& data, size_t max_stages) {
  for (size_t done = 0; in_epoch_ && cursor_ < order_.size() && done < max_stages; ++done) {
    const size_t count = std::min<size_t>(config_.batch, order_.size() - cursor_);
    if (!step_begun_) {
      begin_gradients(data, order_.data() + cursor_, count);
      step_begun_ = true, update_begun_ = false;
    }
    if (pending_.stage >= 0) {
      gradient_stage();
      continue;
    }
    if (!update_begun_) {
      begin_update(pending_.loss);
      update_begun_ = true;
    }
    if (!update_part()) continue;
    reports_.push_back(std::move(pending_.report));
    cursor_ += count;
    step_begun_ = false;
  }
  return cursor_ >= order_.size();
}

std::vector<StepReport> Trainer::epoch(const Dataset& data) {
  begin_epoch(data);
  train_steps(data, SIZE_MAX);
  return finish_epoch();
}

void Trainer::begin_epoch(const Dataset& data) {
  order_.resize(data.size());
  std::iota(order_.begin(), order_.end(), size_t{0});
  Pcg32 rng(config_.seed, kShuffleStream + static_cast<uint64_t>(epoch_));
  for (size_t i = order_.size(); i > 1; --i) {  // Fisher-Yates, j uniform in [0, i)
    const size_t j = static_cast<size_t>((static_cast<uint64_t>(rng.next()) * i) >> 32);
    std::swap(order_[i - 1], order_[j]);
  }
  reports_.clear();
  alive_.assign(layers() - 1, {});
  cursor_ = 0;
  in_epoch_ = true;
  step_begun_ = false, pending_.stage = -1;
}

std::vector<StepReport> Trainer::finish_epoch() {
  epoch_dead_.assign(layers(), 0.0);
  for (size_t l = 0; l < alive_.size(); ++l) {
    const size_t units = width(static_cast<int>(l) + 1);
    const size_t alive = std::count(alive_[l].begin(), alive_[l].end(), uint8_t{1});
    epoch_dead_[l] = reports_.empty() ? 0.0 : static_cast<double>(units - alive) / units;
  }
  ++epoch_;
  in_epoch_ = false;
  cursor_ = 0;
  return std::move(reports_);
}

void Trainer::predict(const float* x, size_t count, float* out) const {
  constexpr size_t kChunk = 1024;
  const int layers = this->layers(), features = config_.input_width, classes = config_.classes;
  for (size_t start = 0; start < count; start += kChunk) {
    const size_t n = std::min(kChunk, count - start);
    input_.resize(static_cast<size_t>(features) * n);
    for (size_t s = 0; s < n; ++s)
      for (int f = 0; f < features; ++f) input_[f * n + s] = x[(start + s) * features + f];
    forward(input_.data(), n);
    const std::vector<float>& a = a_[layers - 1];
    for (size_t s = 0; s < n; ++s) {
      float* p = out + (start + s) * classes;
      if (config_.output == OutputKind::sigmoid_quadratic) {
        for (int k = 0; k < classes; ++k) p[k] = a[k * n + s];
        continue;
      }
      double top = a[s], sum = 0.0;
      for (int k = 1; k < classes; ++k) top = std::max<double>(top, a[k * n + s]);
      for (int k = 0; k < classes; ++k) sum += std::exp(a[k * n + s] - top);
      for (int k = 0; k < classes; ++k) p[k] = static_cast<float>(std::exp(a[k * n + s] - top) / sum);
    }
  }
}

Evaluation Trainer::evaluate(const Dataset& data) const {
  EvaluationSums sums;
  evaluate_part(data, 0, data.size(), &sums);
  return evaluation_of(sums);
}

void Trainer::evaluate_part(const Dataset& data, size_t first, size_t count, EvaluationSums* sums) const {
  constexpr size_t kChunk = 1024;
  const int layers = this->layers(), features = config_.input_width, classes = config_.classes;
  const size_t end = std::min(data.size(), first + count);
  for (size_t start = first; start < end; start += kChunk) {
    const size_t n = std::min(kChunk, end - start);
    input_.resize(static_cast<size_t>(features) * n);
    for (size_t s = 0; s < n; ++s)
      for (int f = 0; f < features; ++f) input_[f * n + s] = data.x[(start + s) * features + f];
    forward(input_.data(), n);
    const std::vector<float>& out = a_[layers - 1];
    for (size_t s = 0; s < n; ++s) {
      const int y = data.labels[start + s];
      int best = 0;
      for (int k = 1; k < classes; ++k)
        if (out[k * n + s] > out[best * n + s]) best = k;
      sums->correct += best == y;
      sums->loss += sample_loss(config_, out, n, s, y);
    }
    sums->seen += n;
  }
}

Evaluation Trainer::evaluation_of(const EvaluationSums& sums) {
  Evaluation result;
  if (sums.seen > 0) {
    result.loss = sums.loss / sums.seen;
    result.accuracy = static_cast<double>(sums.correct) / sums.seen;
  }
  return result;
}

}  // namespace actlab
