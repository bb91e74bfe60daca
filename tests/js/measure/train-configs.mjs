// Trains training-lab settings in Node with the wasm trainer, over several
// seeds, and prints per function the test accuracy, losses and dead units
// per epoch: the measurements behind the training presets' claims.
// Usage: node tests/js/measure/train-configs.mjs <candidates.json | name> [seeds] [epochs]
import { readFileSync } from 'node:fs';
import { loadSimulatorModule } from '../../../web/src/module-loader.js';
import { loadDataset } from '../../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../../web/src/train/wasm-trainer.js';
import { TRAINING_SETTINGS, dataRequest, trainerConfigFor } from '../../../web/src/training/training-settings.js';

// The settings of a candidate over the defaults ({ key: value } as in the URL).
export function settingsOf(changes) {
  return { ...Object.fromEntries(TRAINING_SETTINGS.map((s) => [s.key, s.default])), ...changes };
}

// One run of one function: per epoch { trainAcc, testAcc, trainLoss, testLoss, dead, deadEpoch, speed }.
export function trainOne(module, state, id, epochs, fileData) {
  const config = trainerConfigFor(state, { id, params: [] }, {});
  const request = dataRequest(state);
  const trainer = createWasmTrainer(module, config, request.kind === 'toy' ? { toy: request } : fileData);
  const rows = [];
  for (let e = 0; e < epochs; e++) {
    const report = trainer.epoch();
    const ev = trainer.evaluate();
    rows.push({ trainAcc: ev.train.accuracy, testAcc: ev.test.accuracy, trainLoss: ev.train.loss, testLoss: ev.test.loss,
      dead: report.dead.slice(0, -1), deadEpoch: (report.deadEpoch ?? []).slice(0, -1), speed: report.biasSpeed.slice(0, -1), finite: report.finite });
  }
  trainer.destroy();
  return rows;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [, , which, seedsArg = '1,2,3,4,5', epochsArg = '20'] = process.argv;
  const candidates = JSON.parse(readFileSync(which, 'utf8'));
  const seeds = seedsArg.split(',').map(Number);
  const module = await loadSimulatorModule('simd');
  for (const { name, fn, set, epochs = Number(epochsArg) } of candidates) {
    const state0 = settingsOf(set);
    const fileData = dataRequest(state0).kind === 'file' ? await loadDataset(state0.tdata) : null;
    const started = Date.now();
    const summary = {};
    for (const id of fn) {
      const perSeed = seeds.map((seed) => trainOne(module, { ...state0, tseed: seed }, id, epochs, fileData));
      const at = (e, pick) => mean(perSeed.map((rows) => pick(rows[e])));
      summary[id] = perSeed;
      const lastE = epochs - 1;
      const deadMax = (r) => Math.max(0, ...(r.deadEpoch.length ? r.deadEpoch : r.dead));
      const deadAll = (r) => { const d = r.deadEpoch.length ? r.deadEpoch : r.dead; return d.length ? mean(d) : 0; };
      console.log(`${name} ${id}: test acc ${perSeed.map((rows) => f(rows[lastE].testAcc)).join(' ')} (mean ${f(at(lastE, (r) => r.testAcc))}), `
        + `test loss mean ${f(at(lastE, (r) => r.testLoss))}, train loss mean ${f(at(lastE, (r) => r.trainLoss))}, `
        + `dead (mean over layers) ${perSeed.map((rows) => f(deadAll(rows[lastE]), 2)).join(' ')}, max layer mean ${f(at(lastE, deadMax), 2)}, `
        + `acc@5 ${f(at(Math.min(4, lastE), (r) => r.testAcc))} nonfinite ${perSeed.filter((rows) => rows.some((r) => !r.finite)).length}`);
    }
    console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
