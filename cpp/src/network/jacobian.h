// Forward-mode propagation of one sample's Jacobian through a layer of the
// library, in double (private to the simulator; network.h describes the result).
#pragma once
#include <cstddef>
#include <vector>

#include "actlab/layers.h"

namespace actlab::jacobian {

// out = (d y_s / d x_s) j: j is d x_s / d a_0 (layer.in().size() x cols, row-major) for sample s
// of the batch x that the layer's last training forward (and backward) pass saw; false for
// layers the simulator does not use. Dense: W j; activation: diag(f'(z_s)) j; dropout:
// diag(keep_s * scale) j; LayerNorm / RMSNorm: the exact per-sample Jacobian times gamma;
// BatchNorm: diag(gamma / sigma) j, its batch statistics held fixed.
bool through_layer(const Layer& layer, const float* x, size_t batch, size_t sample, size_t cols,
                   const std::vector<double>& j, std::vector<double>* out);

// Multiply-adds of through_layer for that layer and cols.
double layer_work(const Layer& layer, size_t cols);

}  // namespace actlab::jacobian
