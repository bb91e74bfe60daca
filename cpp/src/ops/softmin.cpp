// Softmin (torch.nn.Softmin): softmax of the negated row. Negation is exact,
// so softmin carries softmax's bits and its proven bound, and its
// vector-Jacobian product is softmax's with the sign flipped.
#include "actlab/kernels.h"

namespace actlab {

void softmin_rows(size_t rows, size_t cols, const float* x, float* y) {
  for (size_t r = 0; r < rows; ++r, x += cols, y += cols) {
    for (size_t j = 0; j < cols; ++j) y[j] = -x[j];
    softmax_rows(1, cols, y, y);  // in place: softmax reads each value before it writes it
  }
}

void softmin_rows_backward(size_t rows, size_t cols, const float* y, const float* dy, float* dx) {
  softmax_rows_backward(rows, cols, y, dy, dx);
  for (size_t j = 0; j < rows * cols; ++j) dx[j] = -dx[j];
}

}  // namespace actlab
