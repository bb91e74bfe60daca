// lab.formula in the wasm builds: a typed activation compiles in C++, runs
// with the same bits in the SIMD and scalar builds, matches the catalogue
// function it spells, and a refusal says where and why.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { FormulaError } from '../../web/src/api/index.js';

let simd, scalar;
const xs = Float32Array.from({ length: 4001 }, (_, i) => -20 + i * 0.01);

beforeAll(async () => {
  [simd, scalar] = await Promise.all([loadActLab({ simd: true }), loadActLab({ simd: false })]);
});

// Bit patterns, NaNs counted equal.
const bitsOf = (values) => Array.from(new Uint32Array(Float32Array.from(values, (v) => (Number.isNaN(v) ? NaN : v)).buffer));

describe('lab.formula', () => {
  it('gives the same bits in the SIMD and the scalar build, f and f\'', () => {
    for (const text of ['x * tanh(softplus(x))', 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1', 'where(x > 0, x^2, erf(x) * exp(x / 3))', 'log1p(abs(x)) - sqrt(1 + x^2)']) {
      const [a, b] = [simd.formula(text), scalar.formula(text)];
      expect(bitsOf(a.activate(xs))).toEqual(bitsOf(b.activate(xs)));
      expect(bitsOf(a.derivative(xs))).toEqual(bitsOf(b.derivative(xs)));
      a.destroy(), b.destroy();
    }
  });

  it('written out as Mish, stays within a few ULPs of the catalogue kernel, and its twin is the catalogue\'s reference', () => {
    const mish = simd.formula('x * tanh(softplus(x))');
    const f = mish.activate(xs), kernel = simd.activate('mish', xs);
    const { f: twin } = mish.reference(xs);
    for (let i = 0; i < xs.length; i++) {
      const ulp = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(twin[i]), 2 ** -126))) - 23);
      expect(Math.abs(f[i] - twin[i]) / ulp).toBeLessThanOrEqual(4);
      expect(Math.abs(kernel[i] - twin[i]) / ulp).toBeLessThanOrEqual(4);
    }
    mish.destroy();
  });

  it('takes parameter values by name and checks them against the declared range', () => {
    const elu = simd.formula('where(x > 0, x, a * expm1(x)); a in [0, 5] = 1');
    expect(elu.params).toEqual([{ name: 'a', min: 0, max: 5, value: 1 }]);
    expect(Array.from(elu.activate([-1, 2], { a: 2 }))).toEqual([Math.fround(2 * Math.fround(Math.expm1(-1))), 2]);
    expect(() => elu.activate([1], { a: 7 })).toThrow(new RangeError('ActLab formula.activate: a = 7 is outside its range [0, 5]'));
    expect(() => elu.activate([1], { b: 1 })).toThrow(/unknown parameter "b" \(declared: a\)/);
    expect(() => elu.activate([1], { a: '2' })).toThrow(TypeError);
    elu.destroy();
    expect(() => elu.activate([1])).toThrow(/destroyed/);
  });

  it('refuses a formula with a FormulaError that names the problem and its column', () => {
    const refusal = (text) => {
      try {
        simd.formula(text);
      } catch (error) {
        return error;
      }
      throw new Error(`${text} was accepted`);
    };
    const typo = refusal('x * sigmod(x)');
    expect(typo).toBeInstanceOf(FormulaError);
    expect(typo.message).toBe("ActLab: unknown name 'sigmod' at column 5; did you mean sigmoid?");
    expect(typo.column).toBe(5);
    expect(refusal('<img src=x onerror=alert(1)>').column).toBe(1);
    expect(refusal('x'.repeat(1001)).message).toMatch(/limit is 1000/);
    expect(() => simd.formula(42)).toThrow(TypeError);
  });
});
