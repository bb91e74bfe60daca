// The trainer: the layer library's forward and backward passes, the loss,
// clipping and the optimisers of trainer.h.
#include "actlab/trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

#include "../shared/init.h"
#include "../shared/ranges.h"
#include "../shared/stats.h"
#include "actlab/kernels.h"
#include "actlab/random.h"

namespace actlab {
namespace {

// PCG32 streams of the trainer's own random numbers (weights use stream l).
constexpr uint64_t kBiasStream = 0x42494153ULL;     // "BIAS" + layer
constexpr uint64_t kShuffleStream = 0x53485546ULL;  // "SHUF" + epoch
constexpr double kBinaryEpsilon = 1e-7;             // Keras' epsilon() in binary_crossentropy

// "" or "<name> = v is outside the allowed range [lo, hi]" (NaN too), as the simulator says it.
std::string check_range(const std::string& name, double v, double lo, double hi, bool integer = false) {
  return shared::check_setting({name.c_str(), lo, hi, integer}, v);
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

// The whole network: the body, then the dense output layer.
std::vector<LayerSpec> network_layers(const TrainConfig& c) {
  std::vector<LayerSpec> specs = body_layers(c);
  LayerSpec out;
  out.kind = LayerKind::dense, out.units = c.classes;
  specs.push_back(out);
  return specs;
}

// The loss of sample s (label y) from the output layer `out` (classes x
// count: logits, or the sigmoids for sigmoid_quadratic). With delta, also
// writes dC/dz of the sample times `scale` into its column.
double sample_loss(const TrainConfig& c, const float* out, size_t count, size_t s, int y, float* delta = nullptr,
                   double scale = 1.0) {
  double loss = 0.0;
  if (c.output == OutputKind::sigmoid_quadratic) {
    for (int k = 0; k < c.classes; ++k) {
      const double a = out[k * count + s], d = a - (k == y);
      loss += 0.5 * d * d;
      if (delta) delta[k * count + s] = static_cast<float>(d * a * (1.0 - a) * scale);  // sigmoid' = a (1 - a)
    }
    return loss;
  }
  double top = out[s], sum = 0.0;
  for (int k = 1; k < c.classes; ++k) top = std::max<double>(top, out[k * count + s]);
  for (int k = 0; k < c.classes; ++k) sum += std::exp(out[k * count + s] - top);
  if (c.output == OutputKind::softmax_cross_entropy) {
    if (delta)
      for (int k = 0; k < c.classes; ++k)
        delta[k * count + s] = static_cast<float>((std::exp(out[k * count + s] - top) / sum - (k == y)) * scale);
    return std::log(sum) - (out[y * count + s] - top);
  }
  // Binary cross-entropy on the softmax: dC/dp_k inside the clip range, then the softmax's Jacobian.
  double weighted = 0.0;  // sum_k p_k dC/dp_k
  std::vector<double> p(c.classes), g(c.classes);
  for (int k = 0; k < c.classes; ++k) {
    p[k] = std::exp(out[k * count + s] - top) / sum;
    const double q = std::clamp(p[k], kBinaryEpsilon, 1.0 - kBinaryEpsilon), t = k == y;
    loss -= t * std::log(q + kBinaryEpsilon) + (1.0 - t) * std::log(1.0 - q + kBinaryEpsilon);
    const bool clipped = p[k] < kBinaryEpsilon || p[k] > 1.0 - kBinaryEpsilon;
    g[k] = clipped ? 0.0 : (-t / (q + kBinaryEpsilon) + (1.0 - t) / (1.0 - q + kBinaryEpsilon)) / c.classes;
    weighted += p[k] * g[k];
  }
  if (delta)
    for (int k = 0; k < c.classes; ++k) delta[k * count + s] = static_cast<float>(p[k] * (g[k] - weighted) * scale);
  return loss / c.classes;
}

// Class probabilities of sample s from the output layer (softmax of the logits, or the sigmoids as they are).
void sample_probabilities(const TrainConfig& c, const float* out, size_t count, size_t s, double* p) {
  if (c.output == OutputKind::sigmoid_quadratic) {
    for (int k = 0; k < c.classes; ++k) p[k] = out[k * count + s];
    return;
  }
  double top = out[s], sum = 0.0;
  for (int k = 1; k < c.classes; ++k) top = std::max<double>(top, out[k * count + s]);
  for (int k = 0; k < c.classes; ++k) sum += std::exp(out[k * count + s] - top);
  for (int k = 0; k < c.classes; ++k) p[k] = std::exp(out[k * count + s] - top) / sum;
}

// The floats of a layer's output buffer per sample (a flatten shares its input's).
size_t own_output(const LayerSpec& spec, Shape out) { return spec.kind == LayerKind::flatten ? 0 : out.size(); }

}  // namespace

std::vector<LayerSpec> body_layers(const TrainConfig& c) {
  if (!c.layers.empty()) return c.layers;
  std::vector<LayerSpec> specs;
  for (const HiddenLayer& h : c.hidden) {
    LayerSpec dense, act;
    dense.kind = LayerKind::dense, dense.units = h.width;
    act.kind = LayerKind::activation, act.activation = h.activation;
    if (find_gated_unit(h.activation.id)) {  // a gated unit: dense to 2 x width, then the gate halves it
      dense.units = 2 * h.width;
      act.kind = LayerKind::gated, act.gated = h.activation.id;
    }
    specs.push_back(dense), specs.push_back(act);
  }
  return specs;
}

Shape input_shape(const TrainConfig& c) { return c.input_shape.channels > 0 ? c.input_shape : Shape{c.input_width, 1, 1}; }

uint64_t training_bytes(const TrainConfig& c) {
  const std::vector<LayerSpec> specs = network_layers(c);
  std::vector<Shape> shapes;
  if (!layer_shapes(specs, input_shape(c), &shapes).empty()) return 0;
  uint64_t per_sample = input_shape(c).size(), widest = per_sample, params = 0, scratch = 0;
  Shape in = input_shape(c);
  for (size_t i = 0; i < specs.size(); ++i) {
    per_sample += own_output(specs[i], shapes[i]);
    widest = std::max<uint64_t>(widest, shapes[i].size());
    const std::unique_ptr<Layer> layer = make_layer(specs[i], in, shapes[i], static_cast<int>(i));
    if (auto* w = dynamic_cast<WeightLayer*>(layer.get())) params += w->weights.size() + w->bias.size();
    scratch += layer->scratch_floats(c.batch);  // every layer keeps its own
    in = shapes[i];
  }
  const uint64_t batch = static_cast<uint64_t>(c.batch), chunk = std::min<uint64_t>(1024, std::max<uint64_t>(1, (uint64_t{1} << 22) / per_sample));
  // Parameters: value, gradient, initial copy, two moments, the update's before-copy; a batch's
  // outputs, two gradient buffers and the layers' scratch; an evaluation chunk's outputs.
  const uint64_t floats = 6 * params + batch * (per_sample + 2 * widest) + scratch + chunk * per_sample;
  return floats * sizeof(float);
}

std::string validate(const TrainConfig& c) {
  const struct {
    const char* name;
    double value, lo, hi;
    bool integer;
  } checks[] = {
      {"input width", static_cast<double>(c.input_width), 1, 65536, true},
      {"hidden layers", static_cast<double>(c.hidden.size()), 0, 64, true},
      {"layers", static_cast<double>(c.layers.size()), 0, 128, true},
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
      {"memory budget MiB", c.memory_budget_mib, 1, 4096, false},
  };
  for (const auto& check : checks) {
    std::string message = check_range(check.name, check.value, check.lo, check.hi, check.integer);
    if (!message.empty()) return message;
  }
  if (!c.hidden.empty() && !c.layers.empty()) return "hidden and layers are two ways to give the body; give one of them";
  if (c.input_shape.channels > 0) {
    const Shape s = c.input_shape;
    for (int side : {s.channels, s.height, s.width}) {
      std::string message = check_range("input shape", side, 1, 4096, true);
      if (!message.empty()) return message;
    }
    if (s.size() != static_cast<size_t>(c.input_width))
      return "input width = " + std::to_string(c.input_width) + " does not match the input shape " + std::to_string(s.channels) +
             " x " + std::to_string(s.height) + " x " + std::to_string(s.width) + " = " + std::to_string(s.size());
  }
  for (size_t i = 0; i < c.hidden.size(); ++i) {
    const std::string where = "hidden layer " + std::to_string(i + 1);
    std::string message = check_range(where + " width", c.hidden[i].width, 1, 4096, true);
    if (message.empty()) message = shared::check_activation(c.hidden[i].activation, c.hidden[i].width, where, true);
    if (!message.empty()) return message;
  }
  std::vector<Shape> shapes;
  return layer_shapes(c.layers, input_shape(c), &shapes);
}

std::string check_training_memory(const TrainConfig& c) {
  const double need = training_bytes(c) / (1024.0 * 1024.0);
  if (need > c.memory_budget_mib) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "training needs about %.0f MiB of buffers, more than the budget of %.0f MiB: lower batch (%d) or the units/filters of the widest layers",
                  std::ceil(need), c.memory_budget_mib, c.batch);
    return buf;
  }
  return "";
}

Trainer::Trainer(const TrainConfig& config) : config_(config) {}

std::unique_ptr<Trainer> Trainer::create(const TrainConfig& config, std::string* error) {
  std::string message = validate(config);
  if (message.empty()) message = check_training_memory(config);
  if (!message.empty()) {
    if (error) *error = message;
    return nullptr;
  }
  std::unique_ptr<Trainer> trainer(new Trainer(config));
  trainer->initialise();
  return trainer;
}

void Trainer::initialise() {
  const TrainConfig& c = config_;
  const std::vector<LayerSpec> specs = network_layers(c);
  std::vector<Shape> shapes;
  layer_shapes(specs, input_shape(c), &shapes);
  Shape in = input_shape(c);
  size_t per_sample = in.size();
  for (size_t i = 0; i < specs.size(); ++i) {
    layers_.push_back(make_layer(specs[i], in, shapes[i], static_cast<int>(i)));
    if (auto* w = dynamic_cast<WeightLayer*>(layers_.back().get())) {
      weight_layers_.push_back(w);
      block_activation_.push_back(nullptr);
      block_dead_layer_.push_back(nullptr);
      block_end_.push_back(static_cast<int>(i));
    } else if (!block_end_.empty()) {
      block_end_.back() = static_cast<int>(i);
    }
    auto* act = dynamic_cast<ActivationLayer*>(layers_.back().get());
    if (act && !block_activation_.empty() && !block_activation_.back()) block_activation_.back() = act;
    if (layers_.back()->dead_channels() && !block_dead_layer_.empty() && !block_dead_layer_.back())
      block_dead_layer_.back() = layers_.back().get();
    per_sample += shapes[i].size();
    in = shapes[i];
  }
  eval_chunk_ = std::min<size_t>(1024, std::max<size_t>(1, (size_t{1} << 22) / per_sample));
  const NetworkConfig init = init_settings(c);
  DrawCache::Kind kind;
  const bool drawn = shared::init_draw_kind(init, &kind);
  DrawCache draws(0);
  for (int l = 1; l <= layers(); ++l) {
    WeightLayer& w = *weight_layers_[l - 1];
    shared::init_weights(init, w.rows(), w.cols(), w.fan_in(), w.fan_out(), drawn ? draws.draws(c.seed, l, kind, w.weights.size()) : nullptr,
                         w.weights.data());
    std::fill(w.bias.begin(), w.bias.end(), static_cast<float>(c.bias_value));
    if (c.bias_std > 0) {
      NormalSampler normal(c.seed, kBiasStream + l);
      for (float& v : w.bias) v = static_cast<float>(c.bias_std * normal.next());
    }
  }
  // Tensors in the order clipping sums them: every W, every b, then the PReLU slopes.
  for (int l = 1; l <= layers(); ++l) tensors_.push_back({&weight_layers_[l - 1]->weights, &weight_layers_[l - 1]->grad_weights, {}, {}, {}, l - 1});
  for (int l = 1; l <= layers(); ++l) tensors_.push_back({&weight_layers_[l - 1]->bias, &weight_layers_[l - 1]->grad_bias, {}, {}, {}, l - 1});
  for (size_t i = 0, block = 0; i < layers_.size(); ++i) {
    while (block + 1 < block_end_.size() && static_cast<int>(i) > block_end_[block]) ++block;
    auto* act = dynamic_cast<ActivationLayer*>(layers_[i].get());
    if (act && !act->slopes.empty()) tensors_.push_back({&act->slopes, &act->grad_slopes, {}, {}, {}, static_cast<int>(block)});
  }
  for (Tensor& t : tensors_) t.initial = *t.value;
  rewind();
}

std::vector<float>& Trainer::alphas(int l) {
  ActivationLayer* a = block_activation_[l - 1];
  return a ? a->slopes : no_slopes_;
}

const std::vector<float>& Trainer::grad_alphas(int l) const {
  const ActivationLayer* a = block_activation_[l - 1];
  return a ? a->grad_slopes : no_slopes_;
}

std::vector<std::string> Trainer::block_names() const {
  std::vector<std::string> names;
  for (int l = 1; l <= layers(); ++l) names.push_back(l == layers() ? "output" : describe(weight_layers_[l - 1]->spec()));
  return names;
}

const std::vector<uint8_t>& Trainer::dropout_keep(int i) const {
  const auto* d = i >= 0 && i < static_cast<int>(layers_.size()) ? dynamic_cast<const DropoutLayer*>(layers_[i].get()) : nullptr;
  return d ? d->keep : no_keep_;
}

void Trainer::rewind() {
  for (Tensor& t : tensors_) {
    *t.value = t.initial;
    std::fill(t.grad->begin(), t.grad->end(), 0.0f);
    t.m.assign(t.value->size(), 0.0f), t.v.assign(t.value->size(), 0.0f);
  }
  alive_.clear(), epoch_dead_.clear();
  epoch_ = 0, step_ = 0;
  order_.clear(), reports_.clear(), cursor_ = 0, in_epoch_ = false;
  step_begun_ = false, pending_.phase = PendingGradients::idle;
}

void Trainer::gather(const float* x, const size_t* indices, size_t first, size_t count, std::vector<float>* out) const {
  const size_t features = config_.input_width;
  out->resize(features * count);
  for (size_t s = 0; s < count; ++s) {
    const float* row = x + (indices ? indices[first + s] : first + s) * features;
    for (size_t f = 0; f < features; ++f) (*out)[f * count + s] = row[f];
  }
}

size_t Trainer::stages_per_batch() const {
  size_t stages = 1;  // the loss
  for (const auto& layer : layers_) stages += layer->forward_parts(config_.batch) + layer->backward_parts(config_.batch);
  for (int l = 1; l <= layers(); ++l) stages += (weight_layers_[l - 1]->weights.size() + 65535) / 65536;
  return stages;
}

double Trainer::compute_gradients(const Dataset& data, const size_t* indices, size_t count) {
  begin_gradients(data, indices, count);
  while (!gradient_stage()) {
  }
  return pending_.loss;
}

void Trainer::begin_gradients(const Dataset& data, const size_t* indices, size_t count) {
  pending_.data = &data, pending_.indices = indices, pending_.count = count;
  pending_.phase = PendingGradients::forward, pending_.layer = 0, pending_.part = 0, pending_.loss = 0.0;
}

bool Trainer::gradient_stage() {
  PendingGradients& p = pending_;
  const size_t count = p.count;
  const int last = static_cast<int>(layers_.size()) - 1;
  auto input_of = [&](int i) { return train_output(i - 1); };
  if (p.phase == PendingGradients::forward) {
    if (p.layer == 0 && p.part == 0) {
      gather(p.data->x.data(), p.indices, 0, count, &train_input_);
      train_ys_.resize(layers_.size());
    }
    Layer& layer = *layers_[p.layer];
    if (layer.spec().kind != LayerKind::flatten) {
      std::vector<float>& y = train_ys_[p.layer];
      if (p.part == 0) y.resize(layer.out().size() * count);
      layer.forward(p.part, input_of(p.layer), y.data(), count, {true, config_.seed, step_ + 1});
    }
    if (++p.part < layer.forward_parts(count)) return false;
    p.part = 0;
    if (++p.layer > last) p.phase = PendingGradients::loss_of_batch;
    return false;
  }
  if (p.phase == PendingGradients::loss_of_batch) {
    p.grad_out.assign(layers_[last]->out().size() * count, 0.0f);
    p.loss = output_loss(*p.data, p.indices, count, train_ys_[last].data(), p.grad_out.data());
    dead_.assign(layers(), 0.0);
    alive_.resize(layers());
    p.phase = PendingGradients::backward, p.layer = last, p.part = 0;
    return false;
  }
  // Backward through layer p.layer: dC/dx into grad_in (none for the first layer), then it becomes the next grad_out.
  Layer& layer = *layers_[p.layer];
  const size_t n_in = layer.in().size() * count;
  if (p.part == 0 && p.layer > 0 && layer.spec().kind != LayerKind::flatten) p.grad_in.resize(n_in);
  const bool passes_on = layer.spec().kind == LayerKind::flatten;  // its dC/dx is its dC/dy
  if (passes_on) p.part = layer.backward_parts(count);
  else layer.backward(p.part++, input_of(p.layer), train_output(p.layer), p.grad_out.data(), p.layer > 0 ? p.grad_in.data() : nullptr, count);
  if (p.part < layer.backward_parts(count)) return false;
  p.part = 0;
  for (int l = 0; l < layers(); ++l) {  // dead channels of each block's activation (or gated unit)
    if (block_dead_layer_[l] != &layer) continue;
    const std::vector<uint8_t>& zero_slope = *layer.dead_channels();
    const size_t channels = zero_slope.size();
    std::vector<uint8_t>& alive = alive_[l];
    alive.resize(channels, 0);
    size_t none = 0;
    for (size_t ch = 0; ch < channels; ++ch) none += zero_slope[ch], alive[ch] |= !zero_slope[ch];
    dead_[l] = channels ? static_cast<double>(none) / channels : 0.0;
  }
  if (p.layer > 0) {
    if (!passes_on) std::swap(p.grad_out, p.grad_in);
    --p.layer;
    return false;
  }
  regularise(&p.loss);
  p.phase = PendingGradients::idle;  // gradients ready
  return true;
}

double Trainer::output_loss(const Dataset& data, const size_t* indices, size_t count, const float* z, float* delta) {
  const size_t n = static_cast<size_t>(config_.classes) * count;
  const float* out = z;
  std::vector<float> sigmoids;
  if (config_.output == OutputKind::sigmoid_quadratic) {
    sigmoids.resize(n);
    sigmoid_forward(n, z, sigmoids.data(), nullptr);
    out = sigmoids.data();
  }
  double loss = 0.0;
  for (size_t s = 0; s < count; ++s) loss += sample_loss(config_, out, count, s, data.labels[indices[s]], delta, 1.0 / count);
  return loss / count;
}

void Trainer::regularise(double* loss) {
  // L2 on the weights, then clipping by value and by global norm (as torch.nn.utils.clip_grad_norm_).
  if (config_.l2 > 0) {
    const float l2 = static_cast<float>(config_.l2);
    double squares = 0.0;
    for (WeightLayer* layer : weight_layers_) {
      std::vector<float>& g = layer->grad_weights;
      const std::vector<float>& w = layer->weights;
      for (size_t i = 0; i < g.size(); ++i) {
        squares += static_cast<double>(w[i]) * w[i];
        g[i] += l2 * w[i];
      }
    }
    *loss += 0.5 * config_.l2 * squares;
  }
  auto each_gradient = [&](auto&& visit) {
    for (Tensor& t : tensors_)
      for (float& g : *t.grad) visit(g);
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
  StepReport& report = pending_.report;
  report = StepReport();
  report.loss = loss;
  report.finite = std::isfinite(report.loss);
  report.dead = dead_;
  for (int l = 1; l <= layers(); ++l) {
    report.bias_speed.push_back(norm(weight_layers_[l - 1]->grad_bias));
    report.finite &= std::isfinite(norm(weight_layers_[l - 1]->grad_weights)) && std::isfinite(report.bias_speed.back());
    const int end = block_end_[l - 1];
    const shared::Summary summary = shared::summarize(train_output(end), layers_[end]->out().size() * pending_.count);
    report.output_mean.push_back(summary.mean), report.output_std.push_back(summary.std);
  }
  ++step_;
  pending_.update_block = 0, pending_.update_at = 0, pending_.change = 0.0;
}

void Trainer::update_range(Tensor& t, size_t from, size_t to) const {
  std::vector<float>& p = *t.value;
  const std::vector<float>& g = *t.grad;
  std::vector<float>& m = t.m;
  std::vector<float>& v = t.v;
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
  const int block = pending_.update_block;
  Tensor& weights = tensors_[block];  // tensors_ begins with every block's W
  std::vector<float>& w = *weights.value;
  std::vector<float>& before = pending_.before;
  const size_t from = pending_.update_at, to = std::min(w.size(), from + kUpdatePart);
  if (from == 0) before = w;
  update_range(weights, from, to);
  for (size_t i = from; i < to; ++i) {  // ||W after - W before||^2, summed in element order
    const double d = static_cast<double>(w[i]) - before[i];
    pending_.change += d * d;
  }
  pending_.update_at = to;
  if (to < w.size()) return false;
  for (size_t t = layers(); t < tensors_.size(); ++t)  // the block's biases and slopes
    if (tensors_[t].block == block) update_range(tensors_[t], 0, tensors_[t].value->size());
  const double size = norm(before);
  pending_.report.update_ratio.push_back(size > 0 ? std::sqrt(pending_.change) / size : INFINITY);
  pending_.update_block = block + 1, pending_.update_at = 0, pending_.change = 0.0;
  return block + 1 == layers();
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
    if (pending_.phase != PendingGradients::idle) {
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
  alive_.assign(layers(), {});
  cursor_ = 0;
  in_epoch_ = true;
  step_begun_ = false, pending_.phase = PendingGradients::idle;
}

std::vector<StepReport> Trainer::finish_epoch() {
  epoch_dead_.assign(layers(), 0.0);
  for (size_t l = 0; l < alive_.size(); ++l) {
    const size_t channels = alive_[l].size();
    const size_t alive = std::count(alive_[l].begin(), alive_[l].end(), uint8_t{1});
    epoch_dead_[l] = reports_.empty() || channels == 0 ? 0.0 : static_cast<double>(channels - alive) / channels;
  }
  ++epoch_;
  in_epoch_ = false;
  cursor_ = 0;
  return std::move(reports_);
}

void Trainer::forward_eval(const float* x, size_t count) const {
  gather(x, nullptr, 0, count, &eval_input_);
  eval_ys_.resize(layers_.size());
  const float* in = eval_input_.data();
  for (size_t i = 0; i < layers_.size(); ++i) {
    Layer& layer = *layers_[i];
    if (layer.spec().kind == LayerKind::flatten) continue;  // the same values
    eval_ys_[i].resize(layer.out().size() * count);
    for (size_t part = 0; part < layer.forward_parts(count); ++part) layer.forward(part, in, eval_ys_[i].data(), count, {});
    in = eval_ys_[i].data();
  }
}

const float* Trainer::train_output(int i) const {
  while (i >= 0 && layers_[i]->spec().kind == LayerKind::flatten) --i;  // a flatten passes its input's buffer on
  return i < 0 ? train_input_.data() : train_ys_[i].data();
}

void Trainer::predict(const float* x, size_t count, float* out) const {
  const int classes = config_.classes;
  std::vector<double> p(classes);
  for (size_t start = 0; start < count; start += eval_chunk_) {
    const size_t n = std::min(eval_chunk_, count - start);
    forward_eval(x + start * config_.input_width, n);
    std::vector<float>& z = eval_ys_.back();
    if (config_.output == OutputKind::sigmoid_quadratic) sigmoid_forward(z.size(), z.data(), z.data(), nullptr);
    for (size_t s = 0; s < n; ++s) {
      sample_probabilities(config_, z.data(), n, s, p.data());
      for (int k = 0; k < classes; ++k) out[(start + s) * classes + k] = static_cast<float>(p[k]);
    }
  }
}

Evaluation Trainer::evaluate(const Dataset& data) const {
  EvaluationSums sums;
  evaluate_part(data, 0, data.size(), &sums);
  return evaluation_of(sums);
}

void Trainer::evaluate_part(const Dataset& data, size_t first, size_t count, EvaluationSums* sums) const {
  const int classes = config_.classes;
  const size_t end = std::min(data.size(), first + count);
  std::vector<double> p(classes);
  for (size_t start = first; start < end; start += eval_chunk_) {
    const size_t n = std::min(eval_chunk_, end - start);
    forward_eval(data.x.data() + start * config_.input_width, n);
    std::vector<float>& out = eval_ys_.back();
    if (config_.output == OutputKind::sigmoid_quadratic) sigmoid_forward(out.size(), out.data(), out.data(), nullptr);
    for (size_t s = 0; s < n; ++s) {
      const int y = data.labels[start + s];
      int best = 0;
      for (int k = 1; k < classes; ++k)
        if (out[k * n + s] > out[best * n + s]) best = k;
      sums->correct += best == y;
      sums->loss += sample_loss(config_, out.data(), n, s, y);
      sample_probabilities(config_, out.data(), n, s, p.data());
      for (int k = 0; k < classes; ++k) sums->binary_correct += (p[k] > 0.5) == (k == y);
    }
    sums->seen += n;
    sums->pairs += n * classes;
  }
}

Evaluation Trainer::evaluation_of(const EvaluationSums& sums) {
  Evaluation result;
  if (sums.seen > 0) {
    result.loss = sums.loss / sums.seen;
    result.accuracy = static_cast<double>(sums.correct) / sums.seen;
  }
  if (sums.pairs > 0) result.binary_accuracy = static_cast<double>(sums.binary_correct) / sums.pairs;
  return result;
}

}  // namespace actlab
