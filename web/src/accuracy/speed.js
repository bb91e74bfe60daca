// The in-page speed test: Melem/s of the SIMD build, the scalar build and a
// plain JS loop on 1M float32 elements, median of several runs, yielding to
// the page between runs so it never freezes.
import { jsLoop } from './errors.js';

export const ELEMENTS = 1 << 20;
const RUNS = 7;

const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

// Median of a list of numbers.
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

/**
 * Times each implementation for each of specs (with params(spec)) on xs, forward and
 * derivative. progress(text) is called before each block. Returns
 * [{ id, kind, simd, scalar, js }] in Melem/s (null when a build is missing).
 */
export async function measureSpeed(labs, specs, params, xs, progress, isCancelled = () => false) {
  const out = new Float32Array(xs.length);
  const results = [];
  for (const spec of specs) {
    for (const kind of ['f', 'df']) {
      const row = { id: spec.id, name: spec.name, kind };
      const p = params(spec);
      const runners = {
        simd: labs.simd && ((x) => (kind === 'f' ? labs.simd.activate(spec.id, x, p, out) : labs.simd.derivative(spec.id, x, p, out))),
        scalar: labs.scalar && ((x) => (kind === 'f' ? labs.scalar.activate(spec.id, x, p, out) : labs.scalar.derivative(spec.id, x, p, out))),
        js: ((loop) => (x) => loop(x, p, out))(jsLoop(spec, kind)),
      };
      for (const [name, run] of Object.entries(runners)) {
        if (!run) { row[name] = null; continue; }
        progress({ name: spec.name, kind, impl: name });
        const times = [];
        for (let r = 0; r <= RUNS; r++) {
          await pause();
          if (isCancelled()) return results;
          const start = performance.now();
          run(xs);
          const ms = performance.now() - start;
          if (r > 0) times.push(ms); // run 0 warms up
        }
        row[name] = xs.length / (Math.max(median(times), 1e-3) * 1e3);
      }
      results.push(row);
    }
  }
  return results;
}
