// The gated view's only door to the engine: the gated units' metadata from
// the catalogue and their values y = g(a)·b and partials ∂y/∂a, ∂y/∂b from the
// wasm kernels (lab.gated, lab.gatedPartials), on grids and at points.

/** The gated units of the catalogue: [{ id, name, gate, forwardUlp, dGateUlp, dValueUlp, dGateCrossesZero }]. */
export function gatedUnits(catalog) {
  return catalog.gatedUnits;
}

/** The catalogue entry of unit id (undefined when there is none). */
export function gatedUnit(catalog, id) {
  return gatedUnits(catalog).find((unit) => unit.id === id);
}

/** y, ∂y/∂a and ∂y/∂b of unit id at the pairs (a[i], b[i]), from the kernels. */
export function gatedValues(lab, id, a, b) {
  const gate = Float32Array.from(a);
  const value = Float32Array.from(b);
  const y = lab.gated(id, gate, value);
  const { dGate, dValue } = lab.gatedPartials(id, gate, value);
  return { y, dGate, dValue };
}

/**
 * The unit on an n × n grid over [-range, range]²: as (gate, left to right)
 * and bs (value, bottom to top) as float32, and y, dGate, dValue with the
 * value of (as[j], bs[i]) at i·n + j.
 */
export function gatedField(lab, id, range, n) {
  const as = new Float32Array(n);
  for (let j = 0; j < n; j++) as[j] = -range + (2 * range * j) / (n - 1);
  as[n - 1] = range;
  const bs = as.slice();
  const a = new Float32Array(n * n);
  const b = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = as[j];
      b[i * n + j] = bs[i];
    }
  }
  return { n, as, bs, ...gatedValues(lab, id, a, b) };
}

/** For each b of bValues, y and the partials along the float32 gates as: [{ b, y, dGate, dValue }]. */
export function gatedSlices(lab, id, as, bValues) {
  const n = as.length;
  const a = new Float32Array(n * bValues.length);
  const b = new Float32Array(n * bValues.length);
  bValues.forEach((bk, k) => {
    a.set(as, k * n);
    b.fill(bk, k * n, (k + 1) * n);
  });
  const all = gatedValues(lab, id, a, b);
  return bValues.map((bk, k) => ({
    b: bk,
    y: all.y.subarray(k * n, (k + 1) * n),
    dGate: all.dGate.subarray(k * n, (k + 1) * n),
    dValue: all.dValue.subarray(k * n, (k + 1) * n),
  }));
}

/** The gate activation g(a) itself, from its own elementwise kernel (lab.activate), at the gates as. */
export function gateValues(lab, unit, as) {
  return lab.activate(unit.gate, Float32Array.from(as));
}
