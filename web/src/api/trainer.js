// createTrainer(config, data, options): the training lab's trainer (the
// engine of cpp/include/actlab/trainer.h, as the Training view runs it) for
// scripts: epochs and evaluations in slices, with progress and an
// AbortSignal, predictions, rewind to the initial weights, and destroy; on
// this thread, or in a Web Worker the API starts itself (worker: true).
import { numericArray } from '../inputs.js';
import { apiWorker, checkWorkersExist, requestInWorker } from './api-worker.js';
import { abortError, checkFiniteNumbers, isObject, readOptions, throwIfAborted } from './options.js';
import { runHere } from './run-here.js';
import { simulatorModule } from './simulator-module.js';
import { createSession, engineTrainer, inputWidthOf } from './trainer-session.js';
import { checkedData, trainingSource } from './training-data.js';

const OPTIONS = ['simd', 'moduleUrl', 'wasmUrl', 'worker'];
const CALL_OPTIONS = ['onProgress', 'signal'];
const CREATE_STALL_MS = 120000; // loading the module and a data set, with no progress in between
const startWorker = () => new Worker(new URL('./trainer-worker.js', import.meta.url), { type: 'module' });

/**
 * Creates a trainer for config (the settings of cpp/include/actlab/trainer.h:
 * inputWidth or inputShape, classes, hidden or layers, output, optimizer,
 * learningRate, batch, seed, ...) on data: { toy: name | { name, count,
 * noise, seed } }, a shipped data set id ('digits', 'mnist',
 * 'fashion-mnist') or { train, test } (each { x: Float32Array, labels:
 * Uint8Array, size }). Options: simd, moduleUrl, wasmUrl, worker (browsers).
 * Resolves to a Trainer; a bad setting rejects with a RangeError naming it
 * and its range.
 */
export async function createTrainer(config, data, options = {}) {
  if (!isObject(config)) throw new TypeError('ActLab: createTrainer(config, data) expects an object of settings (trainer.h)');
  checkFiniteNumbers(config, 'createTrainer');
  const settings = readOptions(options, 'createTrainer', OPTIONS);
  const shape = { inputWidth: inputWidthOf(config), classes: config.classes ?? 2 };
  if (!settings.worker) {
    const [module, source] = await Promise.all([simulatorModule(settings), trainingSource(data, 'createTrainer')]);
    return publicTrainer(localBackend(createSession(engineTrainer(module, config, source), shape.inputWidth)), shape);
  }
  checkWorkersExist('createTrainer');
  if (settings.moduleUrl != null || settings.wasmUrl != null) {
    throw new RangeError('ActLab: createTrainer: moduleUrl and wasmUrl cannot be combined with worker: true (the worker loads the build next to the API)');
  }
  checkedData(data, 'createTrainer'); // bad data fail here, before a worker starts (which loads a named data set itself)
  return publicTrainer(await workerBackend(settings.flavour, config, data), shape);
}

// The calls of a session on this thread: sliced ones through runHere.
function localBackend(session) {
  const sliced = (method) => async ({ onProgress, signal }) => {
    const { result, stopped } = await runHere((job) => session[method](job), { onProgress, signal, sizes: session.sizes });
    if (stopped) throw abortError(signal);
    return result;
  };
  return {
    epoch: sliced('epoch'),
    evaluate: sliced('evaluate'),
    predict: async (points) => session.predict(points),
    trainingPoints: async () => session.trainingPoints(),
    rewind: async () => session.rewind(),
    destroy: () => session.destroy(),
    epochs: () => session.epochs,
  };
}

// The same calls on a session in the API's trainer worker.
async function workerBackend(flavour, config, data) {
  const client = apiWorker('createTrainer', flavour, startWorker);
  const { trainer } = await requestInWorker(client, 'create', { flavour, config, data }, { stallMs: CREATE_STALL_MS });
  const call = (kind, fields = {}, options = {}) => requestInWorker(client, kind, { trainer, ...fields }, options);
  let epochs = 0;
  return {
    epoch: async (options) => {
      const report = await call('epoch', {}, options);
      epochs++;
      return report;
    },
    evaluate: (options) => call('evaluate', {}, options),
    predict: async (points) => call('predict', { points: Float32Array.from(numericArray(points, 'ActLab: trainer.predict', 'points')) }),
    trainingPoints: () => call('trainingPoints'),
    rewind: async () => {
      await call('rewind');
      epochs = 0;
    },
    destroy: () => { call('destroy').catch(() => {}); },
    epochs: () => epochs,
  };
}

// The Trainer object around a backend: one call at a time, nothing after destroy().
function publicTrainer(backend, { inputWidth, classes }) {
  let destroyed = false;
  let busy = null; // the name of the call in progress

  // Runs call `name` alone: Error after destroy() or while another call runs.
  async function exclusive(name, body) {
    if (destroyed) throw new Error(`ActLab: trainer.${name}(): this trainer was destroyed`);
    if (busy) throw new Error(`ActLab: trainer.${name}(): trainer.${busy}() is still running; await it first`);
    busy = name;
    try {
      return await body();
    } finally {
      busy = null;
    }
  }

  // A sliced call (epoch, evaluate) with its options checked first.
  const sliced = (name) => async (options) => {
    const { onProgress, signal } = readOptions(options, `trainer.${name}`, CALL_OPTIONS);
    return exclusive(name, async () => {
      throwIfAborted(signal);
      return backend[name]({ onProgress, signal });
    });
  };

  return {
    /** Inputs per sample (the network's input width) and the number of classes. */
    inputWidth, classes,
    /** Epochs trained since the start or the last rewind(). */
    get epochs() { return backend.epochs(); },
    /**
     * Trains one epoch and resolves to its report { steps, meanLoss, finite,
     * blocks, dead, ... }. onProgress({ done, total }) in samples; a signal
     * that aborts leaves the epoch half done, and the next epoch() goes on
     * from there (same bits as an epoch trained in one go).
     */
    epoch: sliced('epoch'),
    /** Resolves to { train: { loss, accuracy, binaryAccuracy }, test: { ... } } of the current weights; onProgress({ done, total }). */
    evaluate: sliced('evaluate'),
    /** Resolves to the class probabilities at points (count x inputWidth numbers): a Float32Array of count x classes. */
    predict: (points) => exclusive('predict', () => backend.predict(points)),
    /** Resolves to the training set as { x: Float32Array, labels: Uint8Array } (a toy set's points, for drawing). */
    trainingPoints: () => exclusive('trainingPoints', () => backend.trainingPoints()),
    /** Back to the initial weights and epoch 0 (the same seed gives the same run again). */
    rewind: () => exclusive('rewind', () => backend.rewind()),
    /** Frees the trainer's memory; every later call rejects. */
    destroy() {
      if (destroyed) return;
      if (busy) throw new Error(`ActLab: trainer.destroy(): trainer.${busy}() is still running; await it (or abort it) first`);
      destroyed = true;
      backend.destroy();
    },
  };
}
