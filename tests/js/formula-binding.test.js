// The formula engine's embind functions themselves (cpp/bindings/formula_bindings.cpp),
// under what lab.formula (tests/js/formula-api.test.js) does not send them: hostile and
// random text in both wasm builds, values out of range, unknown ids, the double twin.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWasmModule } from '../../web/src/module-loader.js';

const BUILDS = ['simd', 'scalar'];

// Copies floats into module's heap: the address (free it with module._free).
function heapFloats(module, values) {
  const at = module._malloc(4 * Math.max(values.length, 1));
  module.HEAPF32.set(values, at >>> 2);
  return at;
}

// Runs program id over xs with the parameter values: f or f' as a Float32Array, or the refusal text.
function run(module, id, derivative, xs, values) {
  const [xAt, yAt, valuesAt] = [heapFloats(module, xs), module._malloc(4 * xs.length), heapFloats(module, values)];
  try {
    const problem = module.formulaEvaluate(id, derivative, xAt, yAt, xs.length, valuesAt);
    return problem || module.HEAPF32.slice(yAt >>> 2, (yAt >>> 2) + xs.length);
  } finally {
    [xAt, yAt, valuesAt].forEach((at) => module._free(at));
  }
}

describe('formula binding', () => {
  const modules = {};
  beforeAll(async () => {
    for (const build of BUILDS) modules[build] = await loadWasmModule(build);
  });

  it('refuses hostile and random text with a message and a column, never aborting the module', () => {
    const hostile = [
      '('.repeat(100000), '-'.repeat(999) + 'x', '<script>alert(1)</script>', '1e999', 'x * \u{1F600}', '\u00e9'.repeat(1200),
      '((((', '+-*/^', 'max(x)', 'where(x)', 'elu(x, 1, 2)', 'x; a in [1, 0] = 0', 'x'.padEnd(801, '+x'), '\0', 'sigmoid',
    ];
    let state = 99;
    const random = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const alphabet = [...'x()+-*/^,;<>=![]a1.e sigmodtanhwre\u00e9\u{1F600}'];
    for (let i = 0; i < 2000; i++) hostile.push(Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    for (const build of BUILDS) {
      let refused = 0;
      for (const text of hostile) {
        const out = JSON.parse(modules[build].formulaCompile(text));
        if (out.ok) {
          modules[build].formulaDestroy(out.id);
          continue;
        }
        ++refused;
        expect(out.message.length).toBeGreaterThan(0);
        if (out.column > 0) expect(out.message).toContain(`column ${out.column}`);
        else expect(out.message).toMatch(/limit|empty/);
      }
      expect(refused).toBeGreaterThan(1000);
      expect(JSON.parse(modules[build].formulaCompile('x * sigmoid(x)')).ok).toBe(true); // the module still works
    }
    // The length limit counts characters (code points), as the columns do: 600 two-byte letters are 600.
    expect(JSON.parse(modules.simd.formulaCompile('\u00e9'.repeat(600))).message).toBe("unexpected character '\u00e9' at column 1");
  });

  it('uses the values passed, refuses values outside their range, and unknown ids', () => {
    const module = modules.simd;
    const { id, params } = JSON.parse(module.formulaCompile('a * x + b; a in [-2, 2] = 1, b in [-1, 1] = 0'));
    expect(params.map((p) => [p.name, p.min, p.max])).toEqual([['a', -2, 2], ['b', -1, 1]]);
    expect(Array.from(run(module, id, false, [3, 0.5], [2, -1]))).toEqual([5, 0]);
    expect(Array.from(run(module, id, true, [3, 0.5], [2, -1]))).toEqual([2, 2]);
    expect(run(module, id, false, [1], [3, 0])).toMatch(/a = 3 is outside its range \[-2, 2\]/);
    module.formulaDestroy(id);
    expect(run(module, id, false, [1], [1, 0])).toMatch(/no formula/);
  });

  it('has a double twin that measures the float program in ULPs, the same doubles in both builds', () => {
    const xs = Float32Array.from({ length: 2001 }, (_, i) => -12 + (24 * i) / 2000);
    const ulpOf = (v) => 2 ** (Math.max(Math.floor(Math.log2(Math.max(Math.abs(v), 2 ** -126))), -126) - 23);
    const twins = BUILDS.map((build) => {
      const module = modules[build];
      const { id } = JSON.parse(module.formulaCompile('x * tanh(softplus(x))'));
      const [xAt, fAt, dAt] = [heapFloats(module, xs), module._malloc(8 * xs.length), module._malloc(8 * xs.length)];
      expect(module.formulaReference(id, xAt, fAt, dAt, xs.length, 0)).toBe('');
      const twin = { f: module.HEAPF64.slice(fAt >>> 3, (fAt >>> 3) + xs.length), d: module.HEAPF64.slice(dAt >>> 3, (dAt >>> 3) + xs.length) };
      [xAt, fAt, dAt].forEach((at) => module._free(at));
      const f = run(module, id, false, xs, []), d = run(module, id, true, xs, []);
      let worst = 0;
      for (let i = 0; i < xs.length; i++) {
        worst = Math.max(worst, Math.abs(f[i] - twin.f[i]) / ulpOf(twin.f[i]));
        expect(Math.abs(d[i] - twin.d[i])).toBeLessThanOrEqual(3e-7 * Math.max(1, Math.abs(twin.d[i])));
      }
      expect(worst).toBeGreaterThan(0); // float32 is not double: the measurement sees something
      expect(worst).toBeLessThanOrEqual(4.5); // mish's catalogue bound (4 ULP) plus the product's rounding
      module.formulaDestroy(id);
      return twin;
    });
    expect(Array.from(twins[0].f)).toEqual(Array.from(twins[1].f));
    expect(Array.from(twins[0].d)).toEqual(Array.from(twins[1].d));
  });
});
