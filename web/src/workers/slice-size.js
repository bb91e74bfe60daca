// How much work goes into the next slice: the units of the last slice scaled
// so a slice takes about `target` ms, growing at most 2x and shrinking to at
// least 1 unit at a time, so a slow machine or a big batch still stops soon.

/** The units of the next slice after `units` took `ms` (target ms per slice, at most `max` units). */
export function nextSliceUnits(units, ms, target, max = 1 << 20) {
  if (!(ms > 0)) return Math.min(max, units * 2);
  const scaled = Math.floor((units * target) / ms);
  return Math.max(1, Math.min(max, units * 2, scaled));
}
