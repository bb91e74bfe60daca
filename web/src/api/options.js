// Reads the options object of a public API call: which build (simd,
// moduleUrl, wasmUrl), where it runs (worker) and how the caller follows and
// stops it (onProgress, signal). Bad options throw TypeError or RangeError.
import { chooseFlavour } from '../simd-support.js';

const describe = (value) => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

/** True for a plain object (not null, not an array). */
export function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The checked options of call `where`, allowing the keys in `allowed`:
 * { flavour, moduleUrl, wasmUrl, worker, onProgress, signal }.
 */
export function readOptions(options, where, allowed) {
  if (options === undefined) options = {};
  if (!isObject(options)) throw new TypeError(`ActLab: ${where}: options must be an object; got ${describe(options)}`);
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) throw new RangeError(`ActLab: ${where}: unknown option "${key}"; valid options: ${allowed.join(', ')}`);
  }
  const { onProgress, signal, worker = false } = options;
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`ActLab: ${where}: options.onProgress must be a function; got ${describe(onProgress)}`);
  }
  if (signal !== undefined && !(isObject(signal) && typeof signal.aborted === 'boolean' && typeof signal.addEventListener === 'function')) {
    throw new TypeError(`ActLab: ${where}: options.signal must be an AbortSignal; got ${describe(signal)}`);
  }
  if (typeof worker !== 'boolean') throw new TypeError(`ActLab: ${where}: options.worker must be true or false; got ${describe(worker)}`);
  return { flavour: chooseFlavour(options.simd), moduleUrl: options.moduleUrl, wasmUrl: options.wasmUrl, worker, onProgress, signal };
}

/** The error a stopped call rejects with: the signal's reason, or an AbortError. */
export function abortError(signal) {
  if (signal?.reason !== undefined) return signal.reason;
  return typeof DOMException === 'function' ? new DOMException('ActLab: the call was aborted', 'AbortError')
    : Object.assign(new Error('ActLab: the call was aborted'), { name: 'AbortError' });
}

/** Throws abortError(signal) when signal is already aborted. */
export function throwIfAborted(signal) {
  if (signal?.aborted) throw abortError(signal);
}

/**
 * Throws a TypeError naming the first number in config (nested objects and
 * arrays included) that is not finite: JSON would carry NaN and Infinity as
 * null, and the engine would then say "not null".
 */
export function checkFiniteNumbers(config, where, path = '') {
  for (const [key, value] of Object.entries(config)) {
    const name = Array.isArray(config) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`ActLab: ${where}: ${name} must be a finite number; got ${value}`);
    if (value !== null && typeof value === 'object') checkFiniteNumbers(value, where, name);
  }
}

/** The engine's refusal of a setting as an Error: TypeError for a value of the wrong type, RangeError otherwise. */
export function settingError(message) {
  const wrongType = /must be (a|an) [\w ]+, not /.test(message);
  return new (wrongType ? TypeError : RangeError)(`ActLab: ${message.replace(/^ActLab: /, '')}`);
}
