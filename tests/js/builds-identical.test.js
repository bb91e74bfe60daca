// The scalar build computes exactly the bits of the SIMD build over a large
// input set, for every operation, at every setting of the parameter grids.
// The contract: every non-NaN result has the same bits, -0 included; a NaN
// in one build is a NaN in the other, but its sign and payload are not part
// of the contract (WebAssembly leaves the sign of a NaN that arithmetic
// produces to the engine, so no build could promise it).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';
import { elementwiseGroups, parameterGrid } from './helpers/fixtures.js';
import { GOLDEN_HALF, goldenInputs } from './helpers/golden.js';
import { mixedInputs } from './helpers/inputs.js';
import { firstBitDifference } from './helpers/tolerance.js';

// Every parameter set the fixture uses (defaults and a second set).
const PARAM_SETS = elementwiseGroups().map((g) => [g.id, g.params, g.paramsText]);

// Signed zeros, infinities, NaNs of both signs and several payloads (quiet
// and signalling), the ends of the subnormals and of the finite range.
const EDGE_BITS = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x7fbfffff,
  0xffa00000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff,
];
const EDGES = new Float32Array(new Uint32Array(EDGE_BITS).buffer);

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

  it('edge values (signed zeros, NaNs, infinities, subnormals) at the defaults of every function', () => {
    for (const id of simd.catalog.activations.map((a) => a.id)) {
      for (const call of ['activate', 'derivative']) {
        expect(difference(simd[call](id, EDGES), scalar[call](id, EDGES), EDGES), `${id} ${call}`).toBeNull();
      }
    }
  });

  it('relu and relu6 keep -0 in both builds, as PyTorch', () => {
    for (const lab of [simd, scalar]) {
      for (const id of ['relu', 'relu6', 'leaky_relu', 'rrelu', 'hardtanh', 'identity', 'quick_gelu']) {
        expect(Object.is(lab.activate(id, [-0])[0], -0), `${id} simd=${lab.simd}`).toBe(true);
      }
    }
  });

  it('a NaN input gives a NaN in both builds for every function and its derivative', () => {
    const nans = EDGES.filter((v) => Number.isNaN(v));
    expect(nans.length).toBe(6);
    for (const lab of [simd, scalar]) {
      for (const id of lab.catalog.activations.map((a) => a.id)) {
        for (const call of ['activate', 'derivative']) {
          expect([...lab[call](id, nans)].every(Number.isNaN), `${id} ${call} simd=${lab.simd}`).toBe(true);
        }
      }
    }
  });

  const inputsWithEdges = new Float32Array([...EDGES, ...x.subarray(0, 1 << 18), ...x.subarray(GOLDEN_HALF, GOLDEN_HALF + (1 << 18))]);
  it.each(parameterGrid().map(([id, params]) => [id, JSON.stringify(params), params]))(
    'parameter grid: %s at %s, activate and derivative',
    (id, _, params) => {
      for (const call of ['activate', 'derivative']) {
        const a = simd[call](id, inputsWithEdges, params);
        expect(difference(a, scalar[call](id, inputsWithEdges, params), inputsWithEdges), call).toBeNull();
      }
    },
  );

  it('prelu with per-channel alphas', () => {
    const params = { alpha: [0.25, -0.5, 0, 1, 0.125] };
    const part = x.subarray(0, x.length - (x.length % 5));
    for (const call of ['activate', 'derivative']) {
      expect(difference(simd[call]('prelu', part, params), scalar[call]('prelu', part, params), part)).toBeNull();
    }
  });

  it.each([1, 3, 7, 1000, 1024])('softmax, softmin and log_softmax with rows of %i', (cols) => {
    const grid = x.subarray(524288, 524288 + cols * Math.floor(200000 / cols));
    const dy = upstream.subarray(0, grid.length);
    for (const id of ['softmax', 'softmin', 'log_softmax']) {
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
