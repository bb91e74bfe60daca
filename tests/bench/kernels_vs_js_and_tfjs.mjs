// `npm run bench`: throughput of ActLab's wasm kernels (SIMD and scalar
// builds) against plain JavaScript loops and TensorFlow.js's wasm backend,
// side by side in one Node process, on 1M float32 values already resident.
// Prints a markdown table; --md <file> also writes it to a file;
// --runs <n> sets the timed runs per row (median reported, at least 21).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { readCatalog } from '../../web/src/catalog.js';
import { loadWasmModule } from '../../web/src/module-loader.js';
import { jsKernels, jsSoftmax } from './js-kernels.mjs';
import { startTfjsWasm, tfjsOps } from './tfjs-wasm.mjs';
import { formatRate, formatRatio, markdownTable, medianMs, melemPerSecond } from './timing.mjs';

const N = 1 << 20;
const SOFTMAX_COLS = 1000;
const SOFTMAX_N = 1000 * SOFTMAX_COLS;
const MEMCPY_RATIO_IDS = new Set(['relu', 'relu6', 'leaky_relu']);

// Command-line options: --md <file>, --runs <n>.
function parseArgs(argv) {
  const options = { md: null, runs: 31 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--md') options.md = argv[++i];
    else if (argv[i] === '--runs') options.runs = Math.max(21, Number(argv[++i]) | 0);
    else throw new Error(`unknown argument ${argv[i]} (use --md <file>, --runs <n>)`);
  }
  if (options.runs % 2 === 0) options.runs += 1;
  return options;
}

// Inputs spread over [-10, 10], the same for every contender.
function benchInputs(n) {
  const x = new Float32Array(n);
  let state = 12345;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = (state / 2 ** 32) * 20 - 10;
  }
  return x;
}

// One ActLab build with x, y and the default parameters resident in its heap.
async function actlabContender(flavour, x) {
  const module = await loadWasmModule(flavour);
  const catalog = readCatalog(module);
  const xAt = module._malloc(x.byteLength);
  const yAt = module._malloc(x.byteLength);
  const paramsAt = module._malloc(16);
  if (!xAt || !yAt || !paramsAt) throw new Error(`ActLab ${flavour}: malloc failed`);
  module.HEAPF32.set(x, xAt >>> 2);
  const run = (id, derivative) => {
    const index = catalog.activations.findIndex((a) => a.id === id);
    const defaults = catalog.activations[index].params.map((p) => p.default);
    module.HEAPF32.set(defaults, paramsAt >>> 2);
    return () => module.elementwise(index, derivative, xAt, yAt, N, paramsAt);
  };
  return {
    catalog,
    run,
    softmax: () => module.softmax(xAt, yAt, SOFTMAX_N / SOFTMAX_COLS, SOFTMAX_COLS),
    copy: () => module.copyFloats(xAt, yAt, N),
  };
}

// Throughput (Melem/s) of fn over n elements, or undefined when there is no fn.
function rate(fn, n, runs) {
  return fn ? melemPerSecond(n, medianMs(fn, { runs })) : undefined;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const x = benchInputs(N);
  const y = new Float32Array(N);
  const [simd, scalar, tfjs] = await Promise.all([
    actlabContender('simd', x),
    actlabContender('scalar', x),
    startTfjsWasm(),
  ]);
  const { tf } = tfjs;
  const xTensor = tf.tensor1d(x);
  const xRows = tf.tensor2d(x.subarray(0, SOFTMAX_N), [SOFTMAX_N / SOFTMAX_COLS, SOFTMAX_COLS]);
  const tfOps = tfjsOps(tf);
  const tfRun = (op, input) => () => op(input).dispose();
  const { runs } = options;

  const copyRate = rate(simd.copy, N, runs);
  const rows = [];
  // Adds a table row from the contenders' throughputs.
  const addRow = (label, r, memcpyRatio) =>
    rows.push([
      label, formatRate(r.simd), formatRate(r.scalar), formatRate(r.js), formatRate(r.tfjs),
      formatRatio(r.simd, r.js), formatRatio(r.simd, r.tfjs), memcpyRatio ? formatRatio(r.simd, copyRate) : '—',
    ]);

  for (const { id } of simd.catalog.activations) {
    for (const derivative of [false, true]) {
      const js = jsKernels[id]?.[derivative ? 'derivative' : 'forward'];
      addRow(derivative ? `${id} (derivative)` : id, {
        simd: rate(simd.run(id, derivative), N, runs),
        scalar: rate(scalar.run(id, derivative), N, runs),
        js: rate(js && (() => js(x, y)), N, runs),
        tfjs: rate(!derivative && tfOps[id] && tfRun(tfOps[id], xTensor), N, runs),
      }, !derivative && MEMCPY_RATIO_IDS.has(id));
    }
  }
  const xSoftmax = x.subarray(0, SOFTMAX_N);
  addRow(`softmax (rows of ${SOFTMAX_COLS})`, {
    simd: rate(simd.softmax, SOFTMAX_N, runs),
    scalar: rate(scalar.softmax, SOFTMAX_N, runs),
    js: rate(() => jsSoftmax(xSoftmax, y, SOFTMAX_COLS), SOFTMAX_N, runs),
    tfjs: rate(tfRun((t) => tf.softmax(t), xRows), SOFTMAX_N, runs),
  });
  addRow('memory copy (copyFloats; JS: TypedArray.set)', {
    simd: copyRate,
    scalar: rate(scalar.copy, N, runs),
    js: rate(() => y.set(x), N, runs),
  });

  const machine = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} logical CPUs), ${os.type()} ${os.release()}`,
    `Node ${process.version}; ${N} float32 values per run (softmax: ${SOFTMAX_N}); median of ${runs} runs after 5 warm-up runs; Melem/s.`,
    `TF.js ${tfjs.version} wasm backend, SIMD ${tfjs.simd ? 'on' : 'off'}, ${tfjs.threads} thread(s), binary: ${tfjs.binaries.join(', ') || 'not seen'}.`,
    'ActLab: embind call on inputs already in the wasm heap; TF.js: op on a resident tensor, output allocated and disposed per run; JS: Math.* loop over a Float32Array.',
  ];
  const table = markdownTable(
    ['op', 'ActLab SIMD', 'ActLab scalar', 'JS loop', 'TF.js wasm', 'ActLab/JS', 'ActLab/TF.js', 'ActLab/memcpy'],
    rows,
  );
  const report = `${machine.join('\n')}\n\n${table}\n`;
  console.log(report);
  if (options.md) writeFileSync(options.md, report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
