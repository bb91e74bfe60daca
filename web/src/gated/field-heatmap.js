// Draws a field z(a, b) sampled on an n × n grid as a heatmap: one cell per
// sample (a to the right, b upwards), the diverging scale centred at 0, axes
// with ticks and names, dashed lines at chosen b values and a colour bar with
// numbers. Non-finite samples are drawn in grey.
import { prepareCanvas } from '../ui/dom.js';
import { drawColourBar, heatRgb } from '../ui/heat-scale.js';

const MARGIN = { left: 46, right: 78, top: 10, bottom: 40 };

/** The plot square's place in the canvas for a canvas `width` CSS px wide: { left, top, size, width, height }. */
export function heatLayout(width) {
  const size = Math.max(150, Math.min(380, Math.floor(width - MARGIN.left - MARGIN.right)));
  return { left: MARGIN.left, top: MARGIN.top, size, width: MARGIN.left + size + MARGIN.right, height: MARGIN.top + size + MARGIN.bottom };
}

// Round tick values from -range to range: about five, at a step of 1, 2 or 5 × 10^k.
function ticksOf(range) {
  const raw = (2 * range) / 4;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(-range / step) * step; v <= range + 1e-9; v += step) ticks.push(Math.abs(v) < 1e-12 ? 0 : v);
  return ticks;
}

/**
 * Draws field (Float32Array, value of (as[j], bs[i]) at i·n + j) on canvas.
 * range: the grid's half-width; limit: the value of full colour; lines:
 * [{ b, colour }]; names: { a, b } axis titles.
 */
export function drawField(canvas, field, { n, range, limit, width, mid, ink, format, lines, names }) {
  const layout = heatLayout(width);
  const { left, top, size } = layout;
  const ctx = prepareCanvas(canvas, layout.width, layout.height);
  const image = new ImageData(n, n);
  for (let i = 0; i < n; i++) {
    const row = n - 1 - i; // b grows upwards
    for (let j = 0; j < n; j++) {
      const v = field[i * n + j];
      const rgb = Number.isFinite(v) ? heatRgb(v, limit, mid) : [128, 128, 128];
      image.data.set([...rgb, 255], (row * n + j) * 4);
    }
  }
  const cells = document.createElement('canvas');
  cells.width = n;
  cells.height = n;
  cells.getContext('2d').putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, left, top, size, size);
  ctx.strokeStyle = ink;
  ctx.lineWidth = 1;
  ctx.strokeRect(left - 0.5, top - 0.5, size + 1, size + 1);

  const xOf = (a) => left + ((a + range) / (2 * range)) * size;
  const yOf = (b) => top + ((range - b) / (2 * range)) * size;
  ctx.fillStyle = ink;
  ctx.font = '12px system-ui, sans-serif';
  for (const v of ticksOf(range)) {
    ctx.fillRect(Math.round(xOf(v)), top + size, 1, 4);
    ctx.fillRect(left - 4, Math.round(yOf(v)), 4, 1);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(format(v), xOf(v), top + size + 6);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(format(v), left - 7, yOf(v));
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'bottom';
  ctx.fillText(names.a, left + size / 2, layout.height - 1);
  ctx.save();
  ctx.translate(11, top + size / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = 'middle';
  ctx.fillText(names.b, 0, 0);
  ctx.restore();

  ctx.setLineDash([5, 3]);
  ctx.lineWidth = 1.5;
  for (const { b, colour } of lines) {
    ctx.strokeStyle = colour;
    ctx.beginPath();
    ctx.moveTo(left, Math.round(yOf(b)) + 0.5);
    ctx.lineTo(left + size, Math.round(yOf(b)) + 0.5);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  drawColourBar(ctx, {
    x: left + size + 16, top, bottom: top + size, limit, mid, ink, format,
    ticks: [limit, limit / 2, 0, -limit / 2, -limit],
  });
  return layout;
}
