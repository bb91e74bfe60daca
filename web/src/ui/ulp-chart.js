// A Chart.js line chart of signed errors in ULP on a symmetric log scale
// (y' = sign(r) log10(1 + |r|)), so 0.5 ULP and 10^7 ULP are both readable.
// Created once; updated in place with update('none').
import { Chart, LineController, LineElement, PointElement, LinearScale } from 'chart.js';
import { chartInk, inkScales } from './palette.js';
import { createStaticLineChart } from './chart-options.js';

Chart.register(LineController, LineElement, PointElement, LinearScale);

/** The symmetric-log transform of r (ULP). */
export const symlog = (r) => Math.sign(r) * Math.log10(1 + Math.abs(r));

// The inverse transform, for tick labels.
const unsymlog = (y) => Math.sign(y) * (10 ** Math.abs(y) - 1);

// "0", "1", "10", "100", "1e3"… with a typographic minus.
function tickLabel(y) {
  const r = Math.round(unsymlog(y));
  if (r === 0) return '0';
  const magnitude = Math.abs(r);
  const text = magnitude >= 1000 ? `1e${Math.round(Math.log10(magnitude))}` : String(magnitude);
  return r < 0 ? `−${text}` : text;
}

/** Creates the chart on canvas; yTitle names the axis; linear: plain y axis (no symlog). */
export function createUlpChart(canvas, yTitle, linear = false) {
  const ink = chartInk();
  const chart = createStaticLineChart(canvas, {
    x: { type: 'linear', ticks: { color: ink.text, maxRotation: 0, autoSkipPadding: 12 }, grid: { color: ink.grid }, title: { display: true, text: 'x', color: ink.text } },
    y: {
      type: 'linear',
      ticks: { color: ink.text, includeBounds: false, callback: linear ? undefined : tickLabel },
      afterBuildTicks: linear ? undefined : (scale) => {
        const top = Math.floor(scale.max);
        const values = [0];
        // ±1 ULP only while the scale is small enough for it not to crowd 0.
        for (let k = scale.max < 1.6 ? 0 : 1; k <= top; k++) values.push(Math.log10(1 + 10 ** k), -Math.log10(1 + 10 ** k));
        scale.ticks = values.filter((v) => v >= scale.min - 1e-9 && v <= scale.max + 1e-9).sort((a, b) => a - b).map((value) => ({ value }));
      },
      grid: { color: (c) => (c.tick?.value === 0 ? ink.zero : ink.grid) },
      title: { display: true, text: yTitle, color: ink.text },
      afterFit: (scale) => { scale.width = 58; },
    },
  }, { lineWidth: 1.5, padding: { right: 10, top: 4 } });
  chart.$linear = linear;
  return chart;
}

/**
 * Redraws chart: xs (float32 grid), series = [{ label, colour, dash, values }] with values
 * in ULP (or plain units for a linear chart); non-finite values are gaps.
 */
export function setUlpSeries(chart, xs, series, x0, x1) {
  let top = chart.$linear ? 0 : Math.log10(1 + 4); // at least ±4 ULP visible
  chart.data.datasets = series.map((s) => {
    const data = new Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const v = s.values[i];
      const y = Number.isFinite(v) ? (chart.$linear ? v : symlog(v)) : NaN;
      if (Math.abs(y) > top) top = Math.abs(y);
      data[i] = { x: xs[i], y };
    }
    return { label: s.label, data, borderColor: s.colour, backgroundColor: s.colour, borderDash: s.dash ?? [], pointRadius: 0, actlabRaw: s.values };
  });
  const { x, y } = chart.options.scales;
  x.min = x0;
  x.max = x1;
  const limit = chart.$linear ? (top || 1) * 1.1 : Math.ceil(top * 10) / 10 + 0.1;
  y.min = -limit;
  y.max = limit;
  chart.update('none');
}

/** Applies the current light/dark ink. */
export function inkUlpChart(chart) {
  const ink = chartInk();
  inkScales(chart, ink);
  chart.options.scales.y.grid.color = (c) => (c.tick?.value === 0 ? ink.zero : ink.grid);
}
