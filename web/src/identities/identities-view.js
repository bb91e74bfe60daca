// The identities view: one small chart per identity of the residual, in ULP
// of the left side (symmetric log scale), over the explorer's x range, with
// a one-line lesson and the largest residual. Loaded on demand.
import { clear, el } from '../ui/dom.js';
import { createUlpChart, inkUlpChart, setUlpSeries } from '../ui/ulp-chart.js';
import { xGrid } from '../ui/sampling.js';
import { seriesStyle } from '../ui/palette.js';
import { t } from '../i18n/translate.js';
import { num } from '../details/property-text.js';
import { IDENTITIES, yourFunctionIdentities } from './identities.js';
import { catalogueTwin } from '../details/formula-accuracy.js';
import { paramsOf } from '../shell/state-schema.js';

const SAMPLES = 1001;

// The largest |value| and where it is; NaN values are skipped.
function largest(xs, values) {
  let best = { value: 0, x: NaN };
  values.forEach((v, i) => { if (Math.abs(v) > Math.abs(best.value)) best = { value: v, x: xs[i] }; });
  return best;
}

/** Builds the view in panel; returns { update(state), results(), restyle() }. */
export function createView(panel, { lab }) {
  const list = panel.querySelector('.identity-list');
  const cards = new Map();
  let last = { xs: new Float32Array(0), results: {} };

  clear(list);
  // One card per identity; "Your function"'s two (f and f′ against the catalogue function it spells) come last.
  const yourIds = ['yours_f', 'yours_df'];
  for (const identity of [...IDENTITIES, ...yourIds.map((id) => ({ id }))]) {
    const canvas = el('canvas', { attrs: { role: 'img' } });
    const heading = el('h3', { id: `identity-${identity.id}-title` });
    const lesson = el('p', { className: 'lesson' });
    const summary = el('p', { className: 'summary', dataset: { id: identity.id } });
    const card = el('article', { className: 'identity-card', dataset: { id: identity.id }, attrs: { 'aria-labelledby': heading.id } },
      heading, lesson, el('div', { className: 'canvas-box small' }, canvas), summary);
    list.append(card);
    const chart = createUlpChart(canvas, '', identity.id === 'gelu_tanh');
    cards.set(identity.id, { identity, heading, lesson, summary, canvas, chart, card });
  }

  // The identities of Your function for state: its twin's two, or [] (its cards then say so).
  function yours(state) {
    if (!lab.yours) return [];
    const params = paramsOf(state, lab.yours.spec);
    const twin = catalogueTwin(lab, lab.yours.spec, params, state.x0, state.x1);
    for (const id of yourIds) cards.get(id).twin = twin;
    if (!twin) return [];
    return yourFunctionIdentities(twin, params, { f: t('identityYourF'), df: t('identityYourDf') });
  }

  return {
    /** Recomputes every residual over [state.x0, state.x1] and redraws. */
    update(state) {
      const xs = xGrid(state.x0, state.x1, SAMPLES);
      const results = {};
      const colour = seriesStyle(0).colour;
      const mine = new Map(yours(state).map((identity) => [identity.id, identity]));
      for (const entry of cards.values()) {
        const { heading, lesson, summary, canvas, chart, card } = entry;
        let { identity } = entry;
        if (yourIds.includes(identity.id)) {
          if (!mine.has(identity.id)) { // no twin: one card says so, with the formula that was tried
            card.hidden = identity.id !== 'yours_f' || !lab.yours;
            heading.textContent = t('identityYoursNone');
            lesson.textContent = t('identityYoursNoneLesson', { formula: lab.yours?.text ?? '' });
            summary.textContent = '';
            canvas.parentElement.hidden = true;
            continue;
          }
          canvas.parentElement.hidden = false;
          identity = mine.get(identity.id);
        }
        const { values, unit } = identity.compute(lab, xs);
        results[identity.id] = { unit, xs: Array.from(xs), values: Array.from(values) };
        heading.textContent = t('identityTitle', { left: identity.left, right: identity.right });
        lesson.textContent = t(`identity_${identity.id}`, { name: entry.twin?.spec.name ?? '' });
        const yTitle = t(unit === 'ulp' ? 'residualUlp' : 'gapAxis');
        chart.options.scales.y.title.text = yTitle;
        setUlpSeries(chart, xs, [{ label: heading.textContent, colour, values }], state.x0, state.x1);
        const top = largest(xs, values);
        const text = top.value === 0
          ? t('identityZero')
          : unit === 'ulp'
          ? t('identityMaxUlp', { value: num(Math.abs(top.value), 3), x: num(top.x, 4) })
          : t('identityMaxGap', { value: num(Math.abs(top.value), 3), x: num(top.x, 4) });
        summary.textContent = text;
        canvas.setAttribute('aria-label', `${heading.textContent}: ${yTitle}. ${text}`);
      }
      last = { xs, results };
    },
    /** The last residuals (for tests): { id: { unit, xs, values } }. */
    results: () => structuredClone(last.results),
    /** Re-applies light/dark ink. */
    restyle() {
      for (const { chart } of cards.values()) inkUlpChart(chart);
    },
  };
}
