// One-sided Jacobi singular values (see singular_values.h).
#include "singular_values.h"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace actlab::shared {
namespace {
// x . y over n doubles, in index order.
double dot(const double* x, const double* y, size_t n) {
  double sum = 0.0;
  for (size_t k = 0; k < n; ++k) sum += x[k] * y[k];
  return sum;
}
}  // namespace

JacobiSingularValues::JacobiSingularValues(std::vector<double> rows, size_t count, size_t length)
    : rows_(std::move(rows)), count_(count), length_(length), tol_(std::sqrt(static_cast<double>(length)) * DBL_EPSILON) {}

bool JacobiSingularValues::sweep() {
  if (converged_) return true;
  std::vector<double> squares(count_);  // |row|^2, measured now and kept up to date through the rotations
  for (size_t r = 0; r < count_; ++r) squares[r] = dot(&rows_[r * length_], &rows_[r * length_], length_);
  // Rows below 2^-300 of the largest count as zero: where the matrix is rank-deficient the extra rows
  // only shrink by about eps per sweep and would otherwise keep the sweeps going until they underflow.
  const double negligible = *std::max_element(squares.begin(), squares.end()) * 0x1p-600;
  bool rotated = false;
  for (size_t i = 0; i + 1 < count_; ++i) {
    // de Rijk's pivoting: the largest remaining row goes first (fewer sweeps).
    const size_t pivot = std::max_element(squares.begin() + i, squares.end()) - squares.begin();
    if (pivot != i) {
      std::swap_ranges(rows_.begin() + i * length_, rows_.begin() + (i + 1) * length_, rows_.begin() + pivot * length_);
      std::swap(squares[i], squares[pivot]);
    }
    for (size_t j = i + 1; j < count_; ++j) {
      double* x = &rows_[i * length_];
      double* y = &rows_[j * length_];
      const double alpha = squares[i], beta = squares[j];
      if (alpha <= negligible || beta <= negligible) continue;
      const double gamma = dot(x, y, length_);
      if (!(std::fabs(gamma) > tol_ * std::sqrt(alpha) * std::sqrt(beta))) continue;  // orthogonal (or zero, or NaN)
      // The rotation that makes x.y zero: t = tan(theta), the smaller root of t^2 + 2 zeta t - 1 = 0.
      const double zeta = (beta - alpha) / (2.0 * gamma), size = std::fabs(zeta);
      const double t = (zeta >= 0 ? 1.0 : -1.0) / (size + (size > 1e150 ? size : std::sqrt(1.0 + zeta * zeta)));
      const double c = 1.0 / std::sqrt(1.0 + t * t), s = c * t;
      for (size_t k = 0; k < length_; ++k) {
        const double u = x[k], v = y[k];
        x[k] = c * u - s * v;
        y[k] = s * u + c * v;
      }
      // |x'|^2 = alpha - t gamma, |y'|^2 = beta + t gamma; measured again where that cancels (lost digits).
      squares[i] = alpha - t * gamma, squares[j] = beta + t * gamma;
      if (!(squares[i] > 0.125 * alpha)) squares[i] = dot(x, x, length_);
      if (!(squares[j] > 0.125 * beta)) squares[j] = dot(y, y, length_);
      rotated = true;
    }
  }
  ++sweeps_;
  converged_ = !rotated;
  return converged_;
}

std::vector<double> JacobiSingularValues::values() const {
  std::vector<double> s(count_);
  for (size_t i = 0; i < count_; ++i) s[i] = std::sqrt(dot(&rows_[i * length_], &rows_[i * length_], length_));
  std::sort(s.begin(), s.end(), [](double a, double b) { return !std::isnan(a) && (std::isnan(b) || a > b); });
  return s;
}

std::vector<double> singular_values(const double* a, size_t rows, size_t cols, int* sweeps) {
  // Rotate the shorter side's vectors: a's rows when rows <= cols, else its columns (a's transpose).
  const size_t count = std::min(rows, cols), length = std::max(rows, cols);
  std::vector<double> v(a, a + rows * cols);
  if (rows > cols)
    for (size_t r = 0; r < rows; ++r)
      for (size_t c = 0; c < cols; ++c) v[c * rows + r] = a[r * cols + c];
  JacobiSingularValues svd(std::move(v), count, length);
  while (svd.sweeps() < JacobiSingularValues::kMaxSweeps && !svd.sweep()) {
  }
  if (sweeps) *sweeps = svd.sweeps();
  return svd.values();
}

}  // namespace actlab::shared
