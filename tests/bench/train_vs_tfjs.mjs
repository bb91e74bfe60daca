// Training speed (issue 6), side by side in one Node process: one epoch of an
// MLP 784-128-128-10 (ReLU, softmax cross-entropy, SGD lr 0.01, batch 32,
// Glorot-uniform weights, zero biases) on 10,000 Fashion-MNIST images, by
// ActLab's trainer (simulator module, SIMD and scalar builds) and by
// TensorFlow.js's wasm backend with tf.layers (model.fit, same model). One
// warm-up epoch each, then epochs alternating between contenders; medians.
//   node tests/bench/train_vs_tfjs.mjs [--epochs 5] [--md file]
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';
import { startTfjsWasm } from './tfjs-wasm.mjs';
import { markdownTable } from './timing.mjs';

const HIDDEN = 128, BATCH = 32, LR = 0.01;

// --epochs n (timed epochs per contender, odd, at least 3), --md file.
function parseArgs(argv) {
  const options = { epochs: 5, md: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--epochs') options.epochs = Math.max(3, Number(argv[++i]) | 1);
    else if (argv[i] === '--md') options.md = argv[++i];
    else throw new Error(`unknown argument ${argv[i]} (use --epochs n, --md file)`);
  }
  return options;
}

const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];

// ActLab's trainer in one build: { epoch() -> ms, accuracy() }.
async function actlabContender(flavour, data) {
  const module = await loadSimulatorModule(flavour);
  const trainer = createWasmTrainer(module, {
    inputWidth: 784, classes: 10, hidden: [{ width: HIDDEN, activation: 'relu' }, { width: HIDDEN, activation: 'relu' }],
    optimizer: 'sgd', learningRate: LR, batch: BATCH, init: 'xavier_uniform', seed: 1,
  }, data);
  return {
    name: `ActLab ${flavour}`,
    epoch() {
      const start = performance.now();
      const report = trainer.epoch();
      if (!report.finite) throw new Error('ActLab training diverged');
      return performance.now() - start;
    },
    accuracy: () => trainer.evaluate().test.accuracy,
  };
}

// The same model in tf.layers on the wasm backend: { epoch() -> ms, accuracy() }.
function tfjsContender(tf, data) {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: HIDDEN, activation: 'relu', inputShape: [784] }),
      tfl.layers.dense({ units: HIDDEN, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(LR), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const xs = tf.tensor2d(data.train.x, [data.train.size, 784]);
  const ys = tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 10);
  const testX = tf.tensor2d(data.test.x, [data.test.size, 784]);
  const testY = tf.oneHot(tf.tensor1d(data.test.labels, 'int32'), 10);
  return {
    name: 'TF.js wasm (tf.layers)',
    async epoch() {
      const start = performance.now();
      await model.fit(xs, ys, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
      return performance.now() - start;
    },
    accuracy() {
      const [, accuracy] = model.evaluate(testX, testY, { batchSize: 500 });
      return accuracy.dataSync()[0];
    },
  };
}

const options = parseArgs(process.argv.slice(2));
const data = await loadDataset('fashion-mnist');
const { tf, version, simd, threads } = await startTfjsWasm();
const contenders = [await actlabContender('simd', data), await actlabContender('scalar', data), tfjsContender(tf, data)];
for (const c of contenders) await c.epoch(); // warm-up
const times = contenders.map(() => []);
for (let e = 0; e < options.epochs; e++) {
  for (const [i, c] of contenders.entries()) times[i].push(await c.epoch());
}
const tfjsMs = median(times[2]);
const rows = contenders.map((c, i) => [c.name, `${(median(times[i]) / 1000).toFixed(2)} s`, `${(median(times[i]) === 0 ? 0 : tfjsMs / median(times[i])).toFixed(2)}×`, (100 * c.accuracy()).toFixed(1) + ' %']);
const header = [
  `Training speed: MLP 784-${HIDDEN}-${HIDDEN}-10 (ReLU, softmax cross-entropy, SGD lr ${LR}, batch ${BATCH}), one epoch over 10,000 Fashion-MNIST images.`,
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} logical CPUs); Node ${process.version}; TF.js ${version} wasm backend (SIMD ${simd}, ${threads} thread).`,
  `Median of ${options.epochs} epochs per contender after one warm-up epoch, epochs alternating; test accuracy after ${options.epochs + 1} epochs.`,
  '',
].join('\n');
const table = markdownTable(['contender', 'epoch (median)', 'speed vs TF.js', 'test accuracy'], rows);
console.log(header + table);
if (options.md) writeFileSync(options.md, `${header}${table}\n`);
