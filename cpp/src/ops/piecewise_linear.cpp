// Piecewise-linear activations: ReLU and its relatives (threshold, RReLU in
// evaluation mode), and squared ReLU. Results are exact or correctly
// rounded; the derivative at a kink follows PyTorch's convention.
#include "actlab/kernels.h"
#include "actlab/vec4.h"

namespace actlab {
namespace {
constexpr f32x4 kZero = splat(0.0f);
constexpr f32x4 kOne = splat(1.0f);
}  // namespace

// max(x, 0); keeps -0 and NaN (max4 is x < 0 ? 0 : x, one f32x4.pmax in wasm).
void relu_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return max4(v, kZero); });
}
// 1 for x > 0, else 0 (0 at x = 0, as PyTorch).
void relu_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return select(v > kZero, kOne, select(is_nan(v), v, kZero)); });
}

// min(max(x, 0), 6).
void relu6_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return max4(min4(v, splat(6.0f)), kZero); });  // keeps -0 and NaN
}
// 1 strictly inside (0, 6), else 0.
void relu6_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    return select((v > kZero) & (v < splat(6.0f)), kOne, select(is_nan(v), v, kZero));
  });
}

// x for x > 0, negative_slope * x otherwise.
void leaky_relu_forward(size_t n, const float* x, float* y, const float* p) {
  const f32x4 slope = splat(p[0]);
  map4(n, x, y, [slope](f32x4 v) { return select(v > kZero, v, v * slope); });
}
// 1 for x > 0, negative_slope otherwise (also at 0).
void leaky_relu_derivative(size_t n, const float* x, float* y, const float* p) {
  const f32x4 slope = splat(p[0]);
  map4(n, x, y, [slope](f32x4 v) { return select(v > kZero, kOne, select(is_nan(v), v, slope)); });
}

// x for x > 0, alpha * x otherwise (one shared alpha).
void prelu_forward(size_t n, const float* x, float* y, const float* p) { leaky_relu_forward(n, x, y, p); }
// 1 for x > 0, alpha otherwise.
void prelu_derivative(size_t n, const float* x, float* y, const float* p) { leaky_relu_derivative(n, x, y, p); }

namespace {
// RReLU's evaluation slope as PyTorch forms it: (lower + upper) / 2 in
// double (exact for float inputs), then held as a float.
float rrelu_slope(const float* p) { return static_cast<float>((static_cast<double>(p[0]) + p[1]) / 2); }
}  // namespace

// RReLU in evaluation mode: leaky ReLU with slope (lower + upper) / 2.
void rrelu_forward(size_t n, const float* x, float* y, const float* p) {
  const float slope = rrelu_slope(p);
  leaky_relu_forward(n, x, y, &slope);
}
// 1 for x > 0, (lower + upper) / 2 otherwise (also at 0, as PyTorch).
void rrelu_derivative(size_t n, const float* x, float* y, const float* p) {
  const float slope = rrelu_slope(p);
  leaky_relu_derivative(n, x, y, &slope);
}

void prelu_channels_forward(size_t rows, size_t channels, const float* x, float* y, const float* alpha) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < channels; ++c) {
      float v = x[r * channels + c];
      y[r * channels + c] = v > 0.0f ? v : alpha[c] * v;
    }
}
void prelu_channels_derivative(size_t rows, size_t channels, const float* x, float* y, const float* alpha) {
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < channels; ++c) {
      float v = x[r * channels + c];
      y[r * channels + c] = v > 0.0f ? 1.0f : (v != v ? v : alpha[c]);
    }
}

// min(max(x, min_val), max_val).
void hardtanh_forward(size_t n, const float* x, float* y, const float* p) {
  const f32x4 lo = splat(p[0]), hi = splat(p[1]);
  map4(n, x, y, [lo, hi](f32x4 v) { return min4(max4(v, lo), hi); });
}
// 1 strictly inside (min_val, max_val), else 0.
void hardtanh_derivative(size_t n, const float* x, float* y, const float* p) {
  const f32x4 lo = splat(p[0]), hi = splat(p[1]);
  map4(n, x, y, [lo, hi](f32x4 v) { return select((v > lo) & (v < hi), kOne, select(is_nan(v), v, kZero)); });
}

// relu6(x + 3) / 6, rounded once (the arithmetic is done in double).
void hardsigmoid_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 middle = narrow(widen(v) / 6.0 + 0.5);
    return select(v <= splat(-3.0f), kZero, select(v >= splat(3.0f), kOne, middle));
  });
}
// 1/6 strictly inside (-3, 3), else 0.
void hardsigmoid_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    return select((v > splat(-3.0f)) & (v < splat(3.0f)), splat(1.0f / 6.0f), select(is_nan(v), v, kZero));
  });
}

// x * relu6(x + 3) / 6, rounded once.
void hardswish_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f64x4 d = widen(v);
    f32x4 middle = narrow(d * (d + 3.0) / 6.0);
    return select(v <= splat(-3.0f), copysign4(kZero, v), select(v >= splat(3.0f), v, middle));
  });
}
// 0 below -3, x/3 + 1/2 on [-3, 3], 1 above 3 (PyTorch's convention at the ends).
void hardswish_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 middle = narrow(widen(v) / 3.0 + 0.5);
    return select(v < splat(-3.0f), kZero, select(v > splat(3.0f), kOne, middle));
  });
}

// x for x > threshold, else value (PyTorch's x <= threshold ? value : x keeps NaN).
void threshold_forward(size_t n, const float* x, float* y, const float* p) {
  const f32x4 threshold = splat(p[0]), value = splat(p[1]);
  map4(n, x, y, [threshold, value](f32x4 v) { return select(v <= threshold, value, v); });
}
// 1 for x > threshold, else 0.
void threshold_derivative(size_t n, const float* x, float* y, const float* p) {
  const f32x4 threshold = splat(p[0]);
  map4(n, x, y, [threshold](f32x4 v) { return select(v > threshold, kOne, select(is_nan(v), v, kZero)); });
}

// max(x, 0)^2, one rounding (overflows to inf where x^2 does, above about 1.8e19).
void squared_relu_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 r = max4(v, kZero);
    return r * r;
  });
}
// 2 max(x, 0), exact (inf above FLT_MAX / 2).
void squared_relu_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) {
    f32x4 r = max4(v, kZero);
    return r + r;
  });
}

// y = x.
void identity_forward(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return v; });
}
// 1 everywhere (NaN stays NaN).
void identity_derivative(size_t n, const float* x, float* y, const float*) {
  map4(n, x, y, [](f32x4 v) { return select(is_nan(v), v, kOne); });
}

}  // namespace actlab
