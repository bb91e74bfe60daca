// Declarations of every kernel. Elementwise kernels come from activations.def:
// <id>_forward computes f, <id>_derivative computes f' (both ElementwiseKernel).
#pragma once
#include <cstddef>

namespace actlab {

#define ACTLAB_PARAM(...)
#define ACTLAB_ACTIVATION(id, ...)                                                  \
  void id##_forward(size_t n, const float* x, float* y, const float* params);    \
  void id##_derivative(size_t n, const float* x, float* y, const float* params);
#include "actlab/activations.def"
#undef ACTLAB_ACTIVATION
#undef ACTLAB_PARAM

// Gated units from gated.def: y[i] = g(gate[i]) * value[i] (<id>_forward);
// d_gate[i] = g'(gate[i]) * value[i] and d_value[i] = g(gate[i]), the two
// partial derivatives (<id>_partials); and the vector-Jacobian product
// d_gate[i] = dy[i] * g'(gate[i]) * value[i], d_value[i] = dy[i] * g(gate[i])
// (<id>_backward). Outputs may alias inputs of the same index.
#define ACTLAB_GATED(id, ...)                                                                        \
  void id##_forward(size_t n, const float* gate, const float* value, float* y);                     \
  void id##_partials(size_t n, const float* gate, const float* value, float* d_gate, float* d_value); \
  void id##_backward(size_t n, const float* gate, const float* value, const float* dy, float* d_gate, float* d_value);
#include "actlab/gated.def"
#undef ACTLAB_GATED

// PReLU with one alpha per channel: x is rows x channels, row-major (channel
// last); y = x > 0 ? x : alpha[c] * x, or its derivative (1 or alpha[c]).
void prelu_channels_forward(size_t rows, size_t channels, const float* x, float* y, const float* alpha);
void prelu_channels_derivative(size_t rows, size_t channels, const float* x, float* y, const float* alpha);

// Softmax of each row of a rows x cols matrix (cols >= 1), max-subtracted.
void softmax_rows(size_t rows, size_t cols, const float* x, float* y);
// dx = y * (dy - sum(dy * y)) per row: the vector-Jacobian product of softmax.
void softmax_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx);
// log(softmax(x)) of each row, computed as (x - max) - log(sum exp(x - max)).
void log_softmax_rows(size_t rows, size_t cols, const float* x, float* y);
// dx = dy - exp(y) * sum(dy) per row: the vector-Jacobian product of log_softmax.
void log_softmax_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx);

// softmax(-x) of each row (torch.nn.Softmin); y may be x.
void softmin_rows(size_t rows, size_t cols, const float* x, float* y);
// dx = -y * (dy - sum(dy * y)) per row: the vector-Jacobian product of softmin.
void softmin_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx);

// Maxout: y[i] = max(x[i*k], ..., x[i*k + k-1]) for i < n (NaN if any is NaN).
void maxout_forward(size_t n, size_t k, const float* x, float* y);
// Routes dy[i] to the first arg-max of group i; every other dx is 0.
void maxout_backward(size_t n, size_t k, const float* x, const float* dy, float* dx);

// Copies n floats (the memory-bandwidth yardstick for ReLU-class kernels).
void copy_floats(size_t n, const float* x, float* y);

}  // namespace actlab
