// The gated units view: y = g(a)·b of one gated linear unit (GLU, ReGLU,
// GeGLU, SwiGLU) over the square [−R, R]² as a heatmap of y, ∂y/∂a or ∂y/∂b,
// slices along a at fixed b (b = 1 is the gate g itself) with a read-out, and
// sentences whose numbers are read from what is drawn. Every value comes from
// the wasm kernels through gated-data.js. Loaded on demand.
import { Chart, LineController, LineElement, PointElement, LinearScale } from 'chart.js';
import { clear, el, setText } from '../ui/dom.js';
import { createStaticLineChart } from '../ui/chart-options.js';
import { acceptInRange, radioChoices } from '../ui/small-controls.js';
import { chartInk, inkScales, prefersDark, seriesStyle } from '../ui/palette.js';
import { float32Text, formatValue } from '../ui/number-format.js';
import { xGrid } from '../ui/sampling.js';
import { crosshairPlugin } from '../curves/crosshair-plugin.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';
import { drawField } from './field-heatmap.js';
import { gateValues, gatedField, gatedSlices, gatedUnit, gatedUnits, gatedValues } from './gated-data.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, crosshairPlugin);

/** The b values of the slices (inside every allowed square, since its half-width is at least 2). */
export const SLICE_BS = [-1, 0.5, 1, 2];
/** The heatmap's samples per side (odd: a = 0 and b = 0 are samples). */
export const GRID = 121;
const SAMPLES = 401;
const PROBE_A = 2; // "at b = 1 the slice is the gate itself: g(2) = …"
const PARTS = ['y', 'dgate', 'dvalue'];

const FORMULAS = {
  glu: 'GLU(a, b) = σ(a) · b,  σ(a) = 1 / (1 + e⁻ᵃ)',
  reglu: 'ReGLU(a, b) = max(0, a) · b',
  geglu: 'GeGLU(a, b) = GELU_tanh(a) · b,  GELU_tanh(a) = ½a(1 + tanh(√(2/π)(a + 0.044715a³)))',
  swiglu: 'SwiGLU(a, b) = SiLU(a) · b,  SiLU(a) = a · σ(a)',
};

// How the formulas and sentences write the gate g (the catalogue's name otherwise).
const GATE_SYMBOLS = { sigmoid: 'σ', relu: 'ReLU', gelu_tanh: 'GELU_tanh', silu: 'SiLU' };

// Smallest and largest finite value of values, with the index of each.
function extremes(values) {
  let lo = Infinity;
  let hi = -Infinity;
  let iLo = -1;
  let iHi = -1;
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    if (v < lo) { lo = v; iLo = i; }
    if (v > hi) { hi = v; iHi = i; }
  });
  return { lo, hi, iLo, iHi };
}

// Whether every row of the n × n field holds the same values (the field does not depend on b).
function sameInEveryRow(field, n) {
  for (let i = 1; i < n; i++) for (let j = 0; j < n; j++) if (!Object.is(field[i * n + j], field[j])) return false;
  return true;
}

/** Builds the view in panel; returns { update(state), restyle(), data() }. */
export function createView(panel, { lab, schema, set }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const units = gatedUnits(lab.catalog);
  const rangeRow = schema.byKey.get('glurange');
  const gateName = (unit) => lab.catalog.activations.find((a) => a.id === unit.gate)?.name ?? unit.gate;
  const gateSymbol = (unit) => GATE_SYMBOLS[unit.gate] ?? gateName(unit);

  // Controls: the unit, the square's half-width, what the heatmap shows.
  const title = el('h3', { id: 'gated-controls-title' });
  const unitLabel = el('label', { htmlFor: 'gated-unit', className: 'gated-label' });
  const unitSelect = el('select', { id: 'gated-unit' }, ...units.map((u) => el('option', { value: u.id, textContent: u.name })));
  const rangeLabel = el('label', { htmlFor: 'gated-range', className: 'gated-label' });
  const rangeInput = el('input', { type: 'number', id: 'gated-range', step: 'any', className: 'param-number', min: String(rangeRow.min), max: String(rangeRow.max) });
  const rangeHint = el('span', { className: 'param-range', id: 'gated-range-hint' });
  const rangeError = el('p', { className: 'field-error', id: 'gated-range-error', attrs: { 'aria-live': 'polite' } });
  rangeInput.setAttribute('aria-describedby', 'gated-range-hint gated-range-error');
  const partLegend = el('legend', { id: 'gated-part-legend' });
  const parts = radioChoices('gated-part', PARTS, (part) => set({ glupart: part }));
  const formula = el('p', { className: 'gated-formula', id: 'gated-formula' });
  const partialsLine = el('p', { className: 'gated-formula', id: 'gated-partials' });
  const sources = el('p', { className: 'hint', id: 'gated-sources' });
  const ulpLine = el('p', { className: 'hint', id: 'gated-ulp' });
  const controls = el('section', { className: 'panel gated-controls', attrs: { 'aria-labelledby': title.id } },
    title,
    el('div', { className: 'param-row' }, unitLabel, unitSelect),
    el('div', { className: 'param-row' }, rangeLabel, rangeInput, rangeHint, rangeError),
    el('fieldset', { className: 'gated-parts' }, partLegend, ...parts.items),
    formula, partialsLine, sources, ulpLine);

  unitSelect.addEventListener('change', () => set({ glu: unitSelect.value }));
  rangeInput.addEventListener('change', () => {
    const text = rangeInput.value.trim();
    const value = text === '' ? NaN : Number(text);
    if (acceptInRange(rangeRow, value, text, rangeInput, rangeError)) set({ glurange: value });
  });

  // The heatmap, its read-out, the slices' legend and charts, the sentences.
  const heatCaption = el('figcaption', { id: 'gated-heat-caption' });
  const heatCanvas = el('canvas', { id: 'gated-heatmap', attrs: { role: 'img' } });
  const heatBox = el('div', { className: 'heat-box gated-heat-box' }, heatCanvas);
  const heatReadout = el('p', { className: 'summary', id: 'gated-heat-readout', attrs: { 'aria-live': 'polite' } });
  const legend = el('ul', { className: 'gated-legend', id: 'gated-legend' });
  const yCaption = el('figcaption', { id: 'gated-y-caption' });
  const yCanvas = el('canvas', { id: 'gated-y-chart', attrs: { role: 'img' } });
  const dCaption = el('figcaption', { id: 'gated-d-caption' });
  const dCanvas = el('canvas', { id: 'gated-d-chart', attrs: { role: 'img' } });
  const yFigure = el('figure', { className: 'plot', tabIndex: 0, attrs: { 'aria-describedby': 'gated-slice-help' } }, yCaption, el('div', { className: 'canvas-box' }, yCanvas));
  const dFigure = el('figure', { className: 'plot', tabIndex: 0, attrs: { 'aria-describedby': 'gated-slice-help' } }, dCaption, el('div', { className: 'canvas-box' }, dCanvas));
  const sliceHelp = el('p', { className: 'hint', id: 'gated-slice-help' });
  const readoutHeading = el('h3', { id: 'gated-readout-heading' });
  const readoutTable = el('table', { className: 'values-table', id: 'gated-readout-table', attrs: { 'aria-labelledby': 'gated-readout-heading' } });
  const summary = el('div', { className: 'gated-summary', id: 'gated-summary' });
  body.append(el('div', { className: 'gated-grid' },
    controls,
    el('figure', { className: 'plot heat gated-heat' }, heatCaption, heatBox, heatReadout),
    el('div', { className: 'gated-slices' }, legend, el('div', { className: 'gated-charts' }, yFigure, dFigure), sliceHelp,
      el('section', { className: 'gated-readout', attrs: { 'aria-labelledby': readoutHeading.id } }, readoutHeading, el('div', { className: 'table-box' }, readoutTable))),
    el('section', { className: 'panel gated-text', attrs: { 'aria-label': 'summary' } }, summary)));

  const ink = chartInk();
  const axes = (yTitle) => ({
    x: { type: 'linear', min: -4, max: 4, ticks: { color: ink.text }, grid: { color: ink.grid }, title: { display: true, text: 'a', color: ink.text } },
    y: { type: 'linear', ticks: { color: ink.text, includeBounds: false }, grid: { color: ink.grid }, title: { display: true, text: yTitle, color: ink.text } },
  });
  const yChart = createStaticLineChart(yCanvas, axes('y'));
  const dChart = createStaticLineChart(dCanvas, axes('∂y/∂a'));

  let last = null; // what is drawn: unit, range, part, field, slices, numbers of the text
  let cursorA = null;
  let dark = prefersDark();
  const partName = (part) => ({ y: 'y', dgate: '∂y/∂a', dvalue: '∂y/∂b' })[part];
  const sliceColour = (k) => seriesStyle(k, dark).colour;
  // The partial drawn on the second chart: ∂y/∂b when the heatmap shows it, else ∂y/∂a.
  const slicePart = (part) => (part === 'dvalue' ? 'dvalue' : 'dgate');

  // Redraws the heatmap for the last result at the box's width.
  function drawHeat() {
    if (!last) return;
    const mid = dark ? [28, 31, 36] : [255, 255, 255];
    const field = last.field[last.part === 'y' ? 'y' : last.part === 'dgate' ? 'dGate' : 'dValue'];
    last.heatLayout = drawField(heatCanvas, field, {
      n: GRID, range: last.range, limit: last.limit, width: heatBox.clientWidth - 12, mid, ink: chartInk(dark).text,
      format: (v) => num(v, 3), lines: SLICE_BS.map((b, k) => ({ b, colour: sliceColour(k) })),
      names: { a: t('gatedAxisA'), b: t('gatedAxisB') },
    });
  }

  // The read-out at gate a for every slice: crosshair dots on both charts and the table.
  function showCursor() {
    if (!last) return;
    const a = cursorA ?? PROBE_A;
    const values = gatedValues(lab, last.unit.id, SLICE_BS.map(() => a), SLICE_BS);
    const key = slicePart(last.part) === 'dgate' ? 'dGate' : 'dValue';
    yChart.$cross = { x: a, points: SLICE_BS.map((_, k) => ({ y: values.y[k], colour: sliceColour(k) })) };
    const single = dChart.data.datasets.length === 1; // ∂y/∂b: one line for every b
    dChart.$cross = { x: a, points: single ? [{ y: values[key][0], colour: chartInk(dark).cross }] : SLICE_BS.map((_, k) => ({ y: values[key][k], colour: sliceColour(k) })) };
    yChart.render();
    dChart.render();
    last.cursor = { a, y: Array.from(values.y), dGate: Array.from(values.dGate), dValue: Array.from(values.dValue) };
    setText(readoutHeading, t('gatedReadout', { a: formatValue(a) }));
    clear(readoutTable);
    readoutTable.append(
      el('thead', {}, el('tr', {}, ...['b', 'y', '∂y/∂a', '∂y/∂b'].map((h) => el('th', { scope: 'col', textContent: h })))),
      el('tbody', {}, ...SLICE_BS.map((b, k) => el('tr', { style: `--series: ${sliceColour(k)}` },
        el('th', { scope: 'row', textContent: formatValue(b) }),
        ...[values.y[k], values.dGate[k], values.dValue[k]].map((v) => el('td', { textContent: formatValue(v) }))))));
  }

  // Pointer and keys on the slices: the read-out follows a.
  function moveCursor(a) {
    if (!last) return;
    cursorA = Math.fround(Math.min(last.range, Math.max(-last.range, a)));
    showCursor();
  }
  for (const [figure, chart] of [[yFigure, yChart], [dFigure, dChart]]) {
    const follow = (event) => {
      const area = chart.chartArea;
      if (!area || event.offsetX < area.left || event.offsetX > area.right) return;
      moveCursor(Number(chart.scales.x.getValueForPixel(event.offsetX).toPrecision(4)));
    };
    chart.canvas.addEventListener('pointermove', follow);
    chart.canvas.addEventListener('pointerdown', follow); // a tap on a touch screen
    figure.addEventListener('keydown', (event) => {
      if (!last) return;
      const step = (last.range / 40) * (event.shiftKey ? 5 : 1);
      const a = cursorA ?? PROBE_A;
      const next = { ArrowLeft: a - step, ArrowRight: a + step, Home: -last.range, End: last.range }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      moveCursor(Number(next.toPrecision(6)));
    });
  }
  // Pointer on the heatmap: the values at that (a, b), and the slices' read-out at that a.
  const readHeat = (event) => {
    const layout = last?.heatLayout;
    if (!layout) return;
    const fx = (event.offsetX - layout.left) / layout.size;
    const fy = (event.offsetY - layout.top) / layout.size;
    if (fx < 0 || fx > 1 || fy < 0 || fy > 1) return;
    const a = Math.fround(Number((-last.range + 2 * last.range * fx).toPrecision(3)));
    const b = Math.fround(Number((last.range - 2 * last.range * fy).toPrecision(3)));
    const v = gatedValues(lab, last.unit.id, [a], [b]);
    last.heatPoint = { a, b, y: v.y[0], dGate: v.dGate[0], dValue: v.dValue[0] };
    setText(heatReadout, t('gatedHeatPoint', { a: formatValue(a), b: formatValue(b), y: formatValue(v.y[0]), da: formatValue(v.dGate[0]), db: formatValue(v.dValue[0]) }));
    moveCursor(a);
  };
  heatCanvas.addEventListener('pointermove', readHeat);
  heatCanvas.addEventListener('pointerdown', readHeat); // a tap on a touch screen
  if ('ResizeObserver' in globalThis) {
    let width = 0;
    new ResizeObserver(() => {
      if (heatBox.clientWidth === width) return;
      width = heatBox.clientWidth;
      drawHeat();
    }).observe(heatBox);
  }

  // Sets the slices of one chart: one line per b, or one line when every b gives the same bits.
  function setSlices(chart, xs, slices, key, yTitle) {
    const identical = slices.every((s) => s[key].every((v, i) => Object.is(v, slices[0][key][i])));
    const shown = identical && key === 'dValue' ? [0] : slices.map((_, k) => k);
    chart.data.datasets = shown.map((k) => ({
      label: identical && key === 'dValue' ? t('gatedEveryB') : `b = ${formatValue(slices[k].b)}`,
      data: Array.from(xs, (x, i) => ({ x, y: Number.isFinite(slices[k][key][i]) ? slices[k][key][i] : NaN })),
      borderColor: identical && key === 'dValue' ? chartInk(dark).cross : sliceColour(k),
      borderWidth: slices[k].b === 1 ? 3 : 2,
      actlabB: identical && key === 'dValue' ? null : slices[k].b,
    }));
    const { lo, hi } = extremes(shown.flatMap((k) => Array.from(slices[k][key])));
    const pad = Math.max(0.05, (hi - lo) * 0.08);
    chart.options.scales.x.min = xs[0];
    chart.options.scales.x.max = xs[xs.length - 1];
    chart.options.scales.y.min = lo - pad;
    chart.options.scales.y.max = hi + pad;
    chart.options.scales.y.title.text = yTitle;
    chart.update('none');
    return identical;
  }

  return {
    /** Recomputes the field and slices for the state's unit, range and partial, and redraws. */
    update(state) {
      const unit = gatedUnit(lab.catalog, state.glu) ?? units[0];
      const range = state.glurange;
      const part = state.glupart;
      const changed = !last || last.unit.id !== unit.id || last.range !== range;
      const field = changed ? gatedField(lab, unit.id, range, GRID) : last.field;
      const xs = xGrid(-range, range, SAMPLES);
      const slices = changed ? gatedSlices(lab, unit.id, xs, SLICE_BS) : last.slices;
      const key = part === 'y' ? 'y' : part === 'dgate' ? 'dGate' : 'dValue';
      const shownExt = extremes(field[key]);
      const limit = Math.max(Math.abs(shownExt.lo), Math.abs(shownExt.hi)) || 1;
      if (changed && cursorA !== null) cursorA = Math.fround(Math.min(range, Math.max(-range, cursorA)));
      last = { ...(last ?? {}), unit, range, part, field, slices, xs, limit };

      // Controls and fixed text.
      setText(title, t('gatedControls'));
      setText(unitLabel, t('gatedUnitLabel'));
      if (unitSelect.value !== unit.id) unitSelect.value = unit.id;
      setText(rangeLabel, t('gatedRangeLabel'));
      setText(rangeHint, t('paramRange', { min: rangeRow.min, max: rangeRow.max }));
      if (document.activeElement !== rangeInput) { // the box shows the state's range again: nothing refused in it
        rangeInput.value = float32Text(range);
        acceptInRange(rangeRow, range, '', rangeInput, rangeError);
      }
      setText(partLegend, t('gatedPartLegend'));
      for (const p of PARTS) setText(parts.text[p], t(`gatedPart_${p}`));
      parts.sync(part);
      const g = gateSymbol(unit);
      setText(formula, FORMULAS[unit.id] ?? `${unit.name}(a, b) = ${g}(a) · b`);
      setText(partialsLine, t('gatedPartials', { g }));
      setText(sources, t(`gatedSource_${unit.id}`));
      setText(ulpLine, t(unit.dGateCrossesZero ? 'gatedUlpCrossing' : 'gatedUlp', { f: unit.forwardUlp, dg: unit.dGateUlp, dv: unit.dValueUlp }));

      // Heatmap.
      const R = formatValue(range);
      setText(heatCaption, t('gatedHeatCaption', { name: unit.name, q: partName(part), R }));
      heatCanvas.setAttribute('aria-label', t('gatedHeatLabel', { name: unit.name, q: partName(part), R, lo: num(shownExt.lo, 4), hi: num(shownExt.hi, 4), limit: num(limit, 3) }));
      drawHeat();
      if (!last.heatPoint) setText(heatReadout, t('gatedHeatHint'));

      // Slices.
      clear(legend);
      legend.append(...SLICE_BS.map((b, k) => el('li', { style: `--series: ${sliceColour(k)}` },
        el('span', { className: 'swatch', attrs: { 'aria-hidden': 'true' } }), b === 1 ? t('gatedSliceGate', { g }) : `b = ${formatValue(b)}`)));
      const dKey = slicePart(part) === 'dgate' ? 'dGate' : 'dValue';
      setText(yCaption, t('gatedYCaption', { name: unit.name }));
      setText(dCaption, t(dKey === 'dGate' ? 'gatedDaCaption' : 'gatedDbCaption', { name: unit.name, g }));
      setSlices(yChart, xs, slices, 'y', 'y');
      const dIdentical = setSlices(dChart, xs, slices, dKey, partName(slicePart(part)));
      yCanvas.setAttribute('aria-label', t('gatedSliceLabel', { q: 'y', list: SLICE_BS.map(formatValue).join(', ') }));
      dCanvas.setAttribute('aria-label', t('gatedSliceLabel', { q: partName(slicePart(part)), list: SLICE_BS.map(formatValue).join(', ') }));
      setText(sliceHelp, t('gatedSliceHelp'));

      // The sentences, every number read from the kernels' values above.
      const probe = gatedValues(lab, unit.id, [PROBE_A], [1]);
      const gate = gateValues(lab, unit, [PROBE_A])[0];
      const yAt = probe.y[0];
      const ext = { y: extremes(field.y), dGate: extremes(field.dGate), dValue: extremes(field.dValue) };
      const closed = Array.from(gateValues(lab, unit, field.as)).map((v, j) => (v === 0 ? field.as[j] : null)).filter((v) => v !== null);
      const zeros = field.y.reduce((count, v) => count + (v === 0 ? 1 : 0), 0);
      const pointOf = (i) => `(${formatValue(field.as[i % GRID])}, ${formatValue(field.bs[Math.floor(i / GRID)])})`;
      const numbers = {
        a: PROBE_A, yAt, gate, same: Object.is(yAt, gate),
        y: [ext.y.lo, ext.y.hi], dGate: [ext.dGate.lo, ext.dGate.hi], dValue: [ext.dValue.lo, ext.dValue.hi],
        dValueIndependent: sameInEveryRow(field.dValue, GRID), zeros, total: GRID * GRID, closed,
      };
      const sentences = [
        t(numbers.same ? 'gatedSayGate' : 'gatedSayGateDiffers', { g, gname: gateName(unit), a: PROBE_A, y: formatValue(yAt), gv: formatValue(gate) }),
        t('gatedSayY', { R, lo: num(ext.y.lo, 5), hi: num(ext.y.hi, 5), at: pointOf(ext.y.iHi) }),
        t('gatedSayDa', { lo: num(ext.dGate.lo, 5), hi: num(ext.dGate.hi, 5), atLo: pointOf(ext.dGate.iLo), atHi: pointOf(ext.dGate.iHi) }),
        t(numbers.dValueIndependent ? 'gatedSayDb' : 'gatedSayDbVaries', { g, lo: num(ext.dValue.lo, 5), hi: num(ext.dValue.hi, 5) }),
        closed.length === 0 ? t('gatedSayOpen', { g, zeros, total: GRID * GRID })
          : closed.length === 1 ? t('gatedSayClosedAt', { g, a: formatValue(closed[0]), zeros, total: GRID * GRID })
            : t('gatedSayClosed', { g, k: closed.length, n: GRID, from: formatValue(closed[0]), to: formatValue(closed[closed.length - 1]), zeros, total: GRID * GRID }),
      ];
      if (dKey === 'dValue' && dIdentical) sentences.push(t('gatedSayDbSlices'));
      clear(summary);
      summary.append(...sentences.map((text) => el('p', { className: 'summary', textContent: text })));
      last.numbers = numbers;
      last.sentences = sentences;
      showCursor();
    },
    /** What is drawn (for tests): unit, range, part, heat limit, slices, the text's numbers and sentences, the read-out. */
    data: () => last && {
      unit: last.unit.id, range: last.range, part: last.part, limit: last.limit, n: GRID, sliceBs: SLICE_BS,
      xs: Array.from(last.xs),
      y: { datasets: yChart.data.datasets.map((d) => ({ b: d.actlabB, ys: d.data.map((p) => p.y) })) },
      d: { datasets: dChart.data.datasets.map((d) => ({ b: d.actlabB, ys: d.data.map((p) => p.y) })), title: dChart.options.scales.y.title.text },
      numbers: structuredClone(last.numbers), sentences: [...last.sentences], cursor: structuredClone(last.cursor), heatPoint: last.heatPoint ?? null,
      heatLayout: last.heatLayout,
    },
    /** Re-applies light/dark colours. */
    restyle() {
      dark = prefersDark();
      const ink2 = chartInk(dark);
      inkScales(yChart, ink2);
      inkScales(dChart, ink2);
      yChart.$ink = ink2;
      dChart.$ink = ink2;
      drawHeat();
    },
  };
}
