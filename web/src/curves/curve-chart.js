// One Chart.js line chart of curves: created once, then updated in place
// (no animation, no parsing, scales fixed by the explorer).
import { Chart, LineController, LineElement, PointElement, LinearScale, LogarithmicScale } from 'chart.js';
import { chartInk, inkScales } from '../ui/palette.js';
import { crosshairPlugin } from './crosshair-plugin.js';
import { sampleCount } from '../ui/sampling.js';
import { createStaticLineChart } from '../ui/chart-options.js';

// Asks for new samples (chart.$resample) when a resize changed the plot width.
const resamplePlugin = {
  id: 'actlabResample',
  afterLayout(chart) {
    const area = chart.chartArea;
    if (!chart.$resample || !chart.$samples || !area) return;
    if (sampleCount(area.right - area.left) !== chart.$samples) chart.$resample();
  },
};

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, crosshairPlugin, resamplePlugin);

const Y_AXIS_WIDTH = 64; // fixed, so both charts share the same plot area columns

// Tick labels for a log axis: powers of ten only, written 1e-9.
function logTick(value) {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9 ? `1e${Math.round(exponent)}` : '';
}

// Grid line colour: the zero line stands out.
function gridColour(ink) {
  return (context) => (context.tick?.value === 0 ? ink.zero : ink.grid);
}

/** Creates the chart on canvas; yTitle is the y axis title. */
export function createCurveChart(canvas, yTitle) {
  const ink = chartInk();
  return createStaticLineChart(canvas, {
    x: {
      type: 'linear', min: -6, max: 6,
      ticks: { color: ink.text, maxRotation: 0, autoSkipPadding: 12 },
      grid: { color: gridColour(ink) },
      title: { display: true, text: 'x', color: ink.text },
    },
    y: {
      type: 'linear', min: -1, max: 1,
      ticks: { color: ink.text, autoSkipPadding: 8 },
      grid: { color: gridColour(ink) },
      title: { display: true, text: yTitle, color: ink.text },
      afterFit: (scale) => { scale.width = Y_AXIS_WIDTH; },
    },
  });
}

/** Sets the fixed scales: x range, y range, and whether y is logarithmic. */
export function setScales(chart, { x0, x1, y0, y1, log, yTitle }) {
  const { x, y } = chart.options.scales;
  x.min = x0;
  x.max = x1;
  y.type = log ? 'logarithmic' : 'linear';
  y.min = y0;
  y.max = y1;
  y.ticks.callback = log ? logTick : undefined;
  y.title.text = yTitle;
}

/** Replaces the curves: series = [{ label, colour, dash, points }], reusing dataset objects. */
export function setSeries(chart, series) {
  const datasets = chart.data.datasets;
  datasets.length = series.length;
  series.forEach((s, i) => {
    const ds = datasets[i] ?? (datasets[i] = {});
    ds.label = s.label;
    ds.actlabId = s.id; // which catalogue function (read back by tests)
    ds.data = s.points;
    ds.borderColor = s.colour;
    ds.backgroundColor = s.colour;
    ds.borderDash = s.dash;
    ds.pointRadius = 0;
  });
}

/** Applies the current light/dark ink to axes and grid. */
export function applyInk(chart) {
  const ink = chartInk();
  inkScales(chart, ink, gridColour(ink));
  chart.$ink = ink;
}
