// The per-layer Jacobians of jacobian.h. Rows index the layer's features, columns the input's.
#include "jacobian.h"

namespace actlab::jacobian {
namespace {

// out = diag(d) j for d (rows) and j (rows x cols).
void scale_rows(const std::vector<double>& d, size_t cols, const std::vector<double>& j, std::vector<double>* out) {
  out->resize(d.size() * cols);
  for (size_t u = 0; u < d.size(); ++u)
    for (size_t c = 0; c < cols; ++c) (*out)[u * cols + c] = d[u] * j[u * cols + c];
}

// out = W j for the rows x n weights W (float) and j (n x cols), four rows of j per pass over a row of out.
void dense(const WeightLayer& layer, size_t cols, const std::vector<double>& j, std::vector<double>* out) {
  const size_t rows = layer.rows(), n = layer.cols();
  out->assign(rows * cols, 0.0);
  for (size_t u = 0; u < rows; ++u) {
    double* __restrict y = &(*out)[u * cols];
    const float* w = &layer.weights[u * n];
    size_t k = 0;
    for (; k + 4 <= n; k += 4) {
      const double w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];
      const double* __restrict r0 = &j[k * cols];
      const double* __restrict r1 = r0 + cols;
      const double* __restrict r2 = r1 + cols;
      const double* __restrict r3 = r2 + cols;
      for (size_t c = 0; c < cols; ++c) y[c] += ((w0 * r0[c] + w1 * r1[c]) + (w2 * r2[c] + w3 * r3[c]));
    }
    for (; k < n; ++k) {
      const double wk = w[k];
      const double* __restrict r = &j[k * cols];
      for (size_t c = 0; c < cols; ++c) y[c] += wk * r[c];
    }
  }
}

// LayerNorm / RMSNorm of sample s: y = gamma h (+ beta), h = (x - mean) r, r = 1 / sqrt(var + eps), so
// dy/dx = diag(gamma) r (I - 1 1^T / n - h h^T / n) (RMSNorm: no 1 1^T / n term).
void sample_norm(const NormLayer& layer, const float* x, size_t batch, size_t s, size_t cols,
                 const std::vector<double>& j, std::vector<double>* out) {
  const size_t n = layer.in().size();
  const bool centred = layer.spec().kind == LayerKind::layer_norm;
  const double mean = layer.group_mean()[s], r = layer.group_inv_std()[s];
  std::vector<double> h(n), column_mean(cols, 0.0), h_mean(cols, 0.0);  // h, 1^T j / n, h^T j / n
  for (size_t u = 0; u < n; ++u) {
    h[u] = (x[u * batch + s] - mean) * r;
    for (size_t c = 0; c < cols; ++c) column_mean[c] += j[u * cols + c], h_mean[c] += h[u] * j[u * cols + c];
  }
  for (size_t c = 0; c < cols; ++c) column_mean[c] = centred ? column_mean[c] / n : 0.0, h_mean[c] /= n;
  out->resize(n * cols);
  for (size_t u = 0; u < n; ++u) {
    const double g = layer.gamma[u] * r;
    for (size_t c = 0; c < cols; ++c) (*out)[u * cols + c] = g * (j[u * cols + c] - column_mean[c] - h[u] * h_mean[c]);
  }
}

// A gated unit on sample s: y_u = g(gate_u) value_u with value = rows [0, h), gate = rows [h, 2h), so
// row u of dy/dx j is dy/dvalue_u j[u] + dy/dgate_u j[h + u] (the partials the backward pass left).
void gated(const GatedLayer& layer, size_t batch, size_t s, size_t cols, const std::vector<double>& j,
           std::vector<double>* out) {
  const size_t h = layer.out().size();
  out->resize(h * cols);
  for (size_t u = 0; u < h; ++u) {
    const double dv = layer.d_value[u * batch + s], dg = layer.d_gate[u * batch + s];
    for (size_t c = 0; c < cols; ++c) (*out)[u * cols + c] = dv * j[u * cols + c] + dg * j[(h + u) * cols + c];
  }
}

}  // namespace

bool through_layer(const Layer& layer, const float* x, size_t batch, size_t s, size_t cols,
                   const std::vector<double>& j, std::vector<double>* out) {
  const size_t n = layer.in().size();
  std::vector<double> d(n);
  switch (layer.spec().kind) {
    case LayerKind::dense: dense(static_cast<const WeightLayer&>(layer), cols, j, out); return true;
    case LayerKind::activation: {  // f'(z) as the backward pass computed it
      const auto& act = static_cast<const ActivationLayer&>(layer);
      for (size_t u = 0; u < n; ++u) d[u] = act.slope[u * batch + s];
      break;
    }
    case LayerKind::dropout:
    case LayerKind::alpha_dropout: {
      const auto& drop = static_cast<const DropoutLayer&>(layer);
      for (size_t u = 0; u < n; ++u) d[u] = drop.keep[u * batch + s] ? drop.kept_scale() : 0.0;
      break;
    }
    case LayerKind::batch_norm: {  // per channel gamma / sigma of the batch
      const auto& norm = static_cast<const NormLayer&>(layer);
      const size_t per_channel = n / layer.in().channels;
      for (size_t u = 0; u < n; ++u) d[u] = norm.gamma[u / per_channel] * norm.group_inv_std()[u / per_channel];
      break;
    }
    case LayerKind::gated: gated(static_cast<const GatedLayer&>(layer), batch, s, cols, j, out); return true;
    case LayerKind::layer_norm:
    case LayerKind::rms_norm:
      sample_norm(static_cast<const NormLayer&>(layer), x, batch, s, cols, j, out);
      return true;
    default: return false;
  }
  scale_rows(d, cols, j, out);
  return true;
}

double layer_work(const Layer& layer, size_t cols) {
  const double n = static_cast<double>(layer.in().size()) * cols;
  if (layer.spec().kind == LayerKind::dense) return n * layer.out().size();
  return is_norm(layer.spec().kind) ? 4.0 * n : n;
}

}  // namespace actlab::jacobian
