// Which array types activate accepts, what it returns, and aliasing between x and out.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuild } from './helpers/builds.js';

describe('input and output arrays', () => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild('simd');
  });

  const values = [-2.5, -0.1, 0, 0.3, 1.7, 12.25, 0.1 + 0.2];

  it('returns a new Float32Array of the input length when no out is given', () => {
    const y = lab.activate('tanh', Float32Array.from(values));
    expect(y).toBeInstanceOf(Float32Array);
    expect(y.length).toBe(values.length);
  });

  it('accepts a plain array, a Float64Array and integer typed arrays, rounding to float32 first', () => {
    const reference = lab.activate('gelu', Float32Array.from(values));
    expect(lab.activate('gelu', values)).toEqual(reference);
    expect(lab.activate('gelu', Float64Array.from(values))).toEqual(reference);
    const ints = [-3, 0, 2, 7];
    expect(lab.activate('gelu', Int32Array.from(ints))).toEqual(lab.activate('gelu', Float32Array.from(ints)));
    expect(lab.activate('gelu', Uint8Array.from([0, 200]))).toEqual(lab.activate('gelu', [0, 200]));
  });

  it('writes into out and returns it, leaving x unchanged', () => {
    const x = Float32Array.from(values);
    const copy = x.slice();
    const out = new Float32Array(values.length);
    expect(lab.derivative('silu', x, undefined, out)).toBe(out);
    expect(x).toEqual(copy);
    expect(out).toEqual(lab.derivative('silu', copy));
  });

  it('handles out overlapping x (shifted views of one buffer)', () => {
    const buffer = Float32Array.from([...values, 0]);
    const want = lab.activate('sigmoid', buffer.subarray(0, values.length));
    lab.activate('sigmoid', buffer.subarray(0, values.length), {}, buffer.subarray(1));
    expect(buffer.subarray(1)).toEqual(want);
  });

  it('keeps NaN, infinities and signed zeros meaningful', () => {
    const y = lab.activate('relu', [NaN, Infinity, -Infinity, -0, 0]);
    expect(Number.isNaN(y[0])).toBe(true);
    expect([...y.subarray(1)]).toEqual([Infinity, 0, -0, 0]); // relu(-0) is -0, as in PyTorch
    expect(Object.is(lab.activate('identity', [-0])[0], -0)).toBe(true);
  });
});
