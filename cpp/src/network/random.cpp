// PCG32, a bit-exact natural logarithm, and the polar normal sampler.
#include "actlab/random.h"

#include <cmath>
#include <cstring>

namespace actlab {
namespace {
constexpr uint64_t kMultiplier = 6364136223846793005ULL;

// SplitMix64 finaliser: spreads a seed's bits so nearby seeds start far apart.
uint64_t mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

Pcg32::Pcg32(uint64_t seed, uint64_t stream) : state_(0), increment_((mix64(stream) << 1) | 1) {
  next();
  state_ += mix64(seed);
  next();
}

uint32_t Pcg32::next() {
  uint64_t old = state_;
  state_ = old * kMultiplier + increment_;
  uint32_t xorshifted = static_cast<uint32_t>(((old >> 18) ^ old) >> 27);
  uint32_t rot = static_cast<uint32_t>(old >> 59);
  return (xorshifted >> rot) | (xorshifted << ((32 - rot) & 31));
}

double Pcg32::uniform_pm1() { return static_cast<int32_t>(next()) * 0x1p-31; }

double Pcg32::uniform01() {
  uint64_t hi = next() >> 5;  // 27 bits
  uint64_t lo = next() >> 6;  // 26 bits
  return static_cast<double>((hi << 26) | lo) * 0x1p-53;
}

double deterministic_log(double x) {
  if (!(x > 0.0)) return x == 0.0 ? -INFINITY : NAN;
  if (x == INFINITY) return x;
  uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int exponent = static_cast<int>((bits >> 52) & 0x7ff);
  if (exponent == 0) {  // subnormal: scale into the normal range first (exact)
    x *= 0x1p54;
    std::memcpy(&bits, &x, sizeof bits);
    exponent = static_cast<int>((bits >> 52) & 0x7ff) - 54;
  }
  exponent -= 1023;
  bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;  // mantissa m in [1, 2)
  double m;
  std::memcpy(&m, &bits, sizeof m);
  if (m > 1.4142135623730951) {  // keep m in [sqrt(1/2), sqrt(2)): |f| <= 0.1716
    m *= 0.5;
    exponent += 1;
  }
  // log(m) = 2 atanh(f) = 2 (f + f^3/3 + f^5/5 + ...), f = (m - 1) / (m + 1):
  // f^2 <= 0.0295, so terms to f^23 reach double precision. The series in f^2
  // is split into even and odd powers (two short chains instead of one long one).
  const double f = (m - 1.0) / (m + 1.0), f2 = f * f, f4 = f2 * f2;
  const double even = 1.0 / 3 + f4 * (1.0 / 7 + f4 * (1.0 / 11 + f4 * (1.0 / 15 + f4 * (1.0 / 19 + f4 * (1.0 / 23)))));
  const double odd = 1.0 / 5 + f4 * (1.0 / 9 + f4 * (1.0 / 13 + f4 * (1.0 / 17 + f4 * (1.0 / 21))));
  const double log_m = 2.0 * f + 2.0 * f * (f2 * (even + f2 * odd));
  // exponent * log(2) split so that exponent * kLn2Hi is exact (fdlibm's constants).
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  const double e = exponent;
  return e * kLn2Hi + (log_m + e * kLn2Lo);
}

double NormalSampler::next() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  double u, v, s;
  do {
    u = rng_.uniform_pm1();
    v = rng_.uniform_pm1();
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double r = std::sqrt(-2.0 * deterministic_log(s) / s);  // sqrt is correctly rounded everywhere
  spare_ = v * r;
  has_spare_ = true;
  return u * r;
}

}  // namespace actlab
