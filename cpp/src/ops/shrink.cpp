// The shrinkage functions hardshrink and softshrink: 0 on the dead zone
// [-lambd, lambd], x (or x moved towards 0 by lambd) outside it. Results are
// exact or one float operation, so correctly rounded; inside the zone the
// result is +0, as PyTorch's. Tanhshrink, x - tanh(x), is in tanh_family.cpp.
#include "actlab/kernels.h"
#include "actlab/vec4.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr f32x4 kOne = splat(1.0f);
}  // namespace

// x where |x| > lambd, else 0 (NaN stays NaN).
void hardshrink_forward(size_t n, const float* x, float* y, const float* p) {
  const f32x4 lambd = splat(p[0]);
  map4(n, x, y, [lambd](f32x4 v) { return select(abs4(v) <= lambd, kZero, v); });
}
// 1 where |x| > lambd, else 0 (0 at x = +-lambd, as PyTorch).
void hardshrink_derivative(size_t n, const float* x, float* y, const float* p) {
  const f32x4 lambd = splat(p[0]);
  map4(n, x, y, [lambd](f32x4 v) { return select(abs4(v) > lambd, kOne, select(is_nan(v), v, kZero)); });
}

// x - lambd above lambd, x + lambd below -lambd, else 0; NaN stays NaN
// (PyTorch 1.13's kernel gives 0 for NaN).
void softshrink_forward(size_t n, const float* x, float* y, const float* p) {
  const f32x4 lambd = splat(p[0]);
  map4(n, x, y, [lambd](f32x4 v) {
    return select(v > lambd, v - lambd, select(v < -lambd, v + lambd, select(is_nan(v), v, kZero)));
  });
}
// 1 where |x| > lambd, else 0: the same slope as hardshrink.
void softshrink_derivative(size_t n, const float* x, float* y, const float* p) { hardshrink_derivative(n, x, y, p); }

}  // namespace actlab
