// The catalogue as frozen plain data, read once from the module's catalogJson().

// Freezes an object and everything reachable from it.
function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// The shortest decimal that rounds to the same float32 as value (0.00999999978 -> 0.01),
// so the page shows the numbers people typed into the catalogue.
function shortestFloat32(value) {
  const target = Math.fround(value);
  for (let digits = 1; digits < 17; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === target) return candidate;
  }
  return target;
}

/**
 * { activations: [{ id, name, params: [{ name, default, min, max }], forwardUlp, derivativeUlp, derivativeCrossesZero }],
 *   rowOperations: [...], gatedUnits: [{ id, name, gate, forwardUlp, dGateUlp, dValueUlp, dGateCrossesZero }] }
 */
export function readCatalog(module) {
  const raw = JSON.parse(module.catalogJson());
  return deepFreeze({
    activations: raw.activations.map((a) => ({
      id: a.id,
      name: a.name,
      params: a.params.map((p) => ({
        name: p.name,
        default: shortestFloat32(p.default),
        min: shortestFloat32(p.min),
        max: shortestFloat32(p.max),
      })),
      forwardUlp: a.forwardUlp,
      derivativeUlp: a.derivativeUlp,
      derivativeCrossesZero: Boolean(a.derivativeCrossesZero),
    })),
    rowOperations: [...raw.rowOperations],
    gatedUnits: raw.gatedUnits.map((u) => ({
      id: u.id,
      name: u.name,
      gate: u.gate,
      forwardUlp: u.forwardUlp,
      dGateUlp: u.dGateUlp,
      dValueUlp: u.dValueUlp,
      dGateCrossesZero: Boolean(u.dGateCrossesZero),
    })),
  });
}
