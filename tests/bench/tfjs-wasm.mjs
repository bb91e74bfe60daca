// TensorFlow.js with its WebAssembly backend (single-threaded SIMD build),
// loaded from node_modules with no network access, and its activation ops.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * Initialises the wasm backend from node_modules; resolves to
 * { tf, version, binaries: [.wasm files it read] }. Network access is
 * refused during start-up (fetch throws), so a silent download would fail.
 */
export async function startTfjsWasm() {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false); // one thread, like ActLab
  tfWasm.setWasmPaths(join(dist, '/'));
  const binaries = [];
  const { readFileSync } = fs;
  const savedFetch = globalThis.fetch;
  fs.readFileSync = function (path, ...rest) {
    if (String(path).endsWith('.wasm')) binaries.push(String(path));
    return readFileSync.call(this, path, ...rest);
  };
  globalThis.fetch = (url) => Promise.reject(new Error(`TF.js tried to fetch ${url}`));
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('TF.js could not start its wasm backend');
    await tf.ready();
  } finally {
    fs.readFileSync = readFileSync;
    globalThis.fetch = savedFetch;
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  return { tf, version: tfWasm.version_wasm, simd, threads: tfWasm.getThreadsCount(), binaries };
}

/** TF.js forms of the gated units whose gate TF.js has as one op: g(gate) * value, intermediates disposed. */
export function tfjsGatedOps(tf) {
  return {
    glu: (gate, value) => tf.tidy(() => tf.mul(tf.sigmoid(gate), value)),
    reglu: (gate, value) => tf.tidy(() => tf.mul(tf.relu(gate), value)),
  };
}

/** TF.js ops for the ActLab ids it has, as functions of a tensor (default parameters). */
export function tfjsOps(tf) {
  const alpha = tf.scalar(0.25);
  return {
    sigmoid: (x) => tf.sigmoid(x),
    tanh: (x) => tf.tanh(x),
    relu: (x) => tf.relu(x),
    relu6: (x) => tf.relu6(x),
    elu: (x) => tf.elu(x),
    selu: (x) => tf.selu(x),
    leaky_relu: (x) => tf.leakyRelu(x, 0.01),
    prelu: (x) => tf.prelu(x, alpha),
    softplus: (x) => tf.softplus(x),
  };
}
