// An activation (of the catalogue or a formula) as a layer: y = f(x), dx = dy * f'(x); a
// PReLU learns one slope per channel (torch.nn.PReLU(num_parameters=channels));
// an RReLU draws a random slope per value in training passes (torch's
// training mode) and uses the catalogue's (lower + upper) / 2 otherwise.
#include <algorithm>

#include "actlab/kernels.h"
#include "actlab/random.h"
#include "layer_types.h"

namespace actlab {

void rrelu_slopes(float lower, float upper, uint64_t seed, uint64_t step, int index, size_t n, float* slopes) {
  Pcg32 rng(seed, kRreluStream + (step << 8) + static_cast<uint64_t>(index));
  const double low = lower, width = static_cast<double>(upper) - lower;
  for (size_t e = 0; e < n; ++e) slopes[e] = static_cast<float>(low + width * (rng.next() * 0x1p-32));
}

namespace layers_detail {
namespace {

class Activate final : public ActivationLayer {
 public:
  Activate(const LayerSpec& spec, Shape in, Shape out, int index)
      : ActivationLayer(spec, in, out, index), random_slopes_(spec.activation.id == "rrelu") {
    const ActivationChoice& a = spec.activation;
    if (a.id == "prelu") {
      slopes = a.alphas.empty() ? std::vector<float>(in.channels, function_.params()[0]) : a.alphas;
      grad_slopes.assign(slopes.size(), 0.0f);
    }
  }

  void forward(size_t, const float* x, float* y, size_t batch, const Pass& pass) override {
    // An evaluation pass leaves noise alone: a backward pass follows the training pass it came from.
    if (!(random_slopes_ && pass.training)) {
      apply(false, x, y, batch);
      return;
    }
    // As torch's rrelu_with_noise: y = x * r where x <= 0, else x (NaN stays NaN).
    const size_t n = in().size() * batch;
    noise.resize(n);
    rrelu_slopes(function_.params()[0], function_.params()[1], pass.seed, pass.step, index(), n, noise.data());
    for (size_t e = 0; e < n; ++e) y[e] = x[e] <= 0.0f ? x[e] * noise[e] : x[e];
  }

  void backward(size_t, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const size_t n = in().size() * batch, per_channel = n / in().channels;
    slope.resize(n);
    if (noise.size() == n)  // after an RReLU training pass: torch's noise, r where x <= 0, else 1
      for (size_t e = 0; e < n; ++e) slope[e] = x[e] <= 0.0f ? noise[e] : 1.0f;
    else
      apply(true, x, slope.data(), batch);
    for (size_t c = 0; c < slopes.size(); ++c) {  // dC/dalpha_c = sum of dy * x where x < 0
      double sum = 0.0;
      for (size_t e = c * per_channel; e < (c + 1) * per_channel; ++e) sum += static_cast<double>(dy[e]) * std::min(x[e], 0.0f);
      grad_slopes[c] = static_cast<float>(sum);
    }
    zero_slope.resize(in().channels);
    for (size_t c = 0; c < zero_slope.size(); ++c)
      zero_slope[c] = std::all_of(slope.begin() + c * per_channel, slope.begin() + (c + 1) * per_channel,
                                  [](float d) { return d == 0.0f; });
    if (dx)
      for (size_t e = 0; e < n; ++e) dx[e] = dy[e] * slope[e];
  }

  size_t scratch_floats(size_t batch) const override { return in().size() * batch * (random_slopes_ ? 2 : 1); }

 private:
  // f (or f') of x into y; a PReLU uses each channel's own slope.
  void apply(bool derivative, const float* x, float* y, size_t batch) const {
    const size_t n = in().size() * batch;
    if (slopes.empty()) {
      if (derivative) function_.derivative(n, x, y);
      else function_.forward(n, x, y);
      return;
    }
    const size_t per_channel = n / in().channels;
    for (size_t c = 0; c < slopes.size(); ++c)
      (derivative ? prelu_derivative : prelu_forward)(per_channel, x + c * per_channel, y + c * per_channel, &slopes[c]);
  }

  const bool random_slopes_;  // RReLU: random slopes in training passes
};

}  // namespace

std::unique_ptr<Layer> make_activation(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Activate>(spec, in, out, index);
}

}  // namespace layers_detail
}  // namespace actlab
