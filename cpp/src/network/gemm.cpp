// Blocked GEMM: pack a KC x NC slab of B into 8-column panels and an MC x KC
// block of A into 4-row panels, then a 4 x 8 register micro-kernel (eight
// f32x4 accumulators) walks k in order. C tiles carry the running sums
// between k-blocks, so each element is summed strictly in k order.
#include "actlab/gemm.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "actlab/vec4.h"

namespace actlab {
namespace {
constexpr size_t kMr = 4;    // rows of C per micro-tile
constexpr size_t kNr = 8;    // columns of C per micro-tile (two f32x4)
constexpr size_t kKc = 256;  // k per block: a B panel (kKc x 8 floats = 8 KiB) stays in L1
constexpr size_t kMc = 64;   // rows of A per block (64 KiB packed) for L2
constexpr size_t kNc = 512;  // columns of B per slab (512 KiB packed)

// Packs rows [i0, i0 + mc) x cols [p0, p0 + kc) of A into 4-row panels, k-major
// inside a panel (panel[p * 4 + r]); rows past m are zero.
void pack_a(size_t m, const float* a, size_t a_row, size_t a_col, size_t i0, size_t mc, size_t p0, size_t kc,
            float* out) {
  for (size_t ir = 0; ir < mc; ir += kMr, out += kMr * kc)
    for (size_t r = 0; r < kMr; ++r) {
      const size_t i = i0 + ir + r;
      if (i < m) {
        const float* row = a + i * a_row + p0 * a_col;
        for (size_t p = 0; p < kc; ++p) out[p * kMr + r] = row[p * a_col];
      } else {
        for (size_t p = 0; p < kc; ++p) out[p * kMr + r] = 0.0f;
      }
    }
}

// Packs rows [p0, p0 + kc) x cols [j0, j0 + nc) of B into 8-column panels,
// k-major inside a panel (panel[p * 8 + c]); columns past n are zero.
void pack_b(size_t n, const float* b, size_t b_row, size_t b_col, size_t p0, size_t kc, size_t j0, size_t nc,
            float* out) {
  for (size_t jr = 0; jr < nc; jr += kNr, out += kNr * kc)
    for (size_t p = 0; p < kc; ++p) {
      const float* row = b + (p0 + p) * b_row;
      for (size_t c = 0; c < kNr; ++c) {
        const size_t j = j0 + jr + c;
        out[p * kNr + c] = j < n ? row[j * b_col] : 0.0f;
      }
    }
}

// C tile (4 x 8 at c, row stride ldc) = (first ? 0 : C tile) + sum over kc of
// the packed panels, added one k at a time.
ACTLAB_INLINE void micro_kernel(size_t kc, const float* ap, const float* bp, float* c, size_t ldc, bool first) {
  f32x4 c00, c01, c10, c11, c20, c21, c30, c31;
  if (first) {
    c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = splat(0.0f);
  } else {
    c00 = load4(c), c01 = load4(c + 4);
    c10 = load4(c + ldc), c11 = load4(c + ldc + 4);
    c20 = load4(c + 2 * ldc), c21 = load4(c + 2 * ldc + 4);
    c30 = load4(c + 3 * ldc), c31 = load4(c + 3 * ldc + 4);
  }
  for (size_t p = 0; p < kc; ++p, ap += kMr, bp += kNr) {
    const f32x4 b0 = load4(bp), b1 = load4(bp + 4);
    const f32x4 a0 = splat(ap[0]), a1 = splat(ap[1]), a2 = splat(ap[2]), a3 = splat(ap[3]);
    c00 += a0 * b0, c01 += a0 * b1;
    c10 += a1 * b0, c11 += a1 * b1;
    c20 += a2 * b0, c21 += a2 * b1;
    c30 += a3 * b0, c31 += a3 * b1;
  }
  store4(c, c00), store4(c + 4, c01);
  store4(c + ldc, c10), store4(c + ldc + 4, c11);
  store4(c + 2 * ldc, c20), store4(c + 2 * ldc + 4, c21);
  store4(c + 3 * ldc, c30), store4(c + 3 * ldc + 4, c31);
}

// The micro-kernel on a tile that may stick out of C (rows >= mr or cols >=
// nr are skipped), through a local 4 x 8 copy.
void edge_kernel(size_t kc, const float* ap, const float* bp, float* c, size_t ldc, size_t mr, size_t nr,
                 bool first) {
  float tile[kMr * kNr] = {};
  if (!first)
    for (size_t r = 0; r < mr; ++r) std::memcpy(tile + r * kNr, c + r * ldc, nr * sizeof(float));
  micro_kernel(kc, ap, bp, tile, kNr, first);
  for (size_t r = 0; r < mr; ++r) std::memcpy(c + r * ldc, tile + r * kNr, nr * sizeof(float));
}

}  // namespace

void gemm_strided(size_t m, size_t n, size_t k, const float* a, size_t a_row, size_t a_col, const float* b,
                  size_t b_row, size_t b_col, float* c, size_t ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (size_t i = 0; i < m; ++i) std::fill(c + i * ldc, c + i * ldc + n, 0.0f);
    return;
  }
  const size_t kc_max = std::min(k, kKc);
  std::vector<float> packed_b(kc_max * ((std::min(n, kNc) + kNr - 1) / kNr * kNr));
  std::vector<float> packed_a(kc_max * ((std::min(m, kMc) + kMr - 1) / kMr * kMr));
  for (size_t j0 = 0; j0 < n; j0 += kNc) {
    const size_t nc = std::min(kNc, n - j0);
    for (size_t p0 = 0; p0 < k; p0 += kKc) {
      const size_t kc = std::min(kKc, k - p0);
      const bool first = p0 == 0;
      pack_b(n, b, b_row, b_col, p0, kc, j0, nc, packed_b.data());
      for (size_t i0 = 0; i0 < m; i0 += kMc) {
        const size_t mc = std::min(kMc, m - i0);
        pack_a(m, a, a_row, a_col, i0, mc, p0, kc, packed_a.data());
        for (size_t jr = 0; jr < nc; jr += kNr) {
          const float* bp = packed_b.data() + jr * kc;
          const size_t nr = std::min(kNr, nc - jr);
          for (size_t ir = 0; ir < mc; ir += kMr) {
            const float* ap = packed_a.data() + ir * kc;
            const size_t mr = std::min(kMr, mc - ir);
            float* tile = c + (i0 + ir) * ldc + j0 + jr;
            if (mr == kMr && nr == kNr)
              micro_kernel(kc, ap, bp, tile, ldc, first);
            else
              edge_kernel(kc, ap, bp, tile, ldc, mr, nr, first);
          }
        }
      }
    }
  }
}

void gemm_nn(size_t m, size_t n, size_t k, const float* a, const float* b, float* c) {
  gemm_strided(m, n, k, a, k, 1, b, n, 1, c, n);
}

void gemm_tn(size_t m, size_t n, size_t k, const float* a, const float* b, float* c) {
  gemm_strided(m, n, k, a, 1, m, b, n, 1, c, n);
}

void gemm_nt(size_t m, size_t n, size_t k, const float* a, const float* b, float* c) {
  gemm_strided(m, n, k, a, k, 1, b, 1, k, c, n);
}

}  // namespace actlab
