// The diverging colour-blind-safe scale of the page's heatmaps (Okabe–Ito
// blue for negative, the background for 0, vermilion for positive) and its
// colour bar with numbers.

const NEGATIVE = [0, 114, 178]; // #0072B2
const POSITIVE = [213, 94, 0]; // #D55E00

/** The colour of value v on the scale [-limit, limit] over background rgb `mid`, as [r, g, b]. */
export function heatRgb(v, limit, mid) {
  const f = Math.max(-1, Math.min(1, v / limit));
  const end = f < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(f);
  return end.map((c, i) => Math.round(mid[i] + (c - mid[i]) * a));
}

/** The colour of value v on the scale [-limit, limit] over background rgb `mid`, as CSS. */
export function heatColour(v, limit, mid) {
  return `rgb(${heatRgb(v, limit, mid).join(',')})`;
}

/**
 * A vertical colour bar at x from +limit (at top) to -limit (at bottom), 14 px
 * wide, with a label at each value of `ticks` (default: the ends and 0).
 */
export function drawColourBar(ctx, { x, top, bottom, limit, mid, ink, format, ticks = [limit, 0, -limit] }) {
  const bar = ctx.createLinearGradient(0, top, 0, bottom);
  bar.addColorStop(0, heatColour(limit, limit, mid));
  bar.addColorStop(0.5, heatColour(0, limit, mid));
  bar.addColorStop(1, heatColour(-limit, limit, mid));
  ctx.fillStyle = bar;
  ctx.fillRect(x, top, 14, bottom - top);
  ctx.strokeStyle = ink;
  ctx.lineWidth = 0.5;
  ctx.strokeRect(x, top, 14, bottom - top);
  ctx.fillStyle = ink;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  ctx.font = '12px system-ui, sans-serif';
  for (const v of ticks) {
    const y = top + ((limit - v) / (2 * limit)) * (bottom - top);
    ctx.fillRect(x + 14, Math.round(y), 3, 1);
    ctx.fillText(format(v), x + 20, Math.min(bottom + 2, Math.max(top - 2, y)));
  }
}
