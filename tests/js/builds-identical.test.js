// The scalar build computes exactly the bits of the SIMD build (NaN payloads
// aside) over a large input set, for every operation.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';
import { elementwiseGroups } from './helpers/fixtures.js';
import { goldenInputs } from './helpers/golden.js';
import { mixedInputs } from './helpers/inputs.js';
import { firstBitDifference } from './helpers/tolerance.js';

// Every parameter set the fixture uses (defaults and a second set).
const PARAM_SETS = elementwiseGroups().map((g) => [g.id, g.params, g.paramsText]);

// Describes the first difference between two results, or returns null.
function difference(a, b, x) {
  const i = firstBitDifference(a, b);
  return i < 0 ? null : `index ${i}: x=${x[i]} simd=${a[i]} scalar=${b[i]}`;
}

describe('scalar build is bit-identical to the SIMD build', () => {
  let simd;
  let scalar;
  const x = goldenInputs(); // 2^20 values: scattered bit patterns, then an even grid over [-25, 25]
  const upstream = mixedInputs(x.length, 3).map((v) => (Number.isFinite(v) ? v / 10 : 1));

  beforeAll(async () => {
    [simd, scalar] = await Promise.all([loadBuild('simd'), loadBuild('scalar')]);
    expect(simd.simd).toBe(true);
    expect(scalar.simd).toBe(false);
  });

  it.each(PARAM_SETS)('%s (%s): activate, derivative and backward', (id, params) => {
    for (const call of ['activate', 'derivative']) {
      expect(difference(simd[call](id, x, params), scalar[call](id, x, params), x), call).toBeNull();
    }
    expect(difference(simd.backward(id, x, upstream, params), scalar.backward(id, x, upstream, params), x)).toBeNull();
  });

  it('prelu with per-channel alphas', () => {
    const params = { alpha: [0.25, -0.5, 0, 1, 0.125] };
    const part = x.subarray(0, x.length - (x.length % 5));
    for (const call of ['activate', 'derivative']) {
      expect(difference(simd[call]('prelu', part, params), scalar[call]('prelu', part, params), part)).toBeNull();
    }
  });

  it.each([1, 3, 7, 1000, 1024])('softmax and log_softmax with rows of %i', (cols) => {
    const grid = x.subarray(524288, 524288 + cols * Math.floor(200000 / cols));
    const dy = upstream.subarray(0, grid.length);
    for (const id of ['softmax', 'log_softmax']) {
      const params = { rowLength: cols };
      expect(difference(simd.activate(id, grid, params), scalar.activate(id, grid, params), grid), id).toBeNull();
      expect(difference(simd.backward(id, grid, dy, params), scalar.backward(id, grid, dy, params), grid)).toBeNull();
    }
  });

  it.each([1, 2, 3, 4, 5, 8])('maxout with %i pieces, forward and backward', (k) => {
    const part = x.subarray(0, x.length - (x.length % k));
    const dy = upstream.subarray(0, part.length / k);
    const params = { pieces: k };
    expect(difference(simd.activate('maxout', part, params), scalar.activate('maxout', part, params), part)).toBeNull();
    expect(difference(simd.backward('maxout', part, dy, params), scalar.backward('maxout', part, dy, params), part)).toBeNull();
  });
});
