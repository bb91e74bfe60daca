// createTrainer(config, data, options): the training lab's trainer (the
// engine of cpp/include/actlab/trainer.h, as the Training view runs it) for
// scripts: epochs in slices on this thread, with progress and an AbortSignal,
// evaluation, predictions, rewind to the initial weights, and destroy.
import { createWasmTrainer } from '../train/wasm-trainer.js';
import { numericArray } from '../inputs.js';
import { abortError, isObject, readOptions, throwIfAborted } from './options.js';
import { runHere } from './run-here.js';
import { simulatorModule } from './simulator-module.js';
import { trainingSource } from './training-data.js';

const OPTIONS = ['simd', 'moduleUrl', 'wasmUrl'];
const CALL_OPTIONS = ['onProgress', 'signal'];

// onProgress and signal of one call (TypeError/RangeError for anything else).
function callOptions(options, where) {
  const { onProgress, signal } = readOptions(options, where, CALL_OPTIONS);
  return { onProgress, signal };
}

/**
 * Creates a trainer for config (the settings of cpp/include/actlab/trainer.h:
 * inputWidth or inputShape, classes, hidden or layers, output, optimizer,
 * learningRate, batch, seed, ...) on data: { toy: name | { name, count,
 * noise, seed } }, a shipped data set id ('digits', 'mnist',
 * 'fashion-mnist') or { train, test } (each { x: Float32Array, labels:
 * Uint8Array, size }). Resolves to a Trainer; a bad setting rejects with a
 * RangeError naming it and its range.
 */
export async function createTrainer(config, data, options = {}) {
  if (!isObject(config)) throw new TypeError('ActLab: createTrainer(config, data) expects an object of settings (trainer.h)');
  const settings = readOptions(options, 'createTrainer', OPTIONS);
  const [module, source] = await Promise.all([simulatorModule(settings), trainingSource(data, 'createTrainer')]);
  return publicTrainer(createWasmTrainer(module, config, source), config);
}

// The Trainer object around an engine trainer (wasm-trainer.js).
function publicTrainer(engine, config) {
  const inputWidth = config.inputWidth ?? config.inputShape?.reduce((a, b) => a * b, 1) ?? 2;
  const classes = config.classes ?? 2;
  let destroyed = false;
  let busy = null; // the name of the call in progress
  let epochs = 0;
  let inEpoch = false; // an epoch was begun and stopped before its end
  let partialEvaluation = false; // an evaluation was stopped: its sums must be drained before the next
  const sizes = new Map(); // this trainer's slice sizes (its batches and samples take their own time)

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

  // Drops the sums of a stopped evaluation (they were taken with other weights).
  function drainEvaluation() {
    if (!partialEvaluation) return;
    for (let { done, total } = engine.evaluateSteps(0); done < total;) ({ done, total } = engine.evaluateSteps(1 << 20));
    engine.evaluation();
    partialEvaluation = false;
  }

  return {
    /** Samples per input (the network's input width) and the number of classes. */
    inputWidth, classes,
    /** Epochs trained since the start or the last rewind(). */
    get epochs() { return epochs; },
    /**
     * Trains one epoch and resolves to its report { steps, meanLoss, finite,
     * blocks, dead, ... }. onProgress({ done, total }) in samples; a signal
     * that aborts leaves the epoch half done, and the next epoch() goes on
     * from there (same bits as an epoch trained in one go).
     */
    epoch(options) {
      const { onProgress, signal } = callOptions(options, 'trainer.epoch');
      return exclusive('epoch', async () => {
        throwIfAborted(signal);
        drainEvaluation();
        if (!inEpoch) engine.beginEpoch(), (inEpoch = true);
        const { stopped } = await runHere((job) => job.slices((units) => {
          const { done, total } = engine.trainSteps(units);
          job.progress({ done, total });
          return done >= total;
        }, { units: 1, max: 1 << 16, remember: 'epoch' }), { onProgress, signal, sizes });
        if (stopped) throw abortError(signal);
        inEpoch = false;
        epochs++;
        return engine.finishEpoch();
      });
    },
    /** Resolves to { train: { loss, accuracy, binaryAccuracy }, test: { ... } } of the current weights; onProgress({ done, total }). */
    evaluate(options) {
      const { onProgress, signal } = callOptions(options, 'trainer.evaluate');
      return exclusive('evaluate', async () => {
        throwIfAborted(signal);
        partialEvaluation = true;
        const { stopped } = await runHere((job) => job.slices((units) => {
          const { done, total } = engine.evaluateSteps(units);
          job.progress({ done, total });
          return done >= total;
        }, { units: 64, max: 1 << 20, remember: 'evaluate' }), { onProgress, signal, sizes });
        if (stopped) throw abortError(signal);
        partialEvaluation = false;
        return engine.evaluation();
      });
    },
    /** Resolves to the class probabilities at points (count x inputWidth numbers): a Float32Array of count x classes. */
    predict(points) {
      return exclusive('predict', async () => {
        const values = Float32Array.from(numericArray(points, 'ActLab: trainer.predict', 'points'));
        if (values.length % inputWidth !== 0) {
          throw new RangeError(`ActLab: trainer.predict: points.length = ${values.length} is not a multiple of the input width ${inputWidth}`);
        }
        return engine.predict(values);
      });
    },
    /** Resolves to the training set as { x: Float32Array, labels: Uint8Array } (a toy set's points, for drawing). */
    trainingPoints() {
      return exclusive('trainingPoints', async () => engine.trainingPoints());
    },
    /** Back to the initial weights and epoch 0 (the same seed gives the same run again). */
    rewind() {
      return exclusive('rewind', async () => {
        engine.rewind();
        epochs = 0, inEpoch = false, partialEvaluation = false;
      });
    },
    /** Frees the trainer's memory; every later call rejects. */
    destroy() {
      if (destroyed) return;
      if (busy) throw new Error(`ActLab: trainer.destroy(): trainer.${busy}() is still running; await it (or abort it) first`);
      destroyed = true;
      engine.destroy();
    },
  };
}
