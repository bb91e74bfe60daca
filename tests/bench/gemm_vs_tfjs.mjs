// Matrix products of the gradient-flow simulator (blocked f32x4 GEMM, the
// `gemm` export of actlab-simulator-{simd,scalar}.wasm) against TensorFlow.js
// 4.22's wasm tf.matMul (XNNPACK, 1 thread, SIMD), side by side in one Node
// process, on the shapes one simulator layer multiplies:
//   forward  z  = W a    gemm_nn  m = width, n = batch, k = n_in
//   backward dW = dZ aᵀ  gemm_nt  m = width, n = n_in,  k = batch
//   backward dA = Wᵀ dZ  gemm_tn  m = n_in,  n = batch, k = width
// Prints markdown tables; --md <file> also writes them to a file;
// --runs <n> sets the timed rounds per shape (default 31, at least 21);
// --tiering keeps V8's default wasm tiering (see below) instead of --no-liftoff.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { GEMM_KIND, loadSimulator } from './simulator-module.mjs';
import { startTfjsWasm } from './tfjs-wasm.mjs';
import { markdownTable, uniformFloats } from './timing.mjs';

// Layers as the simulator sees them: square widths, then one rectangular
// MNIST-like first layer (784 inputs, a batch of 100 that is no multiple of 8).
const LAYERS = [
  { width: 64, batch: 64, nIn: 64 },
  { width: 128, batch: 128, nIn: 128 },
  { width: 256, batch: 256, nIn: 256 },
  { width: 512, batch: 512, nIn: 512 },
  { width: 256, batch: 100, nIn: 784 },
];
const WARMUP = 5;
const WARMUP_MS = 250; // and at least this long, so the JS around each call (TF.js's above all) is optimized too
const SAMPLE_MS = 5; // a timed sample repeats a short product until it lasts about this long
const MAX_REPS = 1000;
const U = 2 ** -24; // unit roundoff of float32

// Command-line options: --md <file>, --runs <n>, --tiering.
function parseArgs(argv) {
  const options = { md: null, runs: 31, tiering: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--md') options.md = argv[++i];
    else if (argv[i] === '--runs') options.runs = Math.max(21, Number(argv[++i]) | 0);
    else if (argv[i] === '--tiering') options.tiering = true;
    else throw new Error(`unknown argument ${argv[i]} (use --md <file>, --runs <n>, --tiering)`);
  }
  if (options.runs % 2 === 0) options.runs += 1;
  return options;
}

// The three products of one layer, with the storage of A and B each uses.
function layerProducts({ width, batch, nIn }) {
  return [
    { kind: 'nn', pass: 'z = W a', m: width, n: batch, k: nIn },
    { kind: 'nt', pass: 'dW = dZ aᵀ', m: width, n: nIn, k: batch },
    { kind: 'tn', pass: 'dA = Wᵀ dZ', m: nIn, n: batch, k: width },
  ].map((p) => ({
    ...p,
    aShape: p.kind === 'tn' ? [p.k, p.m] : [p.m, p.k],
    bShape: p.kind === 'nt' ? [p.n, p.k] : [p.k, p.n],
  }));
}

// The rows x cols row-major matrix x transposed (cols x rows).
function transpose(x, rows, cols) {
  const t = new Float32Array(x.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[i * cols + j];
  return t;
}

// Per-call ms samples of each contender { run(state), setup?(), teardown?(state) },
// one per round, timed round-robin (so drift on a shared machine hits all
// contenders of a round alike). Each sample repeats the call until it lasts about
// SAMPLE_MS; setup() (untimed) makes the state of one call, teardown(state)
// (untimed) ends it.
function interleavedSamples(contenders, { runs, warmup = WARMUP }) {
  const noop = () => undefined;
  const list = contenders.map((c) => ({ setup: noop, teardown: noop, ...c }));
  const reps = list.map((c) => {
    let fastest = Infinity;
    const until = performance.now() + WARMUP_MS;
    for (let i = 0; i < warmup || performance.now() < until; i++) {
      const state = c.setup();
      const start = performance.now();
      c.run(state);
      fastest = Math.min(fastest, performance.now() - start);
      c.teardown(state);
    }
    return Math.min(MAX_REPS, Math.max(1, Math.ceil(SAMPLE_MS / Math.max(fastest, 1e-3))));
  });
  const samples = list.map(() => []);
  for (let round = 0; round < runs; round++) {
    list.forEach((c, i) => {
      const states = Array.from({ length: reps[i] }, () => c.setup());
      const start = performance.now();
      for (const state of states) c.run(state);
      samples[i].push((performance.now() - start) / reps[i]);
      states.forEach((state) => c.teardown(state));
    });
  }
  return samples;
}

// The median of numbers.
function median(values) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[sorted.length >> 1];
}

// The median over rounds of theirs[r] / ours[r]: how many times faster ours was, round by round.
function medianSpeedup(ours, theirs) {
  return median(ours.map((t, r) => theirs[r] / t));
}

// One simulator build with A, B and C of product p resident in its heap;
// run() multiplies and copies C out (the counterpart of TF.js's dataSync).
function actlabProduct(module, p, a, b) {
  const aAt = module._malloc(a.byteLength);
  const bAt = module._malloc(b.byteLength);
  const cAt = module._malloc(p.m * p.n * 4);
  if (!aAt || !bAt || !cAt) throw new Error('ActLab: malloc failed');
  module.HEAPF32.set(a, aAt >>> 2);
  module.HEAPF32.set(b, bAt >>> 2);
  const kind = GEMM_KIND[p.kind];
  const c0 = cAt >>> 2;
  return {
    run: () => {
      if (!module.gemm(kind, p.m, p.n, p.k, aAt, bAt, cAt)) throw new Error(`ActLab: gemm kind ${kind} refused`);
      return module.HEAPF32.slice(c0, c0 + p.m * p.n); // HEAPF32 read after the call: memory may have grown
    },
    free: () => [aAt, bAt, cAt].forEach((at) => module._free(at)),
  };
}

// Largest |x - y| over two results, and whether it is within what float32
// accumulation allows for inputs in [-1, 1]: each side within (k + 1) u k.
function compare(x, y, k) {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
  return { worst, ok: worst <= 2 * (k + 1) * U * k };
}

const gflops = (p, ms) => (2 * p.m * p.n * p.k) / (ms * 1e6);
const fmt = (v) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));
const ratio = (x, y) => `${(x / y).toFixed(2)}x`;

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const { runs } = options;
  // V8 first compiles wasm with its baseline compiler (Liftoff) and moves hot
  // functions to TurboFan later, in the background: a 64³ product (~40 µs)
  // can spend its whole warm-up and timing in baseline code, about 2x slower
  // than optimized, and which cells get which code depends on their order.
  // Steady state is what is compared, so both sides get TurboFan code from
  // the first call (set before any wasm is compiled).
  if (!options.tiering) v8.setFlagsFromString('--no-liftoff');
  const [simd, scalar, tfjs] = await Promise.all([loadSimulator('simd'), loadSimulator('scalar'), startTfjsWasm()]);
  const { tf } = tfjs;
  const rows = [];
  const layerRows = [];
  let seed = 1;

  for (const layer of LAYERS) {
    const layerMs = { simd: 0, sameLayout: 0, xnnPacked: 0, xnnFresh: 0 };
    for (const p of layerProducts(layer)) {
      const a = uniformFloats(p.m * p.k, seed++);
      const b = uniformFloats(p.k * p.n, seed++);
      // The same product with A as m x k and B as k x n: the only layout
      // TF.js sends to XNNPACK (transposeA/transposeB take a plain loop).
      const aNN = p.kind === 'tn' ? transpose(a, p.k, p.m) : a;
      const bNN = p.kind === 'nt' ? transpose(b, p.n, p.k) : b;

      const ours = { simd: actlabProduct(simd, p, a, b), scalar: actlabProduct(scalar, p, a, b) };
      const aT = tf.tensor2d(a, p.aShape);
      const bT = tf.tensor2d(b, p.bShape);
      const aNNT = p.kind === 'nn' ? aT : tf.tensor2d(aNN, [p.m, p.k]);
      const bNNT = p.kind === 'nn' ? bT : tf.tensor2d(bNN, [p.k, p.n]);
      const transposeA = p.kind === 'tn';
      const transposeB = p.kind === 'nt';
      // Each TF.js run: the product of resident tensors, read back with
      // dataSync (the wasm backend computes synchronously; dataSync copies
      // the result out of its heap, as ActLab's run() does), then disposed.
      const tfRun = (x, y, tA, tB) => () => {
        const out = tf.matMul(x, y, tA, tB);
        const data = out.dataSync();
        out.dispose();
        return data;
      };
      const sameLayout = tfRun(aT, bT, transposeA, transposeB);
      const xnn = tfRun(aNNT, bNNT, false, false);

      // Same work check: all contenders compute the same matrix.
      const reference = ours.simd.run();
      const bitsScalar = ours.scalar.run();
      const sameBits = reference.every((v, i) => Object.is(v, bitsScalar[i]));
      if (!sameBits) throw new Error(`${p.kind} ${p.m}x${p.n}x${p.k}: SIMD and scalar builds differ`);
      for (const [label, fn] of [['same layout', sameLayout], ['XNNPACK layout', xnn]]) {
        const check = compare(reference, fn(), p.k);
        if (!check.ok) throw new Error(`${p.kind} ${p.m}x${p.n}x${p.k}: TF.js (${label}) differs by ${check.worst}`);
      }

      // XNNPACK packs B when it first sees the tensor and caches that per
      // tensor: a new B tensor per call (made and disposed outside the timer)
      // makes every timed call pack B, as ActLab packs A and B every call.
      const contenders = {
        simd: { run: ours.simd.run },
        scalar: { run: ours.scalar.run },
        sameLayout: { run: sameLayout },
        ...(p.kind === 'nn' ? {} : { xnnPacked: { run: xnn } }),
        xnnFresh: {
          setup: () => tf.tensor2d(bNN, [p.k, p.n]),
          run: (fresh) => tfRun(aNNT, fresh, false, false)(),
          teardown: (fresh) => fresh.dispose(),
        },
      };
      const samples = interleavedSamples(Object.values(contenders), { runs });
      const times = Object.fromEntries(Object.keys(contenders).map((key, i) => [key, samples[i]]));
      if (p.kind === 'nn') times.xnnPacked = times.sameLayout; // the same call: tf.matMul without transposes
      const ms = Object.fromEntries(Object.entries(times).map(([key, t]) => [key, median(t)]));
      const speedup = (key) => `${medianSpeedup(times.simd, times[key]).toFixed(2)}x`;
      const g = Object.fromEntries(Object.entries(ms).map(([key, value]) => [key, gflops(p, value)]));
      rows.push([
        `${p.kind}: ${p.pass}`, `${p.m}×${p.n}×${p.k}`,
        fmt(g.simd), fmt(g.scalar), fmt(g.sameLayout), fmt(g.xnnPacked), fmt(g.xnnFresh),
        speedup('sameLayout'), speedup('xnnPacked'), speedup('xnnFresh'),
      ]);
      for (const key of Object.keys(layerMs)) layerMs[key] += ms[key];
      console.error(`${p.kind} ${p.m}x${p.n}x${p.k}: ${Object.entries(ms).map(([key, v]) => `${key} ${v.toFixed(3)} ms`).join(', ')}`);

      ours.simd.free();
      ours.scalar.free();
      for (const t of new Set([aT, bT, aNNT, bNNT])) t.dispose();
    }
    layerRows.push([
      `${layer.width} wide, batch ${layer.batch}, ${layer.nIn} in`,
      layerMs.simd.toFixed(3), layerMs.sameLayout.toFixed(3), layerMs.xnnPacked.toFixed(3), layerMs.xnnFresh.toFixed(3),
      ratio(layerMs.sameLayout, layerMs.simd), ratio(layerMs.xnnPacked, layerMs.simd), ratio(layerMs.xnnFresh, layerMs.simd),
    ]);
  }
  if (tf.memory().numTensors !== 0) throw new Error(`${tf.memory().numTensors} TF.js tensors leaked`);

  const machine = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} logical CPUs), ${os.type()} ${os.release()}`,
    `Node ${process.version}, V8 ${options.tiering ? 'default wasm tiering (Liftoff, then TurboFan)' : '--no-liftoff (optimized wasm code from the first call)'}; inputs uniform in [-1, 1).`,
    `GFLOP/s = 2mnk / median time per product; at least ${WARMUP} warm-up calls and ${WARMUP_MS} ms each, then ${runs} rounds timing every contender once per round (a sample repeats a product until it lasts ~${SAMPLE_MS} ms).`,
    `TF.js ${tfjs.version} wasm backend, SIMD ${tfjs.simd ? 'on' : 'off'}, ${tfjs.threads} thread(s), binary: ${tfjs.binaries.join(', ') || 'not seen'}.`,
    'Every timed run computes C and copies it into a JS Float32Array: ActLab gemm() + HEAPF32.slice; TF.js tf.matMul + dataSync + dispose on resident tensors.',
    'Ratios: ActLab SIMD speed / TF.js speed, the median over rounds of the per-round ratio; per layer: ratio of the summed medians.',
    'TF.js same layout: tf.matMul with transposeA (tn) / transposeB (nt) on the operands as stored; TF.js XNNPACK: the same m×n×k with A m×k and B k×n (pre-transposed, untimed), B packed once and cached by TF.js; B fresh: a new B tensor per run (created untimed), so XNNPACK packs it in every timed call, as ActLab does.',
  ];
  const table = markdownTable(
    ['product', 'm×n×k', 'ActLab SIMD', 'ActLab scalar', 'TF.js same layout', 'TF.js XNNPACK', 'TF.js XNNPACK, B fresh',
      'SIMD / same layout', 'SIMD / XNNPACK', 'SIMD / XNNPACK B fresh'],
    rows,
  );
  const layerTable = markdownTable(
    ['layer (all three products)', 'ActLab SIMD ms', 'TF.js same layout ms', 'TF.js XNNPACK ms', 'TF.js XNNPACK B fresh ms',
      'speed-up vs same layout', 'vs XNNPACK', 'vs XNNPACK B fresh'],
    layerRows,
  );
  const report = `${machine.join('\n')}\n\nGFLOP/s per product:\n\n${table}\n\nTime per layer (sum of the three medians):\n\n${layerTable}\n`;
  console.log(report);
  if (options.md) writeFileSync(options.md, report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
