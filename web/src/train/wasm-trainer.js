// A trainer inside a loaded simulator module (the trainer of
// cpp/include/actlab/trainer.h): the config goes in as JSON, the data are
// copied into the module once, epochs and evaluations come back parsed.

// Copies one set ({ x: Float32Array, labels: Uint8Array, size }) into the module for trainer id.
function setData(module, id, which, set) {
  const xAt = module._malloc(set.x.byteLength), labelsAt = module._malloc(Math.max(1, set.labels.byteLength));
  if (!xAt || !labelsAt) throw new Error('ActLab: not enough memory for the data set');
  try {
    module.HEAPF32.set(set.x, xAt >>> 2);
    module.HEAPU8.set(set.labels, labelsAt);
    const problem = module.trainerSetData(id, which, xAt, labelsAt, set.size);
    if (problem) throw new RangeError(`ActLab: ${problem}`);
  } finally {
    module._free(xAt);
    module._free(labelsAt);
  }
}

/**
 * A trainer for config (the JSON keys of trainer.h) on data { train, test }
 * (each { x, labels, size }); throws a RangeError naming a bad setting.
 * Returns { epoch(), evaluate(), rewind(), destroy() }: epoch() trains one
 * epoch and returns its report; evaluate() returns { train, test } loss and accuracy.
 */
export function createWasmTrainer(module, config, data) {
  const created = JSON.parse(module.trainerCreate(JSON.stringify(config)));
  if (!created.ok) throw new RangeError(`ActLab: ${created.error}`);
  const { id } = created;
  try {
    setData(module, id, 0, data.train);
    setData(module, id, 1, data.test);
  } catch (error) {
    module.trainerDestroy(id);
    throw error;
  }
  return {
    /** Trains one epoch; { steps, meanLoss, finite, biasSpeed, updateRatio, dead }. */
    epoch: () => JSON.parse(module.trainerEpochJson(id)),
    /** { train: { loss, accuracy }, test: { loss, accuracy } } of the current parameters. */
    evaluate: () => JSON.parse(module.trainerEvaluateJson(id)),
    /** Back to the initial parameters and epoch 0. */
    rewind: () => module.trainerRewind(id),
    /** Frees the trainer inside the module. */
    destroy: () => module.trainerDestroy(id),
  };
}
