// Draws a classifier's decision regions on a canvas: an n x n grid of class
// probabilities as colours (lighter where the network is unsure), and the
// training points on top in their class colours.
import { prepareCanvas } from '../ui/dom.js';

const CLASS_COLOURS = [[0, 114, 178], [213, 94, 0], [0, 158, 115]]; // Okabe–Ito blue, vermilion, green

/** The square [x0, x1] x [y0, y1] around 2-D points (x: Float32Array of pairs), padded by 10%. */
export function pointsBox(x) {
  let lo0 = Infinity, hi0 = -Infinity, lo1 = Infinity, hi1 = -Infinity;
  for (let i = 0; i < x.length; i += 2) {
    lo0 = Math.min(lo0, x[i]), hi0 = Math.max(hi0, x[i]);
    lo1 = Math.min(lo1, x[i + 1]), hi1 = Math.max(hi1, x[i + 1]);
  }
  if (!Number.isFinite(lo0)) return { x0: -1, x1: 1, y0: -1, y1: 1 };
  const half = 0.55 * Math.max(hi0 - lo0, hi1 - lo1, 1e-3), c0 = (lo0 + hi0) / 2, c1 = (lo1 + hi1) / 2;
  return { x0: c0 - half, x1: c0 + half, y0: c1 - half, y1: c1 + half };
}

/**
 * Draws probabilities (n x n x classes, rows from the top) of the box and the
 * points { x, labels } on canvas at CSS size `size`, over background rgb `back`.
 */
export function drawBoundary(canvas, { probabilities, n, classes, box, points, size, back, ink }) {
  const ctx = prepareCanvas(canvas, size, size);
  const cell = size / n;
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const p = probabilities.subarray((row * n + col) * classes, (row * n + col + 1) * classes);
      let best = 0;
      for (let k = 1; k < classes; k++) if (p[k] > p[best]) best = k;
      const strength = 0.55 * Math.max(0, (p[best] - 1 / classes) / (1 - 1 / classes));
      const colour = CLASS_COLOURS[best].map((c, i) => Math.round(back[i] + (c - back[i]) * strength));
      ctx.fillStyle = `rgb(${colour.join(',')})`;
      ctx.fillRect(col * cell, row * cell, Math.ceil(cell), Math.ceil(cell));
    }
  }
  const { x0, x1, y0, y1 } = box;
  for (let i = 0; i < points.labels.length; i++) {
    const px = ((points.x[2 * i] - x0) / (x1 - x0)) * size, py = ((y1 - points.x[2 * i + 1]) / (y1 - y0)) * size;
    ctx.beginPath();
    ctx.arc(px, py, 2.6, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${CLASS_COLOURS[points.labels[i]].join(',')})`;
    ctx.fill();
    ctx.lineWidth = 0.8;
    ctx.strokeStyle = ink;
    ctx.stroke();
  }
}
