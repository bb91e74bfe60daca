// ActLab's public API: loadActLab(options) loads the SIMD or scalar
// WebAssembly build once per flavour and resolves to the lab object
// (catalog, activate, derivative, backward). Works in browsers and in Node.
import { createLab } from './lab.js';
import { loadWasmModule } from './module-loader.js';
import { chooseFlavour, engineSupportsSimd } from './simd-support.js';

const OPTION_NAMES = ['simd', 'wasmUrl', 'moduleUrl'];
const cache = new Map(); // flavour + overrides -> Promise<lab>

// Checks the options object and picks the build; throws TypeError/RangeError/Error.
function resolveOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('ActLab: loadActLab(options) expects an object');
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) {
      throw new RangeError(`ActLab: unknown option "${key}"; valid options: ${OPTION_NAMES.join(', ')}`);
    }
  }
  return { flavour: chooseFlavour(options.simd), moduleUrl: options.moduleUrl, wasmUrl: options.wasmUrl };
}

/**
 * Loads ActLab and resolves to the lab. options.simd: 'auto' (default: SIMD128
 * when the engine has it), true (SIMD or a clear error) or false (scalar);
 * options.wasmUrl / options.moduleUrl: where the .wasm / .mjs pair lives if
 * not at ../wasm/ next to this file. Repeated calls with the same choice
 * return the same promise, and so share one instance.
 */
export function loadActLab(options = {}) {
  let resolved;
  try {
    resolved = resolveOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const { flavour, moduleUrl, wasmUrl } = resolved;
  const key = JSON.stringify([flavour, moduleUrl == null ? null : String(moduleUrl), wasmUrl == null ? null : String(wasmUrl)]);
  if (!cache.has(key)) {
    const loading = loadWasmModule(flavour, { moduleUrl, wasmUrl }).then((module) => createLab(module, module.simdBuild())); // the loader checked the flavour
    loading.catch(() => cache.delete(key)); // a failed load may be retried
    cache.set(key, loading);
  }
  return cache.get(key);
}

/** Whether this engine supports WebAssembly SIMD128 (what simd: 'auto' decides on). */
export { engineSupportsSimd };
