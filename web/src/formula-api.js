// lab.formula(text): an activation typed as a formula (cpp/include/actlab/
// formula.h), compiled by the C++ engine in the wasm module (the text is never
// evaluated as JavaScript) and run like a catalogue function: f, f' by
// automatic differentiation, and its double twin as the reference.
import { numericArray, outputArray } from './inputs.js';
import { isObject } from './api/options.js';

/** A formula the engine refused: message names the problem, column where it is (1-based; 0: the whole text). */
export class FormulaError extends Error {
  constructor(message, column) {
    super(`ActLab: ${message}`);
    this.name = 'FormulaError';
    this.column = column;
  }
}

const registry = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry((free) => free()) : null;

/** The formula part of the lab for a loaded kernel module (kernels: its Kernels, for the scratch memory). */
export function createFormulaApi(module, kernels) {
  /**
   * Compiles text; returns { text, params: [{ name, min, max, value }], instructions,
   * activate(x, values?, out?), derivative(x, values?, out?), reference(x, values?) -> { f, df }
   * (Float64Arrays of the double twin), destroy() }, or throws a FormulaError.
   */
  function formula(text) {
    if (typeof text !== 'string') throw new TypeError(`ActLab formula: the formula must be a string; got ${text === null ? 'null' : typeof text}`);
    const compiled = JSON.parse(module.formulaCompile(text));
    if (!compiled.ok) throw new FormulaError(compiled.message, compiled.column);
    const { id } = compiled;
    const params = Object.freeze(compiled.params.map((p) => Object.freeze({ ...p })));
    let destroyed = false;
    const free = () => { if (!destroyed) destroyed = true, module.formulaDestroy(id); };
    const handle = {};
    registry?.register(handle, free, handle);

    // The parameter values in declaration order: the declared values, overridden by values[name].
    function parameterValues(values, where) {
      if (values === undefined) return Float32Array.from(params, (p) => p.value);
      if (!isObject(values)) throw new TypeError(`${where}: values must be an object of parameter values by name`);
      for (const key of Object.keys(values)) {
        if (!params.some((p) => p.name === key)) {
          throw new RangeError(`${where}: unknown parameter "${key}" (declared: ${params.map((p) => p.name).join(', ') || 'none'})`);
        }
      }
      return Float32Array.from(params, (p) => {
        const value = values[p.name] ?? p.value;
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${where}: ${p.name} must be a finite number; got ${String(value)}`);
        return value;
      });
    }

    function run(name, derivative, x, values, out) {
      const where = `ActLab formula.${name}`;
      if (destroyed) throw new Error(`${where}: this formula was destroyed`);
      const input = numericArray(x, where, 'x');
      const settings = parameterValues(values, where);
      const result = outputArray(out, input.length, where);
      if (input.length === 0) return result;
      const [xAt, valuesAt] = kernels.scratch.reserve([input.length, Math.max(1, settings.length)]);
      kernels.write([[input, xAt], [settings, valuesAt]]);
      const problem = module.formulaEvaluate(id, derivative, xAt, xAt, input.length, valuesAt);
      if (problem) throw new RangeError(`${where}: ${problem}`);
      return kernels.read(xAt, input.length, result);
    }

    return Object.assign(handle, {
      text, params, instructions: compiled.instructions,
      /** f(x) in float32 (a new Float32Array, or out). */
      activate: (x, values, out) => run('activate', false, x, values, out),
      /** f'(x) in float32 by forward-mode automatic differentiation. */
      derivative: (x, values, out) => run('derivative', true, x, values, out),
      /** The double twin at the float32 values of x: { f, df } as Float64Arrays (the reference for the error). */
      reference(x, values) {
        const where = 'ActLab formula.reference';
        if (destroyed) throw new Error(`${where}: this formula was destroyed`);
        const input = Float32Array.from(numericArray(x, where, 'x'));
        const settings = parameterValues(values, where);
        const n = input.length;
        const [xAt, valuesAt, fAt, dAt] = kernels.scratch.reserve([n, Math.max(1, settings.length), 2 * n, 2 * n]);
        kernels.write([[input, xAt], [settings, valuesAt]]);
        const problem = module.formulaReference(id, xAt, fAt, dAt, n, valuesAt);
        if (problem) throw new RangeError(`${where}: ${problem}`);
        const heap = new Float64Array(kernels.scratch.heapF32().buffer);
        return { f: heap.slice(fAt >>> 3, (fAt >>> 3) + n), df: heap.slice(dAt >>> 3, (dAt >>> 3) + n) };
      },
      /** Frees the compiled program (also done when the object is garbage-collected). */
      destroy() {
        registry?.unregister(handle);
        free();
      },
    });
  }
  return { formula };
}
