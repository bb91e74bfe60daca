// A Chart.js line chart with the layer index on x: created once, then its
// datasets are replaced in place and drawn with update('none').
import { Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale } from 'chart.js';
import { chartInk, inkScales } from './palette.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale);

// Tick labels of a log axis: powers of ten only, as 1e-9.
function logTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? `1e${Math.round(exponent)}` : '';
}

// Whole layer numbers only.
function layerTick(value) {
  return Number.isInteger(value) ? String(value) : '';
}

/** Creates the chart on canvas (log: logarithmic y axis). */
export function createLayerChart(canvas, { log }) {
  const ink = chartInk();
  return new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, normalized: true, spanGaps: false,
      responsive: true, maintainAspectRatio: false, events: [],
      elements: { point: { radius: 0, hitRadius: 0, hoverRadius: 0 }, line: { borderWidth: 2, tension: 0 } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      layout: { padding: { right: 12, top: 6 } },
      scales: {
        x: { type: 'linear', min: 1, max: 2, ticks: { color: ink.text, callback: layerTick, maxRotation: 0, autoSkipPadding: 10 }, grid: { color: ink.grid }, title: { display: true, text: '', color: ink.text } },
        y: {
          type: log ? 'logarithmic' : 'linear', min: log ? 1e-8 : 0, max: 1,
          ticks: { color: ink.text, callback: log ? logTick : undefined, autoSkipPadding: 8 },
          grid: { color: ink.grid }, title: { display: true, text: '', color: ink.text },
          afterFit: (scale) => { scale.width = 64; },
        },
      },
    },
  });
}

/**
 * Replaces the chart's lines and scales: series = [{ label, colour, dash,
 * width, values (one per layer; null = gap) }]; y range yRange, or from the
 * finite positive values (log) or all finite values (linear), padded.
 */
export function setLayerSeries(chart, series, { xTitle, yTitle, depth, yRange = null }) {
  const datasets = chart.data.datasets;
  datasets.length = series.length;
  series.forEach((s, i) => {
    // A dataset whose style changes is replaced: Chart.js caches the markers'
    // resolved options (colour, radius) per dataset object, so they would keep the old ones.
    const style = JSON.stringify([s.colour, s.dash ?? [], s.width ?? 2, depth <= 40]);
    const ds = datasets[i]?.actlabStyle === style ? datasets[i] : (datasets[i] = { actlabStyle: style });
    ds.label = s.label;
    ds.data = s.values.map((y, l) => ({ x: l + 1, y }));
    ds.borderColor = s.colour;
    ds.backgroundColor = s.colour;
    ds.borderDash = s.dash ?? [];
    ds.borderWidth = s.width ?? 2;
    ds.pointRadius = depth <= 40 ? 2 : 0;
  });
  const { x, y } = chart.options.scales;
  x.min = 1;
  x.max = Math.max(2, depth);
  x.title.text = xTitle;
  y.title.text = yTitle;
  const log = y.type === 'logarithmic';
  const finite = series.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v) && (!log || v > 0));
  if (yRange) {
    [y.min, y.max] = yRange;
  } else if (finite.length === 0) {
    [y.min, y.max] = log ? [1e-8, 1] : [0, 1];
  } else if (log) {
    const lo = Math.floor(Math.log10(Math.min(...finite)) - 0.2);
    const hi = Math.ceil(Math.log10(Math.max(...finite)) + 0.2);
    [y.min, y.max] = [10 ** Math.max(lo, -300), 10 ** Math.min(Math.max(hi, lo + 1), 300)];
  } else {
    const lo = Math.min(0, ...finite), hi = Math.max(...finite);
    [y.min, y.max] = [lo, hi > lo ? hi + 0.05 * (hi - lo) : lo + 1];
  }
  chart.update('none');
}

/** Applies the current light/dark ink to the axes. */
export function inkLayerChart(chart) {
  inkScales(chart);
  chart.update('none');
}
