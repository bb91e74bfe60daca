// The ULP sweep of the gated units (gated.def): for each of a fixed list of
// values b, every float32 gate (stride 1) or one per block of `stride`
// patterns at a pseudo-random offset, plus the special inputs, through the
// real forward and partials kernels; y, dy/dgate and dy/dvalue are measured
// against the double reference (gated_reference.h) with sweep.h's conventions.
#pragma once
#include <cstdint>
#include <vector>

#include "actlab/catalog.h"
#include "sweep.h"

namespace actlab::verify {

// The values b every gated sweep multiplies by: +-1, inexact 0.7, 3, just
// below 2 (the product lands in a higher binade than g), 1e30 (products
// overflow for large gates), 1e-30, 1e-38 (products go subnormal), a
// subnormal, +-0 and NaN. Infinite values are left to the special-value
// tests: g(gate) * inf is NaN wherever the float g(gate) underflows to 0.
std::vector<float> gated_values();

// The errors of one unit at one value b. d_gate's absolute errors are in
// units of |b| (d_gate = g'(gate) * b), so they compare with kCrossingAbsBound.
//
// The ULP bounds of y and d_gate (the gate's bound plus 0.5) hold where the
// gate factor g(gate) (for d_gate: g'(gate)) is a normal float, or |b| <= 1.
// Where it is below FLT_MIN, the float factor carries an absolute error of a
// few 2^-149, and a |b| > 1 carries that into the product's ULPs (b = 1e30:
// sigmoid(-135) rounds to 0, so y = 0 where the exact y is 2e-29). There the
// statement is absolute: |error| <= |b| * bound * 2^-149 beyond the 0.5 ULP of
// the product's own rounding. y_underflow / d_gate_underflow hold the largest
// such error in units of |b| * 2^-149 (inputs there are not in y / d_gate).
struct GatedError {
  float value = 0;
  KernelError y, d_gate, d_value;
  double y_underflow = 0, d_gate_underflow = 0;
  uint64_t underflow_count = 0;  // gates where g(gate) is below FLT_MIN and |b| > 1
  // Where g' crosses zero: the largest |d_gate error| / |b| beyond the 0.5 ULP
  // of the product's rounding, where |g'| < kCrossingAbsBelow. The rounding is
  // left out because a subnormal product's 0.5 ULP is 2^-150 however small
  // |b| is (b = 1e-44 gives 0.07 |b|), which no bound in units of |b| covers.
  double d_gate_abs_excess = 0;
};

// One GatedError per value, in the order given.
std::vector<GatedError> gated_sweep(const GatedUnit& unit, const std::vector<float>& values, uint64_t stride,
                                    int threads);

// Whether y, d_gate and d_value meet the unit's bounds (gated.def); where the
// gate's derivative crosses zero, d_gate's ULP bound holds where |g'| >= 1e-3
// and its absolute error beyond the product's 0.5 ULP rounding is at most
// kCrossingAbsBound * |b| elsewhere (d_gate_abs_excess); where
// the gate factor underflows (above), the absolute bounds in units of |b| * 2^-149
// are the gate activation's own ULP bounds (forward for y, derivative for d_gate).
bool meets_bound(const GatedUnit& unit, const GatedError& e);

}  // namespace actlab::verify
