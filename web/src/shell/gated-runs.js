// The gated units a state compares in the gradient and training views (URL
// key `gates`), as run specs shaped like the catalogue's activations.

/** The gated units of state.gates as specs { id, name, params: [], gated: true }, in the order ticked. */
export function gatedSpecs(catalog, state) {
  const byId = new Map(catalog.gatedUnits.map((unit) => [unit.id, unit]));
  return state.gates.filter((id) => byId.has(id)).map((id) => ({ id, name: byId.get(id).name, params: [], gated: true }));
}

/** The series colour index of gated unit id: after every function of state.fn. */
export function gatedRunIndex(state, id) {
  return state.fn.length + Math.max(0, state.gates.indexOf(id));
}
