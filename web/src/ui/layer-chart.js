// A Chart.js line chart with the layer index on x: created once, then its
// datasets are replaced in place and drawn with update('none'). A log axis
// is chosen from the data (theory lines are clipped to it), with ticks every
// whole number of decades; values it cannot show can be marked on its edges.
import { Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale } from 'chart.js';
import { chartInk, inkScales } from './palette.js';
import { createStaticLineChart } from './chart-options.js';
import { clipLogLine, decadeAxis, offScale, onLogScale } from './log-axis.js';

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
  return createStaticLineChart(canvas, {
    x: { type: 'linear', min: 1, max: 2, ticks: { color: ink.text, callback: layerTick, maxRotation: 0, autoSkipPadding: 10 }, grid: { color: ink.grid }, title: { display: true, text: '', color: ink.text } },
    y: {
      type: log ? 'logarithmic' : 'linear', min: log ? 1e-8 : 0, max: 1,
      ticks: { color: ink.text, callback: log ? logTick : undefined, autoSkipPadding: 8 },
      afterBuildTicks: log ? (scale) => { if (scale.chart.$decades) scale.ticks = scale.chart.$decades.map((value) => ({ value })); } : undefined,
      grid: { color: ink.grid }, title: { display: true, text: '', color: ink.text },
      afterFit: (scale) => { scale.width = 64; },
    },
  });
}

/**
 * Replaces the chart's lines and scales: series = [{ label, colour, dash,
 * width, values (one per layer; null = gap), kind: 'theory' for lines that
 * do not choose the axis (on a log axis they may give log10Values instead
 * and are clipped to the axis) }]; y range yRange, or from the data series'
 * finite positive values (log, regular power-of-ten ticks) or all finite
 * values (linear), padded. With markOffScale on a log axis, each data
 * series' exact zeros (and values below float32's range) are drawn as ▼ on
 * the floor and its non-finite values as ▲ at the top. Returns the marked
 * layers: [{ label, colour, zero: [layers], nonFinite: [layers] }].
 */
export function setLayerSeries(chart, series, { xTitle, yTitle, depth, yRange = null, markOffScale = false }) {
  const { x, y } = chart.options.scales;
  const log = y.type === 'logarithmic';
  const data = series.filter((s) => s.kind !== 'theory');
  x.min = 1;
  x.max = Math.max(2, depth);
  x.title.text = xTitle;
  y.title.text = yTitle;
  chart.$decades = null;
  const finite = data.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v) && (!log || onLogScale(v)));
  if (yRange) {
    [y.min, y.max] = yRange;
  } else if (finite.length === 0) {
    [y.min, y.max] = log ? [1e-8, 1] : [0, 1];
  } else if (log) {
    const axis = decadeAxis(finite);
    [y.min, y.max] = [axis.min, axis.max];
    chart.$decades = axis.ticks;
  } else {
    const lo = Math.min(0, ...finite), hi = Math.max(...finite);
    [y.min, y.max] = [lo, hi > lo ? hi + 0.05 * (hi - lo) : lo + 1];
  }
  if (log && !chart.$decades) chart.$decades = decadeAxis([y.min, y.max], 0)?.ticks ?? null;
  const lines = series.map((s) => {
    let points;
    if (log && s.kind === 'theory') points = clipLogLine(s.log10Values ?? s.values.map((v) => (v > 0 ? Math.log10(v) : NaN)), y.min, y.max);
    else points = s.values.map((v, l) => ({ x: l + 1, y: v === null || !Number.isFinite(v) || (log && !onLogScale(v)) ? null : v }));
    return { ...s, points };
  });
  const marked = [];
  if (log && markOffScale) {
    for (const s of data) {
      const { zero, nonFinite } = offScale(s.values);
      if (zero.length === 0 && nonFinite.length === 0) continue;
      marked.push({ label: s.label, colour: s.colour, zero, nonFinite });
      const marks = [...zero.map((l) => ({ x: l, y: y.min })), ...nonFinite.map((l) => ({ x: l, y: y.max }))];
      lines.push({ label: `${s.label} (off scale)`, colour: s.colour, kind: 'marker', points: marks, rotations: [...zero.map(() => 180), ...nonFinite.map(() => 0)] });
    }
  }
  const datasets = chart.data.datasets;
  datasets.length = lines.length;
  lines.forEach((s, i) => {
    const marker = s.kind === 'marker';
    const radius = marker ? (depth <= 100 ? 5 : 3) : s.kind === 'theory' ? 0 : depth <= 40 ? 2 : 0;
    // A dataset whose style changes is replaced: Chart.js caches the markers'
    // resolved options (colour, radius) per dataset object, so they would keep the old ones.
    const style = JSON.stringify([s.colour, s.dash ?? [], s.width ?? 2, radius, s.kind ?? 'data']);
    const ds = datasets[i]?.actlabStyle === style ? datasets[i] : (datasets[i] = { actlabStyle: style });
    ds.label = s.label;
    ds.actlabKind = s.kind ?? 'data';
    ds.data = s.points;
    ds.borderColor = s.colour;
    ds.backgroundColor = s.colour;
    ds.borderDash = s.dash ?? [];
    ds.borderWidth = marker ? 1 : s.width ?? 2;
    ds.showLine = !marker;
    ds.pointStyle = marker ? 'triangle' : 'circle';
    ds.pointRotation = marker ? s.rotations : 0;
    ds.pointRadius = radius;
    ds.clip = marker ? false : undefined;
  });
  chart.update('none');
  return marked;
}

/** Applies the current light/dark ink to the axes. */
export function inkLayerChart(chart) {
  inkScales(chart);
  chart.update('none');
}
