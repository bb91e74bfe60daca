// The formula engine through its embind binding (cpp/bindings/formula_bindings.cpp),
// in the real .wasm builds: compile to JSON, errors with columns, evaluation
// over heap arrays, parameter ranges, the same bits from both builds.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWasmModule } from '../../web/src/module-loader.js';
import { readCatalog } from '../../web/src/catalog.js';

const BUILDS = ['simd', 'scalar'];

// Runs program id over xs in module: f or f' as a Float32Array, or the refusal text.
function run(module, id, derivative, xs, values) {
  const n = xs.length;
  const [xAt, yAt] = [module._malloc(4 * n), module._malloc(4 * n)];
  const valuesAt = values ? module._malloc(4 * values.length) : 0;
  try {
    module.HEAPF32.set(xs, xAt >>> 2);
    if (values) module.HEAPF32.set(values, valuesAt >>> 2);
    const problem = module.formulaEvaluate(id, derivative, xAt, yAt, n, valuesAt);
    return problem || module.HEAPF32.slice(yAt >>> 2, (yAt >>> 2) + n);
  } finally {
    module._free(xAt);
    module._free(yAt);
    if (valuesAt) module._free(valuesAt);
  }
}

// n inputs spread over [-12, 12] with an irregular step (not a multiple of four).
function inputs(n) {
  return Float32Array.from({ length: n }, (_, i) => -12 + (24 * i) / (n - 1));
}

describe('formula binding', () => {
  const modules = {};
  beforeAll(async () => {
    for (const build of BUILDS) modules[build] = await loadWasmModule(build);
  });

  it('compiles to JSON with an id and the declared parameters', () => {
    const out = JSON.parse(modules.simd.formulaCompile('where(x > 0, x, a * expm1(x)); a in [0, 5] = 1.5'));
    expect(out.ok).toBe(true);
    expect(out.id).toBeGreaterThan(0);
    expect(out.params).toEqual([{ name: 'a', min: 0, max: 5, default: 1.5 }]);
    expect(out.instructions).toBeGreaterThan(3);
    expect(modules.simd.formulaDestroy(out.id)).toBe(true);
    expect(modules.simd.formulaDestroy(out.id)).toBe(false);
  });

  it('reports errors as message and column, with a suggestion for a misspelt name', () => {
    const out = JSON.parse(modules.simd.formulaCompile('x * sigmod(x)'));
    expect(out.ok).toBe(false);
    expect(out.error.column).toBe(5);
    expect(out.error.message).toContain("'sigmod'");
    expect(out.error.message).toContain('sigmoid');
    const html = JSON.parse(modules.simd.formulaCompile('<script>"alert"</script>'));
    expect(html.ok).toBe(false);
    expect(html.error).toEqual({ message: 'unexpected character \'"\' at column 9', column: 9 });  // the lexer reads all before parsing
  });

  it('computes mish written out within a few ULP of the catalogue kernel, f and f\'', () => {
    const module = modules.simd;
    const { id } = JSON.parse(module.formulaCompile('x * tanh(softplus(x))'));
    const mish = readCatalog(module).activations.findIndex((a) => a.id === 'mish');
    const xs = inputs(1001);
    for (const derivative of [false, true]) {
      const got = run(module, id, derivative, xs);
      const [xAt, yAt] = [module._malloc(4 * xs.length), module._malloc(4 * xs.length)];
      module.HEAPF32.set(xs, xAt >>> 2);
      module.elementwise(mish, derivative, xAt, yAt, xs.length, 0);
      const want = module.HEAPF32.slice(yAt >>> 2, (yAt >>> 2) + xs.length);
      module._free(xAt);
      module._free(yAt);
      for (let i = 0; i < xs.length; i++) expect(Math.abs(got[i] - want[i])).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(want[i])));
    }
    module.formulaDestroy(id);
  });

  it('uses the values passed, refuses values outside their range, and unknown ids', () => {
    const module = modules.simd;
    const { id } = JSON.parse(module.formulaCompile('a * x + b; a in [-2, 2] = 1, b in [-1, 1] = 0'));
    expect(Array.from(run(module, id, false, [3, 0.5]))).toEqual([3, 0.5]);  // defaults
    expect(Array.from(run(module, id, false, [3, 0.5], [2, -1]))).toEqual([5, 0]);
    expect(Array.from(run(module, id, true, [3, 0.5], [2, -1]))).toEqual([2, 2]);
    expect(run(module, id, false, [1], [3, 0])).toMatch(/a = 3 is outside its range \[-2, 2\]/);
    module.formulaDestroy(id);
    expect(run(module, id, false, [1])).toMatch(/no formula with id/);
  });

  it('refuses hostile and random text in wasm with a message and a column, never aborting the module', () => {
    const hostile = [
      '('.repeat(100000), '-'.repeat(999) + 'x', '<script>alert(1)</script>', '1e999', 'x * \u{1F600}', '\u00e9'.repeat(1200),
      '((((', '+-*/^', 'max(x)', 'where(x)', 'elu(x, 1, 2)', 'x; a in [1, 0] = 0', 'x'.padEnd(801, '+x'), '\0', 'sigmoid',
    ];
    let state = 99;
    const random = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const alphabet = 'x()+-*/^,;<>=![]a1.e sigmodtanhwre\u00e9\u{1F600}';
    for (let i = 0; i < 2000; i++) hostile.push(Array.from({ length: Math.floor(random() * 40) }, () => [...alphabet][Math.floor(random() * [...alphabet].length)]).join(''));
    for (const build of BUILDS) {
      let refused = 0;
      for (const text of hostile) {
        const out = JSON.parse(modules[build].formulaCompile(text));
        if (out.ok) {
          modules[build].formulaDestroy(out.id);
          continue;
        }
        ++refused;
        expect(out.error.message.length).toBeGreaterThan(0);
        if (out.error.column > 0) expect(out.error.message).toContain(`column ${out.error.column}`);
        else expect(out.error.message).toMatch(/limit|empty/);
      }
      expect(refused).toBeGreaterThan(1000);
      expect(JSON.parse(modules[build].formulaCompile('x * sigmoid(x)')).ok).toBe(true);  // the module still works
    }
  });

  it('has a double twin that measures the float program in ULPs, as the page would', () => {
    const module = modules.simd;
    const { id } = JSON.parse(module.formulaCompile('x * tanh(softplus(x))'));
    const xs = inputs(2001);
    // The twin's values, the float program's, and the worst error in float32 ULPs of the twin's value.
    const twin = (derivative) => {
      const [xAt, yAt] = [module._malloc(4 * xs.length), module._malloc(8 * xs.length)];
      module.HEAPF32.set(xs, xAt >>> 2);
      expect(module.formulaTwin(id, derivative, xAt, yAt, xs.length, 0)).toBe('');
      const out = module.HEAPF64.slice(yAt >>> 3, (yAt >>> 3) + xs.length);
      module._free(xAt);
      module._free(yAt);
      return out;
    };
    const ulpOf = (v) => 2 ** (Math.max(Math.floor(Math.log2(Math.max(Math.abs(v), 2 ** -126))), -126) - 23);
    const f = run(module, id, false, xs), want = twin(false);
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, Math.abs(f[i] - want[i]) / ulpOf(want[i]));
    expect(worst).toBeGreaterThan(0);  // float32 is not double: the measurement sees something
    expect(worst).toBeLessThanOrEqual(4.5);  // mish's catalogue bound (4 ULP) plus the product's rounding
    const d = run(module, id, true, xs), slope = twin(true);
    for (let i = 0; i < xs.length; i++) expect(Math.abs(d[i] - slope[i])).toBeLessThanOrEqual(3e-7 * Math.max(1, Math.abs(slope[i])));
    // The twin is plain double arithmetic: both builds give the same doubles.
    const other = modules.scalar;
    const otherId = JSON.parse(other.formulaCompile('x * tanh(softplus(x))')).id;
    const [xAt, yAt] = [other._malloc(4 * xs.length), other._malloc(8 * xs.length)];
    other.HEAPF32.set(xs, xAt >>> 2);
    other.formulaTwin(otherId, false, xAt, yAt, xs.length, 0);
    expect(Array.from(other.HEAPF64.slice(yAt >>> 3, (yAt >>> 3) + xs.length))).toEqual(Array.from(want));
    other._free(xAt);
    other._free(yAt);
    expect(module.formulaTwin(12345, false, 0, 0, 0, 0)).toMatch(/no formula with id 12345/);
    module.formulaDestroy(id);
    other.formulaDestroy(otherId);
  });

  it('gives the same bits in the SIMD and scalar builds', () => {
    const xs = inputs(4099);
    for (const formula of ['x * tanh(softplus(x))', 'where(x > 1, sin(x) ^ 2, gelu(x) / (1 + abs(x)))', 'x * sigmoid(1.702 * x) - erf(x) * log1p(x * x)']) {
      const results = BUILDS.map((build) => {
        const { id } = JSON.parse(modules[build].formulaCompile(formula));
        const pair = [false, true].map((derivative) => new Uint32Array(run(modules[build], id, derivative, xs).buffer));
        modules[build].formulaDestroy(id);
        return pair;
      });
      expect(results[0][0]).toEqual(results[1][0]);
      expect(results[0][1]).toEqual(results[1][1]);
    }
  });
});
