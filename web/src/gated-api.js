// The lab's gated linear units (gated.def: glu, reglu, geglu, swiglu):
// y = g(gate) * value, both partials, the vector-Jacobian product, and
// torch.nn.functional.glu's split of one tensor into [value | gate] halves.
import { idText, numericArray, outputArray } from './inputs.js';
import { paramsObject, positiveInteger, rejectUnknownKeys } from './params.js';

/** The lab methods gated, gatedPartials, gatedBackward and glu, over the catalogue's gated units. */
export function createGatedApi(catalog, kernels) {
  const indexOf = new Map(catalog.gatedUnits.map((unit, index) => [unit.id, index]));
  const ids = [...indexOf.keys()].join(', ');

  // The unit's index; TypeError for a non-string id, RangeError listing the ids for an unknown one.
  function unitIndex(id, where) {
    if (typeof id !== 'string') throw new TypeError(`${where}: the gated unit id must be a string; valid ids: ${ids}`);
    if (!indexOf.has(id)) throw new RangeError(`${where}: unknown gated unit ${idText(id)}; valid ids: ${ids}`);
    return indexOf.get(id);
  }

  // Checked gate, value (and upstream when given) of one call: numeric arrays of one length.
  function operands(name, id, gate, value, upstream) {
    const where = `ActLab ${name}(${idText(id)})`;
    const index = unitIndex(id, where);
    const arrays = { gate: numericArray(gate, where, 'gate'), value: numericArray(value, where, 'value') };
    if (upstream !== undefined) arrays.upstream = numericArray(upstream, where, 'upstream');
    for (const other of ['value', 'upstream']) {
      if (arrays[other] && arrays[other].length !== arrays.gate.length) {
        throw new RangeError(
          `${where}: ${other} has length ${arrays[other].length} but gate has length ${arrays.gate.length}; they must match`,
        );
      }
    }
    return { where, index, ...arrays };
  }

  // dy/dgate and dy/dvalue, or upstream times them.
  function gradients(name, id, gate, value, upstream) {
    const a = operands(name, id, gate, value, upstream);
    const n = a.gate.length;
    return kernels.gatedGradients(a.index, a.gate, a.value, a.upstream, new Float32Array(n), new Float32Array(n));
  }

  // torch.nn.functional.glu(x, dim=-1) with rows of rowLength: each row's first half is the
  // value, its second half the gate; y has rows of rowLength / 2.
  function glu(x, params, out) {
    const where = 'ActLab glu';
    const input = numericArray(x, where, 'x');
    const options = paramsObject(params, where);
    rejectUnknownKeys(options, ['rowLength', 'unit'], where);
    const unit = options.unit ?? 'glu';
    const index = unitIndex(unit, where);
    const rowLength = positiveInteger(options, 'rowLength', Math.max(input.length, 2), where);
    if (rowLength % 2 !== 0 || input.length % rowLength !== 0) {
      throw new RangeError(
        `${where}: rowLength = ${rowLength} must be even and divide x.length = ${input.length} (each row splits into value and gate halves)`,
      );
    }
    const half = rowLength / 2;
    const rows = input.length / rowLength;
    const value = new Float32Array(rows * half);
    const gate = new Float32Array(rows * half);
    for (let r = 0; r < rows; r++) {
      value.set(input.subarray(r * rowLength, r * rowLength + half), r * half);
      gate.set(input.subarray(r * rowLength + half, (r + 1) * rowLength), r * half);
    }
    return kernels.gated(index, gate, value, outputArray(out, rows * half, where));
  }

  return {
    /** y = g(gate) * value elementwise for gated unit id (lab.catalog.gatedUnits); out: optional Float32Array. */
    gated(id, gate, value, out) {
      const a = operands('gated', id, gate, value);
      return kernels.gated(a.index, a.gate, a.value, outputArray(out, a.gate.length, a.where));
    },
    /** { dGate: g'(gate) * value, dValue: g(gate) }, the two partial derivatives, as Float32Arrays. */
    gatedPartials: (id, gate, value) => gradients('gatedPartials', id, gate, value),
    /** { dGate: upstream * g'(gate) * value, dValue: upstream * g(gate) }, the vector-Jacobian product. */
    gatedBackward(id, gate, value, upstream) {
      if (upstream === undefined) {
        throw new TypeError(`ActLab gatedBackward(${idText(id)}): upstream must be a Float32Array, a Float64Array or an array of numbers; got undefined`);
      }
      return gradients('gatedBackward', id, gate, value, upstream);
    },
    /** torch.nn.functional.glu over rows: params { rowLength (even, default x.length), unit (default 'glu') }. */
    glu,
  };
}
