// The trainer in the simulator's wasm builds: it learns the 8x8 digits, the
// SIMD and scalar builds give the same bits, rewinding repeats a run, and bad
// settings or data are refused with a message naming them.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';

const CONFIG = {
  inputWidth: 64, classes: 10, hidden: [{ width: 32, activation: 'relu' }, { width: 32, activation: { id: 'elu', params: [0.5] } }],
  optimizer: 'adam', learningRate: 0.005, batch: 32, seed: 3,
};
const modules = {};
let digits;

beforeAll(async () => {
  [modules.simd, modules.scalar, digits] = await Promise.all([loadSimulatorModule('simd'), loadSimulatorModule('scalar'), loadDataset('digits')]);
});

// FNV-1a over the bits of a Float32Array (as tests/cpp/cnn_golden_test.cpp computes it).
function fnv1a(floats) {
  const bytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = ((h ^ BigInt(b)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).padStart(16, '0');
}

describe('a CNN in wasm', () => {
  const golden = JSON.parse(readFileSync(new URL('../golden/cnn_trainer.json', import.meta.url), 'utf8'));
  it.each(['simd', 'scalar'])('%s build: an epoch, its evaluation and every test prediction have the native build\'s bits (tests/golden/cnn_trainer.json)', (flavour) => {
    const trainer = createWasmTrainer(modules[flavour], golden.config, digits);
    const epoch = trainer.epoch();
    const evaluation = trainer.evaluate().test;
    const predictions = trainer.predict(digits.test.x);
    trainer.destroy();
    expect(epoch).toEqual(golden.epoch);
    expect(evaluation).toEqual(golden.testEvaluation);
    expect(fnv1a(predictions)).toBe(golden.testPredictionsFnv1a);
    expect(epoch.blocks).toEqual(['conv2d 4 3x3 same', 'conv2d 6 3x3 valid', 'dense 16', 'output']);
  });
});

describe('training in wasm', () => {
  it('learns the 8x8 digits to over 90% test accuracy in 8 epochs, the loss falling', () => {
    const trainer = createWasmTrainer(modules.simd, CONFIG, digits);
    const before = trainer.evaluate();
    const reports = Array.from({ length: 8 }, () => trainer.epoch());
    const after = trainer.evaluate();
    trainer.destroy();
    expect(reports[0].steps).toBe(Math.ceil(1500 / 32));
    expect(reports.every((r) => r.finite)).toBe(true);
    expect(reports.at(-1).meanLoss).toBeLessThan(reports[0].meanLoss / 3);
    expect(before.test.accuracy).toBeLessThan(0.3);
    expect(after.test.accuracy).toBeGreaterThan(0.9);
    expect(reports[0].biasSpeed).toHaveLength(3);
  });

  it('gives the same bits in the SIMD and the scalar build, and again after a rewind', () => {
    const run = (module) => {
      const trainer = createWasmTrainer(module, CONFIG, digits);
      const first = [trainer.epoch(), trainer.epoch(), trainer.evaluate()];
      trainer.rewind();
      const again = [trainer.epoch(), trainer.epoch(), trainer.evaluate()];
      trainer.destroy();
      return { first, again };
    };
    const simd = run(modules.simd), scalar = run(modules.scalar);
    expect(simd.again).toEqual(simd.first);
    expect(scalar.first).toEqual(simd.first);
  });

  it('an epoch in batches or in stages and an evaluation in slices give the bits of epoch() and evaluate(), in both builds', () => {
    for (const module of [modules.simd, modules.scalar]) {
      const whole = createWasmTrainer(module, CONFIG, digits), sliced = createWasmTrainer(module, CONFIG, digits);
      for (const [e, batches] of [[0, 1], [1, 5], [2, 20]]) {
        const expected = [whole.epoch(), whole.evaluate()];
        sliced.beginEpoch();
        const seen = [];
        if (e < 2) {
          for (let step = sliced.trainSteps(batches); step.done < step.total; step = sliced.trainSteps(batches)) seen.push(step.done);
          expect(seen[0]).toBe(batches * 32);
          expect(seen.length).toBe(Math.ceil(Math.ceil(1500 / 32) / batches) - 1);
        } else { // in stages: dense, act, dense, act, dense: 5 forward, the loss, 8 backward, 3 updates = 17 a batch
          for (let step = sliced.trainStages(batches); step.done < step.total; step = sliced.trainStages(batches)) seen.push(step.done);
          expect(seen.length).toBe(Math.ceil((Math.ceil(1500 / 32) * 17) / batches) - 1);
          expect(seen[0]).toBe(32); // 20 stages: one batch done (17 a batch)
        }
        expect(() => sliced.evaluation()).toThrow(/the evaluation is not done/);
        const report = sliced.finishEpoch();
        for (let part = sliced.evaluateSteps(97 * (e + 1)); part.done < part.total; part = sliced.evaluateSteps(97 * (e + 1))) expect(part.total).toBe(1500 + 297);
        expect([report, sliced.evaluation()]).toEqual(expected);
      }
      expect(() => sliced.finishEpoch()).toThrow(/the epoch is not done/);
      expect(() => sliced.trainSteps(1)).toThrow(/no epoch begun/);
      whole.destroy(), sliced.destroy();
    }
  });

  it('counts a unit dead over the epoch only when no sample of the epoch activated it', () => {
    const relus = [{ width: 32, activation: 'relu' }, { width: 32, activation: 'relu' }];
    const allDead = createWasmTrainer(modules.simd, { ...CONFIG, hidden: relus, bias: -50 }, digits); // z < 0 for every input
    const dead = allDead.epoch();
    allDead.destroy();
    expect(dead.deadEpoch).toEqual([1, 1, 0]);
    const elu = createWasmTrainer(modules.simd, { ...CONFIG, bias: -50 }, digits); // ELU'(-50) = 0.5 e^-50 is small, not 0
    expect(elu.epoch().deadEpoch).toEqual([1, 0, 0]);
    elu.destroy();
    const trainer = createWasmTrainer(modules.simd, { ...CONFIG, hidden: relus, learningRate: 0.05 }, digits);
    const reports = Array.from({ length: 4 }, () => trainer.epoch());
    trainer.destroy();
    for (const r of reports) {
      expect(r.deadEpoch).toHaveLength(3);
      expect(r.deadEpoch[2]).toBe(0);
      r.deadEpoch.slice(0, 2).forEach((share, l) => {
        expect(Number.isInteger(share * 32)).toBe(true); // a count of units
        expect(share).toBeLessThanOrEqual(r.dead[l]); // dead on every sample of the epoch => dead on its last batch
      });
    }
    expect(Math.max(...reports.map((r) => r.dead[0] - r.deadEpoch[0]), ...reports.map((r) => r.dead[1] - r.deadEpoch[1]))).toBeGreaterThan(0); // the last batch alone overcounts
  });

  it('refuses bad settings and data with a message naming them, and keeps working', () => {
    const bad = [
      [{ ...CONFIG, learningRate: 0 }, /learning rate = 0 is outside the allowed range/],
      [{ ...CONFIG, learningRate: 'fast' }, /learningRate must be a number, not a string/],
      [{ ...CONFIG, hidden: [{ width: 0, activation: 'relu' }] }, /hidden layer 1 width = 0 is outside the allowed range \[1, 4096\]/],
      [{ ...CONFIG, hidden: [{ width: 8, activation: 'swishy' }] }, /unknown activation 'swishy'/],
      [{ ...CONFIG, optimizer: 'lbfgs' }, /optimizer = 'lbfgs' is unknown \(allowed: sgd, momentum, adam\)/],
      [{ ...CONFIG, speed: 11 }, /unknown key 'speed'/],
    ];
    for (const [config, message] of bad) expect(() => createWasmTrainer(modules.simd, config, digits)).toThrow(message);
    const wrongLabels = { ...digits, train: { ...digits.train, labels: digits.train.labels.map((y) => y + 5) } };
    expect(() => createWasmTrainer(modules.simd, CONFIG, wrongLabels)).toThrow('ActLab: the training set has labels up to 14, so it needs classes >= 15; the network has classes = 10');
    const trainer = createWasmTrainer(modules.simd, CONFIG, digits);
    expect(trainer.epoch().finite).toBe(true);
    trainer.destroy();
  });
});
