// The ULP sweep: chunks of inputs through the real kernel, each result
// compared with the double reference, split over threads.
#include "sweep.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <thread>

#include "reference.h"

namespace actlab::verify {
namespace {

void measure(const float* x, const float* y, size_t n, reference::Function ref, const double* p, KernelError& e) {
  for (size_t i = 0; i < n; ++i) {
    double r = ref(static_cast<double>(x[i]), p);
    record(e, x[i], y[i], r, r, 1.0);
  }
}

}  // namespace

float sweep_input(uint64_t i, uint64_t stride) {
  uint32_t bits = static_cast<uint32_t>(i);
  if (stride != 1) bits = static_cast<uint32_t>(i * stride + ((i * 0x9E3779B97F4A7C15ull) >> 32) % stride);
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

void record(KernelError& e, float at, float y, double r, double size, double scale) {
  double u = ulp_error(y, r);
  ++e.count;
  if (std::isfinite(u)) e.sum_ulp += u;
  if (!(u <= e.max_ulp)) e.max_ulp = u, e.max_ulp_at = at;
  if (std::fabs(size) >= kSignificant && !(u <= e.max_ulp_significant)) e.max_ulp_significant = u, e.max_ulp_significant_at = at;
  if (std::isfinite(r) && std::isfinite(y)) {
    double abs_err = std::fabs(y - r);
    if (abs_err / scale > e.max_abs) e.max_abs = abs_err / scale, e.max_abs_at = at;
    if (std::fabs(size) < kCrossingAbsBelow && abs_err / scale > e.max_abs_small) e.max_abs_small = abs_err / scale, e.max_abs_small_at = at;
    if (std::fabs(r) >= FLT_MIN && std::fabs(r) <= FLT_MAX && abs_err / std::fabs(r) > e.max_rel)
      e.max_rel = abs_err / std::fabs(r), e.max_rel_at = at;
  }
}

void merge(KernelError& into, const KernelError& part) {
  auto keep_max = [](double& m, float& at, double v, float v_at) {
    if (v > m) m = v, at = v_at;
  };
  keep_max(into.max_ulp, into.max_ulp_at, part.max_ulp, part.max_ulp_at);
  keep_max(into.max_rel, into.max_rel_at, part.max_rel, part.max_rel_at);
  keep_max(into.max_abs, into.max_abs_at, part.max_abs, part.max_abs_at);
  keep_max(into.max_abs_small, into.max_abs_small_at, part.max_abs_small, part.max_abs_small_at);
  keep_max(into.max_ulp_significant, into.max_ulp_significant_at, part.max_ulp_significant,
           part.max_ulp_significant_at);
  into.sum_ulp += part.sum_ulp;
  into.count += part.count;
}

double ulp_error(float y, double r) {
  if (std::isnan(r) || std::isnan(y)) return std::isnan(r) && std::isnan(y) ? 0.0 : INFINITY;
  const double overflow = std::ldexp(1.0, 128) * (1.0 - std::ldexp(1.0, -25));  // rounds to inf
  if (std::isinf(y)) return (std::fabs(r) >= overflow && std::signbit(r) == std::signbit(y)) ? 0.0 : INFINITY;
  if (std::isinf(r)) return INFINITY;
  // floor(log2 |r|) from the double's exponent field (zero and double
  // subnormals read as -1023, which the max with -126 absorbs); the float ULP
  // of that binade, 2^(e - 23), built directly as a double (the sweep calls
  // this 2^33 times, so no frexp/ldexp).
  uint64_t r_bits;
  std::memcpy(&r_bits, &r, sizeof r_bits);
  const int binade = static_cast<int>((r_bits >> 52) & 0x7ff) - 1023;
  const uint64_t ulp_bits = static_cast<uint64_t>(std::max(binade, -126) - 23 + 1023) << 52;
  double ulp;
  std::memcpy(&ulp, &ulp_bits, sizeof ulp);
  return std::fabs(static_cast<double>(y) - r) / ulp;
}

std::vector<float> special_inputs() {
  std::vector<float> seeds = {0.0f, 1.0f, 2.0f, 3.0f, 5.0f, 6.0f, 10.0f, 20.0f, 30.0f, 80.0f, 88.0f,
                              88.7228394f, 89.0f, 100.0f, 103.972076f, 104.0f, 1000.0f, 0.5f, 1e-3f,
                              1e-7f, 0.34657359f, 1.2785f, 0.75f, 9.0f, 14.5f, FLT_MIN, FLT_MAX,
                              FLT_TRUE_MIN, 1e-30f, INFINITY};
  std::vector<float> out;
  for (float s : seeds)
    for (float v : {s, -s}) {
      out.push_back(v);
      out.push_back(std::nextafter(v, INFINITY));
      out.push_back(std::nextafter(v, -INFINITY));
    }
  out.push_back(NAN);
  return out;
}

KernelError sweep(int index, bool derivative, uint64_t stride, int threads) {
  float params[kMaxParams];
  default_params(activations()[index], params);
  return sweep(index, derivative, stride, threads, params);
}

KernelError sweep(int index, bool derivative, uint64_t stride, int threads, const float* given) {
  const Activation& a = activations()[index];
  float params[kMaxParams] = {};
  double params_d[kMaxParams] = {};
  for (int i = 0; i < a.param_count; ++i) params[i] = given[i], params_d[i] = given[i];
  ElementwiseKernel kernel = derivative ? a.derivative : a.forward;
  reference::Pair refs = reference::for_index(index);
  reference::Function ref = derivative ? refs.derivative : refs.forward;

  const uint64_t total = (uint64_t{1} << 32) / stride;
  constexpr size_t kChunk = 4096;
  threads = std::max(1, threads);
  std::vector<KernelError> parts(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<float> x(kChunk), y(kChunk);
      for (uint64_t begin = t * kChunk; begin < total; begin += threads * kChunk) {
        size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, total - begin));
        for (size_t i = 0; i < n; ++i) x[i] = sweep_input(begin + i, stride);
        kernel(n, x.data(), y.data(), params);
        measure(x.data(), y.data(), n, ref, params_d, parts[t]);
      }
    });
  }
  for (std::thread& th : pool) th.join();
  KernelError result;
  for (const KernelError& part : parts) merge(result, part);
  std::vector<float> specials = special_inputs(), out(specials.size());
  kernel(specials.size(), specials.data(), out.data(), params);
  KernelError special_error;
  measure(specials.data(), out.data(), specials.size(), ref, params_d, special_error);
  merge(result, special_error);
  return result;
}

bool meets_bound(const Activation& a, bool derivative, const KernelError& e) {
  if (!derivative) return e.max_ulp <= a.forward_ulp;
  if (a.derivative_crosses_zero) return e.max_ulp_significant <= a.derivative_ulp && e.max_abs_small <= kCrossingAbsBound;
  return e.max_ulp <= a.derivative_ulp;
}

}  // namespace actlab::verify
