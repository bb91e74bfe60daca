// The phase diagram's work (web/src/simulator/run-phase.js) on the real simulator module in Node:
// the coarse-to-fine order, the configs, the reduction, a small grid against mean-field theory,
// a stop between points; the painted cells (phase-diagram.js) and the comparison runs (variantsFor).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { PHASE_DEFAULTS, axis, coarseToFine, phaseConfig, phaseInPieces, reducePoint } from '../../web/src/simulator/run-phase.js';
import { paintedCells } from '../../web/src/gradients/phase-diagram.js';
import { GRADIENT_SETTINGS, variantsFor } from '../../web/src/gradients/gradient-settings.js';

let simulator;
beforeAll(async () => { simulator = await loadSimulatorModule('simd'); });

// A worker job that runs every slice at once; stopAfter: stop once that many progress reports came.
function fakeJob({ stopAfter = Infinity } = {}) {
  const job = {
    reports: [],
    progress(info) { job.reports.push(structuredClone(info)); },
    async slices(work) {
      if (job.reports.length >= stopAfter) return false;
      while (!work(1 << 24));
      return true;
    },
  };
  return job;
}

describe('coarse-to-fine order', () => {
  it.each([[24], [5], [1]])('n = %i: visits each point of the n x n grid once, coarse strides first', (n) => {
    const order = coarseToFine(n);
    expect(order.length).toBe(n * n);
    expect(new Set(order.map((p) => p.i * n + p.j)).size).toBe(n * n);
    const strides = order.map((p) => p.stride);
    expect(strides).toEqual([...strides].sort((a, b) => b - a));
    for (const p of order) expect(p.i % p.stride === 0 && p.j % p.stride === 0).toBe(true);
  });

  it('paints every cell from the finest point so far, so a coarse start already covers the grid', () => {
    const n = 24, order = coarseToFine(n);
    const coarse = order.filter((p) => p.stride === 8);
    const cells = paintedCells(coarse, n);
    expect(coarse.length).toBe(9);
    expect(cells.every(Boolean)).toBe(true);
    const all = paintedCells(order, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect([all[i * n + j].i, all[i * n + j].j]).toEqual([i, j]);
  });
});

describe('one point', () => {
  it('is a LeCun normal stack with gain sqrt(sigma_w^2), bias std sqrt(sigma_b^2), pairs, and no dW or Jacobian', () => {
    const config = phaseConfig({ ...PHASE_DEFAULTS, activation: 'tanh' }, 2.25, 0.09);
    expect(config).toMatchObject({ init: 'lecun_normal', gain: 1.5, biasStd: 0.3, pairs: true, weightGradients: false, jacobian: false, depth: 30, width: 128 });
    const result = JSON.parse(simulator.simulateJson(JSON.stringify(config)));
    expect(result.meanField.sigmaW2).toBeCloseTo(2.25, 12);
    expect(result.meanField.sigmaB2).toBeCloseTo(0.09, 12);
    const { growth, corr } = reducePoint(result);
    expect(growth).toBeCloseTo(Math.log(result.layers[0].gradARms / result.layers[29].gradARms) / 29, 12);
    expect(corr).toBe(result.layers[29].zPairCorrelation);
  });

  it('turns a refusal into NaN with the reason', () => {
    expect(reducePoint({ ok: false, error: 'width = 0 ...' })).toEqual({ growth: NaN, corr: NaN, error: 'width = 0 ...' });
  });
});

describe('a small grid', () => {
  const request = { ...PHASE_DEFAULTS, activation: 'tanh', size: 4, depth: 24, width: 96, batch: 8 };

  it('measures growth within 0.03 of ln(chi_1) / 2 and finds the critical line, in two parts that together cover it', async () => {
    const parts = await Promise.all([0, 1].map((part) => phaseInPieces(simulator, { ...request, part, parts: 2 }, fakeJob())));
    const theory = new Map(parts.flatMap((p) => p.theory).map((row) => [row.j, row]));
    const points = parts.flatMap((p) => p.points);
    expect(theory.size).toBe(4);
    expect(points.length).toBe(16);
    expect(new Set(points.map((p) => p.i * 4 + p.j)).size).toBe(16);
    for (const p of points) {
      const chi1 = theory.get(p.j).points[p.i].chi1;
      expect(Math.abs(p.growth - Math.log(chi1) / 2), `(${p.i}, ${p.j})`).toBeLessThan(0.03);
    }
    expect(theory.get(0).critical.sigmaW2).toBeCloseTo(1, 4); // tanh at sigma_b^2 = 0: sigma_w^2 = 1 (q* -> 0 there, so the bisection sees chi_1 to about 3e-5)
    const sb2 = axis(request.sb2, 4);
    for (const [j, row] of theory) expect(row.points[0].sigmaB2).toBeCloseTo(sb2[j], 8); // the engine writes 9 digits
  });

  it('gives a formula that calls tanh the bits of tanh itself (theory and measured points)', async () => {
    const small = { ...request, size: 2, depth: 8, width: 32 };
    const [catalogue, formula] = await Promise.all([small, { ...small, activation: { id: 'formula', formula: 'tanh(x)' } }]
      .map((r) => phaseInPieces(simulator, r, fakeJob())));
    expect(formula.points).toEqual(catalogue.points);
    expect(formula.theory).toEqual(catalogue.theory);
    const written = await phaseInPieces(simulator, { ...small, activation: { id: 'formula', formula: '(exp(2*x) - 1) / (exp(2*x) + 1)' } }, fakeJob());
    for (const [k, p] of written.points.entries()) expect(Math.abs(p.growth - catalogue.points[k].growth)).toBeLessThan(1e-3);
  });

  it('stops between pieces, returning nothing half done', async () => {
    const job = fakeJob({ stopAfter: 6 });
    expect(await phaseInPieces(simulator, request, job)).toBeNull();
    expect(job.reports.length).toBe(6);
    expect(job.reports.at(-1).fraction).toBeLessThan(1);
  });
});

describe('comparison runs (gvs)', () => {
  const DEFAULTS = Object.fromEntries(GRADIENT_SETTINGS.map((s) => [s.key, s.default]));
  it.each([
    ['noSkip', { gskip: 2, gnorm: 'layernorm', gnormat: 'pre_residual' }, [{ residualEvery: 0, normPlacement: 'before_activation' }]],
    ['noNorm', { gnorm: 'batchnorm' }, [{ norm: 'none' }]],
    ['noDropout', { gdrop: 0.2 }, [{ dropout: 0 }]],
    ['otherPlacement', { gnorm: 'layernorm', gnormat: 'post_residual', gskip: 1 }, [{ normPlacement: 'pre_residual' }]],
    ['otherDropout', { gdrop: 0.1, gdropkind: 'alphadropout' }, [{ dropoutKind: 'dropout' }]],
    ['edge', { ginit: 'lecun_normal', ggain: 2 }, [{ gain: Math.SQRT2 }, { gain: 2 * Math.SQRT2 }]],
  ])('%s changes only its remedy', (gvs, state, overrides) => {
    const variants = variantsFor({ ...DEFAULTS, ...state, gvs });
    expect(variants.map((v) => v.overrides)).toEqual(overrides.map((o) => expect.objectContaining(o)));
  });

  it('gives nothing to compare when the remedy is off', () => {
    for (const gvs of ['noSkip', 'noNorm', 'noDropout', 'otherPlacement', 'otherDropout']) expect(variantsFor({ ...DEFAULTS, gvs })).toEqual([]);
    expect(variantsFor({ ...DEFAULTS, gvs: 'edge', ginit: 'constant' })).toEqual([]);
  });
});
