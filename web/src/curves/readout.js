// The crosshair read-out: f(x) and f'(x) of every shown function at one x,
// computed by the wasm kernels at exactly that (float32) x.
import { clear, el } from '../ui/dom.js';
import { formatValue } from '../ui/number-format.js';
import { t } from '../i18n/translate.js';

/** Values at x for each entry of series = [{ spec, params, colour }]: [{ spec, colour, f, df }]. */
export function valuesAt(lab, x, series) {
  const xs = new Float32Array([x]);
  return series.map(({ spec, params, colour }) => ({
    spec,
    colour,
    f: lab.activate(spec.id, xs, params)[0],
    df: lab.derivative(spec.id, xs, params)[0],
  }));
}

/** Fills the read-out table and heading for x (null clears it). */
export function renderReadout(elements, x, rows) {
  const { table, heading, hint } = elements;
  const body = table.tBodies[0];
  clear(body);
  if (x === null || rows.length === 0) {
    table.hidden = true;
    hint.hidden = false;
    heading.textContent = '';
    return;
  }
  heading.textContent = `x = ${formatValue(x)}`;
  for (const row of rows) {
    const name = el('th', { scope: 'row' }, el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } }), row.spec.name);
    name.firstChild.style.background = row.colour;
    body.append(el('tr', {}, name, el('td', { textContent: formatValue(row.f) }), el('td', { textContent: formatValue(row.df) })));
  }
  table.hidden = false;
  hint.hidden = true;
}

/** The sentence a screen reader hears for x and rows. */
export function announcement(x, rows) {
  const values = rows.map((r) => t('announceOne', { fn: r.spec.name, f: formatValue(r.f), df: formatValue(r.df) })).join('; ');
  return t('announce', { x: formatValue(x), values });
}
