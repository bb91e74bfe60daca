// Draws a square matrix as a heatmap on a canvas with a diverging
// colour-blind-safe scale (Okabe–Ito blue, neutral, vermilion), values in the
// cells when they fit, and a colour legend beside it.
import { prepareCanvas } from '../ui/dom.js';

const NEGATIVE = [0, 114, 178]; // #0072B2
const POSITIVE = [213, 94, 0]; // #D55E00

// The colour of value v on the scale [-limit, limit] over background rgb `mid`.
export function heatColour(v, limit, mid) {
  const f = Math.max(-1, Math.min(1, v / limit));
  const end = f < 0 ? NEGATIVE : POSITIVE;
  const a = Math.abs(f);
  return `rgb(${end.map((c, i) => Math.round(mid[i] + (c - mid[i]) * a)).join(',')})`;
}

/** Draws matrix (array of rows) on canvas at CSS size `size`; limit: the value of full colour. */
export function drawHeatmap(canvas, matrix, { limit, size, mid, ink, format }) {
  const n = matrix.length;
  const legend = 70;
  const ctx = prepareCanvas(canvas, size + legend, size);
  const cell = size / n;
  ctx.font = `${Math.min(13, cell / 4.2)}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      ctx.fillStyle = heatColour(matrix[i][j], limit, mid);
      ctx.fillRect(j * cell, i * cell, cell - 1, cell - 1);
      if (cell >= 34) {
        ctx.fillStyle = Math.abs(matrix[i][j]) / limit > 0.55 ? '#ffffff' : ink;
        ctx.fillText(format(matrix[i][j]), j * cell + cell / 2, i * cell + cell / 2);
      }
    }
  }
  // Legend: a vertical bar from +limit (top) to -limit (bottom) with three labels.
  const x = size + 14;
  const bar = ctx.createLinearGradient(0, 8, 0, size - 8);
  bar.addColorStop(0, heatColour(limit, limit, mid));
  bar.addColorStop(0.5, heatColour(0, limit, mid));
  bar.addColorStop(1, heatColour(-limit, limit, mid));
  ctx.fillStyle = bar;
  ctx.fillRect(x, 8, 14, size - 16);
  ctx.strokeStyle = ink;
  ctx.lineWidth = 0.5;
  ctx.strokeRect(x, 8, 14, size - 16);
  ctx.fillStyle = ink;
  ctx.textAlign = 'left';
  ctx.font = '12px system-ui, sans-serif';
  for (const [v, y] of [[limit, 8], [0, size / 2], [-limit, size - 8]]) ctx.fillText(format(v), x + 19, Math.min(size - 6, Math.max(7, y)));
}
