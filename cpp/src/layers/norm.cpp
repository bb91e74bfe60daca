// Normalisation layers: BatchNorm (torch.nn.BatchNorm1d/2d), LayerNorm over a
// sample's features (torch.nn.LayerNorm(normalized_shape = (C, H, W))) and
// RMSNorm (torch.nn.RMSNorm), each with a learnable scale gamma and (not
// RMSNorm) shift beta per channel (BatchNorm) or per feature (the others).
// Statistics are summed in double, in a fixed order, so every build gives the
// same bits.
#include <algorithm>
#include <cmath>

#include "layer_types.h"

namespace actlab {

double default_eps(LayerKind kind) {
  return kind == LayerKind::rms_norm ? 1.1920928955078125e-07 : 1e-5;  // torch: finfo(float32).eps for RMSNorm
}

namespace layers_detail {
namespace {

// How the values of a batch fall into groups that share one mean and scale:
// group g holds `count` values; value j of group g is at offset(g) + j * stride.
struct Groups {
  size_t groups, count, stride;
  size_t first(size_t g, size_t batch) const { return stride == 1 ? g * count : g % batch; }
};

class Norm final : public NormLayer {
 public:
  Norm(const LayerSpec& spec, Shape in, Shape out, int index) : NormLayer(spec, in, out, index) {
    const size_t params = spec.kind == LayerKind::batch_norm ? in.channels : in.size();
    gamma.assign(params, 1.0f), grad_gamma.assign(params, 0.0f);
    if (spec.kind != LayerKind::rms_norm) beta.assign(params, 0.0f), grad_beta.assign(params, 0.0f);
    if (spec.kind == LayerKind::batch_norm) running_mean.assign(params, 0.0f), running_var.assign(params, 1.0f);
    eps_ = spec.eps > 0 ? spec.eps : default_eps(spec.kind);
  }

  void forward(size_t, const float* x, float* y, size_t batch, const Pass& pass) override {
    const Groups gs = groups(batch);
    const bool rms = spec().kind == LayerKind::rms_norm;
    const bool frozen = spec().kind == LayerKind::batch_norm && !pass.training;  // evaluation: the running statistics
    mean_.assign(gs.groups, 0.0), inv_std_.assign(gs.groups, 0.0);
    for (size_t g = 0; g < gs.groups; ++g) {
      const float* v = x + gs.first(g, batch);
      double mean = 0.0, var = 0.0;
      if (frozen) {
        mean = running_mean[g], var = running_var[g];
      } else {
        double sum = 0.0, squares = 0.0;
        if (!rms) {
          for (size_t j = 0; j < gs.count; ++j) sum += v[j * gs.stride];
          mean = sum / gs.count;
        }
        for (size_t j = 0; j < gs.count; ++j) {
          const double d = v[j * gs.stride] - mean;
          squares += d * d;
        }
        var = squares / gs.count;
        if (spec().kind == LayerKind::batch_norm) {  // torch's running averages, momentum 0.1, unbiased variance
          const double unbiased = gs.count > 1 ? squares / (gs.count - 1) : var;
          running_mean[g] = static_cast<float>(0.9 * running_mean[g] + 0.1 * mean);
          running_var[g] = static_cast<float>(0.9 * running_var[g] + 0.1 * unbiased);
        }
      }
      mean_[g] = mean, inv_std_[g] = 1.0 / std::sqrt(var + eps_);
    }
    for (size_t g = 0; g < gs.groups; ++g) {
      const size_t o = gs.first(g, batch);
      for (size_t j = 0; j < gs.count; ++j) {
        const size_t e = o + j * gs.stride, p = param_of(e, batch);
        const float hat = static_cast<float>((x[e] - mean_[g]) * inv_std_[g]);
        y[e] = beta.empty() ? gamma[p] * hat : gamma[p] * hat + beta[p];
      }
    }
  }

  // With h = (x - mean) / s, y = gamma h + beta: dgamma = sum dy h, dbeta = sum dy, and
  // dx = (1 / s) (d - mean(d) - h mean(d h)) per group with d = gamma dy (RMSNorm: no mean(d) term).
  void backward(size_t, const float* x, const float*, const float* dy, float* dx, size_t batch) override {
    const Groups gs = groups(batch);
    const bool rms = spec().kind == LayerKind::rms_norm;
    std::vector<double> dgamma(gamma.size(), 0.0), dbeta(beta.size(), 0.0);
    for (size_t g = 0; g < gs.groups; ++g) {
      const size_t o = gs.first(g, batch);
      double sum_d = 0.0, sum_dh = 0.0;
      for (size_t j = 0; j < gs.count; ++j) {
        const size_t e = o + j * gs.stride, p = param_of(e, batch);
        const double h = (x[e] - mean_[g]) * inv_std_[g], d = static_cast<double>(gamma[p]) * dy[e];
        dgamma[p] += dy[e] * h;
        if (!dbeta.empty()) dbeta[p] += dy[e];
        sum_d += d, sum_dh += d * h;
      }
      if (!dx) continue;
      const double mean_d = rms ? 0.0 : sum_d / gs.count, mean_dh = sum_dh / gs.count;
      for (size_t j = 0; j < gs.count; ++j) {
        const size_t e = o + j * gs.stride, p = param_of(e, batch);
        const double h = (x[e] - mean_[g]) * inv_std_[g], d = static_cast<double>(gamma[p]) * dy[e];
        dx[e] = static_cast<float>(inv_std_[g] * (d - mean_d - h * mean_dh));
      }
    }
    for (size_t p = 0; p < gamma.size(); ++p) grad_gamma[p] = static_cast<float>(dgamma[p]);
    for (size_t p = 0; p < beta.size(); ++p) grad_beta[p] = static_cast<float>(dbeta[p]);
  }

  size_t scratch_floats(size_t batch) const override { return 4 * groups(batch).groups; }

 private:
  // BatchNorm: one group per channel (its H W batch values, contiguous); the others: one per sample (stride batch).
  Groups groups(size_t batch) const {
    if (spec().kind == LayerKind::batch_norm)
      return {static_cast<size_t>(in().channels), in().size() / in().channels * batch, 1};
    return {batch, in().size(), batch};
  }
  // The gamma/beta index of element e: its channel (BatchNorm) or feature.
  size_t param_of(size_t e, size_t batch) const {
    const size_t feature = e / batch;
    return spec().kind == LayerKind::batch_norm ? feature / (in().size() / in().channels) : feature;
  }

  double eps_;
};

}  // namespace

std::unique_ptr<Layer> make_norm(const LayerSpec& spec, Shape in, Shape out, int index) {
  return std::make_unique<Norm>(spec, in, out, index);
}

}  // namespace layers_detail
}  // namespace actlab
