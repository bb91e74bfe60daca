// The function details panel: for each selected function a card with its
// formula and derivative (KaTeX: HTML with its bundled CSS and fonts, which
// only load with this panel, plus MathML for screen readers), the properties
// measured from the kernels, strengths and weaknesses, and "copy as code".
// Loaded on demand (dynamic import).
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { clear, el } from '../ui/dom.js';
import { float32Text, formatValue } from '../ui/number-format.js';
import { currentLanguage, t } from '../i18n/translate.js';
import { NOTES } from '../i18n/function-notes.js';
import { FORMULAS, paramSymbol } from './formulas.js';
import { measureProperties, propertyGrid } from './measure.js';
import { nonFinite } from './formula-accuracy.js';
import { propertyRows } from './property-text.js';
import { numpySnippet, torchSnippet } from './code-snippets.js';
import { fitFormula } from './fit-formula.js';
import { formulaAccuracyRows, formulaCardHead } from './formula-card.js';

const SETTLE_MS = 200; // measure once parameters have stopped changing for this long

// Renders TeX into a new element (HTML drawn with KaTeX's fonts, MathML for assistive technology).
function math(tex, className) {
  const box = el('div', { className });
  katex.render(tex, box, { output: 'htmlAndMathml', displayMode: true, throwOnError: false });
  fitFormula(box);
  return box;
}

// Copies text to the clipboard, or selects it in its <pre> when that is refused.
async function copyText(text, pre, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = t('codeCopied');
  } catch {
    const range = document.createRange();
    range.selectNodeContents(pre);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = t('codeCopyFailed');
  }
}

// One snippet: heading, code block and its copy button.
function snippet(id, kind, text) {
  const pre = el('pre', { className: 'code', tabIndex: 0, attrs: { 'aria-label': t(kind === 'torch' ? 'codeTorch' : 'codeNumpy') } }, el('code', { textContent: text }));
  const status = el('span', { className: 'copy-status', attrs: { role: 'status' } });
  const button = el('button', { type: 'button', className: 'copy-code', textContent: t(kind === 'torch' ? 'copyTorch' : 'copyNumpy'), dataset: { kind, id } });
  button.addEventListener('click', () => copyText(text, pre, status));
  return el('div', { className: 'snippet' }, el('div', { className: 'snippet-head' }, button, status), pre);
}

// The "with α = 0.7 (alpha)" line for the current parameters.
function paramLine(spec, params) {
  if (!spec.params.length) return null;
  const parts = spec.params.map((p) => `${paramSymbol(spec.id, p.name)[0]} = ${float32Text(params[p.name])} (${p.name})`);
  return el('p', { className: 'where', textContent: t('withParams', { list: parts.join(', ') }) });
}

// A list with a heading (strengths or weaknesses).
function noteList(title, items, className) {
  return el('div', { className }, el('h4', { textContent: title }), el('ul', {}, ...items.map((text) => el('li', { textContent: text }))));
}

// Fills a definition list with [label, value] rows.
function fillRows(list, rows) {
  clear(list);
  for (const [label, value] of rows) list.append(el('div', { className: 'prop' }, el('dt', { textContent: label }), el('dd', { textContent: value })));
}

/** Creates the panel in container; returns { update(entries, view) } (entries = [{ spec, params, colour }]). */
export function createDetailsPanel(container, lab) {
  const cache = new Map(); // id + params -> measured properties
  let timer = 0;
  let token = 0;

  const keyOf = (spec, params) => `${spec.id}:${spec.formula ?? ''}:${JSON.stringify(params)}`;

  // Fills a card's properties list (measuring first if needed). The properties assume a
  // finite f: for Your function with NaN or ±∞ (log(x), 1/x) the list says where instead.
  function fillProperties(list, spec, params) {
    const key = keyOf(spec, params);
    if (!cache.has(key)) {
      const bad = spec.custom ? nonFinite(lab, spec, params, propertyGrid()) : null;
      cache.set(key, bad ? { rows: [[t('formulaNotFinite'), t('formulaNotFiniteText', {
        what: t(bad.what === 'nan' ? 'formulaNotFiniteNaN' : 'formulaNotFiniteInf'), n: bad.n, total: bad.total, from: formatValue(bad.from), to: formatValue(bad.to),
      })]] } : { rows: propertyRows(measureProperties(lab, spec.id, params)) });
    }
    fillRows(list, cache.get(key).rows);
    list.setAttribute('aria-busy', 'false');
    list.dataset.measured = key;
  }

  // The card of "Your function": its text, its accuracy against its double twin, and the measured properties.
  function formulaCard(entry, view, title, props) {
    const { spec, params } = entry;
    const accuracy = el('dl', { className: 'props formula-accuracy', dataset: { id: spec.id } });
    fillRows(accuracy, formulaAccuracyRows(lab, spec, params, view).rows);
    const body = [...formulaCardHead(spec, params, title), el('h4', { textContent: t('formulaAccTitle') }), accuracy,
      el('h4', { textContent: t('propertiesTitle') }), props];
    return el('article', { className: 'fn-card', dataset: { id: spec.id }, attrs: { 'aria-labelledby': title.id } }, ...body);
  }

  // A whole card for one function.
  function card(entry, view) {
    const { spec, params, colour } = entry;
    const notes = NOTES[currentLanguage()]?.[spec.id] ?? NOTES.en[spec.id];
    const title = el('h3', { id: `details-${spec.id}-title` }, el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }), spec.name);
    title.firstChild.style.background = colour;
    const props = el('dl', { className: 'props', attrs: { 'aria-busy': 'true' }, dataset: { id: spec.id } },
      el('div', { className: 'prop' }, el('dt', { textContent: t('measuring') })));
    if (spec.custom) return formulaCard(entry, view, title, props);
    const formulas = FORMULAS[spec.id];
    const body = [
      title,
      el('div', { className: 'formulas', attrs: { role: 'group', 'aria-label': t('formulasLabel', { fn: spec.name }) } },
        el('p', { className: 'formula-label', textContent: t('formulaF') }),
        math(formulas.f, 'math math-f'),
        el('p', { className: 'formula-label', textContent: t('formulaDf') }),
        math(formulas.df, 'math math-df'),
        ...[formulas.where ?? []].flat().map((tex) => math(tex, 'math math-where')),
        ...[paramLine(spec, params)].filter(Boolean)),
      el('h4', { textContent: t('propertiesTitle') }),
      props,
      notes ? el('div', { className: 'pros-cons' }, noteList(t('pros'), notes.pros, 'pros'), noteList(t('cons'), notes.cons, 'cons')) : '',
      el('details', { className: 'code-box' }, el('summary', { textContent: t('copyAsCode') }),
        snippet(spec.id, 'torch', torchSnippet(spec.id, params, view.x0, view.x1)),
        snippet(spec.id, 'numpy', numpySnippet(spec.id, params, view.x0, view.x1))),
    ];
    return el('article', { className: 'fn-card', dataset: { id: spec.id }, attrs: { 'aria-labelledby': title.id } }, ...body);
  }

  return {
    /** Rebuilds the cards for entries (view = { x0, x1 } for the snippets); measurement follows when input settles. */
    update(entries, view) {
      clear(container);
      const pending = [];
      for (const entry of entries) {
        const node = card(entry, view);
        container.append(node);
        pending.push([node.querySelector('dl.props:not(.formula-accuracy)'), entry]);
      }
      clearTimeout(timer);
      const mine = ++token;
      // Measure one function per task so the page stays responsive.
      const next = () => {
        if (mine !== token || pending.length === 0) return;
        const [list, { spec, params }] = pending.shift();
        fillProperties(list, spec, params);
        timer = setTimeout(next, 0);
      };
      const ready = pending.every(([, { spec, params }]) => cache.has(keyOf(spec, params)));
      timer = setTimeout(next, ready ? 0 : SETTLE_MS);
    },
  };
}
