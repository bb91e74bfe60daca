// What embind's no-eval mode (-sDYNAMIC_EXECUTION=0) costs per call: the same
// kernels from two builds of the kernel module, side by side in one process,
// rounds alternating which goes first; medians of the per-call time and of
// the per-round ratio. Usage:
//   node tests/bench/embind-call-cost.mjs <dir with the eval build> <dir with the no-eval build> [--md file]
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadActLab } from '../../web/src/actlab.js';

const [evalDir, noEvalDir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const mdAt = process.argv.indexOf('--md');
const ROUNDS = 9;
const CASES = [
  { name: 'relu, 1 float per call', id: 'relu', n: 1, calls: 100000 },
  { name: 'gelu, 1,000 floats per call', id: 'gelu', n: 1000, calls: 5000 },
  { name: 'gelu, 1M floats per call', id: 'gelu', n: 1 << 20, calls: 10 },
];

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const load = (dir) => loadActLab({ simd: true, moduleUrl: path.join(dir, 'actlab-simd.mjs'), wasmUrl: path.join(dir, 'actlab-simd.wasm') });

// Microseconds per call of lab.activate for one case.
function perCall(lab, { id, n, calls }, x, out) {
  const start = performance.now();
  for (let i = 0; i < calls; i++) lab.activate(id, x, {}, out);
  return ((performance.now() - start) * 1000) / calls;
}

const labs = { eval: await load(evalDir), noEval: await load(noEvalDir) };
const rows = [];
for (const c of CASES) {
  const x = Float32Array.from({ length: c.n }, (_, i) => ((i % 2000) - 1000) / 100);
  const out = new Float32Array(c.n);
  const times = { eval: [], noEval: [] };
  const ratios = [];
  for (const lab of Object.values(labs)) perCall(lab, { ...c, calls: Math.ceil(c.calls / 10) }, x, out); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? ['noEval', 'eval'] : ['eval', 'noEval'];
    const t = {};
    for (const name of order) t[name] = perCall(labs[name], c, x, out);
    times.eval.push(t.eval);
    times.noEval.push(t.noEval);
    ratios.push(t.noEval / t.eval);
  }
  rows.push({ name: c.name, eval: median(times.eval), noEval: median(times.noEval), ratio: median(ratios) });
}
const fmt = (us) => (us < 10 ? us.toFixed(3) : us.toFixed(1));
const table = [
  `embind call cost, ${ROUNDS} rounds, Node ${process.version}: median µs per lab.activate call, and the median per-round ratio`,
  '',
  '| call | new Function glue (µs) | no-eval glue (µs) | no-eval / eval |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${fmt(r.eval)} | ${fmt(r.noEval)} | ${r.ratio.toFixed(2)} |`),
].join('\n');
console.log(table);
if (mdAt > 0) writeFileSync(process.argv[mdAt + 1], `${table}\n`);
