// CNN speed (issue 12), side by side in one Node process:
//  1. One epoch of the Hansen CNN (conv 32 3x3 valid, ReLU, conv 64 3x3, ReLU,
//     maxpool 2, dropout 0.25, flatten, dense 128, ReLU, dropout 0.5, dense 10
//     softmax; categorical cross-entropy; Adam lr 0.001; batch 128; Glorot-
//     uniform weights, zero biases) on the first 2,000 MNIST training images:
//     ActLab's trainer (simulator module, SIMD and scalar builds) against
//     TensorFlow.js's wasm backend with tf.layers (model.fit), with gradient
//     clipping by value 0.5 and without, one warm-up epoch each, then rounds
//     of one epoch per contender, interleaved. One more contender is not TF.js
//     as shipped: TF.js with an XNNPACK Conv2DBackpropInput swapped in
//     (cnn-common.mjs), the margin against a TF.js whose every conv pass is
//     on XNNPACK.
//  2. conv2d forward GFLOP/s at the CNN's two conv shapes, batch 128: ActLab's
//     conv2dForward binding (SIMD, scalar) against tf.conv2d (XNNPACK).
//   node tests/bench/cnn_vs_tfjs.mjs [--epochs 5] [--conv-runs 21] [--md file]
//                                    [--skip-epoch] [--skip-conv] [--tiering]
//
// Two things TF.js 4.22 does not have, and what this script does about them:
//  - tf.train.adam has no clipvalue (tfjs-core's optimizers take none, and
//    tfjs-layers' compile() passes none on): the clipped TF.js contender is an
//    AdamOptimizer subclass that clips every gradient with tf.clipByValue
//    before Adam's update (what Keras' clipvalue does).
//  - The wasm backend registers no Conv2DBackpropFilter kernel, so model.fit
//    of any Conv2D model throws "Kernel 'Conv2DBackpropFilter' not registered
//    for backend 'wasm'". The script registers one made of the backend's own
//    kernels: dW = transpose(conv2d(transpose(x), transpose(dy))), the
//    convolution on XNNPACK (valid padding, stride 1, NHWC: what this model needs).
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';
import {
  checkConv2DBackpropFilter, checkConv2DBackpropInput, clippedAdam, HANSEN_LAYERS, registerConv2DBackpropFilter,
  withKernel, xnnpackConv2DBackpropInput,
} from './cnn-common.mjs';
import { startTfjsWasm } from './tfjs-wasm.mjs';
import { markdownTable, uniformFloats } from './timing.mjs';

const IMAGES = 2000, BATCH = 128, LR = 0.001, CLIP = 0.5;
// conv2d forward shapes: the CNN's two convolutions at batch 128.
const CONV_SHAPES = [
  { channels: 1, size: 28, filters: 32, kernel: 3 },
  { channels: 32, size: 26, filters: 64, kernel: 3 },
];
const WARMUP_CALLS = 3, WARMUP_MS = 500;
const U = 2 ** -24;

function parseArgs(argv) {
  const options = { epochs: 5, convRuns: 21, md: null, epoch: true, conv: true, tiering: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--epochs') options.epochs = Math.max(3, Number(argv[++i]) | 0);
    else if (argv[i] === '--conv-runs') options.convRuns = Math.max(5, Number(argv[++i]) | 0);
    else if (argv[i] === '--md') options.md = argv[++i];
    else if (argv[i] === '--skip-epoch') options.epoch = false;
    else if (argv[i] === '--skip-conv') options.conv = false;
    else if (argv[i] === '--tiering') options.tiering = true;
    else throw new Error(`unknown argument ${argv[i]} (use --epochs n, --conv-runs n, --md file, --skip-epoch, --skip-conv, --tiering)`);
  }
  return options;
}

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
// How many times faster `ours` was than `theirs`, round by round, then the median.
const medianSpeedup = (ours, theirs) => median(ours.map((t, r) => theirs[r] / t));
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const times = (v) => `${v.toFixed(2)}×`;

// ActLab's trainer: { name, epoch() -> { ms, loss }, accuracy() }.
function actlabEpochContender(module, flavour, clipValue, data) {
  const trainer = createWasmTrainer(module, {
    inputShape: [1, 28, 28], classes: 10, layers: HANSEN_LAYERS,
    optimizer: 'adam', learningRate: LR, clipValue, batch: BATCH, init: 'xavier_uniform', seed: 1,
  }, data);
  return {
    name: `ActLab ${flavour}`, clip: clipValue > 0,
    epoch() {
      const start = performance.now();
      const report = trainer.epoch();
      const ms = performance.now() - start;
      if (!report.finite) throw new Error(`ActLab ${flavour}: training diverged`);
      return { ms, loss: report.meanLoss };
    },
    accuracy: () => trainer.evaluate().test.accuracy,
    destroy: () => trainer.destroy(),
  };
}

// The same model in tf.layers on the wasm backend: { name, epoch() -> { ms, loss }, accuracy() }.
// fastDx: with xnnpackConv2DBackpropInput swapped in for TF.js's own kernel during its epochs.
function tfjsEpochContender(tf, clip, tensors, fastDx = false) {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, padding: 'valid', activation: 'relu', inputShape: [28, 28, 1] }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'valid', activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.dropout({ rate: 0.25 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const optimizer = clip ? clippedAdam(tf, LR, CLIP) : tf.train.adam(LR, 0.9, 0.999, 1e-7);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const fit = () => model.fit(tensors.x, tensors.y, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
  const fastKernel = fastDx ? xnnpackConv2DBackpropInput(tf) : null;
  return {
    name: fastDx ? 'TF.js wasm (tf.layers) + XNNPACK Conv2DBackpropInput (not in TF.js 4.22)' : 'TF.js wasm (tf.layers)', clip, fastDx,
    async epoch() {
      const start = performance.now();
      const history = fastDx ? await withKernel(tf, fastKernel, fit) : await fit();
      return { ms: performance.now() - start, loss: history.history.loss[0] };
    },
    accuracy() {
      const [loss, accuracy] = model.evaluate(tensors.testX, tensors.testY, { batchSize: 500 });
      const value = accuracy.dataSync()[0];
      tf.dispose([loss, accuracy]);
      return value;
    },
    destroy: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}

async function epochBenchmark(tf, modules, options) {
  const mnist = await loadDataset('mnist');
  const features = mnist.features;
  const data = {
    train: { x: mnist.train.x.slice(0, IMAGES * features), labels: mnist.train.labels.slice(0, IMAGES), size: IMAGES },
    test: mnist.test,
  };
  const tensors = {
    x: tf.tensor4d(data.train.x, [IMAGES, 28, 28, 1]), // one channel: NCHW and NHWC are the same floats
    y: tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 10),
    testX: tf.tensor4d(data.test.x, [data.test.size, 28, 28, 1]),
    testY: tf.oneHot(tf.tensor1d(data.test.labels, 'int32'), 10),
  };
  // Interleaved: ActLab, TF.js, ActLab, TF.js, ActLab scalar, TF.js + XNNPACK dx.
  const contenders = [
    actlabEpochContender(modules.simd, 'SIMD', CLIP, data),
    tfjsEpochContender(tf, true, tensors),
    actlabEpochContender(modules.simd, 'SIMD', 0, data),
    tfjsEpochContender(tf, false, tensors),
    actlabEpochContender(modules.scalar, 'scalar', CLIP, data),
    tfjsEpochContender(tf, true, tensors, true),
  ];
  const label = (c) => `${c.name}, ${c.clip ? `clipvalue ${CLIP}` : 'no clipping'}`;
  for (const c of contenders) {
    const { ms } = await c.epoch(); // warm-up
    console.error(`warm-up ${label(c)}: ${(ms / 1000).toFixed(2)} s`);
  }
  const backend = tf.getBackend();
  if (backend !== 'wasm') throw new Error(`TF.js ran on ${backend}, not wasm`);
  const samples = contenders.map(() => []);
  for (let round = 0; round < options.epochs; round++) {
    for (const [i, c] of contenders.entries()) {
      const result = await c.epoch();
      samples[i].push(result);
      console.error(`round ${round + 1} ${label(c)}: ${(result.ms / 1000).toFixed(2)} s, loss ${result.loss.toFixed(4)}`);
    }
  }
  const ms = samples.map((s) => s.map((r) => r.ms));
  // Each contender against the stock TF.js contender with the same clipping.
  const tfjsFor = (c) => contenders.findIndex((d) => d.name.startsWith('TF.js') && !d.fastDx && d.clip === c.clip);
  const fastDx = contenders.findIndex((d) => d.fastDx);
  const rows = contenders.map((c, i) => {
    const t = tfjsFor(c);
    return [
      label(c), `${(median(ms[i]) / 1000).toFixed(2)} s`,
      `${(Math.min(...ms[i]) / 1000).toFixed(2)}–${(Math.max(...ms[i]) / 1000).toFixed(2)} s`,
      i === t ? '1.00×' : times(medianSpeedup(ms[i], ms[t])),
      samples[i].at(-1).loss.toFixed(4), `${(100 * c.accuracy()).toFixed(1)} %`,
    ];
  });
  const table = markdownTable(
    ['contender', 'epoch (median)', 'range', 'speed vs stock TF.js (same clipping)', `training loss, epoch ${options.epochs + 1}`, 'test accuracy'],
    rows,
  );
  const perRound = ms[1].map((t, r) => times(t / ms[0][r])).join(', ');
  const perRoundFast = ms[fastDx].map((t, r) => times(t / ms[0][r])).join(', ');
  const againstFast = times(medianSpeedup(ms[0], ms[fastDx]));
  // ActLab with and without clipping: the same losses bit for bit mean clipvalue 0.5 changed no step.
  const sameLosses = samples[0].every((r, i) => Object.is(r.loss, samples[2][i].loss));
  contenders.forEach((c) => c.destroy());
  Object.values(tensors).forEach((t) => t.dispose());
  return { table, perRound, perRoundFast, againstFast, sameLosses, backendAfter: backend, testSize: data.test.size };
}

// ActLab conv2dForward on x, w, b, y resident in the module's heap; run() also copies y out.
function actlabConv(module, shape, x, w, b) {
  const { channels, size, filters, kernel } = shape;
  const out = size - kernel + 1, yFloats = filters * out * out * BATCH;
  const at = [x.byteLength, w.byteLength, b.byteLength, yFloats * 4].map((bytes) => module._malloc(bytes));
  if (at.some((p) => !p)) throw new Error('ActLab: malloc failed');
  const [xAt, wAt, bAt, yAt] = at;
  module.HEAPF32.set(x, xAt >>> 2), module.HEAPF32.set(w, wAt >>> 2), module.HEAPF32.set(b, bAt >>> 2);
  return {
    run() {
      const problem = module.conv2dForward(channels, size, size, filters, kernel, false, BATCH, xAt, wAt, bAt, yAt);
      if (problem) throw new Error(`ActLab conv2dForward: ${problem}`);
      return module.HEAPF32.slice(yAt >>> 2, (yAt >>> 2) + yFloats);
    },
    free: () => at.forEach((p) => module._free(p)),
  };
}

// Per-call ms of each contender { run(state), setup?(), teardown?(state) }, one sample per round, round-robin.
function interleavedSamples(contenders, runs) {
  const list = contenders.map((c) => ({ setup: () => undefined, teardown: () => undefined, ...c }));
  for (const c of list) {
    const until = performance.now() + WARMUP_MS;
    for (let i = 0; i < WARMUP_CALLS || performance.now() < until; i++) {
      const state = c.setup();
      c.run(state);
      c.teardown(state);
    }
  }
  const samples = list.map(() => []);
  for (let round = 0; round < runs; round++) {
    list.forEach((c, i) => {
      const state = c.setup();
      const start = performance.now();
      c.run(state);
      samples[i].push(performance.now() - start);
      c.teardown(state);
    });
  }
  return samples;
}

function convBenchmark(tf, modules, options) {
  const rows = [];
  let seed = 100;
  for (const shape of CONV_SHAPES) {
    const { channels: c, size: h, filters: f, kernel: k } = shape;
    const o = h - k + 1;
    const flops = 2 * o * o * f * c * k * k * BATCH;
    // ActLab layout: x (c, h, w) x batch, batch innermost; w torch (f, c, k, k); b zeros.
    const x = uniformFloats(c * h * h * BATCH, seed++), w = uniformFloats(f * c * k * k, seed++), b = new Float32Array(f);
    const xNhwc = new Float32Array(x.length), wHwio = new Float32Array(w.length);
    for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let xx = 0; xx < h; xx++) for (let s = 0; s < BATCH; s++) {
      xNhwc[((s * h + y) * h + xx) * c + ch] = x[((ch * h + y) * h + xx) * BATCH + s];
    }
    for (let fi = 0; fi < f; fi++) for (let ch = 0; ch < c; ch++) for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) {
      wHwio[((i * k + j) * c + ch) * f + fi] = w[((fi * c + ch) * k + i) * k + j];
    }
    const ours = { simd: actlabConv(modules.simd, shape, x, w, b), scalar: actlabConv(modules.scalar, shape, x, w, b) };
    const xT = tf.tensor4d(xNhwc, [BATCH, h, h, c]);
    const wT = tf.tensor4d(wHwio, [k, k, c, f]);
    const tfRun = (filter) => {
      const out = tf.conv2d(xT, filter, 1, 'valid');
      const values = out.dataSync();
      out.dispose();
      return values;
    };
    // Same work: SIMD and scalar bit-identical, TF.js within float32 accumulation error.
    const reference = ours.simd.run();
    const scalarBits = ours.scalar.run();
    if (!reference.every((v, i) => Object.is(v, scalarBits[i]))) throw new Error(`conv ${c}->${f}: SIMD and scalar builds differ`);
    const theirs = tfRun(wT);
    let worst = 0;
    for (let fi = 0; fi < f; fi++) for (let y = 0; y < o; y++) for (let xx = 0; xx < o; xx++) for (let s = 0; s < BATCH; s++) {
      worst = Math.max(worst, Math.abs(reference[((fi * o + y) * o + xx) * BATCH + s] - theirs[((s * o + y) * o + xx) * f + fi]));
    }
    const K = c * k * k;
    if (!(worst <= 2 * (K + 1) * U * K)) throw new Error(`conv ${c}->${f}: TF.js differs by ${worst}`);
    const contenders = [
      { run: ours.simd.run },
      { run: ours.scalar.run },
      { run: () => tfRun(wT) },
      // A new filter tensor per call (made and disposed untimed): XNNPACK creates the operator and packs the filter in the timed call.
      { setup: () => tf.tensor4d(wHwio, [k, k, c, f]), run: (fresh) => tfRun(fresh), teardown: (fresh) => fresh.dispose() },
    ];
    const samples = interleavedSamples(contenders, options.convRuns);
    const ms = samples.map(median);
    const g = ms.map((t) => flops / (t * 1e6));
    rows.push([
      `${c}→${f}, ${h}×${h}, ${k}×${k} valid`, (flops / 1e9).toFixed(3),
      ...g.map(fmt), ...ms.map((t) => t.toFixed(2)),
      times(medianSpeedup(samples[0], samples[2])), times(medianSpeedup(samples[0], samples[3])),
    ]);
    console.error(`conv ${c}->${f}: ${ms.map((t) => t.toFixed(2)).join(' / ')} ms (SIMD / scalar / TF.js / TF.js fresh filter), max |diff| ${worst.toExponential(2)}`);
    ours.simd.free(), ours.scalar.free(), xT.dispose(), wT.dispose();
  }
  return markdownTable(
    ['conv2d forward, batch 128', 'GFLOP per call', 'ActLab SIMD GFLOP/s', 'ActLab scalar GFLOP/s', 'TF.js XNNPACK GFLOP/s', 'TF.js XNNPACK, filter fresh GFLOP/s',
      'SIMD ms', 'scalar ms', 'TF.js ms', 'TF.js fresh ms', 'SIMD / TF.js', 'SIMD / TF.js fresh'],
    rows,
  );
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!options.tiering) v8.setFlagsFromString('--no-liftoff'); // optimized wasm from the first call, for both sides
  const tfjs = await startTfjsWasm();
  const { tf } = tfjs;
  const shimmed = registerConv2DBackpropFilter(tf);
  checkConv2DBackpropFilter(tf);
  await checkConv2DBackpropInput(tf);
  const [simd, scalar] = await Promise.all([loadSimulatorModule('simd'), loadSimulatorModule('scalar')]);
  const modules = { simd, scalar };
  const parts = [];
  const machine = [
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} logical CPUs), ${os.type()} ${os.release()}; load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`,
    `Node ${process.version}, V8 ${options.tiering ? 'default wasm tiering' : '--no-liftoff (optimized wasm code from the first call)'}.`,
    `TF.js ${tfjs.version}, backend ${tf.getBackend()}, SIMD ${tfjs.simd ? 'on' : 'off'}, ${tfjs.threads} thread(s), binary: ${tfjs.binaries.join(', ') || 'not seen'} (XNNPACK inside: conv2d, matMul, pooling); ActLab: single-threaded wasm (no pthreads), SIMD and scalar builds.`,
  ];
  if (options.epoch) {
    const epoch = await epochBenchmark(tf, modules, options);
    parts.push([
      `One epoch of the Hansen CNN on the first ${IMAGES.toLocaleString('en-US')} MNIST training images (web/data/mnist-10k.bin.gz), batch ${BATCH}: conv 32 3×3 valid, ReLU, conv 64 3×3 valid, ReLU, maxpool 2, dropout 0.25, flatten, dense 128, ReLU, dropout 0.5, dense 10 softmax; categorical cross-entropy; Adam lr ${LR}; Glorot-uniform weights, zero biases.`,
      `One warm-up epoch per contender, then ${options.epochs} rounds of one epoch each, interleaved (ActLab SIMD, TF.js, ActLab SIMD, TF.js, ActLab scalar, TF.js + XNNPACK dx); median epoch time; speed = median over rounds of (TF.js epoch / ActLab epoch) in the same round, against the TF.js contender with the same clipping.`,
      'ActLab: trainer.epoch() (one call into the module: shuffle, gather, forward, backward, Adam). TF.js: model.fit(x, y, {epochs: 1, batchSize: 128, shuffle: true}) on resident tensors (x [2000, 28, 28, 1] NHWC).',
      'The last row is not TF.js as shipped: its Conv2DBackpropInput (a plain loop in TF.js 4.22\'s wasm backend) replaced for its epochs by one on XNNPACK (dx = conv2d of dy with the rotated filter, padding 2), to show the margin against a TF.js whose every conv pass runs on XNNPACK.',
      `TF.js clipping: tf.train.adam has no clipvalue, so "clipvalue ${CLIP}" is an AdamOptimizer subclass that applies tf.clipByValue to every gradient before the update; TF.js's wasm backend lacks Conv2DBackpropFilter, so the script ${shimmed ? 'registered' : 'found'} one built from the backend's Transpose + Conv2D (XNNPACK) kernels.`,
      `Training loss: the mean training-mode (dropout on) batch loss of the last timed epoch (ActLab: mean over batches; Keras: weighted by batch size); test accuracy on the ${epoch.testSize.toLocaleString('en-US')} MNIST test images of the file after ${options.epochs + 1} epochs. Inits and shuffles differ between the libraries.`,
      '',
      epoch.table,
      '',
      `Per round, ActLab SIMD / TF.js speed (clipvalue ${CLIP}): ${epoch.perRound}; against TF.js + XNNPACK Conv2DBackpropInput: ${epoch.perRoundFast} (median ${epoch.againstFast}).`,
      `ActLab SIMD with and without clipping: ${epoch.sameLosses ? 'the same training loss bit for bit in every timed epoch, so clipvalue 0.5 changed nothing here' : 'different losses (clipping was active)'}.`,
    ].join('\n'));
  }
  if (options.conv) {
    const table = convBenchmark(tf, modules, options);
    parts.push([
      'conv2d forward, batch 128, at the CNN\'s two shapes; GFLOP/s = 2 · outH · outW · filters · C · k · k · batch / median time per call.',
      `At least ${WARMUP_CALLS} warm-up calls and ${WARMUP_MS} ms per contender, then ${options.convRuns} rounds timing every contender once per round; ratios are the median over rounds of the per-round speed ratio.`,
      'Each in its own layout: ActLab conv2dForward(c, h, w, filters, k, valid, 128, x, w, b, y) on x (C×H×W)×batch (batch innermost) and torch-layout weights (filters, C, k, k) already in the wasm heap; every call copies the weights and bias into the layer, im2cols and packs afresh, runs the GEMM, adds the bias, and the output is copied into a JS Float32Array (HEAPF32.slice).',
      'TF.js: tf.conv2d(x, filter, 1, \'valid\') on resident NHWC / HWIO tensors, then dataSync (copies the output out) and dispose; no bias. XNNPACK packs the filter when it first sees the tensor and caches the operator; "filter fresh" gives every call a new filter tensor (made untimed), so each timed call creates the operator and packs the filter, as ActLab does. Outputs checked equal (SIMD = scalar bit for bit, TF.js within float32 accumulation error) before timing.',
      '',
      table,
    ].join('\n'));
  }
  if (tf.memory().numTensors !== 0) console.error(`note: ${tf.memory().numTensors} TF.js tensors still allocated`);
  const report = `${machine.join('\n')}\n\n${parts.join('\n\n')}\n`;
  console.log(report);
  if (options.md) writeFileSync(options.md, report);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
