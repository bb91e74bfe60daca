// The activation as the simulator's and the trainer's JSON take it, for a
// function of the page: a catalogue entry, or "Your function" (a formula).

/** { id, params } for catalogue spec at params ({ name: value }), or { id: 'formula', formula, params } for a formula. */
export function engineActivation(spec, params) {
  const values = spec.params.map((p) => params[p.name]);
  return spec.custom ? { id: 'formula', formula: spec.formula, params: values } : { id: spec.id, params: values };
}
