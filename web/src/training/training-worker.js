// The Web Worker that trains: one trainer per compared activation, all on
// the same data, weights seed and batch order, one epoch per request, so
// the page can run, pause and step without ever waiting on training.
// Messages in (each with an id, answered by { id, ... } or { id, error }):
//   { type: 'setup', flavour, runs: [{ key, config }], data: { kind: 'toy', name, count, noise, seed } | { kind: 'file', name } }
//     -> { runs: [{ key, evaluation }], points: { x, labels } (2-D sets) }
//   { type: 'epoch', grid: { x0, x1, y0, y1, n } | null, skip: [keys not to train] }
//     -> { runs: [{ key, report, evaluation, grid: Float32Array (n x n x classes) | null, samples }] } (skipped runs left out;
//        samples: training samples in the epoch)
//   { type: 'rewind' } -> { runs: [{ key, evaluation }] }
import { loadSimulatorModule } from '../module-loader.js';
import { loadDataset } from '../train/datasets.js';
import { createWasmTrainer } from '../train/wasm-trainer.js';
import { loadOnce } from '../simulator/load-once.js';

let trainers = []; // [{ key, trainer, samples }]
// The simulator module of a flavour, and each data set file, loaded once.
const moduleFor = loadOnce(loadSimulatorModule);
const fileData = loadOnce(loadDataset);

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

async function setup({ flavour, runs, data }) {
  for (const { trainer } of trainers) trainer.destroy();
  trainers = [];
  const module = await moduleFor(flavour);
  const source = data.kind === 'toy' ? { toy: data } : await fileData(data.name);
  const replies = [];
  const samples = source.train?.size ?? 0; // a toy set's size is known once its points are made
  for (const { key, config } of runs) {
    try {
      const trainer = createWasmTrainer(module, config, source);
      trainers.push({ key, trainer, samples });
      replies.push({ key, evaluation: trainer.evaluate() });
    } catch (error) {
      replies.push({ key, error: String(error.message).replace(/^ActLab: /, '') });
    }
  }
  const points = data.kind === 'toy' && trainers.length ? trainers[0].trainer.trainingPoints() : null;
  if (points) for (const entry of trainers) entry.samples = points.labels.length;
  return { runs: replies, points };
}

function epoch({ grid, skip = [] }) {
  const points = grid ? gridPoints(grid) : null;
  return {
    runs: trainers.filter(({ key }) => !skip.includes(key)).map(({ key, trainer, samples }) => {
      const report = trainer.epoch();
      return { key, report, evaluation: trainer.evaluate(), grid: points ? trainer.predict(points) : null, samples };
    }),
  };
}

function rewind() {
  return { runs: trainers.map(({ key, trainer }) => (trainer.rewind(), { key, evaluation: trainer.evaluate() })) };
}

const HANDLERS = { setup, epoch, rewind };

self.addEventListener('message', async ({ data }) => {
  const { id, type } = data ?? {};
  try {
    if (!HANDLERS[type]) throw new Error(`unknown request ${type}`);
    self.postMessage({ id, ...(await HANDLERS[type](data)) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error).replace(/^ActLab: /, '') });
  }
});
