// simulate(config, options): one run of the gradient-flow simulator (the
// engine of cpp/include/actlab/network.h, as the page's Gradient flow view
// runs it) with per-layer statistics, on this thread or in a Web Worker the
// API starts itself, with progress and an AbortSignal.
import { parseResult, simulateInPieces } from '../simulator/run-simulations.js';
import { stallBound } from '../simulator/simulator-client.js';
import { apiWorker, checkWorkersExist, requestInWorker } from './api-worker.js';
import { abortError, checkFiniteNumbers, isObject, readOptions, settingError, throwIfAborted } from './options.js';
import { runHere } from './run-here.js';
import { simulatorModule } from './simulator-module.js';

const OPTIONS = ['simd', 'moduleUrl', 'wasmUrl', 'worker', 'onProgress', 'signal'];
const startWorker = () => new Worker(new URL('../simulator/simulator-worker.js', import.meta.url), { type: 'module' });

// The result text of config run in the API's simulator worker.
async function textInWorker(config, { flavour, onProgress, signal }) {
  const result = await requestInWorker(apiWorker('simulate', flavour, startWorker), 'simulate', { flavour, configs: [config] }, {
    onProgress: onProgress && ((progress) => onProgress({ fraction: progress.fraction })),
    signal, stallMs: stallBound([config]),
  });
  onProgress?.({ fraction: 1 }); // the end, as on the calling thread
  return result.texts[0];
}

// The result text of config run here, in slices.
async function textHere(config, { flavour, moduleUrl, wasmUrl, onProgress, signal }) {
  const module = await simulatorModule({ flavour, moduleUrl, wasmUrl });
  throwIfAborted(signal);
  const { result } = await runHere((job) => simulateInPieces(module, [config], job), {
    onProgress, signal, toProgress: ({ fraction }) => ({ fraction }),
  });
  if (result.stopped) throw abortError(signal);
  return result.texts[0];
}

/**
 * Runs the simulator on config (the settings of cpp/include/actlab/network.h:
 * depth, width, activation, init, ...; missing ones take their defaults) and
 * resolves to its result: loss, layers (per-layer statistics), meanField,
 * jacobian, chain, clip, histograms. Options: simd, moduleUrl, wasmUrl (the
 * simulator build), worker (run in a Web Worker; browsers), onProgress
 * ({ fraction }), signal (an AbortSignal). A setting outside its range
 * rejects with a RangeError that names it and the range; one of the wrong
 * type (a string, NaN) with a TypeError.
 */
export async function simulate(config, options = {}) {
  if (!isObject(config)) throw new TypeError('ActLab: simulate(config) expects an object of settings (network.h)');
  checkFiniteNumbers(config, 'simulate');
  const settings = readOptions(options, 'simulate', OPTIONS);
  throwIfAborted(settings.signal);
  if (settings.worker) checkWorkersExist('simulate');
  if (settings.worker && (settings.moduleUrl != null || settings.wasmUrl != null)) {
    throw new RangeError('ActLab: simulate: moduleUrl and wasmUrl cannot be combined with worker: true (the worker loads the build next to the API)');
  }
  const text = settings.worker ? await textInWorker(config, settings) : await textHere(config, settings);
  const result = parseResult(text);
  if (!result.ok) {
    if (/^the simulator failed/.test(result.error)) throw new Error(`ActLab: ${result.error}`);
    throw settingError(result.error);
  }
  return result;
}
