// The gated sweep: chunks of gates through the unit's forward and partials
// kernels for every value b, each output compared with the double
// reference, split over threads. g and g' in double are evaluated once per
// gate and shared by every b.
#include "gated_sweep.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <thread>

#include "gated_reference.h"

namespace actlab::verify {
namespace {

constexpr size_t kChunk = 4096;

// Reusable buffers of one thread.
struct Scratch {
  std::vector<double> g, slope;
  std::vector<float> value, y, d_gate, d_value;
  explicit Scratch(size_t n) : g(n), slope(n), value(n), y(n), d_gate(n), d_value(n) {}
};

// |y - r| beyond the product's own rounding (0.5 ULP of r): what the float gate factor contributed.
double excess_error(float y, double r) {
  const double u = ulp_error(y, r);
  if (!std::isfinite(u)) return u;
  if (u <= 0.5) return 0;
  return (u - 0.5) / u * std::fabs(y - r);
}

// Runs n gates through the kernels for every value b and adds the errors to errors[k].
void measure(const GatedUnit& unit, const float* gate, size_t n, const std::vector<float>& values, Scratch& s,
             std::vector<GatedError>& errors) {
  const reference::Pair g = reference::gate_pair(unit);
  for (size_t i = 0; i < n; ++i) s.g[i] = g.forward(gate[i], nullptr), s.slope[i] = g.derivative(gate[i], nullptr);
  for (size_t k = 0; k < values.size(); ++k) {
    const float b = values[k];
    std::fill_n(s.value.begin(), n, b);
    unit.forward(n, gate, s.value.data(), s.y.data());
    unit.partials(n, gate, s.value.data(), s.d_gate.data(), s.d_value.data());
    const double scale = std::isfinite(b) && b != 0 ? std::fabs(b) : 1.0;
    const double underflow_unit = scale * std::ldexp(1.0, -149);
    const bool crosses_zero = unit.gate().derivative_crosses_zero;
    GatedError& e = errors[k];
    for (size_t i = 0; i < n; ++i) {
      const reference::GatedExact r = reference::gated_from(s.g[i], s.slope[i], b);
      const bool large_b = std::fabs(b) > 1;
      if (large_b && std::fabs(r.d_value) < FLT_MIN) {
        e.y_underflow = std::max(e.y_underflow, excess_error(s.y[i], r.y) / underflow_unit);
        ++e.underflow_count;
      } else {
        record(e.y, gate[i], s.y[i], r.y, r.y, 1.0);
      }
      if (large_b && std::fabs(r.slope) < FLT_MIN && !crosses_zero)
        e.d_gate_underflow = std::max(e.d_gate_underflow, excess_error(s.d_gate[i], r.d_gate) / underflow_unit);
      else
        record(e.d_gate, gate[i], s.d_gate[i], r.d_gate, r.slope, scale);
      if (crosses_zero && std::fabs(r.slope) < kCrossingAbsBelow && std::isfinite(r.d_gate))
        e.d_gate_abs_excess = std::max(e.d_gate_abs_excess, excess_error(s.d_gate[i], r.d_gate) / scale);
      record(e.d_value, gate[i], s.d_value[i], r.d_value, r.d_value, 1.0);
    }
  }
}

}  // namespace

std::vector<float> gated_values() {
  return {1.0f, -1.0f, 0.7f, 3.0f, std::nextafter(2.0f, 0.0f), 1e30f, 1e-30f, 1e-38f, 7 * FLT_TRUE_MIN,
          0.0f, -0.0f, NAN};
}

std::vector<GatedError> gated_sweep(const GatedUnit& unit, const std::vector<float>& values, uint64_t stride,
                                    int threads) {
  const uint64_t total = (uint64_t{1} << 32) / stride;
  threads = std::max(1, threads);
  std::vector<std::vector<GatedError>> parts(threads, std::vector<GatedError>(values.size()));
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      Scratch s(kChunk);
      std::vector<float> gate(kChunk);
      for (uint64_t begin = t * kChunk; begin < total; begin += threads * kChunk) {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(kChunk, total - begin));
        for (size_t i = 0; i < n; ++i) gate[i] = sweep_input(begin + i, stride);
        measure(unit, gate.data(), n, values, s, parts[t]);
      }
    });
  }
  for (std::thread& th : pool) th.join();
  const std::vector<float> specials = special_inputs();
  Scratch s(specials.size());
  measure(unit, specials.data(), specials.size(), values, s, parts[0]);
  std::vector<GatedError> result(values.size());
  for (size_t k = 0; k < values.size(); ++k) {
    result[k].value = values[k];
    for (const std::vector<GatedError>& part : parts) {
      merge(result[k].y, part[k].y);
      merge(result[k].d_gate, part[k].d_gate);
      merge(result[k].d_value, part[k].d_value);
      result[k].y_underflow = std::max(result[k].y_underflow, part[k].y_underflow);
      result[k].d_gate_underflow = std::max(result[k].d_gate_underflow, part[k].d_gate_underflow);
      result[k].underflow_count += part[k].underflow_count;
      result[k].d_gate_abs_excess = std::max(result[k].d_gate_abs_excess, part[k].d_gate_abs_excess);
    }
  }
  return result;
}

bool meets_bound(const GatedUnit& unit, const GatedError& e) {
  const bool d_gate_ok = unit.gate().derivative_crosses_zero
                             ? e.d_gate.max_ulp_significant <= unit.d_gate_ulp && e.d_gate_abs_excess <= kCrossingAbsBound
                             : e.d_gate.max_ulp <= unit.d_gate_ulp;
  const Activation& g = unit.gate();
  return e.y.max_ulp <= unit.forward_ulp && d_gate_ok && e.d_value.max_ulp <= unit.d_value_ulp &&
         e.y_underflow <= g.forward_ulp && e.d_gate_underflow <= g.derivative_ulp;
}

}  // namespace actlab::verify
