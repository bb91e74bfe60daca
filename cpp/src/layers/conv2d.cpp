// Conv2D, stride 1, 'valid' or 'same' zero padding (torch.nn.Conv2d): im2col
// of a block of output rows into a packed (channels * k * k) x (rows * width
// * batch) matrix, then one product on the SIMD GEMM (docs/BENCHMARKS.md has
// the numbers that chose this over a direct kernel). The backward pass
// rebuilds the same block, so nothing of the forward pass is kept.
#include <algorithm>
#include <cstring>

#include "actlab/gemm.h"
#include "layer_types.h"

namespace actlab::layers_detail {
namespace {

class Conv2d final : public WeightLayer {
 public:
  Conv2d(const LayerSpec& spec, Shape in, Shape out, int index)
      : WeightLayer(spec, in, out, index), k_(spec.kernel), pad_(spec.padding == Padding::same ? (spec.kernel - 1) / 2 : 0) {
    weights.assign(static_cast<size_t>(out.channels) * in.channels * k_ * k_, 0.0f), grad_weights.assign(weights.size(), 0.0f);
    bias.assign(out.channels, 0.0f), grad_bias.assign(bias.size(), 0.0f);
  }
  double fan_in() const override { return static_cast<double>(in().channels) * k_ * k_; }
  double fan_out() const override { return static_cast<double>(out().channels) * k_ * k_; }

  size_t forward_parts(size_t batch) const override { return parts(batch); }
  // Output rows [y0, y1): y = W cols + b.
  void forward(size_t part, const float* x, float* y, size_t batch, const Pass&) override {
    const size_t y0 = part * rows_per(batch), y1 = std::min<size_t>(out().height, y0 + rows_per(batch));
    const size_t n = (y1 - y0) * out().width * batch, plane = static_cast<size_t>(out().height) * out().width * batch;
    im2col(x, y0, y1, batch);
    float* block = y + y0 * out().width * batch;
    gemm_strided(rows(), n, cols(), weights.data(), cols(), 1, cols_.data(), n, 1, block, plane);
    for (size_t f = 0; f < rows(); ++f)
      for (size_t j = 0; j < n; ++j) block[f * plane + j] += bias[f];
  }

  size_t backward_parts(size_t batch) const override { return parts(batch); }
  // Output rows [y0, y1): dW += dy_block cols^T, db += the block's sums, dx += col2im(W^T dy_block).
  void backward(size_t part, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const size_t y0 = part * rows_per(batch), y1 = std::min<size_t>(out().height, y0 + rows_per(batch));
    const size_t n = (y1 - y0) * out().width * batch, plane = static_cast<size_t>(out().height) * out().width * batch;
    const float* block = dy + y0 * out().width * batch;
    if (part == 0) {
      std::fill(grad_weights.begin(), grad_weights.end(), 0.0f);
      bias_sums_.assign(rows(), 0.0);
      if (dx) std::fill(dx, dx + in().size() * batch, 0.0f);
    }
    im2col(x, y0, y1, batch);
    partial_.resize(weights.size());
    gemm_strided(rows(), cols(), n, block, plane, 1, cols_.data(), 1, n, partial_.data(), cols());
    for (size_t i = 0; i < weights.size(); ++i) grad_weights[i] += partial_[i];
    for (size_t f = 0; f < rows(); ++f)
      for (size_t j = 0; j < n; ++j) bias_sums_[f] += block[f * plane + j];
    if (part + 1 == parts(batch))
      for (size_t f = 0; f < rows(); ++f) grad_bias[f] = static_cast<float>(bias_sums_[f]);
    if (!dx) return;
    gemm_strided(cols(), n, rows(), weights.data(), 1, cols(), block, plane, 1, cols_.data(), n);
    col2im(dx, y0, y1, batch);
  }

  size_t scratch_floats(size_t batch) const override {
    return cols() * rows_per(batch) * out().width * batch + weights.size();
  }

 private:
  // Output rows per part: about kPartMadds multiply-adds, at least one row.
  size_t rows_per(size_t batch) const { return rows_per_part(rows() * cols() * out().width * batch); }
  size_t parts(size_t batch) const { return (out().height + rows_per(batch) - 1) / rows_per(batch); }

  // cols_(r, j) for r = (c * k + ki) * k + kj and j = ((oy - y0) * Wo + ox) * batch + s:
  // x(c, oy + ki - pad, ox + kj - pad, s), 0 outside the input.
  void im2col(const float* x, size_t y0, size_t y1, size_t batch) {
    const Shape i = in(), o = out();
    const size_t n = (y1 - y0) * o.width * batch;
    cols_.resize(cols() * n);
    float* row = cols_.data();
    for (int c = 0; c < i.channels; ++c)
      for (int ki = 0; ki < k_; ++ki)
        for (int kj = 0; kj < k_; ++kj, row += n)
          for (size_t oy = y0; oy < y1; ++oy) {
            float* to = row + (oy - y0) * o.width * batch;
            const int iy = static_cast<int>(oy) + ki - pad_;
            for (int ox = 0; ox < o.width; ++ox, to += batch) {
              const int ix = ox + kj - pad_;
              if (iy < 0 || iy >= i.height || ix < 0 || ix >= i.width) std::memset(to, 0, batch * sizeof(float));
              else std::memcpy(to, x + ((static_cast<size_t>(c) * i.height + iy) * i.width + ix) * batch, batch * sizeof(float));
            }
          }
  }
  // The reverse of im2col: adds cols_ back into dx at the positions it was read from.
  void col2im(float* dx, size_t y0, size_t y1, size_t batch) const {
    const Shape i = in(), o = out();
    const size_t n = (y1 - y0) * o.width * batch;
    const float* row = cols_.data();
    for (int c = 0; c < i.channels; ++c)
      for (int ki = 0; ki < k_; ++ki)
        for (int kj = 0; kj < k_; ++kj, row += n)
          for (size_t oy = y0; oy < y1; ++oy) {
            const int iy = static_cast<int>(oy) + ki - pad_;
            if (iy < 0 || iy >= i.height) continue;
            const float* from = row + (oy - y0) * o.width * batch;
            for (int ox = 0; ox < o.width; ++ox, from += batch) {
              const int ix = ox + kj - pad_;
              if (ix < 0 || ix >= i.width) continue;
              float* to = dx + ((static_cast<size_t>(c) * i.height + iy) * i.width + ix) * batch;
              for (size_t s = 0; s < batch; ++s) to[s] += from[s];
            }
          }
  }

  int k_, pad_;
  std::vector<float> cols_, partial_;
  std::vector<double> bias_sums_;
};

}  // namespace

std::unique_ptr<Layer> make_conv2d(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Conv2d>(spec, in, out, index);
}

}  // namespace actlab::layers_detail
