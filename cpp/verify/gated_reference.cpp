// The gated references: one call of the gate's double reference pair.
#include "gated_reference.h"

namespace actlab::reference {

Pair gate_pair(const GatedUnit& unit) { return for_index(static_cast<int>(&unit.gate() - activations().data())); }

GatedExact gated(const GatedUnit& unit, double gate, double value) {
  const Pair g = gate_pair(unit);
  return gated_from(g.forward(gate, nullptr), g.derivative(gate, nullptr), value);
}

}  // namespace actlab::reference
