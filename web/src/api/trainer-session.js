// One trainer's sliced work, the same on the calling thread (api/trainer.js
// through run-here.js) and in the API's worker (api/trainer-worker.js):
// epochs and evaluations in slices of a job (workers/job.js) that may stop
// between two slices and go on later, with progress { done, total } in
// samples, plus predictions, rewind and destroy.
import { numericArray } from '../inputs.js';
import { createWasmTrainer } from '../train/wasm-trainer.js';
import { settingError } from './options.js';

// Runs step(units) -> { done, total } in job's slices until done reaches total, reporting each
// reply as progress; resolves true when finished, false when the job stopped first.
function inSlices(job, step, options) {
  return job.slices((units) => {
    const progress = step(units);
    job.progress(progress);
    return progress.done >= progress.total;
  }, options);
}

/** The session around an engine trainer (train/wasm-trainer.js) whose network has inputWidth inputs. */
export function createSession(engine, inputWidth) {
  let epochs = 0;
  let inEpoch = false; // an epoch was begun and stopped before its end
  let partialEvaluation = false; // an evaluation was stopped: its sums must be drained before the next
  const sizes = new Map(); // this trainer's slice sizes (its batches and samples take their own time)

  // Drops the sums of a stopped evaluation (they were taken with other weights).
  function drainEvaluation() {
    if (!partialEvaluation) return;
    for (let { done, total } = engine.evaluateSteps(0); done < total;) ({ done, total } = engine.evaluateSteps(1 << 20));
    engine.evaluation();
    partialEvaluation = false;
  }

  return {
    sizes,
    /** Epochs finished since the start or the last rewind(). */
    get epochs() { return epochs; },
    /** Trains (the rest of) one epoch in job's slices: its report, or null when the job stopped first. */
    async epoch(job) {
      drainEvaluation();
      if (!inEpoch) engine.beginEpoch(), (inEpoch = true);
      if (!(await inSlices(job, engine.trainSteps, { units: 1, max: 1 << 16, remember: 'epoch' }))) return null;
      inEpoch = false;
      epochs++;
      return engine.finishEpoch();
    },
    /** Evaluates the current weights in job's slices: { train, test }, or null when the job stopped first. */
    async evaluate(job) {
      partialEvaluation = true;
      if (!(await inSlices(job, engine.evaluateSteps, { units: 64, max: 1 << 20, remember: 'evaluate' }))) return null;
      partialEvaluation = false;
      return engine.evaluation();
    },
    /** Class probabilities at points (count x inputWidth numbers), checked: a Float32Array of count x classes. */
    predict(points) {
      const values = Float32Array.from(numericArray(points, 'ActLab: trainer.predict', 'points'));
      if (values.length % inputWidth !== 0) {
        throw new RangeError(`ActLab: trainer.predict: points.length = ${values.length} is not a multiple of the input width ${inputWidth}`);
      }
      return engine.predict(values);
    },
    /** The training set's points { x, labels }. */
    trainingPoints: () => engine.trainingPoints(),
    /** Back to the initial weights and epoch 0. */
    rewind() {
      engine.rewind();
      epochs = 0, inEpoch = false, partialEvaluation = false;
    },
    /** Frees the engine trainer. */
    destroy: () => engine.destroy(),
  };
}

/** The network's input width of a trainer config (inputWidth, or the product of inputShape; 2 by default). */
export const inputWidthOf = (config) => config.inputWidth ?? config.inputShape?.reduce((a, b) => a * b, 1) ?? 2;

/** The engine's trainer for config on source, its refusals typed (TypeError for a value of the wrong type). */
export function engineTrainer(module, config, source) {
  try {
    return createWasmTrainer(module, config, source);
  } catch (error) {
    throw error instanceof RangeError ? settingError(error.message) : error;
  }
}
