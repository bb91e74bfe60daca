// How accurate "Your function" is, measured: its float32 program (f, and f'
// by automatic differentiation) against the double-precision twin of the
// same program, and which catalogue function it spells, if any.
import { ulp32, ulpError } from '../ui/ulp.js';
import { xGrid } from '../ui/sampling.js';

const VIEW_SAMPLES = 4001; // evenly over the view's x range
const FAR = 1e4; // and geometric samples out to ±FAR
const FAR_SAMPLES = 400;
const SMALL_SLOPE = 2 ** -20; // f' in ULPs of itself only where |f'| is at least this
const TINY = 2 ** -100; // the catalogue comparison counts errors below this value absolutely
const SAME_ULP = 64; // a catalogue function this close everywhere is the one the formula spells

/** Sorted float32 samples: the view [x0, x1] and geometric tails to ±1e4 (0 included). */
export function accuracyGrid(x0, x1) {
  const tails = [];
  for (let k = 0; k < FAR_SAMPLES; k++) tails.push(Math.fround(10 ** (-3 + (k / (FAR_SAMPLES - 1)) * (3 + Math.log10(FAR)))));
  const xs = [...xGrid(x0, x1, VIEW_SAMPLES), 0, ...tails, ...tails.map((v) => -v)];
  return Float32Array.from(xs).sort();
}

// The largest |error| with its x, for errors[i] where keep(i).
function worstOf(xs, errors, keep) {
  let best = { value: 0, x: NaN, count: 0 };
  for (let i = 0; i < xs.length; i++) {
    if (!keep(i)) continue;
    best.count++;
    const e = Math.abs(errors[i]);
    if (e > best.value || (Number.isNaN(e) && !Number.isNaN(best.value))) best = { ...best, value: e, x: xs[i] };
  }
  return best;
}

/**
 * f and f' of formula spec at params against its double twin on the grid of
 * [x0, x1]: { samples, f: { value (ULP), x }, dfMixed: { value, x } (f' in ULPs of
 * max(|f'|, 1)), df: { value (ULP), x } (f' in ULPs of itself where the twin's
 * |f'| >= 2^-20) } (a non-finite float32 value where the twin is finite counts as
 * an infinite error).
 */
export function formulaAccuracy(lab, spec, params, x0, x1) {
  const xs = accuracyGrid(x0, x1);
  const f = lab.activate(spec.id, xs, params);
  const df = lab.derivative(spec.id, xs, params);
  const twin = lab.yours.reference(xs, params);
  // Against the twin rounded to float32's range: where the twin is beyond FLT_MAX, ±∞ is the right float32 answer.
  const ulps = (values, exact) => Float64Array.from(values, (v, i) => {
    if (v === Math.fround(exact[i])) return 0;
    const e = ulpError(v, exact[i]);
    return Number.isNaN(e) && Number.isFinite(exact[i]) ? Infinity : e;
  });
  const fErrors = ulps(f, twin.f);
  const dfErrors = ulps(df, twin.df);
  // f' errors in ULPs of max(|f'|, 1): relative where |f'| >= 1, absolute (in units of 2^-23) below.
  const mixedErrors = Float64Array.from(df, (v, i) => (v === Math.fround(twin.df[i]) ? 0
    : Number.isFinite(v) ? Math.abs(v - twin.df[i]) / ulp32(Math.max(1, Math.abs(twin.df[i]))) : Infinity));
  const finite = (i) => Number.isFinite(twin.f[i]);
  const steep = (i) => Number.isFinite(twin.df[i]) && Math.abs(twin.df[i]) >= SMALL_SLOPE;
  return {
    samples: xs.length,
    f: worstOf(xs, fErrors, finite),
    df: worstOf(xs, dfErrors, steep),
    dfMixed: worstOf(xs, mixedErrors, (i) => Number.isFinite(twin.df[i])),
    smallSlope: SMALL_SLOPE,
    x0, x1, far: FAR,
  };
}

/**
 * The catalogue function (at its default parameters) whose f agrees with the
 * formula's within 64 ULP at every sample of the grid (in ULPs of max(|f|, 2^-100)), with the largest
 * difference: { spec, ulp } or null.
 */
export function catalogueTwin(lab, spec, params, x0, x1) {
  const xs = accuracyGrid(x0, x1);
  const mine = lab.activate(spec.id, xs, params);
  let best = null;
  for (const other of lab.catalog.activations) {
    if (other.custom || other.id === 'rrelu') continue; // rrelu's evaluation slope is a fixed leaky ReLU: leaky_relu says it better
    const theirs = lab.activate(other.id, xs);
    let worst = 0;
    for (let i = 0; i < xs.length && worst <= SAME_ULP; i++) {
      // ULPs of the catalogue's value, or of 2^-100 below it: a product with a subnormal keeps few bits, on either side.
      const e = Math.abs(mine[i] - theirs[i]) / ulp32(Math.max(Math.abs(theirs[i]), TINY));
      worst = Number.isNaN(e) ? Infinity : Math.max(worst, e);
    }
    if (worst <= SAME_ULP && (!best || worst < best.ulp)) best = { spec: other, ulp: worst };
  }
  return best;
}

/**
 * Where f of formula spec at params is not finite on the details' property grid
 * (xs): null, or { what: 'nan' | 'inf', n, total, from, to } for the first kind
 * found (NaN before ±∞), with the smallest and largest x where it is.
 */
export function nonFinite(lab, spec, params, xs) {
  const f = lab.activate(spec.id, xs, params);
  for (const [what, test] of [['nan', Number.isNaN], ['inf', (v) => v === Infinity || v === -Infinity]]) {
    let n = 0, from = Infinity, to = -Infinity;
    f.forEach((v, i) => { if (test(v)) n++, from = Math.min(from, xs[i]), to = Math.max(to, xs[i]); });
    if (n) return { what, n, total: xs.length, from, to };
  }
  return null;
}
