// What the public API's simulate() and trainer cost on top of the engine
// they drive: the same run through the API (async, in slices that yield to
// the event loop, with progress and abort checks) and through the simulator
// module's one-call functions (results parsed the same way), side by side in one process, medians of
// rounds and ratios per round. (The kernels' per-call cost of embind's
// no-eval glue is tests/bench/embind-call-cost.mjs.)
//   node tests/bench/api_overhead.mjs [--rounds 15]
import { createTrainer, loadDataset, simulate } from '../../web/src/api/index.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { runSimulations } from '../../web/src/simulator/run-simulations.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';
import { markdownTable, timeRoundsAsync } from './timing.mjs';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 15;
const engine = await loadSimulatorModule('simd');
const rows = [];
const fmt = (ms) => (ms < 1 ? ms.toFixed(4) : ms.toFixed(2));

async function compare(label, api, direct) {
  const { ms, ratio } = await timeRoundsAsync({ api, direct }, { rounds });
  rows.push([label, fmt(ms.direct), fmt(ms.api), (ratio('direct', 'api')).toFixed(3)]);
}

for (const [label, config] of [
  ['simulate: 3 layers × 16, batch 16', { depth: 3, width: 16, batch: 16, activation: 'relu' }],
  ['simulate: 30 sigmoid layers × 64, batch 64', { depth: 30, width: 64, batch: 64, activation: 'sigmoid' }],
  ['simulate: 50 layers × 256, batch 256', { depth: 50, width: 256, batch: 256, activation: 'relu' }],
]) {
  await compare(label, () => simulate(config), () => runSimulations(engine, [config]).results[0]); // both parse the result
}

const digits = await loadDataset('digits');
const mlp = { inputWidth: 64, classes: 10, hidden: [{ width: 64, activation: 'relu' }], optimizer: 'adam', learningRate: 0.005, batch: 32 };
const viaApi = await createTrainer(mlp, 'digits');
const direct = createWasmTrainer(engine, mlp, digits);
await compare('trainer epoch: digits, MLP 64-64-10, batch 32', () => viaApi.epoch(), () => direct.epoch());
await compare('trainer evaluate: digits (1,797 samples)', () => viaApi.evaluate(), () => direct.evaluate());
viaApi.destroy(), direct.destroy();

console.log(markdownTable(['call', 'engine directly (ms)', 'through the API (ms)', 'API / direct'], rows));
