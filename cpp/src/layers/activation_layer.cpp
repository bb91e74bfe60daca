// An activation of the catalogue as a layer: y = f(x), dx = dy * f'(x); a
// PReLU learns one slope per channel (torch.nn.PReLU(num_parameters=channels)).
#include <algorithm>

#include "actlab/kernels.h"
#include "layer_types.h"

namespace actlab::layers_detail {
namespace {

class Activate final : public ActivationLayer {
 public:
  Activate(const LayerSpec& spec, Shape in, Shape out, int index)
      : ActivationLayer(spec, in, out, index), f_(find_activation(spec.activation.id)), params_(kMaxParams, 0.0f) {
    const ActivationChoice& a = spec.activation;
    if (a.params.empty()) default_params(*f_, params_.data());
    else std::copy(a.params.begin(), a.params.end(), params_.begin());
    if (a.id == "prelu") {
      slopes = a.alphas.empty() ? std::vector<float>(in.channels, params_[0]) : a.alphas;
      grad_slopes.assign(slopes.size(), 0.0f);
    }
  }

  void forward(size_t, const float* x, float* y, size_t batch, const Pass&) override { apply(false, x, y, batch); }

  void backward(size_t, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const size_t n = in().size() * batch, per_channel = n / in().channels;
    slope.resize(n);
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

  size_t scratch_floats(size_t batch) const override { return in().size() * batch; }

 private:
  // f (or f') of x into y; a PReLU uses each channel's own slope.
  void apply(bool derivative, const float* x, float* y, size_t batch) const {
    const size_t n = in().size() * batch;
    if (slopes.empty()) {
      (derivative ? f_->derivative : f_->forward)(n, x, y, params_.data());
      return;
    }
    const size_t per_channel = n / in().channels;
    for (size_t c = 0; c < slopes.size(); ++c)
      (derivative ? prelu_derivative : prelu_forward)(per_channel, x + c * per_channel, y + c * per_channel, &slopes[c]);
  }

  const Activation* f_;
  std::vector<float> params_;
};

}  // namespace

std::unique_ptr<Layer> make_activation(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Activate>(spec, in, out, index);
}

}  // namespace actlab::layers_detail
