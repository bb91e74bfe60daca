// The hot path: recomputes every shown curve on a fresh x grid (one sample
// per plot pixel or more) through the wasm kernels and redraws the charts.
import { evaluate, sampleCount, toPoints, xGrid } from '../ui/sampling.js';
import { setScales, setSeries } from './curve-chart.js';

const TIMINGS_KEPT = 2000;

/** Reusable buffers per chart so dragging a slider allocates little. */
export function createPlotBuffers() {
  return { xs: null, ys: null, points: [] };
}

// Plot-area width in CSS pixels, estimated from the canvas before the first layout.
function plotWidth(chart) {
  const area = chart.chartArea;
  if (area && area.right > area.left) return area.right - area.left;
  return Math.max(100, chart.width - 80);
}

/**
 * Updates one chart. job = { chart, kind ('f'|'df'), log, series: [{ spec, params, colour, dash }],
 * x0, x1, y0, y1, yTitle }.
 */
export function updateChart(lab, job, buffers) {
  const { chart } = job;
  const n = sampleCount(plotWidth(chart));
  buffers.xs = xGrid(job.x0, job.x1, n, buffers.xs);
  if (!buffers.ys || buffers.ys.length !== n) buffers.ys = new Float32Array(n);
  buffers.points.length = job.series.length;
  const series = job.series.map(({ spec, params, colour, dash }, i) => {
    evaluate(lab, job.kind, spec.id, buffers.xs, params, buffers.ys);
    buffers.points[i] = toPoints(buffers.xs, buffers.ys, job.log, buffers.points[i]);
    return { label: spec.name, id: spec.id, colour, dash, points: buffers.points[i] };
  });
  setSeries(chart, series);
  setScales(chart, job);
  chart.$samples = n;
  chart.update('none');
}

/** Runs updateChart for each job, timing the whole update (performance marks and timings list). */
export function updatePlots(lab, jobs, buffers, timings) {
  const start = performance.now();
  jobs.forEach((job, i) => updateChart(lab, job, buffers[i]));
  const duration = performance.now() - start;
  timings.push(duration);
  if (timings.length > TIMINGS_KEPT) timings.splice(0, timings.length - TIMINGS_KEPT);
  performance.measure?.('actlab-plot-update', { start, duration });
  return duration;
}
