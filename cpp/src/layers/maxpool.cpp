// MaxPool2D with pool x pool windows and stride pool (torch.nn.MaxPool2d(k)):
// each output is the first largest value of its window (a NaN wins, as in
// torch, the last NaN of the window), and the backward pass routes dy to that one input.
#include <algorithm>

#include "layer_types.h"

namespace actlab::layers_detail {
namespace {

class MaxPool final : public Layer {
 public:
  using Layer::Layer;

  // Window by window, every sample at once (runs of `batch` contiguous floats): the first element
  // of the window, then each later one that is larger or NaN.
  void forward(size_t, const float* x, float* y, size_t batch, const Pass&) override {
    const Shape i = in(), o = out();
    const int k = spec().pool;
    arg_.resize(o.size() * batch);
    for (int c = 0; c < o.channels; ++c)
      for (int oy = 0; oy < o.height; ++oy)
        for (int ox = 0; ox < o.width; ++ox) {
          const size_t at = ((static_cast<size_t>(c) * o.height + oy) * o.width + ox) * batch;
          float* best = y + at;
          uint32_t* arg = arg_.data() + at;
          for (int dy = 0; dy < k; ++dy)
            for (int dx = 0; dx < k; ++dx) {
              const size_t from = ((static_cast<size_t>(c) * i.height + oy * k + dy) * i.width + ox * k + dx) * batch;
              const float* v = x + from;
              if (dy == 0 && dx == 0) {
                for (size_t s = 0; s < batch; ++s) best[s] = v[s], arg[s] = static_cast<uint32_t>(from + s);
                continue;
              }
              for (size_t s = 0; s < batch; ++s) {
                const bool take = v[s] > best[s] || v[s] != v[s];  // as torch: a later NaN takes over
                best[s] = take ? v[s] : best[s];
                arg[s] = take ? static_cast<uint32_t>(from + s) : arg[s];
              }
            }
        }
  }

  void backward(size_t, const float*, const float*, const float* dy, float* dx, size_t batch) override {
    if (!dx) return;
    std::fill(dx, dx + in().size() * batch, 0.0f);
    for (size_t j = 0; j < arg_.size(); ++j) dx[arg_[j]] += dy[j];
  }

  size_t scratch_floats(size_t batch) const override { return out().size() * batch; }

 private:
  std::vector<uint32_t> arg_;  // per output: the input element it came from
};

// Flatten: the layout already is features x batch, so the values pass as they are.
class Flatten final : public Layer {
 public:
  using Layer::Layer;
  void forward(size_t, const float* x, float* y, size_t batch, const Pass&) override {
    std::copy(x, x + in().size() * batch, y);
  }
  void backward(size_t, const float*, const float*, const float* dy, float* dx, size_t batch) override {
    if (dx) std::copy(dy, dy + in().size() * batch, dx);
  }
};

}  // namespace

std::unique_ptr<Layer> make_maxpool(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<MaxPool>(spec, in, out, index);
}

std::unique_ptr<Layer> make_flatten(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Flatten>(spec, in, out, index);
}

}  // namespace actlab::layers_detail
