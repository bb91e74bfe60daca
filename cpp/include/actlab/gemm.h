// Single-precision matrix products for the network simulator: blocked,
// packed, 4-lane SIMD (f32x4). Every output element is the plain k-ordered
// sum ((0 + a0*b0) + a1*b1) + ... in float, the same bits as a naive float
// loop, on every target (with -ffp-contract=off): blocking changes where the
// partial sums live, never the order in which they are added.
#pragma once
#include <cstddef>

namespace actlab {

// C = A * B for a general layout: A(i, p) = a[i * a_row + p * a_col],
// B(p, j) = b[p * b_row + j * b_col], C(i, j) = c[i * ldc + j];
// m x k times k x n. k == 0 gives zeros. C must not overlap A or B.
void gemm_strided(size_t m, size_t n, size_t k, const float* a, size_t a_row, size_t a_col, const float* b,
                  size_t b_row, size_t b_col, float* c, size_t ldc);

// C (m x n) = A (m x k) * B (k x n), all row-major: W * A in the forward pass.
void gemm_nn(size_t m, size_t n, size_t k, const float* a, const float* b, float* c);
// C (m x n) = A^T * B with A stored k x m and B k x n: W^T * G in the backward pass.
void gemm_tn(size_t m, size_t n, size_t k, const float* a, const float* b, float* c);
// C (m x n) = A * B^T with A stored m x k and B n x k: G * A^T for weight gradients.
void gemm_nt(size_t m, size_t n, size_t k, const float* a, const float* b, float* c);

}  // namespace actlab
