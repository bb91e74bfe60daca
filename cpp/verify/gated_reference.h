// Double-precision references for the gated units of gated.def: the gate's
// own double reference g (reference.h), times value, in double.
#pragma once
#include "actlab/catalog.h"
#include "reference.h"

namespace actlab::reference {

// The exact values of one gated unit at (gate, value): y = g(gate) * value,
// d_gate = g'(gate) * value, d_value = g(gate); slope = g'(gate) itself
// (where the ULP bound of d_gate applies, see gated.def).
struct GatedExact {
  double y, d_gate, d_value, slope;
};

// The double reference pair (g, g') of the unit's gate activation.
Pair gate_pair(const GatedUnit& unit);

// The reference of `unit` at (gate, value); the gate activation has no parameters.
GatedExact gated(const GatedUnit& unit, double gate, double value);

// The same from g(gate) and g'(gate) already known (a sweep evaluates them once per gate).
inline GatedExact gated_from(double g_of_gate, double slope, double value) {
  return {g_of_gate * value, slope * value, g_of_gate, slope};
}

}  // namespace actlab::reference
