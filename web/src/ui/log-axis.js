// Pure helpers for log-scale layer charts: an axis chosen from the data with
// regular power-of-ten ticks, lines (theory) clipped to that axis in log
// space, and the layers whose value a log axis cannot show (exact zeros,
// values below float32's range, non-finite values).

/** The smallest positive float32 (a subnormal): anything smaller cannot come from float32 data. */
export const FLOAT32_TINY = 1.401298464324817e-45;

const STEPS = [1, 2, 3, 5, 10, 20, 25, 50, 100]; // decades between ticks
const MAX_TICKS = 8;

/** Whether a log axis can place value (finite, at least FLOAT32_TINY). */
export const onLogScale = (value) => value !== null && Number.isFinite(value) && value >= FLOAT32_TINY;

/**
 * The y axis for values (null or values a log axis cannot show are ignored):
 * { min, max, ticks } with min and max powers of ten, ticks every `step`
 * decades (at most MAX_TICKS + 1 of them), or null when no value is usable.
 */
export function decadeAxis(values, pad = 0.2) {
  const usable = values.filter(onLogScale);
  if (usable.length === 0) return null;
  let lo = Math.floor(Math.log10(Math.min(...usable)) - pad);
  let hi = Math.ceil(Math.log10(Math.max(...usable)) + pad);
  if (hi <= lo) hi = lo + 1;
  const step = STEPS.find((s) => Math.ceil(hi / s) - Math.floor(lo / s) <= MAX_TICKS) ?? STEPS.at(-1);
  lo = Math.max(-300, Math.floor(lo / step) * step); // within doubles' range (and a multiple of every step)
  hi = Math.min(300, Math.ceil(hi / step) * step);
  const ticks = [];
  for (let e = lo; e <= hi; e += step) ticks.push(10 ** e);
  return { min: 10 ** lo, max: 10 ** hi, ticks, step };
}

/**
 * A line given by log10 values (one per layer, x = index + 1) clipped to
 * [min, max] in log space: [{ x, y }] with the parts outside left out (a
 * { y: null } point marks a gap) and a point added wherever the line meets
 * an edge of the axis, so it stops exactly there. Non-finite values are gaps.
 */
export function clipLogLine(log10Values, min, max) {
  const lo = Math.log10(min), hi = Math.log10(max);
  const out = [];
  const push = (x, g) => {
    const last = out[out.length - 1];
    if (last && last.x === x) return;
    out.push({ x, y: 10 ** Math.min(hi, Math.max(lo, g)) });
  };
  const gap = (x) => { if (out.length && out[out.length - 1].y !== null) out.push({ x, y: null }); };
  const n = log10Values.length;
  if (n === 1 && log10Values[0] >= lo && log10Values[0] <= hi) push(1, log10Values[0]);
  for (let i = 0; i + 1 < n; i++) {
    const a = log10Values[i], b = log10Values[i + 1];
    if (!Number.isFinite(a) || !Number.isFinite(b)) { gap(i + 1.5); continue; }
    let enter = 0, exit = 1;
    if (a === b) {
      if (a < lo || a > hi) { gap(i + 1.5); continue; }
    } else {
      const tLo = (lo - a) / (b - a), tHi = (hi - a) / (b - a);
      enter = Math.max(0, Math.min(tLo, tHi));
      exit = Math.min(1, Math.max(tLo, tHi));
      if (enter > exit) { gap(i + 1.5); continue; }
    }
    if (enter > 0) gap(i + 1 + enter / 2);
    push(i + 1 + enter, a + enter * (b - a));
    push(i + 1 + exit, a + exit * (b - a));
    if (exit < 1) gap(i + 1 + (1 + exit) / 2);
  }
  while (out.length && out[out.length - 1].y === null) out.pop();
  return out;
}

/** The layers (1-based) a log axis cannot show: { zero: exact zeros and values below FLOAT32_TINY in size, nonFinite }. */
export function offScale(values) {
  const zero = [], nonFinite = [];
  values.forEach((v, i) => {
    if (v === null || v === undefined) return;
    if (!Number.isFinite(v)) nonFinite.push(i + 1);
    else if (Math.abs(v) < FLOAT32_TINY) zero.push(i + 1);
  });
  return { zero, nonFinite };
}

/** "1–4, 7, 9–10" for sorted layer numbers. */
export function layerRanges(layers) {
  const parts = [];
  for (let i = 0; i < layers.length; i++) {
    let j = i;
    while (j + 1 < layers.length && layers[j + 1] === layers[j] + 1) j++;
    parts.push(j > i ? `${layers[i]}–${layers[j]}` : String(layers[i]));
    i = j;
  }
  return parts.join(', ');
}
