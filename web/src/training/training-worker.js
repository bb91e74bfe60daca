// The Web Worker that trains: one trainer per compared activation, all on
// the same data, weights seed and batch order. It speaks the worker protocol
// of web/src/workers/ (requests with ids, slices with a stop check, progress):
//   setup { flavour, runs: [{ key, config }], data: { kind: 'toy', name, count, noise, seed } | { kind: 'file', name, train? } }
//     (train: use only the first `train` images of the file's training split)
//     -> { runs: [{ key, evaluation } | { key, error }], points: { x, labels } | null (2-D sets) }
//   epoch { grid: { x0, x1, y0, y1, n } | null, skip: [keys not to train] }
//     -> { runs: [{ key, report, evaluation, grid, samples }] } once every run's epoch is done, or, when
//        stopped, { progress } (the epoch waits, half done, for the next epoch request)
//   rewind -> { runs: [{ key, evaluation }] }
// Progress while an epoch runs: { stage: 'training' | 'evaluating', epoch, done, total } (samples over every run);
// while evaluating also { measured, measures }: samples evaluated so far and in all (training + test sets, every run).
// Errors carry a cause code: 'wasm', 'memory', 'download', 'http', 'truncated',
// 'decompress', 'corrupt', 'size' (the data set) or 'no-trainers'.
import { loadSimulatorModule } from '../module-loader.js';
import { loadDataset } from '../train/datasets.js';
import { createWasmTrainer } from '../train/wasm-trainer.js';
import { loadOnce } from '../simulator/load-once.js';
import { codedError, serveRequests } from '../workers/worker-host.js';

// [{ key, trainer, samples, stage: 'idle' | 'training' | 'evaluating', done, epochs, report, initial (evaluation at set-up) }]
let trainers = [];
let setups = 0; // set-ups so far: each set of networks has its own slice size
// The simulator module of a flavour, and each data set file, loaded once.
const moduleFor = loadOnce(loadSimulatorModule);
const fileData = loadOnce(loadDataset);

const SLICE_MS = 30; // the worker protocol's slice length (worker-host.js)
// What the networks of one comparison may hold together in the worker's module (wasm32 tops out at 2 GiB here).
export const NETWORKS_BUDGET_MIB = 1536;

// Throws a 'memory' error, before anything is allocated, when the runs' buffers together pass the budget.
function checkTotalMemory(module, runs) {
  const bytes = runs.map(({ config }) => module.trainerMemoryBytes(JSON.stringify(config))).filter((b) => b > 0);
  const mib = Math.ceil(bytes.reduce((sum, b) => sum + b, 0) / 2 ** 20);
  if (mib <= NETWORKS_BUDGET_MIB) return;
  const batch = runs[0]?.config?.batch;
  throw codedError('memory', `the ${bytes.length} networks need about ${mib} MiB of buffers together, more than the ${NETWORKS_BUDGET_MIB} MiB one worker holds; lower the batch (${batch}) or the layers' filters or units, or compare fewer functions`);
}

const isMemory = (message) => /out of memory|not enough memory|\bOOM\b|memory size|Cannot enlarge memory/i.test(message);

// Grid points of a square n x n over [x0, x1] x [y0, y1], row by row from the top.
function gridPoints({ x0, x1, y0, y1, n }) {
  const points = new Float32Array(2 * n * n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      points[2 * (row * n + col)] = x0 + ((col + 0.5) / n) * (x1 - x0);
      points[2 * (row * n + col) + 1] = y1 - ((row + 0.5) / n) * (y1 - y0);
    }
  }
  return points;
}

// The simulator module, or an error coded 'wasm' (or 'memory') that says which file failed.
async function simulatorModule(flavour) {
  try {
    return await moduleFor(flavour);
  } catch (error) {
    const message = String(error?.message ?? error).replace(/^ActLab: /, '');
    const reason = /could not be compiled or started \((.*)\); check/.exec(message)?.[1] ?? message; // the loader's advice is the page's to give
    throw codedError(isMemory(reason) ? 'memory' : 'wasm', `the trainer's WebAssembly module (actlab-simulator-${flavour}.wasm) could not be fetched or compiled: ${reason}`);
  }
}

// Evaluates every entry in slices of samples (bit for bit evaluate()); resolves false on a stop
// (a later call goes on where this one stopped). Read each result with evaluationOf.
// units: the first slice's samples (the slices adapt from there).
function evaluateAll(entries, job, { stoppable = true, units = 64 } = {}) {
  const open = new Set(entries);
  for (const entry of entries) if (!entry.toEvaluate) entry.toEvaluate = entry.trainer.evaluateSteps(0).total; // (0 samples: reads the size only)
  const measured = () => entries.reduce((sum, e) => sum + (e.evaluated ?? 0), 0);
  const measures = () => entries.reduce((sum, e) => sum + (e.toEvaluate ?? 0), 0);
  return job.slices((units) => {
    const started = performance.now();
    let left = units;
    for (const entry of open) {
      if (left <= 0 || performance.now() - started >= SLICE_MS) break;
      const before = entry.evaluated ?? 0;
      const { done, total } = entry.trainer.evaluateSteps(left);
      left -= done - before;
      entry.evaluated = done, entry.toEvaluate = total;
      if (done >= total) open.delete(entry);
    }
    job.progress(job.info && { ...job.info, stage: 'evaluating', measured: measured(), measures: measures() });
    return open.size === 0;
  }, { units, stoppable, atLeastOne: true });
}

// The first n images of a file data set's training split (the whole set when n is absent or larger).
function firstImages(source, n) {
  if (!n || n >= source.train.size) return source;
  const features = source.train.x.length / source.train.size;
  return { ...source, train: { x: source.train.x.subarray(0, n * features), labels: source.train.labels.subarray(0, n), size: n } };
}

async function setup({ flavour, runs, data }, job) {
  setups++;
  for (const { trainer } of trainers) trainer.destroy();
  trainers = [];
  job.progress({ stage: 'module' });
  const module = await simulatorModule(flavour);
  job.progress({ stage: data.kind === 'toy' ? 'networks' : 'download' });
  const source = data.kind === 'toy' ? { toy: data } : firstImages(await fileData(data.name), data.train);
  job.progress({ stage: 'networks' });
  checkTotalMemory(module, runs);
  const replies = [];
  const samples = source.train?.size ?? 0; // a toy set's size is known once its points are made
  for (const { key, config } of runs) {
    try {
      const trainer = createWasmTrainer(module, config, source);
      trainers.push({ key, trainer, samples, stage: 'idle', done: 0, epochs: 0, report: null });
      replies.push({ key });
    } catch (error) {
      const message = String(error?.message ?? error).replace(/^ActLab: /, '');
      if (isMemory(message)) throw codedError('memory', `not enough memory for the networks (${message})`);
      replies.push({ key, error: message });
    }
  }
  const points = data.kind === 'toy' && trainers.length ? trainers[0].trainer.trainingPoints() : null;
  if (points) for (const entry of trainers) entry.samples = points.labels.length;
  if (!(await evaluateAll(trainers, job))) return { runs: [], points: null }; // newer settings are on their way
  for (const reply of replies) {
    const entry = trainers.find((e) => e.key === reply.key);
    if (entry) reply.evaluation = entry.initial = evaluationOf(entry);
  }
  return { runs: replies, points };
}

// The finished evaluation of an entry; its next evaluation starts from the first sample.
function evaluationOf(entry) {
  entry.evaluated = 0;
  return entry.trainer.evaluation();
}

// Where an epoch is: samples trained over every run, and the epoch number.
function epochProgress(active, stage) {
  const total = active.reduce((sum, e) => sum + e.samples, 0);
  const done = active.reduce((sum, e) => sum + (e.stage === 'training' ? e.done : e.samples), 0);
  return { stage, epoch: Math.min(...active.map((e) => e.epochs + (e.stage === 'training' ? 1 : 0))), done, total, networks: active.length };
}

async function epoch({ grid, skip = [] }, job) {
  if (!trainers.length) throw codedError('no-trainers', 'the worker has no networks to train (their set-up did not finish)');
  const active = trainers.filter(({ key }) => !skip.includes(key));
  if (!active.length) throw codedError('no-trainers', 'every network is stopped');
  for (const entry of active) {
    if (entry.stage !== 'idle') continue;
    entry.trainer.beginEpoch();
    entry.stage = 'training', entry.done = 0, entry.stages = 0;
  }
  job.progress(epochProgress(active, 'training'));
  let trainMs = 0, trainSamples = 0; // how fast training goes, to size the first evaluation slice
  // A unit is one stage of one network (a layer's forward or backward pass of a batch, or
  // the update that ends a step: same bits as whole epochs); the runs take turns, the least advanced first.
  const trained = await job.slices((units) => {
    const started = performance.now();
    let left = units;
    while (left > 0 && performance.now() - started < SLICE_MS) { // units differ (a wide layer, subnormal numbers): the clock bounds the slice too
      const open = active.filter((e) => e.stage === 'training');
      if (!open.length) break;
      const entry = open.reduce((a, b) => (a.stages <= b.stages ? a : b));
      const stages = Math.max(1, Math.ceil(left / open.length));
      const { done, total } = entry.trainer.trainStages(stages);
      trainSamples += done - entry.done;
      entry.done = done, entry.stages += stages;
      left -= stages;
      if (done >= total) {
        entry.report = entry.trainer.finishEpoch();
        entry.epochs++;
        entry.stage = 'evaluating';
      }
    }
    trainMs += performance.now() - started;
    job.progress(epochProgress(active, 'training'));
    return active.every((e) => e.stage !== 'training');
  }, { atLeastOne: true, remember: `train ${setups}` }); // the size of the last slice, for these networks only
  if (!trained) return { progress: epochProgress(active, 'training') };
  job.progress(epochProgress(active, 'evaluating'));
  const evaluating = active.filter((e) => e.stage === 'evaluating');
  // A forward pass costs about a third of a training step: aim the first evaluation slice at ~30 ms.
  const perSample = trainSamples > 0 ? trainMs / trainSamples / 3 : 0;
  const units = perSample > 0 ? Math.max(8, Math.min(1 << 20, Math.floor(30 / perSample))) : 64;
  if (!(await evaluateAll(evaluating, job, { units }))) return { progress: epochProgress(active, 'evaluating') };
  const points = grid ? gridPoints(grid) : null;
  return {
    runs: active.map((entry) => {
      entry.stage = 'idle';
      const { key, trainer, report, samples } = entry;
      return { key, report, evaluation: evaluationOf(entry), grid: points ? trainer.predict(points) : null, samples };
    }),
  };
}

// Back to the initial parameters: their evaluation is the one made at set-up (the same bits), so nothing is measured again.
async function rewind() {
  for (const entry of trainers) {
    entry.trainer.rewind();
    Object.assign(entry, { stage: 'idle', done: 0, epochs: 0, report: null, evaluated: 0 });
  }
  return { runs: trainers.map((entry) => ({ key: entry.key, evaluation: entry.initial })) };
}

serveRequests({ setup, epoch, rewind });
