// Zoom and pan arithmetic for one axis range, kept inside the URL table's
// limits and minimum span (log axes work in decades).

// To and from the space in which zooming is uniform.
const forward = (v, log) => (log ? Math.log10(v) : v);
const back = (v, log) => (log ? 10 ** v : v);

// Fits [lo, hi] (in uniform space) inside [min, max] without changing its span if possible.
function fit(lo, hi, min, max) {
  const span = hi - lo;
  if (span >= max - min) return [min, max];
  if (lo < min) return [min, min + span];
  if (hi > max) return [max - span, max];
  return [lo, hi];
}

/**
 * Zooms [lo, hi] by factor (< 1 zooms in) keeping `centre` at the same place.
 * axis = { min, max, minSpan, log } from the schema.
 */
export function zoomRange(lo, hi, centre, factor, axis) {
  const { log } = axis;
  const a = forward(lo, log);
  const b = forward(hi, log);
  const c = Math.min(b, Math.max(a, forward(centre, log)));
  let span = Math.max((b - a) * factor, axis.minSpan);
  const min = forward(axis.min, log);
  const max = forward(axis.max, log);
  span = Math.min(span, max - min);
  const t = (c - a) / (b - a || 1);
  const [nlo, nhi] = fit(c - span * t, c - span * t + span, min, max);
  return [back(nlo, log), back(nhi, log)];
}

/** Shifts [lo, hi] by `fraction` of its span (positive moves the window towards larger values). */
export function panRange(lo, hi, fraction, axis) {
  const { log } = axis;
  const a = forward(lo, log);
  const b = forward(hi, log);
  const shift = (b - a) * fraction;
  const [nlo, nhi] = fit(a + shift, b + shift, forward(axis.min, log), forward(axis.max, log));
  return [back(nlo, log), back(nhi, log)];
}
