// simulate(config, options): one run of the gradient-flow simulator (the
// engine of cpp/include/actlab/network.h, as the page's Gradient flow view
// runs it) with per-layer statistics, on this thread or in a Web Worker the
// API starts itself, with progress and an AbortSignal.
import { parseResult, simulateInPieces } from '../simulator/run-simulations.js';
import { stallBound } from '../simulator/simulator-client.js';
import { createWorkerClient } from '../workers/worker-client.js';
import { abortError, isObject, readOptions, throwIfAborted } from './options.js';
import { runHere } from './run-here.js';
import { simulatorModule } from './simulator-module.js';

const OPTIONS = ['simd', 'moduleUrl', 'wasmUrl', 'worker', 'onProgress', 'signal'];
const workers = new Map(); // flavour -> worker client (one simulator worker per flavour, started on first use)

// The simulator worker's client for flavour, made on first use.
function workerFor(flavour) {
  if (!workers.has(flavour)) {
    const start = () => {
      const url = new URL('../simulator/simulator-worker.js', import.meta.url);
      try {
        return new Worker(url, { type: 'module' });
      } catch (cause) { // browsers start workers only from the page's own origin
        throw new Error(`ActLab: simulate: worker: true cannot start ${url.href} from this page (${cause?.message ?? cause}); ` +
          'a worker must come from the page\'s own origin: host the API there, or leave worker out to run on this thread', { cause });
      }
    };
    workers.set(flavour, createWorkerClient(start));
  }
  return workers.get(flavour);
}

// The result text of config run in the worker; rejects with abortError when the signal stops it.
async function textInWorker(config, { flavour, onProgress, signal }) {
  const handle = workerFor(flavour).request('simulate', { flavour, configs: [config] }, {
    onProgress: onProgress && ((progress) => onProgress({ fraction: progress.fraction })),
    stallMs: stallBound([config]),
  });
  const stop = () => handle.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    const { result, stopped } = await handle.done;
    if (stopped || !result) throw abortError(signal);
    return result.texts[0];
  } finally {
    signal?.removeEventListener('abort', stop);
  }
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
 * rejects with a RangeError that names it and the range.
 */
export async function simulate(config, options = {}) {
  if (!isObject(config)) throw new TypeError('ActLab: simulate(config) expects an object of settings (network.h)');
  const settings = readOptions(options, 'simulate', OPTIONS);
  throwIfAborted(settings.signal);
  if (settings.worker && typeof Worker !== 'function') {
    throw new Error('ActLab: simulate: worker: true needs Web Workers, which this runtime lacks; leave worker out to run here');
  }
  if (settings.worker && (settings.moduleUrl != null || settings.wasmUrl != null)) {
    throw new RangeError('ActLab: simulate: moduleUrl and wasmUrl cannot be combined with worker: true (the worker loads the build next to the API)');
  }
  const text = settings.worker ? await textInWorker(config, settings) : await textHere(config, settings);
  const result = parseResult(text);
  if (!result.ok) {
    const failed = /^the simulator failed/.test(result.error);
    throw new (failed ? Error : RangeError)(`ActLab: ${result.error}`);
  }
  return result;
}
