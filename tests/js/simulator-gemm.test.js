// The simulator module's gemm export (blocked f32x4 GEMM, nn / tn / nt) against
// a plain triple loop in double, in both builds, on odd shapes that leave
// partial micro-tiles and cross the k, row and column block edges.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSimulatorModule } from '../../web/src/module-loader.js';

const KIND = { nn: 0, tn: 1, nt: 2 };
const U = 2 ** -24; // float32 unit roundoff

// m x n x k: single elements, partial 4 x 8 tiles, exact tiles, and shapes
// past the blocks of 256 (k), 64 (rows) and 512 (columns); k = 0 gives zeros.
const SHAPES = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 1],
  [5, 9, 2],
  [13, 17, 11],
  [37, 29, 65],
  [66, 10, 259],
  [7, 515, 3],
  [2, 3, 0],
];

// n floats from a fixed LCG: uniform in [-1, 1) times 2^e, e in [-3, 3].
function inputs(n, seed) {
  const x = new Float32Array(n);
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) x[i] = (next() * 2 - 1) * 2 ** (Math.floor(next() * 7) - 3);
  return x;
}

// Accessors A(i, p), B(p, j) for the storage each kind uses (all row-major).
function layout(kind, m, n, k) {
  return {
    a: kind === 'tn' ? (x, i, p) => x[p * m + i] : (x, i, p) => x[i * k + p],
    b: kind === 'nt' ? (x, p, j) => x[j * k + p] : (x, p, j) => x[p * n + j],
  };
}

// Reference C in double, the bound sum |A(i,p) B(p,j)| per element, and the
// plain float32 loop ((0 + a0 b0) + a1 b1) + ... that gemm.h promises to match.
function reference(kind, m, n, k, a, b) {
  const at = layout(kind, m, n, k);
  const exact = new Float64Array(m * n);
  const magnitude = new Float64Array(m * n);
  const float32Loop = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let sum = 0;
      let abs = 0;
      let acc = 0;
      for (let p = 0; p < k; p++) {
        const product = at.a(a, i, p) * at.b(b, p, j); // exact in double
        sum += product;
        abs += Math.abs(product);
        acc = Math.fround(acc + Math.fround(product));
      }
      exact[i * n + j] = sum;
      magnitude[i * n + j] = abs;
      float32Loop[i * n + j] = acc;
    }
  return { exact, magnitude, float32Loop };
}

// Runs module.gemm on copies of a and b in the heap; C starts as NaN so an
// element gemm does not write shows up. Returns { ok, c }.
function runGemm(module, kind, m, n, k, a, b) {
  const aAt = module._malloc(Math.max(4, a.byteLength));
  const bAt = module._malloc(Math.max(4, b.byteLength));
  const cAt = module._malloc(Math.max(4, m * n * 4));
  try {
    module.HEAPF32.set(a, aAt >>> 2);
    module.HEAPF32.set(b, bAt >>> 2);
    module.HEAPF32.fill(NaN, cAt >>> 2, (cAt >>> 2) + m * n);
    const ok = module.gemm(KIND[kind], m, n, k, aAt, bAt, cAt);
    return { ok, c: module.HEAPF32.slice(cAt >>> 2, (cAt >>> 2) + m * n) }; // view taken after the call: memory may grow
  } finally {
    [aAt, bAt, cAt].forEach((at) => module._free(at));
  }
}

const CASES = Object.keys(KIND).flatMap((kind) => SHAPES.map(([m, n, k]) => [kind, m, n, k]));

describe.each(['simd', 'scalar'])('simulator gemm export (%s build)', (flavour) => {
  let module;
  beforeAll(async () => {
    module = await loadSimulatorModule(flavour); // in Node: the .wasm bytes handed over as wasmBinary
  });

  it.each(CASES)('%s %i x %i x %i matches a double triple loop', (kind, m, n, k) => {
    const seed = KIND[kind] * 1000 + m * 31 + n * 7 + k;
    const a = inputs(m * k, seed);
    const b = inputs(k * n, seed + 1);
    const { exact, magnitude, float32Loop } = reference(kind, m, n, k, a, b);
    const { ok, c } = runGemm(module, kind, m, n, k, a, b);
    expect(ok).toBe(true);
    let worst = null;
    for (let e = 0; e < m * n; e++) {
      // Recursive float32 summation of k rounded products: |error| <= gamma_k sum|a b| < (k + 1) u sum|a b|.
      const bound = (k + 1) * U * magnitude[e];
      const error = Math.abs(c[e] - exact[e]);
      if (!(error <= bound) && worst === null) worst = `C[${e}] = ${c[e]}, reference ${exact[e]}, bound ${bound}`;
    }
    expect(worst).toBeNull();
    // gemm.h: every element is the plain k-ordered float sum, bit for bit.
    const firstDifference = c.findIndex((v, e) => !Object.is(v, float32Loop[e]));
    expect(firstDifference, `C[${firstDifference}] = ${c[firstDifference]} vs ${float32Loop[firstDifference]}`).toBe(-1);
  });

  it('refuses an unknown kind and leaves C alone', () => {
    const { ok, c } = runGemm(module, 'nn', 2, 2, 2, inputs(4, 1), inputs(4, 2));
    expect(ok).toBe(true);
    const aAt = module._malloc(16);
    const cAt = module._malloc(16);
    try {
      module.HEAPF32.fill(7, cAt >>> 2, (cAt >>> 2) + 4);
      expect(module.gemm(3, 2, 2, 2, aAt, aAt, cAt)).toBe(false);
      expect(Array.from(module.HEAPF32.subarray(cAt >>> 2, (cAt >>> 2) + 4))).toEqual([7, 7, 7, 7]);
    } finally {
      module._free(aAt);
      module._free(cAt);
    }
    expect(c.every(Number.isFinite)).toBe(true);
  });
});
