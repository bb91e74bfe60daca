// Every kernel gives the same bits whatever the array length (SIMD bodies and
// scalar tails), the offset of the input, and when computing in place.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { mixedInputs } from './helpers/inputs.js';
import { firstBitDifference, sameValue } from './helpers/tolerance.js';

const SMALL_SIZES = [0, 1, 3, 4, 5, 7, 8];
const LARGE = 1000003;

describe.each(BUILDS)('sizes and in-place (%s build)', (build) => {
  let lab;
  const base = mixedInputs(LARGE);
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  describe.each(['activate', 'derivative'])('%s', (call) => {
    it('gives the same bits for lengths 0, 1, 3, 4, 5, 7, 8 and 1000003, at any offset, and in place', () => {
      for (const { id } of lab.catalog.activations) {
        const full = lab[call](id, base);
        expect(full.length).toBe(LARGE);
        for (const n of SMALL_SIZES) {
          for (const offset of [0, 1, 2, 3, 999990]) {
            const part = lab[call](id, base.subarray(offset, offset + n));
            expect(part.length, `${id} n=${n}`).toBe(n);
            expect(firstBitDifference(part, full.subarray(offset, offset + n)), `${id} n=${n} offset=${offset}`).toBe(-1);
          }
        }
        const inPlace = base.slice();
        expect(lab[call](id, inPlace, undefined, inPlace)).toBe(inPlace);
        expect(firstBitDifference(inPlace, full), `${id} in place`).toBe(-1);
      }
    });
  });

  it('backward of elementwise activations works for every length and in place', () => {
    const upstream = mixedInputs(LARGE, 7).map((v) => (Number.isFinite(v) ? v / 40 : 0.5));
    for (const { id } of lab.catalog.activations) {
      const full = lab.backward(id, base, upstream);
      for (const n of SMALL_SIZES) {
        const part = lab.backward(id, base.subarray(3, 3 + n), upstream.subarray(3, 3 + n));
        expect(firstBitDifference(part, full.subarray(3, 3 + n)), `${id} n=${n}`).toBe(-1);
      }
      const inPlace = base.slice();
      expect(lab.backward(id, inPlace, upstream, undefined, inPlace)).toBe(inPlace);
      expect(firstBitDifference(inPlace, full), `${id} in place`).toBe(-1);
    }
  });

  it.each(['softmax', 'log_softmax'])('%s gives the same bits per row whatever the row count, and in place', (id) => {
    for (const cols of SMALL_SIZES.filter((n) => n > 0)) {
      const rows = 5;
      const x = mixedInputs(rows * cols, cols).map((v) => (Number.isFinite(v) ? v : 1));
      const together = lab.activate(id, x, { rowLength: cols });
      for (let r = 0; r < rows; r++) {
        const alone = lab.activate(id, x.subarray(r * cols, (r + 1) * cols));
        expect(firstBitDifference(alone, together.subarray(r * cols, (r + 1) * cols)), `cols=${cols}`).toBe(-1);
      }
      const inPlace = x.slice();
      lab.activate(id, inPlace, { rowLength: cols }, inPlace);
      expect(firstBitDifference(inPlace, together)).toBe(-1);
    }
  });

  it('softmax of one row of 1000003 values sums to 1', () => {
    const x = base.map((v) => (Number.isFinite(v) ? v / 4 : 0));
    const y = lab.activate('softmax', x);
    let sum = 0;
    for (const v of y) sum += v;
    expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
  });

  it('maxout equals the group maximum (NaN if the group has one) for every group count and size', () => {
    for (const k of [1, 2, 3, 4, 5, 8]) {
      for (const groups of [...SMALL_SIZES, LARGE >> 3]) {
        const x = base.subarray(1, 1 + groups * k);
        const y = lab.activate('maxout', x, { pieces: k });
        expect(y.length).toBe(groups);
        for (let g = 0; g < groups; g++) {
          const group = [...x.subarray(g * k, (g + 1) * k)];
          const want = group.some(Number.isNaN) ? NaN : Math.max(...group);
          if (!sameValue(y[g], want)) expect.fail(`k=${k} group ${g}: ${y[g]} vs ${want} (${group})`);
        }
      }
    }
  });

  it('n = 0 works for every operation, forward and backward', () => {
    const empty = new Float32Array(0);
    for (const { id } of lab.catalog.activations) {
      expect(lab.activate(id, empty).length).toBe(0);
      expect(lab.derivative(id, []).length).toBe(0);
      expect(lab.backward(id, empty, empty).length).toBe(0);
    }
    for (const [id, params] of [['softmax', {}], ['log_softmax', { rowLength: 4 }], ['maxout', { pieces: 3 }]]) {
      expect(lab.activate(id, empty, params).length).toBe(0);
      expect(lab.backward(id, empty, empty, params).length).toBe(0);
    }
    expect(lab.activate('prelu', empty, { alpha: [0.1, 0.2] }).length).toBe(0);
  });
});
