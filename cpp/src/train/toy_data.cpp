// The toy data sets of toy_data.h.
#include "actlab/toy_data.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "actlab/random.h"

namespace actlab {
namespace {
constexpr double kPi = 3.141592653589793;
constexpr uint64_t kToyStream = 0x544f59ULL;  // "TOY"

// One point of `kind` for label y from uniform t in [0, 1) (before noise).
void point(ToyKind kind, int y, double t, Pcg32& rng, double* x0, double* x1) {
  double s, c;
  switch (kind) {
    case ToyKind::spiral: {  // two arms, half a turn apart, 1.75 turns each
      const double radius = 0.1 + 0.9 * t;
      deterministic_sincos(3.5 * kPi * t + y * kPi, &s, &c);
      *x0 = radius * c, *x1 = radius * s;
      return;
    }
    case ToyKind::circles: {  // outer ring radius 1, inner 0.5
      deterministic_sincos(2 * kPi * t, &s, &c);
      const double radius = y == 0 ? 1.0 : 0.5;
      *x0 = radius * c, *x1 = radius * s;
      return;
    }
    case ToyKind::moons: {  // two interleaved half circles
      deterministic_sincos(kPi * t, &s, &c);
      if (y == 0) *x0 = c - 0.5, *x1 = s - 0.25;
      else *x0 = 0.5 - c, *x1 = 0.25 - s;
      return;
    }
    case ToyKind::xor_quadrants: {  // label 1 where x0 * x1 < 0
      const double a = 0.05 + 0.95 * t, b = 0.05 + 0.95 * rng.uniform01();
      *x0 = a, *x1 = y == 0 ? b : -b;
      if (rng.next() & 1) *x0 = -*x0, *x1 = -*x1;
      return;
    }
    case ToyKind::gaussians: {  // three blobs on a triangle
      deterministic_sincos(2 * kPi * y / 3 + 0.5, &s, &c);
      *x0 = 0.7 * c, *x1 = 0.7 * s;
      return;
    }
  }
}
}  // namespace

bool parse_toy_kind(std::string_view name, ToyKind* kind) {
  const struct {
    const char* name;
    ToyKind kind;
  } names[] = {{"spiral", ToyKind::spiral}, {"circles", ToyKind::circles}, {"moons", ToyKind::moons},
               {"xor", ToyKind::xor_quadrants}, {"gaussians", ToyKind::gaussians}};
  for (const auto& entry : names)
    if (name == entry.name) {
      *kind = entry.kind;
      return true;
    }
  return false;
}

void deterministic_sincos(double x, double* sine, double* cosine) {
  // x = k * pi/2 + r with |r| <= pi/4; pi/2 split so that k * hi is exact for |k| < 2^20.
  constexpr double kHalfPiHi = 1.5707963267341256, kHalfPiLo = 6.0771005065061922e-11;
  const double k = std::nearbyint(x / (kPi / 2));
  const double r = (x - k * kHalfPiHi) - k * kHalfPiLo, r2 = r * r;
  double s = 0.0, c = 0.0, term_s = r, term_c = 1.0;
  for (int n = 1; n <= 11; ++n) {  // r^23 / 23! < 1e-24 for |r| <= pi/4
    s += term_s, c += term_c;
    term_s *= -r2 / ((2 * n) * (2 * n + 1));
    term_c *= -r2 / ((2 * n - 1) * (2 * n));
  }
  switch (static_cast<int64_t>(k) & 3) {
    case 0: *sine = s, *cosine = c; break;
    case 1: *sine = c, *cosine = -s; break;
    case 2: *sine = -s, *cosine = -c; break;
    default: *sine = -c, *cosine = s; break;
  }
}

ToyData make_toy_data(ToyKind kind, int count, double noise, uint64_t seed, double test_share) {
  const int classes = kind == ToyKind::gaussians ? 3 : 2;
  Pcg32 rng(seed, kToyStream);
  NormalSampler normal(seed, kToyStream + 1);
  std::vector<float> x(2 * static_cast<size_t>(count));
  std::vector<int> labels(count);
  for (int i = 0; i < count; ++i) {
    const int y = i % classes;
    double x0 = 0, x1 = 0;
    point(kind, y, rng.uniform01(), rng, &x0, &x1);
    const double scale = kind == ToyKind::gaussians ? std::max(noise, 0.05) : noise;  // blobs always have a spread
    x[2 * i] = static_cast<float>(x0 + scale * normal.next());
    x[2 * i + 1] = static_cast<float>(x1 + scale * normal.next());
    labels[i] = y;
  }
  std::vector<int> order(count);
  std::iota(order.begin(), order.end(), 0);
  for (int i = count; i > 1; --i) std::swap(order[i - 1], order[(static_cast<uint64_t>(rng.next()) * i) >> 32]);
  const int tests = static_cast<int>(std::lround(test_share * count));
  ToyData data;
  for (Dataset* d : {&data.train, &data.test}) d->features = 2, d->classes = classes;
  for (int i = 0; i < count; ++i) {
    Dataset& d = i < count - tests ? data.train : data.test;
    d.x.push_back(x[2 * order[i]]), d.x.push_back(x[2 * order[i] + 1]);
    d.labels.push_back(labels[order[i]]);
  }
  return data;
}

}  // namespace actlab
