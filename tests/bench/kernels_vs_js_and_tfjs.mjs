// `npm run bench`: throughput of ActLab's wasm kernels (SIMD and scalar
// builds) against plain JavaScript loops and TensorFlow.js's wasm backend,
// side by side in one Node process, on 1M float32 values already resident:
// per op, rounds in which every contender runs once; rates are medians over
// rounds, ratios are medians of the ratios within each round.
// Prints a markdown table; --md <file> also writes it to a file;
// --runs <n> sets the rounds per row (at least 21); --baseline <dir> adds
// the SIMD build in <dir> (actlab-simd.mjs/.wasm of an earlier commit) as
// "before", for before/after tables; --only id,id,... limits the ops.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { readCatalog } from '../../web/src/catalog.js';
import { loadWasmModule } from '../../web/src/module-loader.js';
import { jsGated, jsKernels, jsSoftmax } from './js-kernels.mjs';
import { startTfjsWasm, tfjsGatedOps, tfjsOps } from './tfjs-wasm.mjs';
import { formatRate, formatRatio, markdownTable, melemPerSecond, timeRounds } from './timing.mjs';

const N = 1 << 20;
const SOFTMAX_COLS = 1000;
const SOFTMAX_N = 1000 * SOFTMAX_COLS;
const MEMCPY_RATIO_IDS = new Set(['relu', 'relu6', 'leaky_relu']);
const GATED_BACKWARD_IDS = new Set(['swiglu']); // one VJP row: LLaMA's gate

// Command-line options: --md <file>, --runs <n>, --baseline <dir>, --only <ids>.
function parseArgs(argv) {
  const options = { md: null, runs: 31, baseline: null, only: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--md') options.md = argv[++i];
    else if (argv[i] === '--runs') options.runs = Math.max(21, Number(argv[++i]) | 0);
    else if (argv[i] === '--baseline') options.baseline = argv[++i];
    else if (argv[i] === '--only') options.only = new Set(argv[++i].split(','));
    else throw new Error(`unknown argument ${argv[i]} (use --md <file>, --runs <n>, --baseline <dir>, --only <ids>)`);
  }
  if (options.runs % 2 === 0) options.runs += 1;
  return options;
}

// Inputs spread over [-10, 10], the same for every contender (seed: another set, e.g. gated values).
function benchInputs(n, seed = 12345) {
  const x = new Float32Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    x[i] = (state / 2 ** 32) * 20 - 10;
  }
  return x;
}

// One ActLab build with x, y and the default parameters resident in its heap
// (files: { moduleUrl, wasmUrl } of another build, e.g. the baseline).
// The gated units (a baseline without them has no gatedUnits) take x as gate, v as value and dy.
async function actlabContender(flavour, x, v, files = {}) {
  const module = await loadWasmModule(flavour, files);
  const catalog = readCatalog(module);
  const [xAt, yAt, vAt, dvAt] = [0, 1, 2, 3].map(() => module._malloc(x.byteLength));
  const paramsAt = module._malloc(16);
  if (!xAt || !yAt || !vAt || !dvAt || !paramsAt) throw new Error(`ActLab ${flavour}: malloc failed`);
  module.HEAPF32.set(x, xAt >>> 2);
  module.HEAPF32.set(v, vAt >>> 2);
  const run = (id, derivative) => {
    const index = catalog.activations.findIndex((a) => a.id === id);
    if (index < 0) return undefined;  // not in this build (a baseline from before the id existed)
    const defaults = catalog.activations[index].params.map((p) => p.default);
    module.HEAPF32.set(defaults, paramsAt >>> 2);
    return () => module.elementwise(index, derivative, xAt, yAt, N, paramsAt);
  };
  // y = g(x) * v, or (backward) the VJP with upstream v: d_gate into y, d_value into dv.
  const gated = (id, backward) => {
    const index = (catalog.gatedUnits ?? []).findIndex((u) => u.id === id);
    if (index < 0) return undefined;
    return backward
      ? () => module.gatedBackward(index, xAt, vAt, vAt, yAt, dvAt, N)
      : () => module.gated(index, xAt, vAt, yAt, N);
  };
  return {
    catalog,
    run,
    gated,
    softmax: () => module.softmax(xAt, yAt, SOFTMAX_N / SOFTMAX_COLS, SOFTMAX_COLS),
    copy: () => module.copyFloats(xAt, yAt, N),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const x = benchInputs(N);
  const v = benchInputs(N, 777);
  const y = new Float32Array(N);
  const dv = new Float32Array(N);
  const baselineFiles = options.baseline && {
    moduleUrl: `${options.baseline}/actlab-simd.mjs`,
    wasmUrl: `${options.baseline}/actlab-simd.wasm`,
  };
  const [simd, scalar, tfjs, before] = await Promise.all([
    actlabContender('simd', x, v),
    actlabContender('scalar', x, v),
    startTfjsWasm(),
    baselineFiles ? actlabContender('simd', x, v, baselineFiles) : undefined,
  ]);
  const { tf } = tfjs;
  const xTensor = tf.tensor1d(x);
  const vTensor = tf.tensor1d(v);
  const xRows = tf.tensor2d(x.subarray(0, SOFTMAX_N), [SOFTMAX_N / SOFTMAX_COLS, SOFTMAX_COLS]);
  const tfOps = tfjsOps(tf);
  const tfRun = (op, input) => () => op(input).dispose();
  const { runs } = options;

  const copyMs = timeRounds({ copy: simd.copy }, { rounds: runs }).ms.copy;
  const rows = [];
  // Times one op's contenders in rounds and adds its table row.
  const addRow = (label, n, contenders, memcpyRatio) => {
    const t = timeRounds(contenders, { rounds: runs });
    const r = (name) => (t.ms[name] === undefined ? undefined : melemPerSecond(n, t.ms[name]));
    const ratio = (name) => t.ratio('simd', name);
    rows.push([
      label, formatRate(r('simd')), ...(before ? [formatRate(r('before'))] : []), formatRate(r('scalar')),
      formatRate(r('js')), formatRate(r('tfjs')),
      ...(before ? [formatRatioValue(ratio('before'))] : []), formatRatioValue(ratio('js')), formatRatioValue(ratio('tfjs')),
      memcpyRatio ? formatRatio(r('simd'), melemPerSecond(N, copyMs)) : '—',
    ]);
    console.error(`${label}: ${rows.at(-1).slice(1).join(' | ')}`);
  };

  for (const { id } of simd.catalog.activations) {
    if (options.only && !options.only.has(id)) continue;
    for (const derivative of [false, true]) {
      const js = jsKernels[id]?.[derivative ? 'derivative' : 'forward'];
      addRow(derivative ? `${id} (derivative)` : id, N, {
        simd: simd.run(id, derivative),
        before: before?.run(id, derivative),
        scalar: scalar.run(id, derivative),
        js: js && (() => js(x, y)),
        tfjs: !derivative && tfOps[id] && tfRun(tfOps[id], xTensor),
      }, !derivative && MEMCPY_RATIO_IDS.has(id));
    }
  }
  const tfGated = tfjsGatedOps(tf);
  for (const { id } of simd.catalog.gatedUnits) {
    if (options.only && !options.only.has(id)) continue;
    for (const backward of GATED_BACKWARD_IDS.has(id) ? [false, true] : [false]) {
      addRow(backward ? `${id} (backward: d_gate, d_value)` : `${id} (g(gate) · value)`, N, {
        simd: simd.gated(id, backward),
        before: before?.gated(id, backward),
        scalar: scalar.gated(id, backward),
        js: backward ? () => jsGated[id].backward(x, v, v, y, dv) : () => jsGated[id].forward(x, v, y),
        tfjs: !backward && tfGated[id] && (() => tfGated[id](xTensor, vTensor).dispose()),
      });
    }
  }
  if (!options.only || options.only.has('softmax')) {
    const xSoftmax = x.subarray(0, SOFTMAX_N);
    addRow(`softmax (rows of ${SOFTMAX_COLS})`, SOFTMAX_N, {
      simd: simd.softmax,
      before: before?.softmax,
      scalar: scalar.softmax,
      js: () => jsSoftmax(xSoftmax, y, SOFTMAX_COLS),
      tfjs: tfRun((t) => tf.softmax(t), xRows),
    });
  }
  if (!options.only) {
    addRow('memory copy (copyFloats; JS: TypedArray.set)', N, {
      simd: simd.copy,
      before: before?.copy,
      scalar: scalar.copy,
      js: () => y.set(x),
    });
  }

  const machine = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} logical CPUs), ${os.type()} ${os.release()}`,
    `Node ${process.version}; ${N} float32 values per run (softmax: ${SOFTMAX_N}); ${runs} rounds after 3 warm-up rounds, every contender once per round; Melem/s are medians over rounds, ratios medians of the per-round ratios.`,
    ...(before ? [`before: the SIMD build in ${options.baseline}.`] : []),
    `TF.js ${tfjs.version} wasm backend, SIMD ${tfjs.simd ? 'on' : 'off'}, ${tfjs.threads} thread(s), binary: ${tfjs.binaries.join(', ') || 'not seen'}.`,
    'ActLab: embind call on inputs already in the wasm heap; TF.js: op on a resident tensor, output allocated and disposed per run; JS: Math.* loop over a Float32Array.',
  ];
  const table = markdownTable(
    ['op', 'ActLab SIMD', ...(before ? ['before'] : []), 'ActLab scalar', 'JS loop', 'TF.js wasm',
      ...(before ? ['ActLab/before'] : []), 'ActLab/JS', 'ActLab/TF.js', 'ActLab/memcpy'],
    rows,
  );
  const report = `${machine.join('\n')}\n\n${table}\n`;
  console.log(report);
  if (options.md) writeFileSync(options.md, report);
}

// A ratio as text like "1.05x" ("—" when absent).
function formatRatioValue(value) {
  return value === undefined ? '—' : `${value.toFixed(2)}x`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
