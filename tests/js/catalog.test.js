// lab.catalog: ids, parameters and accuracy claims read from the wasm module.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { elementwiseFixture } from './helpers/fixtures.js';

describe('catalog', () => {
  let simd;
  let scalar;
  beforeAll(async () => {
    [simd, scalar] = await Promise.all(BUILDS.map(loadBuild));
  });

  it('has exactly the activation ids of the PyTorch fixture', () => {
    const fixtureIds = [...new Set(elementwiseFixture().map((row) => row.id))].sort();
    expect(simd.catalog.activations.map((a) => a.id).sort()).toEqual(fixtureIds);
  });

  it('has unique ids, each with a display name', () => {
    const ids = simd.catalog.activations.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of simd.catalog.activations) expect(a.name).toMatch(/\S/);
  });

  it('lists the row operations softmax, softmin, log_softmax and maxout', () => {
    expect(simd.catalog.rowOperations).toEqual(['softmax', 'softmin', 'log_softmax', 'maxout']);
  });

  it('puts every parameter default within its [min, max] range', () => {
    for (const a of simd.catalog.activations) {
      for (const p of a.params) {
        expect(typeof p.name).toBe('string');
        expect(p.min, `${a.id}.${p.name}`).toBeLessThanOrEqual(p.default);
        expect(p.default, `${a.id}.${p.name}`).toBeLessThanOrEqual(p.max);
      }
    }
  });

  it('gives the PyTorch defaults for parameterised activations', () => {
    const defaults = Object.fromEntries(
      simd.catalog.activations.map((a) => [a.id, Object.fromEntries(a.params.map((p) => [p.name, p.default]))]),
    );
    expect(defaults.leaky_relu.negative_slope).toBe(0.01);
    expect(defaults.prelu.alpha).toBe(0.25);
    expect(defaults.elu).toEqual({ alpha: 1 });
    expect(defaults.softplus).toEqual({ beta: 1, threshold: 20 });
    expect(defaults.hardtanh).toEqual({ min_val: -1, max_val: 1 });
    expect(defaults.hardshrink).toEqual({ lambd: 0.5 });
    expect(defaults.softshrink).toEqual({ lambd: 0.5 });
    expect(defaults.threshold).toEqual({ threshold: 0, value: 0 });
    expect(defaults.rrelu).toEqual({ lower: 0.125, upper: 0.33333334 }); // the shortest decimal of float32(1/3)
    expect(defaults.xielu).toEqual({ alpha_p: 0.8, alpha_n: 0.8, beta: 0.5 });
    expect(defaults.tanhshrink).toEqual({});
    expect(defaults.quick_gelu).toEqual({});
    expect(defaults.squared_relu).toEqual({});
  });

  it('states a positive ULP bound for every forward and derivative kernel', () => {
    for (const a of simd.catalog.activations) {
      expect(a.forwardUlp).toBeGreaterThan(0);
      expect(a.derivativeUlp).toBeGreaterThan(0);
      expect(typeof a.derivativeCrossesZero).toBe('boolean');
    }
  });

  it('is deeply frozen plain data', () => {
    const c = simd.catalog;
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.activations)).toBe(true);
    expect(Object.isFrozen(c.activations[4].params[0])).toBe(true);
    expect(() => {
      c.activations[0].id = 'changed';
    }).toThrow(TypeError);
    expect(JSON.parse(JSON.stringify(c))).toEqual(c);
  });

  it('is the same in the SIMD and scalar builds', () => {
    expect(scalar.catalog).toEqual(simd.catalog);
  });
});
