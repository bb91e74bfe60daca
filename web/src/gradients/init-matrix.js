// The activation × initialisation matrix: for every activation (rows) and
// weight scheme (columns) under the current depth, width and other settings,
// the ratio of the first layer's to the last layer's gradient RMS and the last
// layer's activation std, as a colour-coded grid of buttons that load a cell.
// Computed on request, one row per worker request, in its own worker.
import { clear, el, setAttr, setText } from '../ui/dom.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';
import { INIT_SCHEMES, configFor } from './gradient-settings.js';

const NEGATIVE = [0, 114, 178]; // vanishing: Okabe–Ito blue
const POSITIVE = [213, 94, 0]; // exploding: vermilion
const FULL_DECADES = 6; // |log10 ratio| at which the colour is full

/** Background colour of a cell for log10 of the ratio over background rgb `back` (full blue for a ratio of exactly 0, grey when there is no ratio). */
export function ratioColour(log10, back) {
  if (log10 === -Infinity) log10 = -FULL_DECADES; // the first layer's gradient is exactly 0: vanished completely
  if (!Number.isFinite(log10)) return 'rgb(150,150,150)';
  const f = Math.max(-1, Math.min(1, log10 / FULL_DECADES));
  const end = f < 0 ? NEGATIVE : POSITIVE;
  return `rgb(${end.map((c, i) => Math.round(back[i] + (c - back[i]) * Math.abs(f))).join(',')})`;
}

/**
 * { ratio, lastStd, undefinedWhy } of one result: first-layer over last-layer
 * RMS of ∂L/∂z, the last layer's std of a, and why there is no ratio
 * ('zero': the last layer's gradient is exactly 0; 'nonFinite'; '' when there is one).
 */
export function matrixCell(result) {
  if (!result.ok) return { ratio: NaN, lastStd: NaN, error: result.error, undefinedWhy: '' };
  const layers = result.layers;
  const first = layers[0].gradZRms, last = layers[layers.length - 1].gradZRms;
  const ratio = first / last;
  const undefinedWhy = Number.isFinite(ratio) ? '' : last === 0 ? 'zero' : 'nonFinite';
  return { ratio, lastStd: layers[layers.length - 1].aStd, undefinedWhy };
}

/**
 * Creates the matrix in box. context: specs (catalogue), paramsOf(state, spec),
 * run(configs) → Promise<{ results } | { stale }>, load(changes), back() → rgb.
 */
export function createInitMatrix(box, context) {
  const title = el('h3', { id: 'matrix-title' });
  const hint = el('p', { className: 'hint', id: 'matrix-hint' });
  const button = el('button', { type: 'button', id: 'matrix-compute' });
  const status = el('p', { className: 'hint', id: 'matrix-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const grid = el('div', { className: 'matrix-box' });
  const note = el('p', { className: 'hint matrix-note', id: 'matrix-note', hidden: true });
  box.append(title, hint, el('div', { className: 'matrix-bar' }, button, status), grid, note);
  let generation = 0;
  let computedFor = null; // the settings key the grid shows

  const settingsKey = (state) => JSON.stringify(context.specs.map((spec) => configFor(state, spec, context.paramsOf(state, spec))));

  // Computes every row for the current state, drawing each row as it arrives.
  async function compute(state) {
    const mine = ++generation;
    const snapshot = structuredClone(state);
    computedFor = settingsKey(snapshot);
    const table = el('table', { className: 'matrix', id: 'init-matrix' });
    const body = el('tbody');
    table.append(el('caption', { textContent: t('matrixCaption', { depth: snapshot.gdepth, width: snapshot.gwidth, batch: snapshot.gbatch }) }),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col', textContent: t('matrixCorner') }),
        ...INIT_SCHEMES.map((scheme) => el('th', { scope: 'col' }, el('span', { textContent: t(`g_ginit_${scheme}`) }))))), body);
    clear(grid);
    grid.append(table);
    note.hidden = true;
    for (const [row, spec] of context.specs.entries()) {
      if (mine !== generation) return;
      setText(status, t('matrixProgress', { done: row, total: context.specs.length }));
      const params = context.paramsOf(snapshot, spec);
      const reply = await context.run(INIT_SCHEMES.map((scheme) => configFor({ ...snapshot, ginit: scheme }, spec, params)));
      if (mine !== generation || reply.stale) return;
      const cells = reply.results.map(matrixCell);
      body.append(el('tr', {}, el('th', { scope: 'row', textContent: spec.name }),
        ...cells.map((cell, i) => el('td', {}, cellButton(spec, INIT_SCHEMES[i], cell)))));
      if (cells.some((cell) => cell.undefinedWhy || cell.ratio === 0)) {
        setText(note, t('matrixNote'));
        note.hidden = false;
      }
    }
    setText(status, t('matrixDone', { n: context.specs.length * INIT_SCHEMES.length }));
    setText(button, t('matrixRecompute'));
  }

  // One cell: a button that loads the activation and scheme.
  function cellButton(spec, scheme, cell) {
    const log10 = Math.log10(cell.ratio);
    const ratioText = cell.error ? t('matrixRefused') : cell.undefinedWhy ? t('matrixUndefined') : num(cell.ratio, 2);
    const vars = { fn: spec.name, init: t(`g_ginit_${scheme}`), ratio: ratioText, std: num(cell.lastStd, 3) };
    const label = cell.undefinedWhy === 'zero' ? t('matrixCellUndefinedZero', vars) : cell.undefinedWhy ? t('matrixCellUndefinedBad', vars) : t('matrixCellLabel', vars);
    const button = el('button', {
      type: 'button', className: 'matrix-cell',
      attrs: { 'aria-label': label, title: cell.error ?? (cell.undefinedWhy ? label : '') },
      dataset: { fn: spec.id, init: scheme, ratio: String(cell.ratio), undefinedWhy: cell.undefinedWhy },
    }, el('span', { textContent: ratioText }), el('small', { textContent: `σ ${num(cell.lastStd, 2)}` }));
    button.style.background = ratioColour(log10, context.back());
    button.style.color = Math.abs(log10) > FULL_DECADES * 0.6 ? '#fff' : 'inherit';
    button.addEventListener('click', () => context.load({ fn: [spec.id], hide: [], ginit: scheme }));
    return button;
  }

  let latest = null;
  button.addEventListener('click', () => latest && compute(latest).catch((error) => setText(status, t('simFailed', { detail: error.message }))));

  // Refreshes texts and says whether the grid still matches the settings.
  function sync(state) {
    latest = state;
    setText(title, t('matrixTitle'));
    setText(hint, t('matrixHint'));
    setText(button, computedFor ? t('matrixRecompute') : t('matrixCompute'));
    if (computedFor && computedFor !== settingsKey(state) && generation) setText(status, t('matrixOutdated'));
  }

  return {
    sync,
    /** Stops a computation in progress. */
    stop() { generation++; },
  };
}
