// The accuracy & speed view: for one chosen function, the error in ULP of f
// and f' across the visible x range for the SIMD build, the scalar build and
// the naive JS formula (double, and float32), against a double-precision
// reference; a table of the worst errors of every shown function; and an
// in-page speed test. Loaded on demand.
import { loadActLab } from '../actlab.js';
import { clear, el, scrollRegion, tableCaption } from '../ui/dom.js';
import { createUlpChart, inkUlpChart, setUlpSeries } from '../ui/ulp-chart.js';
import { xGrid } from '../ui/sampling.js';
import { seriesStyle } from '../ui/palette.js';
import { paramsOf } from '../shell/state-schema.js';
import { t } from '../i18n/translate.js';
import { num } from '../details/property-text.js';
import { IMPLEMENTATIONS, measureErrors, worst } from './errors.js';
import { ELEMENTS, measureSpeed } from './speed.js';

const SAMPLES = 1001;
const STYLE = { simd: [0, []], scalar: [2, [6, 4]], js64: [1, []], js32: [3, [2, 3]] };
const ROOT_BAND = 1e-3; // where |f'| < 1e-3 near a sign change, ULP are not the measure (as in the catalogue)

// A colour key entry (line sample + text).
function keyItem(name) {
  const [index, dash] = STYLE[name];
  const line = el('span', { className: 'key-line', attrs: { 'aria-hidden': 'true' } });
  line.style.borderTop = `3px ${dash.length ? 'dashed' : 'solid'} ${seriesStyle(index).colour}`;
  return el('li', {}, line, el('span', { textContent: t(`impl_${name}`) }));
}

/** Builds the view in panel; returns { update(state), restyle(), data(), speed() }. */
export function createView(panel, { lab, set }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const labs = { simd: lab.simd ? lab : null, scalar: lab.simd ? null : lab };
  let current = null; // last state seen
  let last = null;
  let speedResults = null;
  let speedRunning = false;

  const select = el('select', { id: 'accuracy-fn' });
  const catalogue = lab.catalog.activations.filter((spec) => !spec.custom); // Your function's accuracy is on its details card
  for (const spec of catalogue) select.append(el('option', { value: spec.id, textContent: spec.name }));
  select.addEventListener('change', () => set({ acc: select.value }));
  const selectLabel = el('label', { htmlFor: select.id, className: 'inline-label' });
  const scalarStatus = el('p', { className: 'hint', id: 'accuracy-scalar-status', attrs: { role: 'status' } });
  const key = el('ul', { className: 'key' });
  const charts = {};
  const figures = {};
  for (const kind of ['f', 'df']) {
    const canvas = el('canvas', { id: `accuracy-chart-${kind}`, attrs: { role: 'img' } });
    figures[kind] = { caption: el('figcaption'), canvas, summary: el('p', { className: 'summary', dataset: { kind } }) };
    charts[kind] = createUlpChart(canvas, '');
  }
  const table = el('table', { className: 'values-table', id: 'accuracy-table' });
  const speedButton = el('button', { type: 'button', id: 'measure-speed' });
  const speedStatus = el('p', { className: 'hint', id: 'speed-status', attrs: { role: 'status' } });
  const speedTable = el('table', { className: 'values-table', id: 'speed-table', hidden: true });
  const speedTitle = el('h3', { id: 'speed-title' });
  const tableTitle = el('h3', { id: 'accuracy-table-title' });

  body.append(
    el('div', { className: 'accuracy-head' }, selectLabel, select, key),
    scalarStatus,
    el('div', { className: 'accuracy-charts' },
      ...['f', 'df'].map((kind) => el('figure', { className: 'plot' }, figures[kind].caption, el('div', { className: 'canvas-box small' }, figures[kind].canvas), figures[kind].summary))),
    tableTitle,
    scrollRegion(table),
    el('section', { className: 'speed', attrs: { 'aria-labelledby': speedTitle.id } }, speedTitle, speedButton, speedStatus, scrollRegion(speedTable)),
  );

  // The other build, loaded once for the comparison.
  loadActLab({ simd: !lab.simd }).then((other) => {
    labs[other.simd ? 'simd' : 'scalar'] = other;
    if (current) redraw(current);
  }).catch((error) => {
    if (lab.simd) scalarStatus.textContent = t('scalarFailed', { detail: error.message });
  });
  if (!lab.simd) scalarStatus.textContent = t('noSimd');

  const shownSpecs = (state) => state.fn.filter((id) => !state.hide.includes(id)).map((id) => catalogue.find((a) => a.id === id)).filter(Boolean);

  // Worst errors (skipping the band around a sign change of f' for such functions).
  function worstOf(spec, kind, xs, result) {
    const skip = kind === 'df' && spec.derivativeCrossesZero ? (i) => Math.abs(result.reference[i]) < ROOT_BAND : () => false;
    return Object.fromEntries(IMPLEMENTATIONS.map((name) => [name, result.errors[name] ? worst(xs, result.errors[name], skip) : null]));
  }

  const cell = (w) => (w === null ? '—' : w.value === Infinity ? t('nonFinite') : num(w.value, 3));

  function redraw(state) {
    current = state;
    const xs = xGrid(state.x0, state.x1, SAMPLES);
    const spec = catalogue.find((a) => a.id === state.acc);
    const params = paramsOf(state, spec);
    select.value = spec.id;
    selectLabel.textContent = t('accuracyFunction');
    clear(key);
    key.append(...IMPLEMENTATIONS.map(keyItem), el('li', { className: 'key-ref', textContent: t('referenceNote') }));
    const charted = {};
    for (const kind of ['f', 'df']) {
      const result = measureErrors(labs, spec, params, xs, kind);
      const series = IMPLEMENTATIONS.filter((name) => result.errors[name]).map((name) => ({
        label: t(`impl_${name}`), colour: seriesStyle(STYLE[name][0]).colour, dash: STYLE[name][1], values: result.errors[name],
      }));
      const yTitle = t('errorUlp');
      charts[kind].options.scales.y.title.text = yTitle;
      setUlpSeries(charts[kind], xs, series, state.x0, state.x1);
      const w = worstOf(spec, kind, xs, result);
      const { caption, canvas, summary } = figures[kind];
      caption.textContent = t(kind === 'f' ? 'accuracyCaptionF' : 'accuracyCaptionDf', { fn: spec.name });
      summary.textContent = IMPLEMENTATIONS.filter((n) => w[n]).map((n) => `${t(`impl_${n}`)}: ${cell(w[n])}`).join(' · ');
      canvas.setAttribute('aria-label', `${caption.textContent}. ${t('worstPrefix')} ${summary.textContent}`);
      charted[kind] = { xs: Array.from(xs), errors: Object.fromEntries(Object.entries(result.errors).map(([n, e]) => [n, e && Array.from(e)])), worst: w };
    }
    // The table: worst error of every shown function, f and f'.
    clear(table);
    tableTitle.textContent = t('accuracyTableTitle');
    const rows = [];
    for (const s of shownSpecs(state)) {
      for (const kind of ['f', 'df']) {
        const w = worstOf(s, kind, xs, measureErrors(labs, s, paramsOf(state, s), xs, kind));
        rows.push(el('tr', { dataset: { id: s.id, kind } },
          el('th', { scope: 'row', textContent: `${s.name} ${kind === 'f' ? 'f' : 'f′'}` }),
          ...IMPLEMENTATIONS.map((n) => el('td', { textContent: cell(w[n]) }))));
      }
    }
    table.append(
      tableCaption(table, t('accuracyTableCaption', { x0: num(state.x0, 4), x1: num(state.x1, 4) })),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: t('colFunction') }), ...IMPLEMENTATIONS.map((n) => el('th', { scope: 'col', textContent: t(`impl_${n}`) })))),
      el('tbody', {}, ...rows));
    speedTitle.textContent = t('speedTitle');
    speedButton.textContent = t(speedRunning ? 'speedRunning' : 'measureSpeed');
    speedButton.disabled = speedRunning;
    if (!speedRunning && !speedResults) speedStatus.textContent = t('speedHint', { n: '1M' });
    if (speedResults) renderSpeed();
    last = charted;
  }

  function renderSpeed() {
    clear(speedTable);
    const fmt = (v) => (v === null ? '—' : num(v, 3));
    speedTable.append(
      tableCaption(speedTable, t('speedCaption')),
      el('thead', {}, el('tr', {}, ...[t('colFunction'), t('impl_simd'), t('impl_scalar'), t('impl_jsLoop')].map((h) => el('th', { scope: 'col', textContent: h })))),
      el('tbody', {}, ...speedResults.map((r) => el('tr', { dataset: { id: r.id, kind: r.kind } },
        el('th', { scope: 'row', textContent: `${r.name} ${r.kind === 'f' ? 'f' : 'f′'}` }),
        ...[r.simd, r.scalar, r.js].map((v) => el('td', { textContent: fmt(v) }))))));
    speedTable.hidden = false;
  }

  speedButton.addEventListener('click', async () => {
    if (speedRunning || !current) return;
    speedRunning = true;
    speedButton.disabled = true;
    speedButton.textContent = t('speedRunning');
    const state = current;
    const xs = xGrid(-8, 8, ELEMENTS);
    try {
      speedResults = await measureSpeed(labs, shownSpecs(state), (s) => paramsOf(state, s), xs, ({ name, kind, impl }) => {
        speedStatus.textContent = t('speedProgress', { fn: name, kind: kind === 'f' ? 'f' : 'f′', impl: t(`impl_${impl === 'js' ? 'jsLoop' : impl}`) });
      });
      speedStatus.textContent = t('speedDone', { n: '1M' });
    } finally {
      speedRunning = false;
      speedButton.disabled = false;
      speedButton.textContent = t('measureSpeed');
      renderSpeed();
    }
  });

  return {
    /** Recomputes the errors over [state.x0, state.x1] and redraws. */
    update: (state) => redraw(state),
    /** The last charted errors (for tests). */
    data: () => structuredClone(last),
    /** The last speed results (for tests). */
    speed: () => structuredClone(speedResults),
    /** Re-applies light/dark ink. */
    restyle() {
      inkUlpChart(charts.f);
      inkUlpChart(charts.df);
    },
  };
}
