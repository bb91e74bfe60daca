// Initialisation schemes: scaled normal and uniform draws, constants, and
// orthogonal matrices from a Householder QR written here (double precision).
#include "init.h"

#include <cmath>
#include <vector>

namespace actlab::shared {

void orthogonal_weights(size_t rows, size_t cols, double gain, const double* normals, float* w) {
  // A is m x n with m >= n (the transpose when rows < cols), column-major.
  const bool transposed = rows < cols;
  const size_t m = transposed ? cols : rows, n = transposed ? rows : cols;
  std::vector<double> a(m * n), q(m * n, 0.0), beta(n, 0.0), diag(n, 0.0);
  for (size_t i = 0; i < rows; ++i)  // draw in the row-major order of the rows x cols tensor
    for (size_t j = 0; j < cols; ++j) {
      const double x = normals[i * cols + j];
      if (transposed) a[i * m + j] = x;  // A(j, i)
      else a[j * m + i] = x;             // A(i, j)
    }
  // Householder: for column j, v = x - alpha e1 with alpha = -sign(x0) ||x||;
  // H = I - beta v v^T maps x to alpha e1 = R(j, j). v is kept in A below the diagonal.
  for (size_t j = 0; j < n; ++j) {
    double* x = a.data() + j * m + j;
    const size_t len = m - j;
    double norm2 = 0.0;
    for (size_t i = 0; i < len; ++i) norm2 += x[i] * x[i];
    const double alpha = x[0] < 0 ? std::sqrt(norm2) : -std::sqrt(norm2);
    diag[j] = alpha;
    x[0] -= alpha;
    double v2 = 0.0;
    for (size_t i = 0; i < len; ++i) v2 += x[i] * x[i];
    beta[j] = v2 > 0 ? 2.0 / v2 : 0.0;
    for (size_t k = j + 1; k < n; ++k) {
      double* y = a.data() + k * m + j;
      double s = 0.0;
      for (size_t i = 0; i < len; ++i) s += x[i] * y[i];
      s *= beta[j];
      for (size_t i = 0; i < len; ++i) y[i] -= s * x[i];
    }
  }
  // Q = H_0 H_1 ... H_{n-1} [I_n; 0], accumulated from the last reflector.
  for (size_t j = 0; j < n; ++j) q[j * m + j] = 1.0;
  for (size_t jj = n; jj-- > 0;) {
    const double* v = a.data() + jj * m + jj;
    const size_t len = m - jj;
    for (size_t k = jj; k < n; ++k) {
      double* y = q.data() + k * m + jj;
      double s = 0.0;
      for (size_t i = 0; i < len; ++i) s += v[i] * y[i];
      s *= beta[jj];
      for (size_t i = 0; i < len; ++i) y[i] -= s * v[i];
    }
  }
  for (size_t j = 0; j < n; ++j) {
    const double sign = diag[j] < 0 ? -gain : gain;
    for (size_t i = 0; i < m; ++i) {
      const float value = static_cast<float>(sign * q[j * m + i]);  // Q(i, j)
      if (transposed) w[j * cols + i] = value;                     // W = Q^T
      else w[i * cols + j] = value;
    }
  }
}

bool init_draw_kind(const NetworkConfig& c, DrawCache::Kind* kind) {
  switch (c.init) {
    case InitScheme::constant: return false;
    case InitScheme::xavier_uniform:
    case InitScheme::he_uniform:
    case InitScheme::lecun_uniform:
    case InitScheme::uniform: *kind = DrawCache::Kind::uniform; return true;
    default: *kind = DrawCache::Kind::normal; return true;
  }
}

void init_weights(const NetworkConfig& c, size_t rows, size_t cols, const double* draws, float* w) {
  init_weights(c, rows, cols, static_cast<double>(cols), static_cast<double>(rows), draws, w);
}

void init_weights(const NetworkConfig& c, size_t rows, size_t cols, double fan_in, double fan_out, const double* draws, float* w) {
  const size_t count = rows * cols;
  const double fan = c.fan_mode == FanMode::fan_in ? fan_in : fan_out;
  double scale = 0.0;
  switch (c.init) {
    case InitScheme::xavier_normal: scale = std::sqrt(2.0 / (fan_in + fan_out)); break;
    case InitScheme::xavier_uniform: scale = std::sqrt(6.0 / (fan_in + fan_out)); break;
    case InitScheme::he_normal: scale = std::sqrt(2.0 / fan); break;
    case InitScheme::he_uniform: scale = std::sqrt(6.0 / fan); break;
    case InitScheme::lecun_normal: scale = std::sqrt(1.0 / fan); break;
    case InitScheme::lecun_uniform: scale = std::sqrt(3.0 / fan); break;
    case InitScheme::normal: scale = c.init_std; break;
    case InitScheme::uniform: scale = c.init_bound; break;
    case InitScheme::orthogonal: orthogonal_weights(rows, cols, c.gain, draws, w); return;
    case InitScheme::constant:
      for (size_t i = 0; i < count; ++i) w[i] = static_cast<float>(c.gain * c.init_value);
      return;
  }
  scale *= c.gain;
  for (size_t i = 0; i < count; ++i) w[i] = static_cast<float>(scale * draws[i]);
}

}  // namespace actlab::shared

namespace actlab::shared {

double weight_variance(const NetworkConfig& c, double fan_in, double fan_out) {
  const double fan = c.fan_mode == FanMode::fan_in ? fan_in : fan_out, g2 = c.gain * c.gain;
  switch (c.init) {
    case InitScheme::xavier_normal: case InitScheme::xavier_uniform: return g2 * 2.0 / (fan_in + fan_out);
    case InitScheme::he_normal: case InitScheme::he_uniform: return g2 * 2.0 / fan;
    case InitScheme::lecun_normal: case InitScheme::lecun_uniform: return g2 / fan;
    case InitScheme::orthogonal: return g2 / fan_in;
    case InitScheme::normal: return g2 * c.init_std * c.init_std;
    case InitScheme::uniform: return g2 * c.init_bound * c.init_bound / 3.0;
    case InitScheme::constant: return NAN;
  }
  return NAN;
}

}  // namespace actlab::shared
