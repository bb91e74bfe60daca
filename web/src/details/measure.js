// Properties of one activation at given parameters, measured from the wasm
// kernels (lab.activate / lab.derivative): output range, zero-centring,
// monotonicity, smoothness at 0, largest slope, saturated and dead regions,
// and the minimum of non-monotonic functions. Nothing here is typed in.

const WINDOW = 20; // dense sampling on [-WINDOW, WINDOW]
const STEP = 1 / 256;
const FAR = 1e4; // the far ends, where limits are read
const FAR_STEPS = 160; // geometric samples from WINDOW to FAR on each side
const SATURATED = 1e-3; // |f'| below this counts as saturated
const KINK_SLOPE = 1e-3; // a zero slope next to one at least this big is a kink, not underflow

// The sorted float32 sample grid: geometric far tails, dense middle (0 included).
function sampleGrid() {
  const far = [];
  for (let k = FAR_STEPS; k >= 1; k--) far.push(Math.fround(WINDOW * (FAR / WINDOW) ** (k / FAR_STEPS)));
  const dense = [];
  for (let i = -WINDOW / STEP; i <= WINDOW / STEP; i++) dense.push(i * STEP);
  const xs = [...far.map((v) => -v), ...dense.slice(1, -1), ...far.reverse()];
  return Float32Array.from(xs);
}

const GRID = sampleGrid();

/** The float32 grid the properties are measured on (a copy). */
export const propertyGrid = () => GRID.slice();

/** One-point evaluators of f and f' for spec at params (reusing two tiny arrays). */
export function pointEvaluators(lab, id, params) {
  const x1 = new Float32Array(1);
  const y1 = new Float32Array(1);
  return {
    f: (x) => { x1[0] = x; return lab.activate(id, x1, params, y1)[0]; },
    df: (x) => { x1[0] = x; return lab.derivative(id, x1, params, y1)[0]; },
  };
}

// The float32 halfway between a and b (may equal a or b when they are adjacent).
const mid = (a, b) => Math.fround(a + (b - a) / 2);

// Bisects [inside, outside] (pred(inside) true, pred(outside) false) down to adjacent floats.
function bisectEdge(inside, outside, pred) {
  for (let i = 0; i < 200; i++) {
    const m = mid(inside, outside);
    if (m === inside || m === outside) break;
    if (pred(m)) inside = m;
    else outside = m;
  }
  return { inside, outside };
}

// Shortest decimal text of a float32 (used to prefer round numbers at region edges).
function shortText(v) {
  for (let d = 1; d < 10; d++) {
    const c = Number(v.toPrecision(d));
    if (Math.fround(c) === v) return String(c);
  }
  return String(v);
}

// An edge of a region: the value and whether it belongs to the region, preferring the rounder float.
function edge({ inside, outside }) {
  return shortText(inside).length <= shortText(outside).length
    ? { x: inside, closed: true, outside }
    : { x: outside, closed: false, outside };
}

/**
 * The x regions where pred(x, i) holds on the grid, as [{ from, to }] with edges
 * { x, closed } refined by bisection on single-point kernel calls; ±Infinity at the far ends.
 */
function regions(xs, flags, pointPred) {
  const out = [];
  let start = -1;
  for (let i = 0; i <= xs.length; i++) {
    const on = i < xs.length && flags[i];
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      const end = i - 1;
      const from = start === 0 ? { x: -Infinity, closed: false } : edge(bisectEdge(xs[start], xs[start - 1], pointPred));
      const to = end === xs.length - 1 ? { x: Infinity, closed: false } : edge(bisectEdge(xs[end], xs[end + 1], pointPred));
      out.push({ from, to });
      start = -1;
    }
  }
  return out;
}

// Golden-section search for the minimum of g on [a, b] over float32 x; returns { x, value }.
function goldenMin(g, a, b, best) {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = Math.fround(b - r * (b - a));
  let d = Math.fround(a + r * (b - a));
  let gc = g(c);
  let gd = g(d);
  for (let i = 0; i < 100 && b - a > 1e-7 * Math.max(1, Math.abs(a)); i++) {
    if (gc <= gd) {
      b = d; d = c; gd = gc;
      c = Math.fround(b - r * (b - a)); gc = g(c);
    } else {
      a = c; c = d; gc = gd;
      d = Math.fround(a + r * (b - a)); gd = g(d);
    }
    for (const [x, v] of [[c, gc], [d, gd]]) if (v < best.value) best = { x, value: v };
  }
  return best;
}

// Centre of the flat run of float32 x around x0 where g(x) === g(x0), rounded to the run's width.
function flatCentre(g, x0, lo, hi) {
  const v = g(x0);
  const same = (x) => g(x) === v;
  const left = same(lo) ? lo : bisectEdge(x0, lo, same).inside;
  const right = same(hi) ? hi : bisectEdge(x0, hi, same).inside;
  const centre = (left + right) / 2;
  const half = (right - left) / 2;
  if (half === 0) return x0;
  const step = 10 ** Math.floor(Math.log10(half));
  return Math.round(centre / step) * step;
}

// The x of a sign change of df between a (sign sa) and b, by bisection.
function signChange(df, a, b) {
  const sa = Math.sign(df(a));
  const { inside, outside } = bisectEdge(a, b, (x) => Math.sign(df(x)) === sa);
  return Math.abs(df(inside)) <= Math.abs(df(outside)) ? inside : outside;
}

// Index of the grid sample nearest to x.
function nearestIndex(xs, x) {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
  return best;
}

// Whether the grid value at i is reached for real (kink or turning point), not just approached.
function attainedAt(fp, i) {
  if (i <= 0 || i >= fp.length - 1) return false;
  const a = fp[i - 1];
  const b = fp[i + 1];
  if ((a < 0 && b > 0) || (a > 0 && b < 0)) return true;
  const near = [a, fp[i], b];
  return near.some((v) => v === 0) && near.some((v) => Math.abs(v) >= KINK_SLOPE);
}

/**
 * One bound of the output range. sign = +1 for the supremum, -1 for the infimum.
 * Returns { value, closed, limit (read at ±1e4), at (x, when attained at a turning point) }.
 */
function bound(xs, f, fp, point, sign) {
  const ends = [{ i: 0, dir: -1 }, { i: xs.length - 1, dir: 1 }];
  for (const { i, dir } of ends) {
    const inner = nearestIndex(xs, (dir * FAR) / 2);
    const outward = fp[i] * dir; // how f changes moving outwards
    if (sign * outward > 0 && Math.abs(fp[i]) > 0.6 * Math.abs(fp[inner])) return { value: sign * Infinity, closed: false };
    // The same test on mean slopes over the outer half and the quarter before it, for tails whose f' oscillates (x + sin²x).
    const quarter = nearestIndex(xs, (dir * FAR) / 4);
    const outer = (f[i] - f[inner]) / Math.abs(xs[i] - xs[inner]);
    const before = (f[inner] - f[quarter]) / Math.abs(xs[inner] - xs[quarter]);
    if (sign * outer > 0 && Math.abs(outer) > 0.6 * Math.abs(before)) return { value: sign * Infinity, closed: false };
  }
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) if (Number.isFinite(f[i]) && sign * f[i] > m) m = sign * f[i];
  m *= sign;
  let hit = -1;
  for (let i = 0; i < xs.length; i++) if (f[i] === m && attainedAt(fp, i)) { hit = i; break; }
  if (hit < 0) {
    // Approached, not reached: estimate the limit from the far samples (tail ~ 1/x).
    const end = f[0] * sign >= f[xs.length - 1] * sign ? 0 : xs.length - 1;
    const limit = Math.fround(2 * f[end] - point.f(xs[end] / 2));
    return { value: sign * limit >= sign * m ? limit : m, closed: false, limit: true };
  }
  const turning = (fp[hit - 1] < 0 && fp[hit + 1] > 0) || (fp[hit - 1] > 0 && fp[hit + 1] < 0);
  if (!turning) return { value: m, closed: true };
  const g = (x) => -sign * point.f(x);
  const best = goldenMin(g, xs[hit - 1], xs[hit + 1], { x: xs[hit], value: g(xs[hit]) });
  return { value: -sign * best.value, closed: true, at: signChange(point.df, xs[hit - 1], xs[hit + 1]) };
}

// One-sided derivatives at 0 and the verdict on smoothness there.
function smoothnessAtZero(df) {
  const h = 2 ** -20;
  const left = df(-h);
  const right = df(h);
  const kink = Math.abs(left - right) > 1e-4 * Math.max(1, Math.abs(left), Math.abs(right));
  const s = 2 ** -12;
  const curvLeft = (df(-s) - df(-2 * s)) / s;
  const curvRight = (df(2 * s) - df(s)) / s;
  const curvatureJump = Math.abs(curvLeft - curvRight) > 0.05 * Math.max(1, Math.abs(curvLeft), Math.abs(curvRight));
  return { left, right, kink, curvatureJump, curvLeft, curvRight };
}

// Mean of f(z) for z ~ N(0, 1), by quadrature over the grid's dense part.
function gaussianMean(xs, f) {
  let sum = 0;
  let weight = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (Math.abs(x) > 9 || !Number.isFinite(f[i])) continue;
    const w = Math.exp(-0.5 * x * x);
    sum += w * f[i];
    weight += w;
  }
  return sum / weight;
}

/**
 * Measures the properties of activation id at params from the kernels. Returns
 * { range: { lo, hi }, f0, mean, zeroCentred, monotonic, smooth, maxSlope, saturated,
 *   dead, minimum } (see the card for how each is shown).
 */
export function measureProperties(lab, id, params) {
  const xs = GRID;
  const f = lab.activate(id, xs, params);
  const fp = lab.derivative(id, xs, params);
  const point = pointEvaluators(lab, id, params);

  const lo = bound(xs, f, fp, point, -1);
  const hi = bound(xs, f, fp, point, 1);
  const f0 = point.f(0);
  const mean = gaussianMean(xs, f);
  let negative = false;
  let positive = false;
  let rising = true;
  let falling = true;
  for (let i = 0; i < xs.length; i++) {
    if (f[i] < 0) negative = true;
    if (f[i] > 0) positive = true;
    if (fp[i] < 0) rising = false;
    if (fp[i] > 0) falling = false;
  }
  const zeroCentred = negative && positive && Math.abs(mean) < 0.02;
  const monotonic = rising ? 'increasing' : falling ? 'decreasing' : 'no';

  // Largest |f'|: a plateau (a run of equal samples) or a refined peak.
  const abs = Float64Array.from(fp, Math.abs);
  let top = 0;
  for (let i = 1; i < abs.length; i++) if (abs[i] > abs[top]) top = i;
  const peak = abs[top];
  const onPeak = Uint8Array.from(abs, (v) => v === peak);
  let maxSlope;
  const plateau = (onPeak[top - 1] ?? 0) + (onPeak[top + 1] ?? 0) > 0;
  if (plateau) {
    maxSlope = { value: peak, regions: regions(xs, onPeak, (x) => Math.abs(point.df(x)) === peak) };
  } else {
    const g = (x) => -Math.abs(point.df(x));
    const a = xs[Math.max(0, top - 1)];
    const b = xs[Math.min(xs.length - 1, top + 1)];
    const best = goldenMin(g, a, b, { x: xs[top], value: g(xs[top]) });
    maxSlope = { value: -best.value, at: flatCentre(g, best.x, a, b) };
  }

  // Saturation is about the tails; a zero crossing of f' in the middle is not saturation.
  const saturated = regions(xs, Uint8Array.from(fp, (v) => Math.abs(v) < SATURATED), (x) => Math.abs(point.df(x)) < SATURATED)
    .filter((r) => !Number.isFinite(r.from.x) || !Number.isFinite(r.to.x));
  // Dead regions are intervals (a single zero is a turning point, not a region); zeros
  // reached smoothly (tiny slope just outside) are float32 underflow, not a flat piece.
  const dead = regions(xs, Uint8Array.from(fp, (v) => v === 0), (x) => point.df(x) === 0)
    .filter((r) => r.from.x !== r.to.x)
    // (A region without a finite edge is f' = 0 everywhere: a constant, flat, not underflow.)
    .map((r) => ({ ...r, underflow: [r.from, r.to].some((e) => Number.isFinite(e.x)) && [r.from, r.to].every((e) => !Number.isFinite(e.x) || Math.abs(point.df(e.outside)) < KINK_SLOPE) }));

  let minimum = null;
  if (monotonic === 'no' && Number.isFinite(lo.value) && lo.at !== undefined) minimum = { value: lo.value, at: lo.at };

  return { range: { lo, hi }, f0, mean, zeroCentred, monotonic, smooth: smoothnessAtZero(point.df), maxSlope, saturated, dead, minimum };
}
