// The layer output statistics figure: for every run, the mean (dashed) and
// std (solid) of each hidden layer's output in training (after its
// activation and dropout; the epoch report's outputMean / outputStd, per
// block) at one epoch, the latest unless another is picked, with grey lines
// at 0 and 1 (where a self-normalising network should stay).
import { clear, el, setAttr, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';
import { createLayerChart, inkLayerChart, setLayerSeries } from '../ui/layer-chart.js';
import { chartInk } from '../ui/palette.js';
import { shown } from './training-series.js';

/** The statistics of one run at epoch e (1-based): { std: [...], mean: [...] } over its hidden layers, or null. */
export function statsAt(run, e) {
  const report = run.history[e - 1]?.report;
  if (!report?.outputStd || !report?.outputMean) return null;
  return { std: report.outputStd.slice(0, -1), mean: report.outputMean.slice(0, -1) };
}

/** Builds the figure's contents in figure; returns { draw(runs, names), restyle() }. names: the hidden layers' names, or null. */
export function createLayerStats(figure) {
  const caption = el('figcaption', {});
  const canvas = el('canvas', { id: 't-stats-chart', attrs: { role: 'img' } });
  const pickLabel = el('label', { htmlFor: 't-stats-epoch' });
  const pick = el('select', { id: 't-stats-epoch' });
  const legend = el('ul', { className: 'g-legend', id: 't-stats-legend' });
  const key = el('p', { className: 't-key', id: 't-stats-key' });
  figure.append(caption, el('div', { className: 'g-focus-row' }, pickLabel, pick), el('div', { className: 'canvas-box small' }, canvas), legend, key);
  const chart = createLayerChart(canvas, { log: false });
  let last = { runs: [], names: null };
  pick.addEventListener('change', () => draw(last.runs, last.names));

  function draw(runs, names) {
    last = { runs, names };
    const epochs = Math.max(0, ...runs.map((r) => r.history.length));
    const chosen = pick.value === '' || pick.value === 'latest' ? epochs : Math.min(epochs, Number(pick.value));
    // The choices: latest, then every epoch (rebuilt only when their number changed).
    if (pick.options.length !== epochs + 1 || pick.options[0]?.textContent !== t('tStatsLatest', { k: epochs })) {
      const value = pick.value || 'latest';
      clear(pick);
      pick.append(el('option', { value: 'latest', textContent: t('tStatsLatest', { k: epochs }) }));
      for (let e = 1; e <= epochs; e++) pick.append(el('option', { value: String(e), textContent: String(e) }));
      pick.value = value === 'latest' || Number(value) > epochs ? 'latest' : value;
    }
    const layers = Math.max(1, ...runs.map((r) => (statsAt(r, chosen)?.std.length ?? r.widths.length)));
    const grey = chartInk().zero;
    const series = [
      { label: '1', colour: grey, dash: [2, 3], width: 1, kind: 'theory', values: Array(layers).fill(1) },
      { label: '0', colour: grey, dash: [2, 3], width: 1, kind: 'theory', values: Array(layers).fill(0) },
    ];
    const text = [];
    for (const run of runs) {
      const stats = statsAt(run, chosen);
      series.push({ label: `${run.label} ${t('tStd')}`, colour: run.colour, dash: [], values: stats?.std ?? [] });
      series.push({ label: `${run.label} ${t('tMean')}`, colour: run.colour, dash: [6, 4], values: stats?.mean ?? [] });
      const list = (values) => (values ? values.map((v) => shown(v, 3)).join(' / ') : t('tNoValueYet'));
      text.push({ colour: run.colour, text: t('tStatsLegend', { name: run.label, std: list(stats?.std), mean: list(stats?.mean) }) });
    }
    // A y range that holds 0, 1 and every finite value, on quarter steps (tidy tick labels).
    const values = series.flatMap((x) => x.values).filter(Number.isFinite);
    const yRange = [Math.floor(4 * Math.min(0, ...values)) / 4, Math.ceil(4 * Math.max(1.25, ...values)) / 4];
    setLayerSeries(chart, series, { xTitle: t('tAxisLayer'), yTitle: t('tAxisValue'), depth: Math.max(2, layers), yRange });
    setText(caption, t('tStatsCaption'));
    setText(pickLabel, t('tStatsEpoch'));
    clear(legend);
    for (const entry of text) {
      const swatch = el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } });
      swatch.style.background = entry.colour;
      legend.append(el('li', {}, swatch, el('span', { textContent: entry.text })));
    }
    setText(key, names ? names.map((name, l) => `${l + 1}: ${name}`).join(' · ') : '');
    key.hidden = !names;
    setAttr(canvas, 'aria-label', t('tStatsLabel', { k: chosen, list: text.map((e) => e.text).join('; ') }));
  }

  return { draw, restyle: () => { inkLayerChart(chart); draw(last.runs, last.names); } };
}
