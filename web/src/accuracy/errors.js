// Errors in ULP of float32 implementations (the SIMD and scalar wasm builds,
// the naive JS formula in double and in float32) against the double reference.
import { ulpError } from '../ui/ulp.js';
import { REFERENCE } from './reference.js';
import { NAIVE } from './naive.js';

const identity = (v) => v;

/** The implementations compared, in display order. */
export const IMPLEMENTATIONS = ['simd', 'scalar', 'js64', 'js32'];

// ULP errors of values against the reference values (a NaN or ∞ output where the reference is finite counts as ∞).
function errorsOf(values, reference) {
  return Float64Array.from(values, (v, i) => {
    const e = ulpError(v, reference[i]);
    return Number.isNaN(e) && Number.isFinite(reference[i]) ? Infinity : e;
  });
}

/**
 * Errors for activation spec at params on xs, kind 'f' or 'df'. labs = { simd, scalar }
 * (either may be null). Returns { reference, errors: { simd, scalar, js64, js32 } }.
 */
export function measureErrors(labs, spec, params, xs, kind) {
  const k = kind === 'f' ? 0 : 1;
  const ref = REFERENCE[spec.id][k];
  const naive = NAIVE[spec.id][k];
  const reference = Float64Array.from(xs, (x) => ref(x, params));
  const run = (lab) => (lab ? (kind === 'f' ? lab.activate(spec.id, xs, params) : lab.derivative(spec.id, xs, params)) : null);
  const errors = {};
  for (const name of ['simd', 'scalar']) {
    const values = run(labs[name]);
    errors[name] = values ? errorsOf(values, reference) : null;
  }
  // Plain JS numbers, stored to float32 as a Float32Array would; and float32 throughout.
  errors.js64 = errorsOf(Float32Array.from(xs, (x) => naive(x, params, identity)), reference);
  errors.js32 = errorsOf(Float32Array.from(xs, (x) => naive(x, params, Math.fround)), reference);
  return { reference, errors };
}

/** The largest |error| and where, skipping samples where skip(i) is true. */
export function worst(xs, errors, skip = () => false) {
  let best = { value: 0, x: NaN };
  for (let i = 0; i < xs.length; i++) {
    if (skip(i)) continue;
    const e = Math.abs(errors[i]);
    if (e > best.value || (Number.isNaN(e) && !Number.isNaN(best.value))) best = { value: e, x: xs[i] };
  }
  return best;
}

/** The naive JS formula of spec as a loop over a Float32Array (for the speed test). */
export function jsLoop(spec, kind) {
  const f = NAIVE[spec.id][kind === 'f' ? 0 : 1];
  return (xs, params, out) => {
    for (let i = 0; i < xs.length; i++) out[i] = f(xs[i], params, identity);
    return out;
  };
}
