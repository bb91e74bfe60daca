// Turns a visible x range and a plot width into a float32 x grid, and asks
// the wasm kernels for f and f' on it.

/** n evenly spaced float32 x values from x0 to x1 (n >= 2). */
export function xGrid(x0, x1, n, out) {
  const grid = out && out.length === n ? out : new Float32Array(n);
  const step = (x1 - x0) / (n - 1);
  for (let i = 0; i < n; i++) grid[i] = x0 + step * i;
  grid[n - 1] = x1;
  return grid;
}

/** How many samples a plot area `widthPx` CSS pixels wide needs: at least one per pixel, both ends included. */
export function sampleCount(widthPx) {
  return Math.max(2, Math.ceil(widthPx)) + 1;
}

/**
 * Chart points {x, y} from values, written into `reuse` when it has the right
 * length (no allocation while a slider is dragged). Non-finite values become
 * gaps (NaN); log: plot |y| with zeros as gaps.
 */
export function toPoints(xs, ys, log, reuse) {
  const fresh = !reuse || reuse.length !== xs.length;
  const points = fresh ? new Array(xs.length) : reuse;
  for (let i = 0; i < xs.length; i++) {
    let y = ys[i];
    if (log) y = Math.abs(y);
    if (!Number.isFinite(y) || (log && y === 0)) y = NaN;
    if (fresh) points[i] = { x: xs[i], y };
    else {
      points[i].x = xs[i];
      points[i].y = y;
    }
  }
  return points;
}

/** Evaluates f (kind 'f') or f' (kind 'df') of activation id on xs through the lab, into out. */
export function evaluate(lab, kind, id, xs, params, out) {
  return kind === 'f' ? lab.activate(id, xs, params, out) : lab.derivative(id, xs, params, out);
}
