// Dropout (inverted, torch.nn.Dropout) and AlphaDropout (torch.nn.AlphaDropout)
// with keep masks from PCG32 streams, so a seed reproduces every mask on
// every build. Evaluation passes copy x.
#include <algorithm>
#include <cmath>

#include "actlab/random.h"
#include "layer_types.h"

namespace actlab {

void dropout_mask(double rate, uint64_t seed, uint64_t step, int index, size_t n, uint8_t* keep) {
  Pcg32 rng(seed, kDropoutStream + (step << 8) + static_cast<uint64_t>(index));
  const uint32_t threshold = static_cast<uint32_t>(std::floor(rate * 4294967296.0));
  for (size_t e = 0; e < n; ++e) keep[e] = rng.next() >= threshold;
}

namespace layers_detail {
namespace {

// y = keep ? x * kept_scale + kept_shift : dropped (training), the backward pass dx = keep ? dy * kept_scale : 0.
class Drop final : public DropoutLayer {
 public:
  Drop(const LayerSpec& spec, Shape in, Shape out, int index, float kept_scale, float kept_shift, float dropped)
      : DropoutLayer(spec, in, out, index), shift_(kept_shift), dropped_(dropped) {
    kept_scale_ = kept_scale;
  }

  void forward(size_t, const float* x, float* y, size_t batch, const Pass& pass) override {
    const size_t n = in().size() * batch;
    if (!pass.training || spec().rate == 0) {
      keep.assign(n, 1);
      std::copy(x, x + n, y);
      if (!pass.training) return;
    } else {
      keep.resize(n);
      dropout_mask(spec().rate, pass.seed, pass.step, index(), n, keep.data());
    }
    for (size_t e = 0; e < n; ++e) y[e] = keep[e] ? x[e] * kept_scale_ + shift_ : dropped_;
  }

  void backward(size_t, const float*, const float*, const float* dy, float* dx, size_t batch) override {
    if (!dx) return;
    const size_t n = in().size() * batch;
    for (size_t e = 0; e < n; ++e) dx[e] = keep[e] ? dy[e] * kept_scale_ : 0.0f;
  }

  size_t scratch_floats(size_t batch) const override { return in().size() * batch / 4; }

 private:
  float shift_, dropped_;
};

}  // namespace

std::unique_ptr<Layer> make_dropout(const LayerSpec& spec, Shape in, Shape out, int index) {
  const float scale = static_cast<float>(1.0 / (1.0 - spec.rate));
  return std::make_unique<Drop>(spec, in, out, index, scale, 0.0f, 0.0f);
}

// torch's alpha_dropout: alpha' = -scale * alpha of SELU, a = ((1 - p)(1 + p alpha'^2))^(-1/2),
// kept values a x + a alpha p, dropped ones a alpha (p - 1): mean 0 and variance 1 stay.
std::unique_ptr<Layer> make_alpha_dropout(const LayerSpec& spec, Shape in, Shape out, int index) {
  constexpr double kAlpha = 1.7580993408473766;
  const double p = spec.rate, a = 1.0 / std::sqrt((kAlpha * kAlpha * p + 1.0) * (1.0 - p));
  return std::make_unique<Drop>(spec, in, out, index, static_cast<float>(a), static_cast<float>(kAlpha * a * p),
                                static_cast<float>(kAlpha * a * (p - 1.0)));
}

}  // namespace layers_detail
}  // namespace actlab
