// Gated linear units y = g(gate) * value (gated.def). g(gate) and g'(gate)
// come from the gate's own catalogue kernels, a block at a time, so a gated
// unit inherits their proven bits (SIMD and scalar alike); the products are
// plain float multiplies, one rounding each.
#include <algorithm>

#include "actlab/catalog.h"
#include "actlab/kernels.h"

namespace actlab {
namespace {

constexpr size_t kBlock = 256;  // floats per block: the gate's values stay in L1

// y = g(gate) * value, through g's forward kernel.
void gated_forward(ElementwiseKernel g, size_t n, const float* gate, const float* value, float* y) {
  float g_of_gate[kBlock];
  for (size_t i = 0; i < n; i += kBlock) {
    const size_t m = std::min(kBlock, n - i);
    g(m, gate + i, g_of_gate, nullptr);
    for (size_t j = 0; j < m; ++j) y[i + j] = g_of_gate[j] * value[i + j];
  }
}

// d_gate = dy * (g'(gate) * value) and d_value = dy * g(gate); dy == nullptr means dy = 1 (the partials).
void gated_backward(ElementwiseKernel g, ElementwiseKernel g_prime, size_t n, const float* gate, const float* value,
                    const float* dy, float* d_gate, float* d_value) {
  float g_of_gate[kBlock], slope[kBlock];
  for (size_t i = 0; i < n; i += kBlock) {
    const size_t m = std::min(kBlock, n - i);
    g(m, gate + i, g_of_gate, nullptr);
    g_prime(m, gate + i, slope, nullptr);
    if (dy == nullptr) {
      for (size_t j = 0; j < m; ++j) {
        d_gate[i + j] = slope[j] * value[i + j];
        d_value[i + j] = g_of_gate[j];
      }
    } else {
      for (size_t j = 0; j < m; ++j) {
        const float upstream = dy[i + j];
        d_gate[i + j] = upstream * (slope[j] * value[i + j]);
        d_value[i + j] = upstream * g_of_gate[j];
      }
    }
  }
}

}  // namespace

#define ACTLAB_GATED(id, display, gate_id, ...)                                                                 \
  void id##_forward(size_t n, const float* gate, const float* value, float* y) {                              \
    gated_forward(gate_id##_forward, n, gate, value, y);                                                      \
  }                                                                                                           \
  void id##_partials(size_t n, const float* gate, const float* value, float* d_gate, float* d_value) {        \
    gated_backward(gate_id##_forward, gate_id##_derivative, n, gate, value, nullptr, d_gate, d_value);        \
  }                                                                                                           \
  void id##_backward(size_t n, const float* gate, const float* value, const float* dy, float* d_gate,         \
                     float* d_value) {                                                                        \
    gated_backward(gate_id##_forward, gate_id##_derivative, n, gate, value, dy, d_gate, d_value);             \
  }
#include "actlab/gated.def"
#undef ACTLAB_GATED

}  // namespace actlab
