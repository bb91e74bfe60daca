// Two builds of the SIMD simulator module side by side in one process, rounds
// interleaved: the shipped one (web/wasm) and another (--other DIR holding
// actlab-simulator-simd.{mjs,wasm}, e.g. linked with the unrolled kernels).
// Prints per case the medians and the median of the per-round ratios, and
// whether the two give the same bits. Usage:
//   node tests/bench/simulator_ab.mjs --other /tmp/simfast [--rounds 9]
import { pathToFileURL } from 'node:url';
import { loadSimulatorModule } from '../../web/src/module-loader.js';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : fallback; };
const other = arg('other');
if (!other) throw new Error('usage: node tests/bench/simulator_ab.mjs --other DIR [--rounds N]');
const rounds = Number(arg('rounds', 9));
const shipped = await loadSimulatorModule('simd');
const compared = await loadSimulatorModule('simd', {
  moduleUrl: pathToFileURL(`${other}/actlab-simulator-simd.mjs`).href, wasmUrl: pathToFileURL(`${other}/actlab-simulator-simd.wasm`).href,
});
const CASES = [
  ['ReLU + He, 100 layers x 256, batch 256', { depth: 100, width: 256, batch: 256, inputWidth: 256, activation: 'relu', init: 'he_normal', seed: 3 }],
  ['GELU + He, 20 x 256, batch 256', { depth: 20, width: 256, batch: 256, inputWidth: 256, activation: 'gelu', init: 'he_normal', seed: 3 }],
  ['tanh + Xavier, 30 x 64, batch 64', { depth: 30, width: 64, batch: 64, inputWidth: 64, activation: 'tanh', init: 'xavier_normal', seed: 3 }],
];
const median = (list) => [...list].sort((a, b) => a - b)[list.length >> 1];
const time = (module, text) => { const start = performance.now(); const out = module.simulateJson(text); return [performance.now() - start, JSON.parse(out).bitsHash]; };
console.log('| case | other (ms) | shipped (ms) | shipped / other | same bits |\n| --- | ---: | ---: | ---: | --- |');
for (const [name, config] of CASES) {
  const text = JSON.stringify(config);
  const a = [], b = [], ratios = [];
  let same = true;
  for (let r = 0; r < rounds; r++) {
    const [ta, ha] = time(compared, text), [tb, hb] = time(shipped, text);
    a.push(ta), b.push(tb), ratios.push(tb / ta), same &&= ha === hb;
  }
  console.log(`| ${name} | ${median(a).toFixed(1)} | ${median(b).toFixed(1)} | ${median(ratios).toFixed(3)} | ${same} |`);
}
