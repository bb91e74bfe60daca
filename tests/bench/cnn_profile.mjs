// Where one training epoch of the Hansen CNN spends its time (issue 12), for
// both contenders of tests/bench/cnn_vs_tfjs.mjs:
//  - ActLab (SIMD build): the epoch trained one stage at a time
//    (trainer.trainStages(1): one part of one layer's forward or backward
//    pass, the loss, or one part of a block's Adam update), each stage timed
//    and summed per layer and pass.
//  - TF.js (wasm backend, tf.layers, the same shims as the benchmark): the
//    kernels of training batches under tf.profile, summed per kernel, with
//    TF.js's own Conv2DBackpropInput and with one on XNNPACK (cnn-common.mjs).
//  - ActLab under V8's sampling profiler (node:inspector), wasm functions named
//    from web/wasm/actlab-simulator-simd.mjs.symbols: self time per function,
//    the GEMM's time by the layer pass that called it.
//  - GEMM what-ifs: the binding's gemm at the shapes the layers use and at
//    variants of them (k in one block, more rows per packed B, B not
//    transposed, one product instead of parts), interleaved, GFLOP/s.
//   node tests/bench/cnn_profile.mjs [--epochs 2] [--tf-batches 3] [--skip-tfjs]
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';
import { GEMM_KIND } from './simulator-module.mjs';
import { clippedAdam, HANSEN_LAYERS, registerConv2DBackpropFilter, withKernel, xnnpackConv2DBackpropInput } from './cnn-common.mjs';
import { startTfjsWasm } from './tfjs-wasm.mjs';
import { markdownTable } from './timing.mjs';

const IMAGES = 2000, BATCH = 128, LR = 0.001, CLIP = 0.5;
const PART_MADDS = 2 ** 25; // cpp/src/layers/layer_types.h kPartMadds
const UPDATE_PART = 2 ** 16; // trainer.cpp kUpdatePart

function parseArgs(argv) {
  const options = { epochs: 2, tfBatches: 3, tfjs: true };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--epochs') options.epochs = Math.max(1, Number(argv[++i]) | 0);
    else if (argv[i] === '--tf-batches') options.tfBatches = Math.max(1, Number(argv[++i]) | 0);
    else if (argv[i] === '--skip-tfjs') options.tfjs = false;
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  return options;
}

const rowsPerPart = (perRow, minRows = 1) => Math.max(minRows, Math.floor(PART_MADDS / (perRow || 1)));

// The layers of the trainer with their shapes and, for a batch of `count`, the
// number of forward / backward parts (as cpp/src/layers computes them).
function layerPlan(count) {
  const plan = [];
  let shape = { c: 1, h: 28, w: 28 };
  const size = (s) => s.c * s.h * s.w;
  const body = [...HANSEN_LAYERS, { output: 10 }];
  body.forEach((spec, index) => {
    const input = shape;
    let name, forward = 1, backward = 1, weights = 0;
    if (spec.conv2d) {
      const { filters, kernel } = spec.conv2d;
      shape = { c: filters, h: input.h - kernel + 1, w: input.w - kernel + 1 };
      const cols = input.c * kernel * kernel;
      const rows = rowsPerPart(filters * cols * shape.w * count);
      forward = backward = Math.ceil(shape.h / rows);
      weights = filters * cols;
      name = `conv2d ${input.c}→${filters}`;
    } else if (spec.dense || spec.output) {
      const units = spec.dense ?? spec.output, inputs = size(input);
      const blocks = (rows, perRow) => Math.max(1, Math.ceil(rows / rowsPerPart(perRow, 4)));
      forward = blocks(units, count * inputs);
      backward = blocks(units, count * inputs) + blocks(inputs, count * units);
      weights = units * inputs;
      shape = { c: units, h: 1, w: 1 };
      name = spec.output ? `dense ${inputs}→${units} (output)` : `dense ${inputs}→${units}`;
    } else if (spec.maxpool) {
      shape = { c: input.c, h: input.h / spec.maxpool, w: input.w / spec.maxpool };
      name = `maxpool ${spec.maxpool}`;
    } else if (spec.flatten) {
      shape = { c: size(input), h: 1, w: 1 };
      name = 'flatten';
    } else if (spec.act) name = `${spec.act} (after ${plan.at(-1).name})`;
    else if (spec.dropout) name = `dropout ${spec.dropout}`;
    plan.push({ index, name, forward, backward, weights, in: input, out: shape });
  });
  return plan;
}

// The stage sequence of one training batch: [{ layer, pass }], in the trainer's order.
function stageSequence(count) {
  const plan = layerPlan(count);
  const stages = [];
  for (const l of plan) for (let p = 0; p < l.forward; p++) stages.push({ layer: l.name, pass: 'forward' });
  stages.push({ layer: 'loss (softmax cross-entropy)', pass: 'loss' });
  for (const l of [...plan].reverse()) for (let p = 0; p < l.backward; p++) stages.push({ layer: l.name, pass: 'backward' });
  // The first update stage also runs begin_update: the mean and std of every block's output for the epoch report.
  // (Clipping runs at the end of the last backward stage, conv2d 1→32's.)
  plan.filter((x) => x.weights).forEach((l, b) => {
    for (let p = 0; p < Math.ceil(l.weights / UPDATE_PART); p++) {
      stages.push(b === 0 && p === 0 ? { layer: 'report statistics of every block + Adam of conv2d 1→32', pass: 'update' } : { layer: l.name, pass: 'Adam update' });
    }
  });
  return { plan, stages };
}

// ActLab: the epoch in single stages, timed; totals per (layer, pass).
async function profileActlab(module, data, epochs) {
  const trainer = createWasmTrainer(module, {
    inputShape: [1, 28, 28], classes: 10, layers: HANSEN_LAYERS,
    optimizer: 'adam', learningRate: LR, clipValue: CLIP, batch: BATCH, init: 'xavier_uniform', seed: 1,
  }, data);
  let start = performance.now();
  trainer.epoch(); // warm-up
  const warmMs = performance.now() - start;
  start = performance.now();
  trainer.epoch();
  const wholeMs = performance.now() - start;
  const totals = new Map();
  let stagedMs = 0;
  for (let e = 0; e < epochs; e++) {
    trainer.beginEpoch();
    let done = 0;
    while (done < IMAGES) {
      const count = Math.min(BATCH, IMAGES - done);
      const { stages } = stageSequence(count);
      for (const [i, stage] of stages.entries()) {
        const t0 = performance.now();
        const progress = trainer.trainStages(1);
        const ms = performance.now() - t0;
        stagedMs += ms;
        const key = `${stage.layer}|${stage.pass}`;
        totals.set(key, (totals.get(key) ?? 0) + ms);
        const finished = progress.done > done;
        if (finished !== (i === stages.length - 1)) throw new Error(`stage plan out of step with the trainer at stage ${i} of ${stages.length} (batch of ${count})`);
      }
      done += count;
    }
    trainer.finishEpoch();
  }
  trainer.destroy();
  return { totals, perEpoch: stagedMs / epochs, wholeMs, warmMs };
}

// ms of one gemm(kind, m, n, k) of the binding on resident operands: median of runs.
function gemmMs(module, kind, m, n, k, runs = 7) {
  const a = module._malloc(m * k * 4), b = module._malloc(k * n * 4), c = module._malloc(m * n * 4);
  for (const [at, count] of [[a, m * k], [b, k * n]]) module.HEAPF32.fill(0.5, at >>> 2, (at >>> 2) + count);
  const times = [];
  for (let r = 0; r < runs + 2; r++) {
    const t0 = performance.now();
    if (!module.gemm(GEMM_KIND[kind], m, n, k, a, b, c)) throw new Error('gemm refused');
    if (r >= 2) times.push(performance.now() - t0);
  }
  [a, b, c].forEach((p) => module._free(p));
  return times.sort((x, y) => x - y)[times.length >> 1];
}

// The wasm function names of a build (index -> short name) from its .symbols file.
function wasmNames(flavour) {
  const url = new URL(`../../web/wasm/actlab-simulator-${flavour}.mjs.symbols`, import.meta.url);
  const names = new Map();
  for (const line of readFileSync(url, 'utf8').split('\n')) {
    const at = line.indexOf(':');
    if (at < 0) continue;
    const raw = line.slice(at + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
    const short = raw.replace(/actlab::layers_detail::\(anonymous namespace\)::/g, '').replace(/\(anonymous namespace\)::/g, '')
      .replace(/\(.*$/, '').replace(/^actlab::/, '').replace(/std::__2::/g, 'std::');
    names.set(Number(line.slice(0, at)), short);
  }
  return names;
}

// ActLab epochs under V8's sampling profiler: self ms per function and the
// GEMM's ms by calling layer pass, per epoch.
async function sampleActlab(module, data, epochs) {
  const names = wasmNames('simd');
  const trainer = createWasmTrainer(module, {
    inputShape: [1, 28, 28], classes: 10, layers: HANSEN_LAYERS,
    optimizer: 'adam', learningRate: LR, clipValue: CLIP, batch: BATCH, init: 'xavier_uniform', seed: 1,
  }, data);
  trainer.epoch(); // warm-up
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  for (let e = 0; e < epochs; e++) trainer.epoch();
  const wall = performance.now() - t0;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  trainer.destroy();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const nameOf = (id) => {
    const fn = byId.get(id).callFrame.functionName;
    const m = /^wasm-function\[(\d+)\]$/.exec(fn) ?? /^\$?func(\d+)$/.exec(fn);
    return m ? names.get(Number(m[1])) ?? fn : fn || '(anonymous JS)';
  };
  const selfMs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i], dt = (profile.timeDeltas[i] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + dt);
  }
  const self = new Map(), gemmBy = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const name = nameOf(id);
    total += ms;
    self.set(name, (self.get(name) ?? 0) + ms / epochs);
    if (name === 'gemm_strided') {
      let a = parent.get(id), caller = '?';
      while (a !== undefined) {
        const an = nameOf(a);
        if (/::(forward|backward)$/.test(an)) { caller = an; break; }
        a = parent.get(a);
      }
      gemmBy.set(caller, (gemmBy.get(caller) ?? 0) + ms / epochs);
    }
  }
  return { self: [...self].sort((p, q) => q[1] - p[1]), gemmBy: [...gemmBy].sort((p, q) => q[1] - p[1]), total: total / epochs, wall: wall / epochs };
}

// GFLOP/s of products [kind, m, n, k, repeat] groups, each group timed in turn per round (round-robin), median over rounds.
function gemmVariants(module, groups, rounds = 9) {
  const bufs = new Map();
  const buffer = (floats) => {
    if (!bufs.has(floats)) {
      const at = module._malloc(floats * 4);
      module.HEAPF32.fill(0.5, at >>> 2, (at >>> 2) + floats);
      bufs.set(floats, at);
    }
    return bufs.get(floats);
  };
  const run = (products) => {
    for (const [kind, m, n, k, repeat] of products) {
      const a = buffer(m * k), b = buffer(k * n + 1), c = buffer(m * n + 2);
      for (let r = 0; r < repeat; r++) if (!module.gemm(GEMM_KIND[kind], m, n, k, a, b, c)) throw new Error('gemm refused');
    }
  };
  groups.forEach((g) => { run(g.products); run(g.products); }); // warm-up
  const samples = groups.map(() => []);
  for (let r = 0; r < rounds; r++) {
    groups.forEach((g, i) => {
      const t0 = performance.now();
      run(g.products);
      samples[i].push(performance.now() - t0);
    });
  }
  for (const at of bufs.values()) module._free(at);
  return groups.map((g, i) => {
    const ms = samples[i].sort((x, y) => x - y)[rounds >> 1];
    const flops = g.products.reduce((sum, [, m, n, k, repeat]) => sum + 2 * m * n * k * repeat, 0);
    return { ...g, ms, gflops: flops / (ms * 1e6) };
  });
}

// TF.js: per-kernel totals of `batches` trainOnBatch calls under tf.profile.
async function profileTfjs(tf, data, batches, fastDx = false) {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
      tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.dropout({ rate: 0.25 }), tfl.layers.flatten(),
      tfl.layers.dense({ units: 128, activation: 'relu' }), tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const optimizer = clippedAdam(tf, LR, CLIP);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  const x = tf.tensor4d(data.train.x.subarray(0, BATCH * 784), [BATCH, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(data.train.labels.subarray(0, BATCH), 'int32'), 10);
  const totals = new Map();
  let wall = 0;
  const body = async () => {
    await model.trainOnBatch(x, y); // warm-up
    for (let b = 0; b < batches; b++) {
      const t0 = performance.now();
      const info = await tf.profile(() => model.trainOnBatch(x, y));
      wall += performance.now() - t0;
      for (const k of info.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        const entry = totals.get(key) ?? { name: k.name, shapes: k.inputShapes, ms: 0, calls: 0 };
        entry.ms += await k.kernelTimeMs, entry.calls += 1;
        totals.set(key, entry);
      }
    }
  };
  if (fastDx) await withKernel(tf, xnnpackConv2DBackpropInput(tf), body);
  else await body();
  model.dispose(), optimizer.dispose(), x.dispose(), y.dispose();
  return { totals: [...totals.values()].sort((p, q) => q.ms - p.ms), wall: wall / batches, batches };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  v8.setFlagsFromString('--no-liftoff');
  const mnist = await loadDataset('mnist');
  const data = {
    train: { x: mnist.train.x.slice(0, IMAGES * 784), labels: mnist.train.labels.slice(0, IMAGES), size: IMAGES },
    test: mnist.test,
  };
  const module = await loadSimulatorModule('simd');
  console.log(`Machine: ${os.cpus()[0]?.model} (${os.cpus().length} logical CPUs); Node ${process.version}, --no-liftoff; load average ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`);

  const actlab = await profileActlab(module, data, options.epochs);
  const rows = [...actlab.totals].map(([key, ms]) => [...key.split('|'), ms / options.epochs]).sort((p, q) => q[2] - p[2]);
  console.log(`\nActLab SIMD, one epoch (${IMAGES} images, batch ${BATCH}): epoch() ${(actlab.wholeMs / 1000).toFixed(2)} s; in single stages ${(actlab.perEpoch / 1000).toFixed(2)} s per epoch (mean of ${options.epochs}).\n`);
  console.log(markdownTable(['layer', 'pass', 'ms per epoch', 'share'], rows.map(([l, p, ms]) => [l, p, ms.toFixed(0), `${((100 * ms) / actlab.perEpoch).toFixed(1)} %`])));

  const sampled = await sampleActlab(module, data, options.epochs);
  console.log(`\nActLab SIMD under V8's sampling profiler (250 µs), ${options.epochs} epoch(s): ${(sampled.wall / 1000).toFixed(2)} s per epoch; self time per function, per epoch (≥ 10 ms):\n`);
  console.log(markdownTable(['function (wasm, from the .symbols map)', 'self ms per epoch', 'share'],
    sampled.self.filter(([, ms]) => ms >= 10).map(([name, ms]) => [name, ms.toFixed(0), `${((100 * ms) / sampled.total).toFixed(1)} %`])));
  console.log('\ngemm_strided (packing and micro-kernel, inlined into it) by the layer pass that called it, per epoch:\n');
  console.log(markdownTable(['caller', 'ms per epoch', 'share of the epoch'],
    sampled.gemmBy.map(([name, ms]) => [name, ms.toFixed(0), `${((100 * ms) / sampled.total).toFixed(1)} %`])));

  const whatIf = gemmVariants(module, [
    { label: 'conv 32→64 forward, as run: 24 parts nn 64×3072×288', products: [['nn', 64, 3072, 288, 24]] },
    { label: '  … with k = 256 (one k block; FLOPs ×0.89)', products: [['nn', 64, 3072, 256, 24]] },
    { label: '  … with 256 rows of A per packed B (m ×4, same B)', products: [['nn', 256, 3072, 288, 24]] },
    { label: 'conv 32→64 dW, as run: 24 × nt 64×288×3072 (B = colsᵀ)', products: [['nt', 64, 288, 3072, 24]] },
    { label: '  … with B not transposed (nn, same m×n×k)', products: [['nn', 64, 288, 3072, 24]] },
    { label: 'conv 32→64 dcols, as run: 24 × tn 288×3072×64 (A = Wᵀ)', products: [['tn', 288, 3072, 64, 24]] },
    { label: '  … with A not transposed (nn)', products: [['nn', 288, 3072, 64, 24]] },
    { label: 'dense 9216→128 forward, as run: nn 28×128×9216 ×4 + 16×128×9216', products: [['nn', 28, 128, 9216, 4], ['nn', 16, 128, 9216, 1]] },
    { label: '  … as one product nn 128×128×9216', products: [['nn', 128, 128, 9216, 1]] },
    { label: 'dense 9216→128 dW, as run: nt 28×9216×128 ×4 + 16×9216×128', products: [['nt', 28, 9216, 128, 4], ['nt', 16, 9216, 128, 1]] },
    { label: '  … as one product nt 128×9216×128', products: [['nt', 128, 9216, 128, 1]] },
    { label: '  … as one product, B not transposed (nn 128×9216×128)', products: [['nn', 128, 9216, 128, 1]] },
    { label: 'dense 9216→128 dx, as run: tn 2048×128×128 ×4 + 1024×128×128', products: [['tn', 2048, 128, 128, 4], ['tn', 1024, 128, 128, 1]] },
    { label: '  … with A not transposed (nn, same parts)', products: [['nn', 2048, 128, 128, 4], ['nn', 1024, 128, 128, 1]] },
  ]);
  console.log('\nGEMM what-ifs (gemm binding, operands resident, one batch of 128; groups timed round-robin, median of 9 rounds):\n');
  console.log(markdownTable(['products', 'ms per batch', 'GFLOP/s'], whatIf.map((g) => [g.label, g.ms.toFixed(1), g.gflops.toFixed(1)])));

  if (options.tfjs) {
    const { tf } = await startTfjsWasm();
    registerConv2DBackpropFilter(tf);
    for (const fastDx of [false, true]) {
      const prof = await profileTfjs(tf, data, options.tfBatches, fastDx);
      const total = prof.totals.reduce((s, k) => s + k.ms, 0);
      console.log(`\nTF.js wasm${fastDx ? ' with the XNNPACK Conv2DBackpropInput of cnn-common.mjs' : ' (its own Conv2DBackpropInput)'}, trainOnBatch of ${BATCH} under tf.profile: ${(prof.wall / 1000).toFixed(2)} s per batch (wall), kernels ${(total / prof.batches / 1000).toFixed(2)} s; per batch (≥ 5 ms):\n`);
      console.log(markdownTable(['kernel', 'input shapes', 'calls', 'ms per batch', 'share'],
        prof.totals.filter((k) => k.ms / prof.batches >= 5).map((k) => [k.name, JSON.stringify(k.shapes), String(k.calls / prof.batches), (k.ms / prof.batches).toFixed(1), `${((100 * k.ms) / total).toFixed(1)} %`])));
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
