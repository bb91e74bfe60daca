// The maxout view: k editable linear pieces wᵢx + bᵢ, drawn faintly, and their
// upper envelope max(wᵢx + bᵢ) from lab.activate('maxout', …, { pieces: k })
// drawn boldly. Loaded on demand.
import { Chart, LineController, LineElement, PointElement, LinearScale } from 'chart.js';
import { clear, el } from '../ui/dom.js';
import { createListEditor } from '../ui/list-editor.js';
import { chartInk, prefersDark, seriesStyle } from '../ui/palette.js';
import { xGrid } from '../ui/sampling.js';
import { float32Text } from '../ui/number-format.js';
import { t } from '../i18n/translate.js';

Chart.register(LineController, LineElement, PointElement, LinearScale);

const X0 = -4;
const X1 = 4;
const SAMPLES = 801;

/** Pieces' values z (n × k, piece-minor, float32) on xs, and the envelope from the lab. */
export function maxoutEnvelope(lab, xs, pieces) {
  const k = pieces.length;
  const z = new Float32Array(xs.length * k);
  xs.forEach((x, i) => pieces.forEach(([w, b], j) => { z[i * k + j] = w * x + b; }));
  return { z, envelope: lab.activate('maxout', z, { pieces: k }) };
}

/** Builds the view in panel; returns { update(state), restyle(), data() }. */
export function createView(panel, { lab, schema, set }) {
  const body = panel.querySelector('.view-body');
  clear(body);
  const row = schema.byKey.get('maxout');
  const title = el('h3', { id: 'maxout-pieces-title' });
  const editorBox = el('div', { className: 'list-editor two' });
  const caption = el('figcaption', { id: 'maxout-caption' });
  const canvas = el('canvas', { id: 'maxout-chart', attrs: { role: 'img' } });
  const note = el('p', { className: 'hint', id: 'maxout-note' });
  body.append(el('div', { className: 'maxout-grid' },
    el('section', { className: 'panel', attrs: { 'aria-labelledby': title.id } }, title, editorBox),
    el('figure', { className: 'plot' }, caption, el('div', { className: 'canvas-box' }, canvas), note)));

  const ink = chartInk();
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false, parsing: false, normalized: true, responsive: true, maintainAspectRatio: false, events: [],
      elements: { point: { radius: 0, hitRadius: 0, hoverRadius: 0 }, line: { tension: 0 } },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      scales: {
        x: { type: 'linear', min: X0, max: X1, ticks: { color: ink.text }, grid: { color: ink.grid }, title: { display: true, text: 'x', color: ink.text } },
        y: { type: 'linear', ticks: { color: ink.text, includeBounds: false }, grid: { color: ink.grid }, title: { display: true, text: 'y', color: ink.text } },
      },
    },
  });

  const editor = createListEditor(editorBox, {
    idPrefix: 'maxout-piece',
    fields: [{ name: 'w', label: (i) => t('pieceSlope', { i: i + 1 }) }, { name: 'b', label: (i) => t('pieceIntercept', { i: i + 1 }) }],
    min: row.min, max: row.max, minLength: row.minLength, maxLength: row.maxLength,
    addLabel: () => t('addPiece'), removeLabel: (i) => t('removePiece', { i: i + 1 }),
    fresh: (items) => [items.length % 2 ? -1 : 1, -1],
    onChange: (items) => set({ maxout: items }),
  });

  let last = null;

  return {
    /** Recomputes pieces and envelope for the state's pieces and redraws. */
    update(state) {
      const pieces = state.maxout;
      const xs = xGrid(X0, X1, SAMPLES);
      const { z, envelope } = maxoutEnvelope(lab, xs, pieces);
      const k = pieces.length;
      editor.sync(pieces);
      const dark0 = prefersDark();
      editorBox.querySelectorAll('.list-row').forEach((r, j) => r.style.setProperty('--series', seriesStyle(j + 1, dark0).colour));
      title.textContent = t('maxoutPieces');
      caption.textContent = t('maxoutChart', { k });
      note.textContent = t('maxoutNote');
      const dark = prefersDark();
      const datasets = pieces.map(([w, b], j) => ({
        label: `${float32Text(w)}x + ${float32Text(b)}`,
        data: Array.from(xs, (x, i) => ({ x, y: z[i * k + j] })),
        borderColor: `${seriesStyle(j + 1, dark).colour}b0`, borderWidth: 1.5, borderDash: [5, 4], pointRadius: 0,
        order: 1, actlabRole: 'piece',
      }));
      datasets.push({
        label: t('maxoutEnvelope'), data: Array.from(xs, (x, i) => ({ x, y: envelope[i] })),
        borderColor: chartInk(dark).cross, borderWidth: 3.5, pointRadius: 0, order: 0, actlabRole: 'envelope',
      });
      chart.data.datasets = datasets;
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of envelope) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      const pad = Math.max(0.5, (hi - lo) * 0.15);
      chart.options.scales.y.min = lo - pad;
      chart.options.scales.y.max = hi + pad;
      chart.update('none');
      canvas.setAttribute('aria-label', t('maxoutLabel', { k, list: datasets.slice(0, -1).map((d) => d.label).join('; ') }));
      last = { pieces: structuredClone(pieces), xs: Array.from(xs), envelope: Array.from(envelope) };
    },
    /** The chart's datasets' roles and points (for tests). */
    data: () => ({ ...structuredClone(last), datasets: chart.data.datasets.map((d) => ({ role: d.actlabRole, ys: d.data.map((p) => p.y) })) }),
    /** Re-applies light/dark colours (the next update redraws the lines). */
    restyle() {
      const ink2 = chartInk();
      for (const scale of Object.values(chart.options.scales)) {
        scale.ticks.color = ink2.text;
        scale.grid.color = ink2.grid;
        scale.title.color = ink2.text;
      }
    },
  };
}
