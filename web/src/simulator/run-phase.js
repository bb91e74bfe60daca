// The order-to-chaos phase diagram's work, on a loaded simulator module (the
// worker runs it; tests run it in Node): for each (sigma_w^2, sigma_b^2) of a
// grid, coarse points first, one simulation of a deep random stack with
// W ~ N(0, sigma_w^2 / n) and b ~ N(0, sigma_b^2) fed pairs of inputs, reduced
// to two measured numbers; and the mean-field theory of every point and of the
// critical line chi_1 = 1 (cpp/include/actlab/mean_field.h).
import { parseResult } from './run-simulations.js';

/** The default diagram: 24 x 24 points, stacks of depth x width, batch samples (batch / 2 input pairs). */
export const PHASE_DEFAULTS = { size: 24, depth: 30, width: 128, batch: 16, sw2: [0.25, 4], sb2: [0, 0.5], c0: 0.2, seed: 1 };

/** n evenly spaced values from lo to hi. */
export const axis = ([lo, hi], n) => Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)));

/**
 * The grid's points [i, j] (i: sigma_w^2 index, j: sigma_b^2 index) in the order they are computed:
 * every 8th point of both axes first, then every 4th, 2nd and the rest, so an early stop already
 * shows the whole diagram coarsely. Each point also names the block it stands for until finer points arrive.
 */
export function coarseToFine(n) {
  const seen = new Set(), order = [];
  for (const stride of [8, 4, 2, 1]) {
    for (let j = 0; j < n; j += stride) {
      for (let i = 0; i < n; i += stride) {
        const key = i * n + j;
        if (seen.has(key)) continue;
        seen.add(key);
        order.push({ i, j, stride });
      }
    }
  }
  return order;
}

/** The simulator config of one point: LeCun normal with gain sqrt(sigma_w^2) is N(0, sigma_w^2 / fan_in). */
export function phaseConfig(request, sw2, sb2) {
  return {
    inputWidth: request.width, width: request.width, depth: request.depth, batch: request.batch,
    activation: request.activation, init: 'lecun_normal', gain: Math.sqrt(sw2), biasStd: Math.sqrt(sb2),
    pairs: true, pairCorrelation: request.c0, seed: request.seed, bins: 1, weightGradients: false, jacobian: false,
  };
}

/**
 * A point's two measured numbers from its simulation result: growth, the natural log per layer of
 * the RMS of dL/da from the last layer back to the first (theory: ln(chi_1) / 2), and corr, the
 * input pairs' correlation of z at the last layer (theory: towards c*); NaN when not finite.
 */
export function reducePoint(result) {
  if (!result.ok) return { growth: NaN, corr: NaN, error: result.error };
  const layers = result.layers, L = layers.length;
  const growth = L > 1 ? Math.log(layers[0].gradARms / layers[L - 1].gradARms) / (L - 1) : NaN;
  return { growth: Number.isFinite(growth) ? growth : NaN, corr: layers[L - 1].zPairCorrelation };
}

/** The theory's JSON request for the grid: every point, and the critical line at every sigma_b^2 of the axis. */
export function theoryRequest(request, sb2Values, sw2Values) {
  return { activation: request.activation, sigmaW2: sw2Values, sigmaB2: sb2Values, criticalB2: sb2Values, criticalRange: [0.05, 20] };
}

/**
 * Runs a phase request ({ activation, size, depth, width, batch, sw2: [lo, hi], sb2: [lo, hi], c0,
 * seed, part, parts }) for a worker job (workers/worker-host.js): its share (every parts-th, from
 * part) of the theory's sigma_b^2 rows, then of the points in coarse-to-fine order, each in slices.
 * Progress is { fraction, theory: [{ j, points, critical }], points: [{ i, j, stride, growth, corr }] }
 * (all of its share so far). Resolves to { theory, points, ms } or null when stopped.
 */
export async function phaseInPieces(module, request, job) {
  const start = performance.now();
  const n = request.size, part = request.part ?? 0, parts = request.parts ?? 1;
  const sw2 = axis(request.sw2, n), sb2 = axis(request.sb2, n);
  const theory = [];
  const points = [];
  const rows = axis([0, n - 1], n).filter((j) => j % parts === part);
  const order = coarseToFine(n).filter((_, k) => k % parts === part);
  const total = rows.length + order.length;
  const report = () => job.progress({ fraction: (theory.length + points.length) / total, theory, points });
  for (const j of rows) { // one sigma_b^2 row of the theory per slice
    const done = await job.slices(() => {
      const reply = parseResult(module.meanFieldJson(JSON.stringify(theoryRequest(request, [sb2[j]], sw2))));
      if (!reply.ok) throw new Error(reply.error);
      theory.push({ j, points: reply.points, critical: reply.critical[0] });
      return true;
    }, { atLeastOne: theory.length === 0 });
    if (!done) return null;
    report();
  }
  for (const point of order) {
    const begun = JSON.parse(module.simulationBegin(JSON.stringify(phaseConfig(request, sw2[point.i], sb2[point.j]))));
    if (!(begun.id > 0)) { // refused: the point says why
      points.push({ ...point, ...reducePoint(begun) });
      continue;
    }
    const done = await job.slices((units) => module.simulationStep(begun.id, units) >= 1,
      { units: 1 << 22, max: 2 ** 40, remember: 'phase' });
    if (!done) {
      module.simulationDestroy(begun.id);
      return null;
    }
    points.push({ ...point, ...reducePoint(parseResult(module.simulationResult(begun.id))) });
    report();
  }
  return { theory, points, ms: performance.now() - start };
}
