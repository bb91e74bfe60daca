// The memory estimate against the heap (issue 12): creates five Hansen CNN trainers (batch 128) in one
// simulator module, trains one epoch of 256 MNIST images on each, and prints trainerMemoryBytes next to
// the module's heap growth per trainer. Run: node tests/bench/cnn-memory.mjs
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';

const module = await loadSimulatorModule('simd');
const mnist = await loadDataset('mnist');
const first = (set, n) => ({ x: set.x.subarray(0, n * 784), labels: set.labels.subarray(0, n), size: n });
const data = { train: first(mnist.train, 256), test: first(mnist.test, 256) };
const config = {
  inputShape: [1, 28, 28], classes: 10, optimizer: 'adam', learningRate: 0.001, clipValue: 0.5, batch: 128,
  layers: [{ conv2d: { filters: 32, kernel: 3 } }, { act: 'relu' }, { conv2d: { filters: 64, kernel: 3 } }, { act: 'relu' }, { maxpool: 2 },
    { dropout: 0.25 }, { flatten: true }, { dense: 128 }, { act: 'relu' }, { dropout: 0.5 }],
};
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
console.log(`estimate per trainer: ${mib(module.trainerMemoryBytes(JSON.stringify(config)))} MiB`);
const start = module.HEAPU8.length, trainers = [];
for (let i = 1; i <= 5; i++) {
  const trainer = createWasmTrainer(module, config, data);
  trainer.epoch();
  trainer.evaluate();
  trainers.push(trainer);
  console.log(`heap growth after ${i} trainer(s): ${mib(module.HEAPU8.length - start)} MiB`);
}
console.log(`mean heap growth per trainer: ${mib((module.HEAPU8.length - start) / 5)} MiB`);
for (const t of trainers) t.destroy();
