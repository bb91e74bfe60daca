// The layer library: every layer's forward pass next to its backward pass,
// in float32, for the trainer (and, through the same specs, any stack).
//
// Layout: a batch is features x batch, row-major, one column per sample; a
// sample's feature index is c * H * W + y * W + x (channel, row, column, the
// order of one torch NCHW sample). So the channels are outermost as in NCHW,
// but the batch is innermost ("CHWN"): a dense layer's input is then the
// units x batch matrix the GEMM already takes, flatten costs nothing, and
// im2col copies runs of `batch` contiguous floats.
//
// Work comes in parts (a block of output rows of a product, about 2^25
// multiply-adds for a convolution), so a caller can stop between them; the
// parts of a pass always split the same way, so the bits do not depend on
// how many parts are run per call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/elementwise.h"
#include "actlab/network.h"

namespace actlab {

// The shape of one sample: channels x height x width ({n, 1, 1} for n features).
struct Shape {
  int channels = 1, height = 1, width = 1;
  size_t size() const { return static_cast<size_t>(channels) * height * width; }
  bool operator==(const Shape&) const = default;
};

enum class LayerKind { dense, conv2d, maxpool, flatten, activation, dropout, alpha_dropout, batch_norm, layer_norm, rms_norm, gated };
enum class Padding { valid, same };

// One entry of a layer spec (the JSON form is in trainer.h).
struct LayerSpec {
  LayerKind kind = LayerKind::dense;
  int units = 0;                     // dense: outputs
  int filters = 0, kernel = 0;       // conv2d: output channels, kernel x kernel window, stride 1
  Padding padding = Padding::valid;  // conv2d: valid (no padding) or same ((kernel - 1) / 2 zeros each side)
  int pool = 0;                      // maxpool: pool x pool windows, stride pool
  ActivationChoice activation;       // activation
  double rate = 0;                   // dropout, alpha_dropout: the probability p of dropping a value
  double eps = 0;                    // batch_norm, layer_norm, rms_norm: added to the variance; 0 = default_eps(kind)
  std::string gated;                 // gated: the unit's id (gated.def), e.g. "swiglu"
};

// torch's default epsilon of a normalisation layer: 1e-5 (BatchNorm, LayerNorm), float32's eps (RMSNorm).
double default_eps(LayerKind kind);
// True for BatchNorm, LayerNorm and RMSNorm.
inline bool is_norm(LayerKind kind) {
  return kind == LayerKind::batch_norm || kind == LayerKind::layer_norm || kind == LayerKind::rms_norm;
}

// A short name: "conv2d 32 3x3 valid", "dense 128", "relu", "dropout 0.25".
std::string describe(const LayerSpec& spec);
// True for the layers with weights (dense and conv2d).
inline bool has_weights(LayerKind kind) { return kind == LayerKind::dense || kind == LayerKind::conv2d; }

// The output shape of each spec in turn, starting from `input`, into
// *shapes; "" or, for the first spec that cannot apply, "layer i (name):
// setting = value ... (allowed ...)" with i 1-based.
std::string layer_shapes(const std::vector<LayerSpec>& specs, Shape input, std::vector<Shape>* shapes);

// A training forward pass: dropout masks come from PCG32 stream
// (seed, kDropoutStream + (step << 8) + index) of the layer at `index`
// (0-based) for optimiser step `step` (1-based); evaluation passes leave
// every value in place.
constexpr uint64_t kDropoutStream = 0x44524f50ULL;  // "DROP"
// RReLU's random negative slopes in a training pass come from PCG32 stream
// (seed, kRreluStream + (step << 8) + index) the same way (rrelu_slopes).
constexpr uint64_t kRreluStream = 0x5252454cULL;  // "RREL"
struct Pass {
  bool training = false;
  uint64_t seed = 0, step = 0;
};

class Layer {
 public:
  Layer(const LayerSpec& spec, Shape in, Shape out, int index) : spec_(spec), in_(in), out_(out), index_(index) {}
  virtual ~Layer() = default;
  const LayerSpec& spec() const { return spec_; }
  Shape in() const { return in_; }
  Shape out() const { return out_; }
  int index() const { return index_; }

  // How many parts the forward and the backward pass of a batch take.
  virtual size_t forward_parts(size_t /*batch*/) const { return 1; }
  virtual size_t backward_parts(size_t /*batch*/) const { return 1; }
  // Part `part` of y = layer(x): x is in().size() x batch, y out().size() x batch.
  virtual void forward(size_t part, const float* x, float* y, size_t batch, const Pass& pass) = 0;
  // Part `part` of the backward pass after a training forward pass of the
  // same batch (x, y as it saw them): dx = dC/dx from dy = dC/dy (dx may be
  // nullptr when nobody needs it), and, once the last part is done, the
  // gradients of the layer's parameters (set, not accumulated).
  virtual void backward(size_t part, const float* x, const float* y, const float* dy, float* dx, size_t batch) = 0;
  // The first backward part that computes dx: the parts before it compute only the gradients of
  // the layer's parameters, so a caller that needs dx alone may skip them.
  virtual size_t first_input_part(size_t /*batch*/) const { return 0; }
  // Floats of scratch memory the layer keeps for a batch (for the memory estimate; each layer holds its own).
  virtual size_t scratch_floats(size_t /*batch*/) const { return 0; }
  // Activation and gated layers, after a backward pass: per output channel, 1 when no gradient
  // passed at any position of any sample (a dead unit); nullptr for the other layers.
  virtual const std::vector<uint8_t>* dead_channels() const { return nullptr; }

 private:
  LayerSpec spec_;
  Shape in_, out_;
  int index_;
};

// Dense and conv2d: y = W x + b (conv2d: W is filters x (channels * kernel * kernel),
// torch's Conv2d.weight flattened; dense: units x inputs, torch's Linear.weight).
class WeightLayer : public Layer {
 public:
  using Layer::Layer;
  size_t rows() const { return bias.size(); }                // units or filters
  size_t cols() const { return rows() ? weights.size() / rows() : 0; }  // inputs per output
  virtual double fan_in() const = 0;
  virtual double fan_out() const = 0;
  std::vector<float> weights, bias, grad_weights, grad_bias;
};

// An activation layer: f of the catalogue or a formula, elementwise; PReLU learns one slope per channel.
class ActivationLayer : public Layer {
 public:
  ActivationLayer(const LayerSpec& spec, Shape in, Shape out, int index)
      : Layer(spec, in, out, index), function_(spec.activation) {}
  // f bound to its params (a PReLU's shared slope; its per-channel slopes are `slopes`).
  const Elementwise& function() const { return function_; }
  std::vector<float> slopes, grad_slopes;  // PReLU only (one per channel), else empty
  // Per channel, after a backward pass: 1 when f'(x) was 0 at every position of every sample.
  std::vector<uint8_t> zero_slope;
  const std::vector<uint8_t>* dead_channels() const override { return &zero_slope; }
  std::vector<float> slope;  // f'(x) of the last backward pass, in x's layout
  std::vector<float> noise;  // RReLU after a training pass: each value's random slope, else empty

 protected:
  const Elementwise function_;
};

// A gated unit as a layer (torch.nn.functional.glu over channels): the first
// half of the input's channels is the value, the second half the gate, and
// y = g(gate) * value has half the channels. With the CHWN layout each half
// is one contiguous block, so the layer splits nothing.
class GatedLayer : public Layer {
 public:
  using Layer::Layer;
  // The partials of the last backward pass, in y's layout: dy/dvalue = g(gate), dy/dgate = g'(gate) * value.
  std::vector<float> d_value, d_gate;
  // Per output channel, after a backward pass: 1 when both partials were 0 at every position of every sample.
  std::vector<uint8_t> zero_slope;
  const std::vector<uint8_t>* dead_channels() const override { return &zero_slope; }
};

// A dropout layer: the keep mask of its last training pass.
class DropoutLayer : public Layer {
 public:
  using Layer::Layer;
  std::vector<uint8_t> keep;  // features x batch, 1 = kept
  float kept_scale() const { return kept_scale_; }  // dy/dx of a kept value (1 / (1 - p) for dropout)

 protected:
  float kept_scale_ = 1.0f;
};

// A normalisation layer: gamma (and beta, not RMSNorm) per channel for BatchNorm,
// per feature (c, y, x) for LayerNorm and RMSNorm. BatchNorm normalises each
// channel over the batch (and positions) with the batch's statistics when
// training and the running ones (torch: momentum 0.1, unbiased variance) when
// evaluating; LayerNorm and RMSNorm normalise each sample over its features.
class NormLayer : public Layer {
 public:
  using Layer::Layer;
  std::vector<float> gamma, beta, grad_gamma, grad_beta;
  std::vector<float> running_mean, running_var;  // BatchNorm only
  // Per group (BatchNorm: channel; the others: sample), from the last forward pass:
  // the mean (0 for RMSNorm) and 1 / sqrt(variance + eps) it normalised with.
  const std::vector<double>& group_mean() const { return mean_; }
  const std::vector<double>& group_inv_std() const { return inv_std_; }

 protected:
  std::vector<double> mean_, inv_std_;
};

// The layer for a spec whose shapes layer_shapes gave; `index` is its position.
std::unique_ptr<Layer> make_layer(const LayerSpec& spec, Shape in, Shape out, int index);

// The keep mask of a dropout layer: keep[e] = next() >= floor(rate * 2^32) for e = 0..n-1 of
// Pcg32(seed, kDropoutStream + (step << 8) + index).
void dropout_mask(double rate, uint64_t seed, uint64_t step, int index, size_t n, uint8_t* keep);

// RReLU's training-mode slopes (torch.nn.RReLU, training=True): slopes[e] =
// float(lower + (upper - lower) * next() / 2^32) for e = 0..n-1 of
// Pcg32(seed, kRreluStream + (step << 8) + index), one per value whatever its sign.
void rrelu_slopes(float lower, float upper, uint64_t seed, uint64_t step, int index, size_t n, float* slopes);

}  // namespace actlab
