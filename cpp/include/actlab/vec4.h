// A 4-lane float vector written with GCC/Clang vector extensions. The same
// source becomes SSE on x86-64 and SIMD128 under Emscripten (-msimd128), and
// plain scalar code for the no-SIMD wasm build. Every helper uses only IEEE
// operations, so all three targets give the same bits (with -ffp-contract=off).
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>
#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

// Forces inlining: the 4-lane helpers must dissolve into the kernel loops.
#define ACTLAB_INLINE inline __attribute__((always_inline))

namespace actlab {

typedef float f32x4 __attribute__((vector_size(16)));
typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef double f64x4 __attribute__((vector_size(32)));
typedef int64_t i64x4 __attribute__((vector_size(32)));

// Broadcasts one float to all four lanes.
constexpr f32x4 splat(float v) { return f32x4{v, v, v, v}; }
// Broadcasts one int to all four lanes.
constexpr i32x4 splat_i(int32_t v) { return i32x4{v, v, v, v}; }

// Loads four floats from any address (no alignment needed).
ACTLAB_INLINE f32x4 load4(const float* p) {
  f32x4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
// Stores four floats to any address.
ACTLAB_INLINE void store4(float* p, f32x4 v) { std::memcpy(p, &v, sizeof v); }

// Reinterprets float bits as int32 bits and back.
ACTLAB_INLINE i32x4 bits(f32x4 v) { return (i32x4)v; }
ACTLAB_INLINE f32x4 from_bits(i32x4 v) { return (f32x4)v; }

// Lane-wise mask ? a : b, where mask lanes are all-ones or all-zeros.
ACTLAB_INLINE f32x4 select(i32x4 mask, f32x4 a, f32x4 b) {
  return from_bits((mask & bits(a)) | (~mask & bits(b)));
}
ACTLAB_INLINE i32x4 select_i(i32x4 mask, i32x4 a, i32x4 b) { return (mask & a) | (~mask & b); }

// |v| by clearing the sign bit (keeps NaN a NaN).
ACTLAB_INLINE f32x4 abs4(f32x4 v) { return from_bits(bits(v) & splat_i(0x7fffffff)); }
// Sign bit of v alone (+0 or -0 pattern).
ACTLAB_INLINE i32x4 sign_bit(f32x4 v) { return bits(v) & splat_i(INT32_MIN); }
// |magnitude| with the sign bit of sign_from.
ACTLAB_INLINE f32x4 copysign4(f32x4 magnitude, f32x4 sign_from) {
  return from_bits((bits(magnitude) & splat_i(0x7fffffff)) | sign_bit(sign_from));
}
// Lanes that hold NaN.
ACTLAB_INLINE i32x4 is_nan(f32x4 v) { return v != v; }

// In the scalar wasm build, a compile-time ±0 limit hidden from LLVM (see
// min4); any other limit is returned as it is, so the optimiser keeps
// seeing (and folding) every other constant.
ACTLAB_INLINE f32x4 hide_zero_limit(f32x4 b) {
#if defined(__wasm__) && !defined(__wasm_simd128__)
  if (__builtin_constant_p(b[0]) && b[0] == 0.0f) {
    float zero = b[0];
    __asm__("" : "+r"(zero));
    b = f32x4{zero, zero, zero, zero};
  }
#endif
  return b;
}

// min/max with the pseudo-min/max rule, b < a ? b : a and a < b ? b : a, so
// a NaN or a -0 in a flows through (b is always a constant in the kernels):
// relu(-0) is -0, as PyTorch. In wasm these are f32x4.pmin/pmax (one
// minps/maxps in V8); written as a plain ?: LLVM turns them into
// f32x4.min/max, whose NaN and -0 rules cost V8 ~8 instructions. Without
// SIMD128, LLVM 14 folds a < 0 ? 0 : a into the scalar f32.max, which gives
// max(-0, 0) = +0; hiding a zero limit (hide_zero_limit) keeps compare and
// select. (Other limits cannot meet a -0 or give another result.)
ACTLAB_INLINE f32x4 min4(f32x4 a, f32x4 b) {
#if defined(__wasm_simd128__)
  return __builtin_wasm_pmin_f32x4(a, b);
#else
  b = hide_zero_limit(b);
  return b < a ? b : a;
#endif
}
ACTLAB_INLINE f32x4 max4(f32x4 a, f32x4 b) {
#if defined(__wasm_simd128__)
  return __builtin_wasm_pmax_f32x4(a, b);
#else
  b = hide_zero_limit(b);
  return a < b ? b : a;
#endif
}

// Round to nearest integer (ties to even) for |v| < 2^22, as a float.
ACTLAB_INLINE f32x4 round4(f32x4 v) {
  const f32x4 magic = splat(12582912.0f);  // 1.5 * 2^23
  return (v + magic) - magic;
}
// Float lanes holding integers -> int32 lanes (exact for |v| < 2^22).
ACTLAB_INLINE i32x4 to_int(f32x4 integral) {
  const f32x4 magic = splat(12582912.0f);
  return bits(integral + magic) - bits(magic);
}
// int32 lanes -> float lanes (exact for |v| < 2^24).
ACTLAB_INLINE f32x4 to_float(i32x4 v) { return __builtin_convertvector(v, f32x4); }

// Widens to double lanes and narrows back (round to nearest).
ACTLAB_INLINE f64x4 widen(f32x4 v) {
#if defined(__wasm_simd128__)
  // The generic conversion fetches lanes 2, 3 with a byte shuffle V8 builds
  // from a constant each time; swapping the 64-bit halves is one pshufd.
  typedef double f64x2 __attribute__((vector_size(16)));
  f64x2 lo = (f64x2)wasm_f64x2_promote_low_f32x4((v128_t)v);
  f64x2 hi = (f64x2)wasm_f64x2_promote_low_f32x4(wasm_i64x2_shuffle((v128_t)v, (v128_t)v, 1, 0));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
#else
  return __builtin_convertvector(v, f64x4);
#endif
}
ACTLAB_INLINE f32x4 narrow(f64x4 v) {
#if defined(__wasm_simd128__)
  // Clang 14 scalarises the generic conversion (4 extract/demote/replace);
  // f32x4.demote_f64x2_zero on each half rounds the same way.
  v128_t lo = wasm_f32x4_demote_f64x2_zero((v128_t)__builtin_shufflevector(v, v, 0, 1));
  v128_t hi = wasm_f32x4_demote_f64x2_zero((v128_t)__builtin_shufflevector(v, v, 2, 3));
  return (f32x4)wasm_i64x2_shuffle(lo, hi, 0, 2);
#else
  return __builtin_convertvector(v, f32x4);
#endif
}

// Lane-wise mask ? a : b for double lanes (mask from a double comparison).
ACTLAB_INLINE f64x4 select64(i64x4 mask, f64x4 a, f64x4 b) { return (f64x4)((mask & (i64x4)a) | (~mask & (i64x4)b)); }
// |v| for double lanes by clearing the sign bit (keeps NaN a NaN).
ACTLAB_INLINE f64x4 abs64(f64x4 v) { return (f64x4)((i64x4)v & 0x7fffffffffffffffll); }
// Whether any lane of a double comparison's mask is set.
ACTLAB_INLINE bool any64(i64x4 mask) { return (mask[0] | mask[1] | mask[2] | mask[3]) != 0; }
// min/max for double lanes with the rule of min4/max4 (b a constant).
ACTLAB_INLINE f64x4 min64(f64x4 a, f64x4 b) {
#if defined(__wasm_simd128__)
  typedef double f64x2 __attribute__((vector_size(16)));
  f64x2 lo = __builtin_wasm_pmin_f64x2(__builtin_shufflevector(a, a, 0, 1), __builtin_shufflevector(b, b, 0, 1));
  f64x2 hi = __builtin_wasm_pmin_f64x2(__builtin_shufflevector(a, a, 2, 3), __builtin_shufflevector(b, b, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
#else
  return b < a ? b : a;
#endif
}
ACTLAB_INLINE f64x4 max64(f64x4 a, f64x4 b) {
#if defined(__wasm_simd128__)
  typedef double f64x2 __attribute__((vector_size(16)));
  f64x2 lo = __builtin_wasm_pmax_f64x2(__builtin_shufflevector(a, a, 0, 1), __builtin_shufflevector(b, b, 0, 1));
  f64x2 hi = __builtin_wasm_pmax_f64x2(__builtin_shufflevector(a, a, 2, 3), __builtin_shufflevector(b, b, 2, 3));
  return __builtin_shufflevector(lo, hi, 0, 1, 2, 3);
#else
  return a < b ? b : a;
#endif
}

// Applies a 4-lane function to n floats, x -> y (x == y allowed), kUnroll
// vectors per loop trip: V8 neither unrolls nor schedules, so independent
// vectors in one trip let the CPU overlap their latency chains (4 suits the
// float kernels; the double-heavy ones spill registers beyond 2). The last
// n % 4 elements go through the same 4-lane code on a zero-padded copy, so an
// element's result never depends on where it sits in the array.
template <class Fn, size_t... kVector>
ACTLAB_INLINE void map4_trip(const float* x, float* y, Fn& fn, std::index_sequence<kVector...>) {
  const f32x4 out[] = {fn(load4(x + 4 * kVector))...};  // all loads before any store
  (store4(y + 4 * kVector, out[kVector]), ...);
}
// ACTLAB_MAX_UNROLL = 1 (the simulator's module) makes one copy of fn do every
// vector, the padded tail included, instead of kUnroll + 2 copies: the same
// bits, a fraction of the kernels' code.
#ifndef ACTLAB_MAX_UNROLL
#define ACTLAB_MAX_UNROLL 4
#endif
template <size_t kRequested = 4, class Fn>
__attribute__((flatten)) inline void map4(size_t n, const float* x, float* y, Fn fn) {
  if constexpr (ACTLAB_MAX_UNROLL == 1) {
    float tail[4];
    for (size_t i = 0; i < n; i += 4) {
      const bool partial = n - i < 4;
      if (partial) std::memset(tail, 0, sizeof tail), std::memcpy(tail, x + i, (n - i) * sizeof(float));
      store4(partial ? tail : y + i, fn(load4(partial ? tail : x + i)));
      if (partial) std::memcpy(y + i, tail, (n - i) * sizeof(float));
    }
    return;
  }
  constexpr size_t kUnroll = kRequested < ACTLAB_MAX_UNROLL ? kRequested : ACTLAB_MAX_UNROLL;
  size_t i = 0;
  for (; i + 4 * kUnroll <= n; i += 4 * kUnroll) map4_trip(x + i, y + i, fn, std::make_index_sequence<kUnroll>());
  for (; i + 4 <= n; i += 4) store4(y + i, fn(load4(x + i)));
  if (i < n) {
    float tail[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    std::memcpy(tail, x + i, (n - i) * sizeof(float));
    store4(tail, fn(load4(tail)));
    std::memcpy(y + i, tail, (n - i) * sizeof(float));
  }
}

}  // namespace actlab
