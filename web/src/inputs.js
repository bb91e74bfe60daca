// Checks and normalises the arrays callers pass in (inputs, upstream
// gradients, output buffers), with TypeError/RangeError messages that say
// which argument is wrong and why.

// The intrinsic getter of a typed array's kind: 'Float32Array' and so on for a
// genuine typed array of any realm (an iframe's, a vm context's), undefined for
// anything else (a Proxy, a look-alike object), without running caller code.
const typedArrayTag = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), Symbol.toStringTag).get;
const lengthOf = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array.prototype), 'length').get;

// Typed arrays whose elements are plain numbers (BigInt arrays are refused).
const NUMBER_ARRAYS = new Set([
  'Float32Array', 'Float64Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
  'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array',
]);

/** The kind of a genuine typed array of any realm ('Float32Array', …), else undefined. */
export function typedArrayKind(value) {
  return ArrayBuffer.isView(value) ? typedArrayTag.call(value) : undefined;
}

// A short description of a value for error messages (never calls the caller's code).
function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array';
  const kind = typedArrayKind(value);
  if (kind) return `a ${kind}`;
  if (typeof value === 'object') return 'an object that is not an array';
  return typeof value;
}

/**
 * Returns values if it is a Float32Array or another number-typed array (of
 * any realm), or a copy, as a Float64Array, of an Array of numbers, read
 * element by element once, before any wasm memory is touched; so a getter or
 * Proxy that calls the lab while it is read cannot disturb this call.
 * Otherwise throws TypeError naming the argument.
 */
export function numericArray(values, where, what) {
  if (NUMBER_ARRAYS.has(typedArrayKind(values))) return values;
  if (Array.isArray(values)) {
    const length = values.length;
    const copy = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const value = values[i];
      if (typeof value !== 'number') {
        throw new TypeError(`${where}: ${what}[${i}] must be a number; got ${describe(value)}`);
      }
      copy[i] = value;
    }
    return copy;
  }
  throw new TypeError(
    `${where}: ${what} must be a Float32Array, a Float64Array or an array of numbers; got ${describe(values)}`,
  );
}

/** The caller's output buffer if it is a Float32Array (of any realm) of the right length, else a new one. */
export function outputArray(out, length, where) {
  if (out === undefined || out === null) return new Float32Array(length);
  if (typedArrayKind(out) !== 'Float32Array') {
    throw new TypeError(`${where}: out must be a Float32Array; got ${describe(out)}`);
  }
  if (lengthOf.call(out) !== length) {
    throw new RangeError(`${where}: out has length ${lengthOf.call(out)} but must have length ${length}`);
  }
  return out;
}

/** An id as it appears in messages: a string quoted, anything else by its type (a Symbol cannot go in a template). */
export function idText(id) {
  return typeof id === 'string' ? `"${id.slice(0, 60)}"` : `<${typeof id}>`;
}

/** Throws RangeError unless the upstream gradient has exactly the forward output's length. */
export function checkUpstreamLength(upstream, length, where) {
  if (upstream.length !== length) {
    throw new RangeError(
      `${where}: upstream has length ${upstream.length} but must match the forward output length ${length}`,
    );
  }
}
