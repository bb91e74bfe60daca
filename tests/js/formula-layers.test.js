// Formula activations through the public API (simulate, createTrainer) and
// the simulator module: the same bits in the SIMD and the scalar build, the
// catalogue's bits when the formula is a catalogue call, the mean-field
// numbers, and a bad formula refused with the compiler's message and column.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTrainer, simulate } from '../../web/src/api/index.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';

const MISH = { id: 'formula', formula: 'x * tanh(softplus(a * x)); a in [0.5, 2] = 1', params: [1.5] };
const STACK = { inputWidth: 32, depth: 8, width: 32, batch: 16, seed: 4, init: 'xavier_normal' };
const TOY = { toy: { name: 'moons', count: 200, noise: 0.1, seed: 2 } };
const MLP = (activation) => ({ inputWidth: 2, classes: 2, hidden: [{ width: 12, activation }], optimizer: 'adam', learningRate: 0.02, batch: 16, seed: 5 });

let modules;
beforeAll(async () => {
  const [simd, scalar] = await Promise.all([loadSimulatorModule('simd'), loadSimulatorModule('scalar')]);
  modules = { simd, scalar };
});

// Two epochs' reports and the predictions at a few points, of a trainer on the moons.
async function trained(config, simd) {
  const trainer = await createTrainer(config, TOY, { simd });
  const reports = [await trainer.epoch(), await trainer.epoch()];
  const predictions = Array.from(await trainer.predict([0, 0, 1, -0.5, -1, 1]));
  trainer.destroy();
  return { reports, predictions };
}

describe('a formula activation in the simulator', () => {
  it('runs with the same bits in the SIMD and the scalar build, as the default and as a layer override', async () => {
    const config = { ...STACK, activation: MISH, layers: [{ layer: 3, id: 'formula', formula: 'where(x > 0, x, 0.1 * x)' }] };
    const [simd, scalar] = await Promise.all([simulate(config, { simd: true }), simulate(config, { simd: false })]);
    expect(simd.bitsHash).toMatch(/^[0-9a-f]{16}$/);
    expect(scalar.bitsHash).toBe(simd.bitsHash);
    expect(scalar.layers.map((l) => l.gradWNorm)).toEqual(simd.layers.map((l) => l.gradWNorm));
    expect(simd.layers.every((l) => Number.isFinite(l.gradWNorm) && l.gradWNorm > 0)).toBe(true);
    // The parameter's value matters.
    const other = await simulate({ ...config, activation: { ...MISH, params: [0.5] } });
    expect(other.bitsHash).not.toBe(simd.bitsHash);
  });

  it('has the catalogue kernel\'s bits and mean-field numbers when it is a catalogue call', async () => {
    const [formula, catalogue] = await Promise.all([
      simulate({ ...STACK, activation: { id: 'formula', formula: 'tanh(x)' } }),
      simulate({ ...STACK, activation: 'tanh' }),
    ]);
    expect(formula.bitsHash).toBe(catalogue.bitsHash);
    expect(formula.meanField).not.toBeNull();
    expect(formula.meanField).toEqual(catalogue.meanField);
  });

  it('gives the phase diagram\'s theory (the module\'s mean-field entry) in both builds', () => {
    const request = (activation) => JSON.stringify({ activation, sigmaW2: [0.5, 1.5, 3], sigmaB2: [0, 0.05], criticalB2: [0.05] });
    const texts = ['simd', 'scalar'].map((flavour) => modules[flavour].meanFieldJson(request({ id: 'formula', formula: 'tanh(x)' })));
    expect(JSON.parse(texts[0]).ok).toBe(true);
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).toBe(modules.simd.meanFieldJson(request('tanh')));
    expect(JSON.parse(modules.simd.meanFieldJson(request(MISH))).points).toHaveLength(6);
  });

  it('refuses a bad formula with the compiler\'s message and its column, a RangeError', async () => {
    await expect(simulate({ ...STACK, activation: { id: 'formula', formula: 'x * sigmod(x)' } }))
      .rejects.toThrow(/^ActLab: activation: formula: unknown name 'sigmod' at column 5; did you mean sigmoid\?$/);
    await expect(simulate({ ...STACK, layers: [{ layer: 2, id: 'formula', formula: 'x * sigmod(x)' }] }))
      .rejects.toThrow(/^ActLab: layer 2: formula: unknown name 'sigmod' at column 5/);
    await expect(simulate({ ...STACK, activation: { id: 'formula', formula: 'x * sigmod(x)' } })).rejects.toBeInstanceOf(RangeError);
    await expect(simulate({ ...STACK, activation: { id: 'relu', formula: 'x' } })).rejects.toThrow(/"formula" is only for id "formula"/);
    await expect(simulate({ ...STACK, activation: { ...MISH, params: [9] } })).rejects.toThrow(/a = 9/);
    await expect(simulate({ ...STACK, activation: { ...MISH, params: [1, 2] } })).rejects.toThrow(/declares 1 parameter\(s\) \(a\); params has 2/);
    await expect(simulate({ ...STACK, activation: { ...MISH, params: [NaN] } })).rejects.toThrow(TypeError);
  });
});

describe('a formula activation in the trainer', () => {
  it('trains with the same bits in the SIMD and the scalar build', async () => {
    const [simd, scalar] = await Promise.all([trained(MLP(MISH), true), trained(MLP(MISH), false)]);
    expect(simd.reports[1].finite).toBe(true);
    expect(scalar).toEqual(simd);
  });

  it('trains as the catalogue kernel when it is a catalogue call, in hidden layers and act specs', async () => {
    const catalogue = await trained(MLP('tanh'), true);
    expect(await trained(MLP({ id: 'formula', formula: 'tanh(x)' }), true)).toEqual(catalogue);
    const { hidden, ...spec } = { ...MLP('tanh'), layers: [{ dense: 12 }, { act: { id: 'formula', formula: 'tanh(x)' } }] };
    expect(hidden).toHaveLength(1);
    expect(await trained(spec, false)).toEqual(catalogue);
  });

  it('refuses a bad formula with the compiler\'s message and its column', async () => {
    await expect(createTrainer(MLP({ id: 'formula', formula: 'x * sigmod(x)' }), TOY))
      .rejects.toThrow(/hidden layer 1: formula: unknown name 'sigmod' at column 5/);
    await expect(createTrainer({ ...MLP('relu'), hidden: [], layers: [{ dense: 4 }, { act: { id: 'formula', formula: 'x +' } }] }, TOY))
      .rejects.toThrow(/^ActLab: layer 2 \(formula\): formula: .* at column 4/);
  });
});
