// The lab object: activate / derivative / backward over every catalogue
// activation and row operation, and the gated units (gated-api.js), with
// argument checking in front of the wasm kernels.
import { readCatalog } from './catalog.js';
import { Kernels } from './kernels.js';
import { createGatedApi } from './gated-api.js';
import { createFormulaApi } from './formula-api.js';
import { checkUpstreamLength, idText, numericArray, outputArray } from './inputs.js';
import { finiteNumber, paramsObject, positiveInteger, rejectUnknownKeys, scalarParamValues } from './params.js';

// Embind names of the row operations this file knows how to drive.
const ROW_KERNELS = { softmax: 'softmax', softmin: 'softmin', log_softmax: 'logSoftmax', maxout: 'maxout' };

// True for an Array or a (non-DataView) typed array: per-channel PReLU alphas.
function isListOfValues(value) {
  return Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

/** Builds the public lab object around a ready Emscripten module. */
export function createLab(module, simd) {
  const catalog = readCatalog(module);
  const kernels = new Kernels(module);
  const elementwise = new Map(catalog.activations.map((spec, index) => [spec.id, { spec, index }]));
  const rowOps = new Set(catalog.rowOperations.filter((id) => id in ROW_KERNELS));
  const allIds = [...elementwise.keys(), ...rowOps];

  // The catalogue entry or row operation for id; Error listing every valid id otherwise.
  function lookup(id, where) {
    if (typeof id !== 'string') {
      throw new TypeError(`${where}: the id must be a string; valid ids: ${allIds.join(', ')}`);
    }
    if (elementwise.has(id)) return { kind: 'elementwise', ...elementwise.get(id) };
    if (rowOps.has(id)) return { kind: 'row', id };
    throw new Error(`${where}: unknown activation ${idText(id)}; valid ids: ${allIds.join(', ')}`);
  }

  // Throws RangeError with the catalogue's message when values are out of range.
  function checkRanges(index, values, prefix = '') {
    const problem = kernels.checkParams(index, Float32Array.from(values));
    if (problem) throw new RangeError(`ActLab: ${prefix}${problem}`);
  }

  // Per-channel PReLU alphas as a checked Float32Array.
  function channelAlphas(index, alpha, x, where) {
    if (alpha.length === 0) throw new RangeError(`${where}: alpha must hold at least one value per channel`);
    const values = Float32Array.from(numericArray(alpha, where, 'alpha'), (value, c) =>
      finiteNumber(value, `alpha[${c}]`, where),
    );
    for (let c = 0; c < values.length; c++) {
      const { min, max } = elementwise.get('prelu').spec.params[0];
      if (!(values[c] >= min && values[c] <= max)) checkRanges(index, [values[c]], `alpha[${c}]: `);
    }
    if (x.length % values.length !== 0) {
      throw new RangeError(
        `${where}: x.length ${x.length} is not a multiple of the channel count alpha.length = ${values.length}`,
      );
    }
    return values;
  }

  // Everything an elementwise call needs: parameter values, or per-channel alphas.
  function elementwiseSetup(entry, x, params, where) {
    if (entry.spec.id === 'prelu' && isListOfValues(params.alpha)) {
      rejectUnknownKeys(params, ['alpha'], where);
      return { alphas: channelAlphas(entry.index, params.alpha, x, where) };
    }
    const values = scalarParamValues(entry.spec.params, params, where);
    if (values.length) checkRanges(entry.index, values);
    return { values: Float32Array.from(values) };
  }

  // Row length (softmax, softmin, log_softmax) or group size (maxout), checked against x.length.
  function rowSetup(id, x, params, where) {
    const name = id === 'maxout' ? 'pieces' : 'rowLength';
    rejectUnknownKeys(params, [name], where);
    const size = positiveInteger(params, name, id === 'maxout' ? undefined : Math.max(x.length, 1), where);
    if (x.length % size !== 0) {
      throw new RangeError(`${where}: ${name} = ${size} does not divide x.length = ${x.length}`);
    }
    return size;
  }

  // Shared body of activate (derivative = false) and derivative (true).
  function evaluate(name, derivative, id, x, params, out) {
    const where = `ActLab ${name}(${idText(id)})`;
    const entry = lookup(id, where);
    const input = numericArray(x, where, 'x');
    const options = paramsObject(params, where);
    if (entry.kind === 'row') {
      if (derivative) {
        throw new Error(
          `${where}: ${id} is a row operation whose Jacobian is not diagonal, so it has no elementwise derivative; ` +
            `use lab.backward("${id}", x, upstream, params) for its vector-Jacobian product`,
        );
      }
      const size = rowSetup(id, input, options, where);
      if (id === 'maxout') return kernels.maxout(input, size, outputArray(out, input.length / size, where));
      return kernels.rows(ROW_KERNELS[id], input, size, outputArray(out, input.length, where));
    }
    const setup = elementwiseSetup(entry, input, options, where);
    const result = outputArray(out, input.length, where);
    if (setup.alphas) return kernels.preluChannels(derivative, input, setup.alphas, result);
    return kernels.elementwise(entry.index, derivative, input, setup.values, result);
  }

  // The vector-Jacobian product of any operation.
  function backward(id, x, upstream, params, out) {
    const where = `ActLab backward(${idText(id)})`;
    const entry = lookup(id, where);
    const input = numericArray(x, where, 'x');
    const grad = numericArray(upstream, where, 'upstream');
    const options = paramsObject(params, where);
    if (entry.kind === 'row') {
      const size = rowSetup(id, input, options, where);
      checkUpstreamLength(grad, id === 'maxout' ? input.length / size : input.length, where);
      const result = outputArray(out, input.length, where);
      if (id === 'maxout') return kernels.maxoutBackward(input, grad, size, result);
      return kernels.rowsBackward(ROW_KERNELS[id], input, grad, size, result);
    }
    const setup = elementwiseSetup(entry, input, options, where);
    checkUpstreamLength(grad, input.length, where);
    const result = outputArray(out, input.length, where);
    if (setup.alphas) return kernels.preluChannelsBackward(input, grad, setup.alphas, result);
    return kernels.elementwiseBackward(entry.index, input, grad, setup.values, result);
  }

  return Object.freeze({
    /** True when the SIMD128 build is running, false for the scalar build. */
    simd,
    /** Frozen catalogue: activations with parameters and proven ULP accuracy, row operation ids, gated units. */
    catalog,
    /** y = f(x) elementwise, or the row operation (softmax, softmin, log_softmax, maxout) of x. */
    activate: (id, x, params, out) => evaluate('activate', false, id, x, params, out),
    /** f'(x) elementwise (row operations have no elementwise derivative: use backward). */
    derivative: (id, x, params, out) => evaluate('derivative', true, id, x, params, out),
    /** dx = upstream times the Jacobian of the operation at x (vector-Jacobian product). */
    backward,
    ...createGatedApi(catalog, kernels),
    ...createFormulaApi(module, kernels),
    /** Current size of the wasm heap in bytes (diagnostics; it must not creep up across calls). */
    get memoryBytes() {
      return kernels.heapBytes();
    },
  });
}
