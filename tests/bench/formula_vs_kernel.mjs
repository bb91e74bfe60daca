// A formula activation against the catalogue kernel it spells and against
// the same function written by hand in JavaScript: Mish written out,
// x * tanh(softplus(x)), f and f' (forward-mode AD), on 1M floats already in
// the wasm heap, side by side in one process: median ms of rounds and the
// median per-round ratio.
//   node tests/bench/formula_vs_kernel.mjs [--rounds 21]
import { loadWasmModule } from '../../web/src/module-loader.js';
import { readCatalog } from '../../web/src/catalog.js';
import { jsKernels } from './js-kernels.mjs';
import { markdownTable, melemPerSecond, timeRounds, uniformFloats } from './timing.mjs';

const N = 1 << 20;
const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 21;
const FORMULA = 'x * tanh(softplus(x))';
const rows = [];
for (const flavour of ['simd', 'scalar']) {
  const module = await loadWasmModule(flavour);
  const mish = readCatalog(module).activations.findIndex((a) => a.id === 'mish');
  const compiled = JSON.parse(module.formulaCompile(FORMULA));
  const x = Float32Array.from(uniformFloats(N, 5), (v) => 10 * v), y = new Float32Array(N);
  const [xAt, yAt, valuesAt] = [module._malloc(4 * N), module._malloc(4 * N), module._malloc(16)];
  module.HEAPF32.set(x, xAt >>> 2);
  for (const derivative of [false, true]) {
    const js = derivative ? jsKernels.mish.derivative : jsKernels.mish.forward;
    const { ms, ratio } = timeRounds({
      kernel: () => module.elementwise(mish, derivative, xAt, yAt, N, valuesAt),
      formula: () => module.formulaEvaluate(compiled.id, derivative, xAt, yAt, N, valuesAt),
      js: () => js(x, y),
    }, { rounds });
    rows.push([`${FORMULA}${derivative ? ' (f′ by AD)' : ''}, ${flavour}`, melemPerSecond(N, ms.kernel).toFixed(0), melemPerSecond(N, ms.formula).toFixed(0),
      melemPerSecond(N, ms.js).toFixed(0), `${(100 * ratio('formula', 'kernel')).toFixed(0)} %`, `${ratio('formula', 'js').toFixed(2)}x`]);
  }
}
console.log(markdownTable(['case (1M floats)', 'catalogue mish Melem/s', 'formula Melem/s', 'JS loop Melem/s', 'formula / kernel (throughput)', 'formula vs JS'], rows));
