// The details card of "Your function": the formula as typed (text, never
// HTML), its parameters, how the engine runs it, its accuracy measured
// against its double twin, and the catalogue function it spells, if any.
// The measured properties are filled in by the details panel, as for any card.
import { el } from '../ui/dom.js';
import { float32Text, formatValue } from '../ui/number-format.js';
import { t } from '../i18n/translate.js';
import { num } from './property-text.js';
import { catalogueTwin, formulaAccuracy } from './formula-accuracy.js';

// ULPs as the card prints them: 3 significant digits, ∞ spelt out.
const ulpText = (value) => (value === Infinity ? '∞' : num(value, 3));
// A worst error as the card writes it: "2.91 ULP (at x = −1.425)", or exact.
const worstText = (w, key, vars = {}) => (w.value === 0 ? t('formulaAccExact') : t(key, { ulp: ulpText(w.value), x: formatValue(w.x), ...vars }));

/** The accuracy and catalogue lines of the formula card (measured now), as [label, text] rows. */
export function formulaAccuracyRows(lab, spec, params, view) {
  const a = formulaAccuracy(lab, spec, params, view.x0, view.x1);
  const instructions = lab.yours.formula.instructions;
  const rows = [
    [t('formulaAccF'), worstText(a.f, 'formulaAccUlp')],
    [t('formulaAccDfMixed'), worstText(a.dfMixed, 'formulaAccUlp')],
    [t('formulaAccDf'), worstText(a.df, 'formulaAccDfUlp', { small: '2⁻²⁰' })],
  ];
  rows.push([t('formulaAccWhere'), t('formulaAccGrid', { n: a.samples, x0: formatValue(a.x0), x1: formatValue(a.x1), far: '10⁴' })]);
  // The property test's bound for f, and whether this formula stays within it here (a cancellation or a subnormal intermediate can break it).
  const bound = 2 * instructions;
  const verdict = a.f.value <= bound ? t('formulaBoundHeld')
    : t(a.f.value === Infinity ? 'formulaBoundOverflow' : 'formulaBoundBroken', { x: formatValue(a.f.x) });
  rows.push([t('formulaBound'), `${t(instructions === 1 ? 'formulaBoundTextOne' : 'formulaBoundText', { n: instructions, bound })} ${verdict}`]);
  const twin = catalogueTwin(lab, spec, params, view.x0, view.x1);
  rows.push([t('formulaTwin'), twin ? t('formulaTwinFound', { name: twin.spec.name, id: twin.spec.id, ulp: ulpText(twin.ulp) }) : t('formulaTwinNone')]);
  return { rows, accuracy: a, twin };
}

/** The card's head: title, the formula's text, the parameters and how f' is computed. */
export function formulaCardHead(spec, params, title) {
  const parts = spec.params.map((p) => `${p.name} = ${float32Text(params[p.name])} ∈ [${float32Text(p.min)}, ${float32Text(p.max)}]`);
  return [
    title,
    el('div', { className: 'formulas', attrs: { role: 'group', 'aria-label': t('formulasLabel', { fn: spec.name }) } },
      el('p', { className: 'formula-label', textContent: t('formulaF') }),
      el('pre', { className: 'formula-text', textContent: spec.formula.split(';')[0].trim() }),
      el('p', { className: 'formula-label', textContent: t('formulaDf') }),
      el('p', { className: 'where', textContent: t('formulaDfByAd') }),
      ...(parts.length ? [el('p', { className: 'where', textContent: t('withParams', { list: parts.join(', ') }) })] : [])),
  ];
}
