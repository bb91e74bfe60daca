// Checks and normalises the arrays callers pass in (inputs, upstream
// gradients, output buffers), with TypeError/RangeError messages that say
// which argument is wrong and why.

// Typed arrays whose elements are plain numbers (BigInt arrays are refused).
const NUMBER_ARRAYS = [
  Float32Array, Float64Array, Int8Array, Uint8Array, Uint8ClampedArray,
  Int16Array, Uint16Array, Int32Array, Uint32Array,
];

// A short description of a value for error messages.
function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}

/**
 * Returns values if it is a Float32Array, another number-typed array or an
 * Array of numbers (copied into the wasm heap as float32 later); otherwise
 * throws TypeError naming the argument.
 */
export function numericArray(values, where, what) {
  if (NUMBER_ARRAYS.some((Type) => values instanceof Type)) return values;
  if (Array.isArray(values)) {
    for (let i = 0; i < values.length; i++) {
      if (typeof values[i] !== 'number') {
        throw new TypeError(`${where}: ${what}[${i}] must be a number; got ${describe(values[i])}`);
      }
    }
    return values;
  }
  throw new TypeError(
    `${where}: ${what} must be a Float32Array, a Float64Array or an array of numbers; got ${describe(values)}`,
  );
}

/** The caller's output buffer if it is a Float32Array of the right length, else a new one. */
export function outputArray(out, length, where) {
  if (out === undefined || out === null) return new Float32Array(length);
  if (!(out instanceof Float32Array)) {
    throw new TypeError(`${where}: out must be a Float32Array; got ${describe(out)}`);
  }
  if (out.length !== length) {
    throw new RangeError(`${where}: out has length ${out.length} but must have length ${length}`);
  }
  return out;
}

/** Throws RangeError unless the upstream gradient has exactly the forward output's length. */
export function checkUpstreamLength(upstream, length, where) {
  if (upstream.length !== length) {
    throw new RangeError(
      `${where}: upstream has length ${upstream.length} but must match the forward output length ${length}`,
    );
  }
}
