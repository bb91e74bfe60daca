// Draws one histogram per layer as a heatmap: layers left to right, bins
// bottom to top, the colour of a cell the share of the layer's values in
// that bin (square-root scale, so thin tails stay visible).
import { prepareCanvas } from '../ui/dom.js';

const HOT = [213, 94, 0]; // Okabe–Ito vermilion

// Colour of share s in [0, 1] over background rgb `back`.
function cellColour(s, back) {
  const a = Math.sqrt(Math.max(0, Math.min(1, s)));
  return `rgb(${HOT.map((c, i) => Math.round(back[i] + (c - back[i]) * a)).join(',')})`;
}

/**
 * Draws histograms (one array of counts per layer, all on the same edges)
 * on canvas at CSS width × height. edgeLabel(i) labels edge i on the y axis;
 * ink: { text, grid }, back: background rgb; emptyText: what to say when no
 * value falls in any bin.
 */
export function drawHistogramHeatmap(canvas, histograms, edges, { width, height, ink, back, edgeLabel, xTitle, yTitle, emptyText }) {
  const ctx = prepareCanvas(canvas, width, height);
  const left = 78, right = 10, top = 8, bottom = 38;
  const plotW = width - left - right, plotH = height - top - bottom;
  const layers = histograms.length, bins = Math.max(0, edges.length - 1);
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillStyle = ink.text;
  if (plotW <= 0 || plotH <= 0) return;
  if (layers === 0 || bins === 0) {
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.font = '13px system-ui, sans-serif';
    ctx.fillText(emptyText, width / 2, height / 2, width - 20);
    return;
  }
  const cellW = plotW / layers, cellH = plotH / bins;
  histograms.forEach((counts, l) => {
    const total = counts.reduce((a, b) => a + b, 0);
    counts.forEach((count, b) => {
      ctx.fillStyle = cellColour(total ? count / total : 0, back);
      ctx.fillRect(left + l * cellW, top + plotH - (b + 1) * cellH, Math.ceil(cellW), Math.ceil(cellH));
    });
  });
  ctx.strokeStyle = ink.grid;
  ctx.strokeRect(left, top, plotW, plotH);
  // y axis: about six edge labels.
  ctx.fillStyle = ink.text;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  const yStep = Math.max(1, Math.ceil(bins / 6));
  for (let i = 0; i <= bins; i += yStep) ctx.fillText(edgeLabel(i), left - 4, top + plotH - i * cellH);
  // x axis: layer numbers, thinned to fit.
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  const xStep = Math.max(1, Math.ceil(layers / Math.max(1, Math.floor(plotW / 28))));
  for (let l = 0; l < layers; l += xStep) ctx.fillText(String(l + 1), left + (l + 0.5) * cellW, top + plotH + 3);
  ctx.fillText(xTitle, left + plotW / 2, top + plotH + 20);
  ctx.save();
  ctx.translate(10, top + plotH / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(yTitle, 0, 0);
  ctx.restore();
}
