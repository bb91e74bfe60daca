// A trainer inside a loaded simulator module (the trainer of
// cpp/include/actlab/trainer.h): the config goes in as JSON, the data are
// copied into the module once, epochs and evaluations come back parsed
// (non-finite numbers as NaN and ±Infinity).
import { parseResult } from '../simulator/run-simulations.js';

// Runs fn(pointer) with `bytes` bytes of the module's heap, freed after.
function withHeap(module, bytes, fn) {
  const at = module._malloc(Math.max(4, bytes));
  if (!at) throw new Error('ActLab: not enough memory');
  try {
    return fn(at);
  } finally {
    module._free(at);
  }
}

// Throws a RangeError unless set (train or test) holds size samples of inputWidth
// floats and labels below classes: the engine reads size x inputWidth floats.
function checkSet(set, which, inputWidth, classes) {
  const name = which === 0 ? 'training' : 'test';
  if (set.labels.length !== set.size) throw new RangeError(`ActLab: the ${name} set has ${set.labels.length} labels for size = ${set.size}`);
  if (set.x.length !== set.size * inputWidth) {
    const perSample = set.size > 0 && set.x.length % set.size === 0 ? `${set.x.length / set.size} inputs per sample` : `${set.x.length} inputs for ${set.size} samples`;
    throw new RangeError(`ActLab: the ${name} set has ${perSample}, but the network takes inputWidth = ${inputWidth}; set inputWidth (or inputShape) to match the data`);
  }
  let largest = 0;
  for (const label of set.labels) largest = Math.max(largest, label);
  if (set.size > 0 && largest >= classes) {
    throw new RangeError(`ActLab: the ${name} set has labels up to ${largest}, so it needs classes >= ${largest + 1}; the network has classes = ${classes}`);
  }
}

// Copies one set ({ x: Float32Array, labels: Uint8Array, size }) into the module for trainer id.
function setData(module, id, which, set) {
  withHeap(module, set.x.byteLength, (xAt) => withHeap(module, set.labels.byteLength, (labelsAt) => {
    module.HEAPF32.set(set.x, xAt >>> 2);
    module.HEAPU8.set(set.labels, labelsAt);
    const problem = module.trainerSetData(id, which, xAt, labelsAt, set.size);
    if (problem) throw new RangeError(`ActLab: ${problem}`);
  }));
}

// A reply of the module, or an Error with its message.
function checked(reply) {
  if (reply?.error) throw new Error(`ActLab: ${reply.error}`);
  return reply;
}

/**
 * A trainer for config (the JSON keys of trainer.h) on data: { train, test }
 * (each { x, labels, size }) or { toy: { name, count, noise, seed } } (a 2-D
 * set made in C++); throws a RangeError naming a bad setting. Returns
 * { epoch(), evaluate(), predict(points), trainingPoints(), rewind(), destroy() }
 * and the same epoch and evaluation in slices: beginEpoch(), trainSteps(n),
 * trainStages(n), finishEpoch(), evaluateSteps(n), evaluation().
 */
export function createWasmTrainer(module, config, data) {
  const created = JSON.parse(module.trainerCreate(JSON.stringify(config)));
  if (!created.ok) throw new RangeError(`ActLab: ${created.error}`);
  const { id } = created;
  const { classes = 2 } = config; // the engine's defaults (trainer.h)
  const inputWidth = config.inputWidth ?? config.inputShape?.reduce((a, b) => a * b, 1) ?? 2; // the engine checked they agree
  try {
    if (data.toy) {
      const { name, count, noise, seed } = data.toy;
      const problem = module.trainerSetToyData(id, name, count, noise, seed);
      if (problem) throw new RangeError(`ActLab: ${problem}`);
    } else {
      checkSet(data.train, 0, inputWidth, classes);
      checkSet(data.test, 1, inputWidth, classes);
      setData(module, id, 0, data.train);
      setData(module, id, 1, data.test);
    }
  } catch (error) {
    module.trainerDestroy(id);
    throw error;
  }
  return {
    /** Class probabilities at points (Float32Array, count x inputWidth): a Float32Array count x classes. */
    predict(points) {
      const count = points.length / inputWidth;
      return withHeap(module, points.byteLength, (xAt) => withHeap(module, count * classes * 4, (outAt) => {
        module.HEAPF32.set(points, xAt >>> 2);
        module.trainerPredict(id, xAt, count, outAt);
        return module.HEAPF32.slice(outAt >>> 2, (outAt >>> 2) + count * classes);
      }));
    },
    /** The training set as { x: Float32Array, labels: Uint8Array } (for drawing 2-D points). */
    trainingPoints(capacity = 100000) {
      return withHeap(module, capacity * inputWidth * 4, (xAt) => withHeap(module, capacity, (labelsAt) => {
        const count = module.trainerCopyData(id, 0, xAt, labelsAt, capacity);
        return { x: module.HEAPF32.slice(xAt >>> 2, (xAt >>> 2) + count * inputWidth), labels: module.HEAPU8.slice(labelsAt, labelsAt + count) };
      }));
    },
    /** Trains one epoch; { steps, meanLoss, finite, biasSpeed, updateRatio, dead, deadEpoch, outputMean, outputStd, blocks } (per block). */
    epoch: () => parseResult(module.trainerEpochJson(id)),
    /** Starts an epoch to be trained in slices (same bits as epoch()). */
    beginEpoch() {
      const problem = module.trainerBeginEpoch(id);
      if (problem) throw new Error(`ActLab: ${problem}`);
    },
    /** Trains up to maxBatches more batches of the begun epoch; { done, total } samples. */
    trainSteps: (maxBatches) => checked(JSON.parse(module.trainerTrainSteps(id, maxBatches))),
    /** Trains up to maxStages more stages (a part of one layer's pass of a batch, the loss, or a part of a block's update); { done, total } samples. */
    trainStages: (maxStages) => checked(JSON.parse(module.trainerTrainStages(id, maxStages))),
    /** Ends the epoch once every batch is trained: epoch()'s report. */
    finishEpoch: () => checked(parseResult(module.trainerFinishEpochJson(id))),
    /** Evaluates up to `samples` more samples (training set, then test set); { done, total }. */
    evaluateSteps: (samples) => checked(JSON.parse(module.trainerEvaluateSteps(id, samples))),
    /** The evaluation in slices once done: evaluate()'s result, bit for bit. */
    evaluation: () => checked(parseResult(module.trainerEvaluationJson(id))),
    /** { train: { loss, accuracy, binaryAccuracy }, test: { ... } } of the current parameters. */
    evaluate: () => parseResult(module.trainerEvaluateJson(id)),
    /** Back to the initial parameters and epoch 0. */
    rewind: () => module.trainerRewind(id),
    /** Frees the trainer inside the module. */
    destroy: () => module.trainerDestroy(id),
  };
}
