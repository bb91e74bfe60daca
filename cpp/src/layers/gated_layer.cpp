// A gated unit as a layer: y = g(gate) * value over the two channel halves of
// x (value first, gate second, as torch.nn.functional.glu), forward and
// backward through the gated kernels of gated.def.
#include <algorithm>

#include "layer_types.h"

namespace actlab::layers_detail {
namespace {

class Gate final : public GatedLayer {
 public:
  Gate(const LayerSpec& spec, Shape in, Shape out, int index)
      : GatedLayer(spec, in, out, index), unit_(*find_gated_unit(spec.gated)) {}

  void forward(size_t, const float* x, float* y, size_t batch, const Pass&) override {
    const size_t half = out().size() * batch;
    unit_.forward(half, x + half, x, y);
  }

  void backward(size_t, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const size_t half = out().size() * batch, per_channel = half / out().channels;
    d_value.resize(half), d_gate.resize(half);
    unit_.partials(half, x + half, x, d_gate.data(), d_value.data());
    zero_slope.resize(out().channels);
    for (size_t c = 0; c < zero_slope.size(); ++c) {
      const size_t begin = c * per_channel, end = begin + per_channel;
      auto zero = [](float d) { return d == 0.0f; };
      zero_slope[c] = std::all_of(d_value.begin() + begin, d_value.begin() + end, zero) &&
                      std::all_of(d_gate.begin() + begin, d_gate.begin() + end, zero);
    }
    if (!dx) return;
    // The backward kernel's roundings, dy * (g' * value) and dy * g, from the partials already computed.
    for (size_t e = 0; e < half; ++e) dx[e] = dy[e] * d_value[e], dx[half + e] = dy[e] * d_gate[e];
  }

  size_t scratch_floats(size_t batch) const override { return 2 * out().size() * batch; }

 private:
  const GatedUnit& unit_;
};

}  // namespace

std::unique_ptr<Layer> make_gated(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Gate>(spec, in, out, index);
}

}  // namespace actlab::layers_detail
