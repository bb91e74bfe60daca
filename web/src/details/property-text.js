// Turns measured properties (measure.js) into the short sentences of the
// properties card, in the current language.
import { t } from '../i18n/translate.js';

/** A measured number with `digits` significant digits, typographic minus, ±∞. */
export function num(value, digits = 5) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+∞';
  if (value === -Infinity) return '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const text = magnitude < 1e-4 || magnitude >= 1e6 ? value.toExponential(digits - 1).replace(/\.?0+e/, 'e') : String(Number(value.toPrecision(digits)));
  return text.replace('-', '−');
}

/** "(0, 1)", "[−0.27846, +∞)": the output range with open or closed ends. */
export function rangeText({ lo, hi }) {
  return `${lo.closed ? '[' : '('}${num(lo.value)}, ${num(hi.value)}${hi.closed ? ']' : ')'}`;
}

// "x ≤ −6.906", "a < x ≤ b", "everywhere" for one region.
function regionText({ from, to }) {
  const lower = Number.isFinite(from.x);
  const upper = Number.isFinite(to.x);
  if (!lower && !upper) return t('everywhere');
  if (from.x === to.x) return `x = ${num(from.x, 4)}`;
  if (!lower) return `x ${to.closed ? '≤' : '<'} ${num(to.x, 4)}`;
  if (!upper) return `x ${from.closed ? '≥' : '>'} ${num(from.x, 4)}`;
  return `${num(from.x, 4)} ${from.closed ? '≤' : '<'} x ${to.closed ? '≤' : '<'} ${num(to.x, 4)}`;
}

/** A list of regions as text ("nowhere" when empty); note(region) may add a remark to each. */
export function regionsText(list, note = () => '') {
  return list.length ? list.map((r) => regionText(r) + note(r)).join(t('listSeparator')) : t('nowhere');
}

/** [label, value] rows of the properties card for measured properties m. */
export function propertyRows(m) {
  const rows = [];
  const limits = m.range.lo.limit || m.range.hi.limit;
  rows.push([t('propRange'), rangeText(m.range) + (limits ? t('propRangeLimit') : '')]);
  rows.push([t('propZeroCentred'), t(m.zeroCentred ? 'propZeroYes' : 'propZeroNo', { mean: num(m.mean, 3), f0: num(m.f0) })]);
  rows.push([t('propMonotonic'), t(m.monotonic === 'increasing' ? 'propMonoUp' : m.monotonic === 'decreasing' ? 'propMonoDown' : 'propMonoNo')]);
  const s = m.smooth;
  const smooth = s.kink
    ? t('propKink', { left: num(s.left, 4), right: num(s.right, 4) })
    : s.curvatureJump
      ? t('propC1', { slope: num(s.right, 4), left: num(s.curvLeft, 2), right: num(s.curvRight, 2) })
      : t('propSmooth', { slope: num(s.right, 4) });
  rows.push([t('propSmoothAt0'), smooth]);
  const peak = m.maxSlope;
  const everywhere = peak.regions?.length === 1 && !Number.isFinite(peak.regions[0].from.x) && !Number.isFinite(peak.regions[0].to.x);
  rows.push([t('propMaxSlope'), everywhere ? t('propMaxEverywhere', { value: num(peak.value) })
    : peak.regions ? t('propMaxOn', { value: num(peak.value), where: regionsText(peak.regions) }) : t('propMaxAt', { value: num(peak.value), x: num(peak.at, 5) })]);
  rows.push([t('propSaturated'), regionsText(m.saturated)]);
  rows.push([t('propDead'), regionsText(m.dead, (r) => (r.underflow ? t('propUnderflow') : ''))]);
  if (m.minimum) rows.push([t('propMinimum'), t('propMinAt', { value: num(m.minimum.value), x: num(m.minimum.at) })]);
  return rows;
}
