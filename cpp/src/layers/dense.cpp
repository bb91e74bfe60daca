// Dense: y = W x + b on features x batch columns (torch.nn.Linear), forward
// and backward in blocks of output rows on the packed SIMD GEMM.
#include <algorithm>

#include "actlab/gemm.h"
#include "layer_types.h"

namespace actlab::layers_detail {
namespace {

class Dense final : public WeightLayer {
 public:
  Dense(const LayerSpec& spec, Shape in, Shape out, int index) : WeightLayer(spec, in, out, index) {
    weights.assign(out.size() * in.size(), 0.0f), grad_weights.assign(weights.size(), 0.0f);
    bias.assign(out.size(), 0.0f), grad_bias.assign(bias.size(), 0.0f);
  }
  double fan_in() const override { return static_cast<double>(cols()); }
  double fan_out() const override { return static_cast<double>(rows()); }

  size_t forward_parts(size_t batch) const override { return blocks(rows(), batch * cols()); }
  // Rows [r0, r1) of W x, then their biases.
  void forward(size_t part, const float* x, float* y, size_t batch, const Pass&) override {
    const size_t in = cols(), step = rows_per_part(batch * in, 4);
    const size_t r0 = part * step, r1 = std::min(rows(), r0 + step);
    gemm_strided(r1 - r0, batch, in, weights.data() + r0 * in, in, 1, x, batch, 1, y + r0 * batch, batch);
    for (size_t u = r0; u < r1; ++u)
      for (size_t s = 0; s < batch; ++s) y[u * batch + s] += bias[u];
  }

  // dW in blocks of its rows (with db after the last), then dx = W^T dy in blocks of dx's rows.
  size_t backward_parts(size_t batch) const override {
    return blocks(rows(), batch * cols()) + blocks(cols(), batch * rows());
  }
  size_t first_input_part(size_t batch) const override { return blocks(rows(), batch * cols()); }
  void backward(size_t part, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const size_t units = rows(), in = cols(), weight_parts = blocks(units, batch * in);
    if (part < weight_parts) {
      const size_t step = rows_per_part(batch * in, 4), r0 = part * step, r1 = std::min(units, r0 + step);
      gemm_strided(r1 - r0, in, batch, dy + r0 * batch, batch, 1, x, 1, batch, grad_weights.data() + r0 * in, in);
      if (part + 1 == weight_parts)
        for (size_t u = 0; u < units; ++u) {  // db = the sum over the batch in double, in four partial sums
          const size_t whole = batch - batch % 4;  // sample s goes to partial s mod 4, the tail to the first
          double part[4] = {0.0, 0.0, 0.0, 0.0};
          for (size_t s = 0; s < batch; ++s) part[s < whole ? s & 3 : 0] += dy[u * batch + s];
          grad_bias[u] = static_cast<float>((part[0] + part[1]) + (part[2] + part[3]));
        }
      return;
    }
    if (!dx) return;
    const size_t step = rows_per_part(batch * units, 4), r0 = (part - weight_parts) * step, r1 = std::min(in, r0 + step);
    gemm_strided(r1 - r0, batch, units, weights.data() + r0, 1, in, dy, batch, 1, dx + r0 * batch, batch);
  }

 private:
  // Parts of a product with `rows` output rows of per_row multiply-adds each.
  static size_t blocks(size_t rows, size_t per_row) {
    const size_t step = rows_per_part(per_row, 4);
    return std::max<size_t>(1, (rows + step - 1) / step);
  }
};

}  // namespace

std::unique_ptr<Layer> make_dense(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Dense>(spec, in, out, index);
}

}  // namespace actlab::layers_detail
