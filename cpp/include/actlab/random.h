// Deterministic random numbers for the network simulator: PCG32 streams and
// a normal sampler built only from IEEE-exact operations (+ - * / sqrt), so
// the same seed gives the same bits natively, in SIMD wasm and in scalar wasm
// (no std:: distributions, no libm call whose last bit varies by library).
#pragma once
#include <cstdint>

namespace actlab {

// PCG32 (O'Neill's XSH-RR 64/32): 64-bit LCG state, 32-bit output. Each
// (seed, stream) pair is an independent sequence.
class Pcg32 {
 public:
  Pcg32(uint64_t seed, uint64_t stream);
  // The next 32 uniformly distributed bits.
  uint32_t next();
  // A uniform double in [0, 1) with 53 random bits (exact: k / 2^53).
  double uniform01();
  // A uniform double in [-1, 1) with 32 random bits (exact: k / 2^31).
  double uniform_pm1();

 private:
  uint64_t state_;
  uint64_t increment_;
};

// log(x) for finite x > 0 (NaN for x <= 0 or NaN, +inf for +inf), from the
// exponent bits and an atanh series on the mantissa: within 2 ulp, and the
// same bits on every target because it uses only + - * / and bit moves.
double deterministic_log(double x);

// Standard normal N(0, 1) samples by Marsaglia's polar method on a Pcg32:
// u, v ~ U(-1, 1) (32 bits each) until 0 < s = u^2 + v^2 < 1, then u*r and v*r with
// r = sqrt(-2 log(s) / s), using deterministic_log; the second is cached.
class NormalSampler {
 public:
  NormalSampler(uint64_t seed, uint64_t stream) : rng_(seed, stream) {}
  // The next N(0, 1) sample, in double.
  double next();
  // A uniform double in [-1, 1) from the same stream (53 random bits).
  double uniform_pm1() { return 2.0 * rng_.uniform01() - 1.0; }

 private:
  Pcg32 rng_;
  double spare_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace actlab
