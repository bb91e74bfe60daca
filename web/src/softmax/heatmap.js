// Draws a square matrix as a heatmap on a canvas with a diverging
// colour-blind-safe scale (Okabe–Ito blue, neutral, vermilion), values in the
// cells when they fit, and a colour legend beside it.
import { prepareCanvas } from '../ui/dom.js';
import { drawColourBar, heatColour } from '../ui/heat-scale.js';

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
  drawColourBar(ctx, { x: size + 14, top: 8, bottom: size - 8, limit, mid, ink, format });
}
