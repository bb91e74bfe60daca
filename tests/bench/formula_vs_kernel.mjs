// `node tests/bench/formula_vs_kernel.mjs`: what a typed formula costs.
// Mish written out, x * tanh(softplus(x)), compiled by the formula engine,
// against the catalogue's mish kernel and a hand-written JavaScript loop, on
// 1M float32 values resident in the heap (SIMD and scalar builds), f and f'.
// Side by side in rounds (every contender once per round, rotating order):
// rates are medians over rounds, ratios medians of the within-round ratios.
// --runs <n> sets the rounds (at least 11).
import { loadWasmModule } from '../../web/src/module-loader.js';
import { readCatalog } from '../../web/src/catalog.js';
import { formatRate, markdownTable, melemPerSecond, timeRounds } from './timing.mjs';

const N = 1 << 20;
const FORMULA = 'x * tanh(softplus(x))';

// Inputs spread over [-10, 10] from a fixed LCG (the kernel benchmark's range).
function benchInputs(n) {
  const x = new Float32Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = (state / 2 ** 32) * 20 - 10;
  }
  return x;
}

// Mish by hand: softplus as max(v, 0) + log1p(exp(-|v|)), so it never overflows.
function jsMish(x, y) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    y[i] = v * Math.tanh(Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
  }
}
// Mish' by hand: tanh(sp) + v * sigmoid(v) * (1 - tanh(sp)^2).
function jsMishDerivative(x, y) {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = Math.tanh(Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    y[i] = t + (v * (1 - t * t)) / (1 + Math.exp(-v));
  }
}

// One build with x and y resident: runners for the compiled formula and the catalogue kernel.
async function buildContenders(flavour, x) {
  const module = await loadWasmModule(flavour);
  const compiled = JSON.parse(module.formulaCompile(FORMULA));
  if (!compiled.ok) throw new Error(`${FORMULA}: ${compiled.error.message}`);
  const mish = readCatalog(module).activations.findIndex((a) => a.id === 'mish');
  const [xAt, yAt, paramsAt] = [module._malloc(x.byteLength), module._malloc(x.byteLength), module._malloc(16)];
  module.HEAPF32.set(x, xAt >>> 2);
  const formula = (derivative) => () => {
    const problem = module.formulaEvaluate(compiled.id, derivative, xAt, yAt, N, 0);
    if (problem) throw new Error(problem);
  };
  const kernel = (derivative) => () => module.elementwise(mish, derivative, xAt, yAt, N, paramsAt);
  const result = () => module.HEAPF32.slice(yAt >>> 2, (yAt >>> 2) + N);
  return { formula, kernel, result, instructions: compiled.instructions };
}

async function main() {
  const at = process.argv.indexOf('--runs');
  const rounds = Math.max(11, at > 0 ? Number(process.argv[at + 1]) | 0 : 21) | 1;
  const x = benchInputs(N);
  const y = new Float32Array(N);
  const [simd, scalar] = await Promise.all([buildContenders('simd', x), buildContenders('scalar', x)]);

  // The contenders compute the same function: the formula within a few ULP of the kernel (in absolute
  // terms where mish' crosses zero, near x = -1.19).
  for (const derivative of [false, true]) {
    simd.kernel(derivative)();
    const want = simd.result();
    simd.formula(derivative)();
    const got = simd.result();
    let worst = 0;
    for (let i = 0; i < N; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(Math.abs(want[i]), 1));
    if (!(worst < 1e-5)) throw new Error(`formula and kernel differ by ${worst} (${derivative ? "f'" : 'f'})`);
  }

  const rows = [];
  for (const derivative of [false, true]) {
    const t = timeRounds(
      {
        formula: simd.formula(derivative),
        kernel: simd.kernel(derivative),
        formulaScalar: scalar.formula(derivative),
        kernelScalar: scalar.kernel(derivative),
        js: () => (derivative ? jsMishDerivative : jsMish)(x, y),
      },
      { rounds, warmup: 3 },
    );
    const rate = (name) => formatRate(melemPerSecond(N, t.ms[name]));
    rows.push([
      derivative ? "mish' (AD)" : 'mish',
      rate('formula'), rate('kernel'), rate('formulaScalar'), rate('kernelScalar'), rate('js'),
      `${(100 / t.ratio('kernel', 'formula')).toFixed(0)} %`,
      `${t.ratio('formula', 'js').toFixed(2)}x`,
    ]);
  }
  console.log(`\`${FORMULA}\` (${simd.instructions} instructions), ${N} floats in [-10, 10], medians of ${rounds} rounds, M elements/s:\n`);
  console.log(
    markdownTable(
      ['', 'formula SIMD', 'mish kernel SIMD', 'formula scalar', 'mish kernel scalar', 'JS loop', 'formula / kernel (SIMD)', 'formula SIMD vs JS'],
      rows,
    ),
  );
}

await main();
