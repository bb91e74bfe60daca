// The softmax view: an editable vector z, a temperature T and the operation
// (softmax, or softmin = softmax of −z); s = op(z / T) from lab.activate as
// bars, and its Jacobian (±(diag(s) − s sᵀ)), one row per lab.backward call,
// as a heatmap. Loaded on demand.
import { Chart, BarController, BarElement, CategoryScale, LinearScale } from 'chart.js';
import { clear, el, scrollRegion, tableCaption } from '../ui/dom.js';
import { createListEditor } from '../ui/list-editor.js';
import { acceptInRange, radioChoices } from '../ui/small-controls.js';
import { chartInk, prefersDark, seriesStyle } from '../ui/palette.js';
import { float32Text } from '../ui/number-format.js';
import { t } from '../i18n/translate.js';
import { num } from '../details/property-text.js';
import { drawHeatmap } from './heatmap.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

const LIMIT = 0.25; // |J_ij| <= 1/4 for any softmax

// Subscript digits for entry labels z₁, z₂ …
const sub = (i) => String(i + 1).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[d]);

const OPS = ['softmax', 'softmin'];

/** s = op(z / T) (op: 'softmax' or 'softmin') and its Jacobian rows, all from the lab. */
export function softmaxWithJacobian(lab, z, temperature, op = 'softmax') {
  const n = z.length;
  const u = Float32Array.from(z, (v) => v / temperature);
  const s = lab.activate(op, u, { rowLength: n });
  const jacobian = [];
  for (let i = 0; i < n; i++) {
    const e = new Float32Array(n);
    e[i] = 1;
    jacobian.push(Array.from(lab.backward(op, u, e, { rowLength: n }))); // eᵢᵀ J = row i
  }
  return { u, s, jacobian };
}

// softmin(u) against softmax(−u), both from the kernels: { same: the same bits, gap: the largest |difference| }.
function softminGap(lab, u, s) {
  const mirrored = lab.activate('softmax', u.map((v) => -v), { rowLength: u.length });
  return { same: s.every((v, i) => Object.is(v, mirrored[i])), gap: s.reduce((gap, v, i) => Math.max(gap, Math.abs(v - mirrored[i])), 0) };
}

/** Builds the view in panel; returns { update(state), restyle(), data() }. */
export function createView(panel, { lab, schema, set, endGesture }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const row = schema.byKey.get('softmax');
  const panelTitle = panel.querySelector('h2');
  const panelHint = panel.querySelector('.hint');
  const tempRow = schema.byKey.get('temp');

  const vectorTitle = el('h3', { id: 'softmax-vector-title' });
  const editorBox = el('div', { className: 'list-editor' });
  const tempLabel = el('label', { htmlFor: 'softmax-temp-number', className: 'param-name' });
  const slider = el('input', { type: 'range', id: 'softmax-temp-slider', min: String(Math.log10(tempRow.min)), max: String(Math.log10(tempRow.max)), step: '0.01' });
  const number = el('input', { type: 'number', id: 'softmax-temp-number', step: 'any', className: 'param-number' });
  const tempRange = el('span', { className: 'param-range', id: 'softmax-temp-range' });
  const tempError = el('p', { className: 'field-error', id: 'softmax-temp-error', attrs: { 'aria-live': 'polite' } });
  for (const input of [slider, number]) input.setAttribute('aria-describedby', 'softmax-temp-range softmax-temp-error');
  const opLegend = el('legend', { id: 'softmax-op-legend' });
  const ops = radioChoices('softmax-op', OPS, (op) => set({ softop: op }));
  const controls = el('section', { className: 'panel softmax-controls', attrs: { 'aria-labelledby': vectorTitle.id } },
    el('fieldset', { className: 'softmax-op' }, opLegend, ...ops.items),
    vectorTitle, editorBox,
    el('div', { className: 'param-row' }, tempLabel, el('div', { className: 'param-inputs' }, slider, number), tempRange, tempError));

  const barsCaption = el('figcaption', { id: 'softmax-bars-caption' });
  const barsCanvas = el('canvas', { id: 'softmax-bars', attrs: { role: 'img' } });
  const sum = el('p', { className: 'summary', id: 'softmax-sum' });
  const heatCaption = el('figcaption', { id: 'softmax-heat-caption' });
  const heatCanvas = el('canvas', { id: 'softmax-jacobian', attrs: { role: 'img' } });
  const heatNote = el('p', { className: 'hint', id: 'softmax-heat-note' });
  const table = el('table', { className: 'values-table', id: 'softmax-table' });
  body.append(el('div', { className: 'softmax-grid' },
    controls,
    el('figure', { className: 'plot' }, barsCaption, el('div', { className: 'canvas-box small' }, barsCanvas), sum),
    el('figure', { className: 'plot heat' }, heatCaption, el('div', { className: 'heat-box' }, heatCanvas), heatNote),
    scrollRegion(table)));

  const ink = chartInk();
  const bars = new Chart(barsCanvas, {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [], backgroundColor: seriesStyle(0).colour }] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false, events: [],
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: { ticks: { color: ink.text }, grid: { display: false } },
        y: { min: 0, max: 1, ticks: { color: ink.text }, grid: { color: ink.grid }, title: { display: true, text: 's', color: ink.text } },
      },
    },
  });

  const editor = createListEditor(editorBox, {
    idPrefix: 'softmax-entry', fields: [{ name: 'z', label: (i) => `z${sub(i)}` }],
    min: row.min, max: row.max, minLength: row.minLength, maxLength: row.maxLength,
    addLabel: () => t('addEntry'), removeLabel: (i) => t('removeEntry', { name: `z${sub(i)}` }),
    fresh: (items) => Math.min(row.max, Math.max(row.min, (items[items.length - 1] ?? 0) - 1)),
    onChange: (items) => set({ softmax: items }),
  });

  // Applies a temperature from a control (refusing values outside the table's range).
  function applyTemperature(value, text, transient) {
    if (acceptInRange(tempRow, value, text, number, tempError)) set({ temp: value }, transient);
  }
  slider.addEventListener('input', () => {
    const value = Number((10 ** Number(slider.value)).toPrecision(3));
    number.value = String(value);
    applyTemperature(value, slider.value, true);
  });
  slider.addEventListener('change', endGesture);
  number.addEventListener('change', () => applyTemperature(number.value.trim() === '' ? NaN : Number(number.value), number.value, false));

  let last = null;
  let dark = prefersDark();

  // Redraws the heatmap for the last result.
  function drawHeat() {
    if (!last) return;
    const mid = dark ? [28, 31, 36] : [255, 255, 255];
    const size = Math.max(160, Math.min(360, heatCanvas.parentElement.clientWidth - 80));
    drawHeatmap(heatCanvas, last.jacobian, { limit: LIMIT, size, mid, ink: chartInk(dark).text, format: (v) => num(v, 2) });
  }

  return {
    /** Recomputes s and J for the state's vector and temperature and redraws. */
    update(state) {
      const z = state.softmax;
      const T = state.temp;
      const op = state.softop;
      const min = op === 'softmin';
      const result = softmaxWithJacobian(lab, z, T, op);
      last = { op, z: [...z], T, s: Array.from(result.s), jacobian: result.jacobian };
      panelTitle.dataset.i18n = min ? 'softminTitle' : 'softmaxTitle';
      panelHint.dataset.i18n = min ? 'softminHint' : 'softmaxHint';
      panelTitle.textContent = t(panelTitle.dataset.i18n);
      panelHint.textContent = t(panelHint.dataset.i18n);
      opLegend.textContent = t('softmaxOp');
      for (const o of OPS) ops.text[o].textContent = o;
      ops.sync(op);
      editor.sync(z);
      vectorTitle.textContent = t('softmaxVector');
      tempLabel.textContent = t('temperature');
      tempRange.textContent = t('paramRange', { min: tempRow.min, max: tempRow.max });
      slider.setAttribute('aria-label', t('temperatureSlider'));
      if (document.activeElement !== number) number.value = float32Text(T);
      if (document.activeElement !== slider) slider.value = String(Math.log10(T));
      const labels = z.map((_, i) => `s${sub(i)}`);
      bars.data.labels = labels;
      bars.data.datasets[0].data = last.s;
      bars.update('none');
      const total = last.s.reduce((a, b) => a + b, 0);
      barsCaption.textContent = t('softmaxBars', { op, T: float32Text(T) });
      const top = last.s.indexOf(Math.max(...last.s));
      const sumVars = { sum: total.toFixed(7), max: num(last.s[top], 4), argmax: `s${sub(top)}` };
      if (min) {
        // softmin(z) = softmax(−z): the smallest input gets the largest probability (said only when the numbers show it).
        const low = z.indexOf(Math.min(...z));
        const { same, gap } = softminGap(lab, result.u, result.s);
        last.softminSame = same;
        sum.textContent = [
          t(last.s[low] === last.s[top] ? 'softminSum' : 'softmaxSum', { ...sumVars, argmin: `z${sub(low)}`, zmin: num(z[low], 4), smin: `s${sub(low)}` }),
          same ? t('softminSameBits') : t('softminGap', { gap: num(gap, 3) }),
        ].join(' ');
      } else sum.textContent = t('softmaxSum', sumVars);
      barsCanvas.setAttribute('aria-label', `${barsCaption.textContent}: ${labels.map((l, i) => `${l} = ${num(last.s[i], 4)}`).join(', ')}`);
      heatCaption.textContent = t(min ? 'softminJacobian' : 'softmaxJacobian');
      heatNote.textContent = t(min ? 'softminJacobianNote' : 'softmaxJacobianNote', { T: float32Text(T) });
      heatCanvas.setAttribute('aria-label', t('softmaxHeatLabel', { op, n: z.length }));
      drawHeat();
      // The values as a table: z, z/T, s, and the Jacobian's diagonal.
      clear(table);
      table.append(tableCaption(table, t('softmaxTable')),
        el('thead', {}, el('tr', {}, ...['i', 'z', 'z / T', 's', min ? 'Jᵢᵢ = −sᵢ(1 − sᵢ)' : 'Jᵢᵢ = sᵢ(1 − sᵢ)'].map((h) => el('th', { scope: 'col', textContent: h })))),
        el('tbody', {}, ...z.map((v, i) => el('tr', {},
          el('th', { scope: 'row', textContent: String(i + 1) }),
          ...[v, result.u[i], last.s[i], last.jacobian[i][i]].map((x) => el('td', { textContent: num(x, 6) }))))));
    },
    /** The last vector, temperature, softmax and Jacobian (for tests). */
    data: () => structuredClone(last),
    /** Re-applies light/dark colours. */
    restyle() {
      dark = prefersDark();
      const ink2 = chartInk(dark);
      for (const scale of Object.values(bars.options.scales)) scale.ticks.color = ink2.text;
      bars.options.scales.y.grid.color = ink2.grid;
      bars.options.scales.y.title.color = ink2.text;
      bars.data.datasets[0].backgroundColor = seriesStyle(0, dark).colour;
      drawHeat();
    },
  };
}
