// Memory over a long training run: a mid-size MLP (784-128-128-10 on the
// 12k Fashion-MNIST subset, three activations side by side as the page runs
// them) trained epoch after epoch for `seconds` (default 600) in the SIMD
// simulator module, sampling the JS heap and the module's wasm memory after
// every epoch. Prints the first and last samples and the largest growth.
//   node tests/bench/training-memory.mjs [seconds] [--md file]
import { writeFileSync } from 'node:fs';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';

const seconds = Number(process.argv[2] ?? 600);
const mdAt = process.argv.indexOf('--md');
const module = await loadSimulatorModule('simd');
const data = await loadDataset('fashion-mnist');
const trainers = ['relu', 'gelu', 'sigmoid'].map((id) => createWasmTrainer(module, {
  inputWidth: 784, classes: 10, hidden: [128, 128].map((width) => ({ width, activation: { id } })),
  init: 'he_normal', optimizer: 'adam', learningRate: 0.001, batch: 32, seed: 1,
}, data));

const mib = (bytes) => bytes / 2 ** 20;
const samples = [];
const start = performance.now();
let epochs = 0;
while (performance.now() - start < seconds * 1000) {
  for (const trainer of trainers) {
    trainer.epoch();
    trainer.evaluate();
  }
  epochs++;
  globalThis.gc?.();
  samples.push({ t: (performance.now() - start) / 1000, epochs, js: mib(process.memoryUsage().heapUsed), wasm: mib(module.HEAPU8.length) });
}
const first = samples[Math.min(2, samples.length - 1)]; // after the first epochs have grown what they need
const last = samples.at(-1);
const lines = [
  `Training memory, ${seconds} s, ${epochs} epochs of 3 networks 784-128-128-10 on 10k Fashion-MNIST (Node ${process.version}, SIMD build):`,
  '',
  '| after | epochs | JS heap used (MiB) | wasm memory (MiB) |',
  '|---|---|---|---|',
  ...[samples[0], first, samples[Math.floor(samples.length / 2)], last].map((s) => `| ${s.t.toFixed(0)} s | ${s.epochs} | ${s.js.toFixed(1)} | ${s.wasm.toFixed(1)} |`),
  '',
  `From epoch ${first.epochs} to ${last.epochs}: JS heap ${(last.js - first.js).toFixed(1)} MiB, wasm memory ${(last.wasm - first.wasm).toFixed(1)} MiB; largest JS heap sample ${Math.max(...samples.map((s) => s.js)).toFixed(1)} MiB.`,
];
console.log(lines.join('\n'));
if (mdAt > 0) writeFileSync(process.argv[mdAt + 1], `${lines.join('\n')}\n`);
for (const trainer of trainers) trainer.destroy();
