// The single-neuron chain (width 1): every factor of ∂L/∂b₁ as a row,
// f'(z₁) · Πⱼ wⱼ f'(zⱼ) · ∂L/∂a_L, with the running product, so the reader
// sees it shrink or blow up term by term.
import { clear, el } from '../ui/dom.js';
import { num } from '../details/property-text.js';
import { t } from '../i18n/translate.js';

/** Fills box with the chain of result (a width-1 run of the function named name; gated: a gated unit, which has none). */
export function renderChain(box, result, name, gated = false) {
  clear(box);
  const chain = result.chain ?? [];
  if (chain.length === 0) {
    box.append(el('p', { className: 'hint', textContent: gated ? t('chainNotGated', { name }) : t('chainNeedsWidth1') }));
    return;
  }
  let product = 1;
  const rows = chain.map((factor) => {
    product *= factor.factor;
    const last = factor.layer === chain.length;
    const term = last ? '∂L/∂a_L' : factor.layer === 1 ? "f′(z₁)" : `w${factor.layer} · f′(z${factor.layer})`;
    return el('tr', {},
      el('th', { scope: 'row', textContent: last ? t('chainUpstream') : String(factor.layer) }),
      el('td', { textContent: term }),
      el('td', { textContent: last || factor.layer === 1 ? '' : num(factor.weight, 4) }),
      el('td', { textContent: last ? '' : num(factor.z, 4) }),
      el('td', { textContent: last ? '' : num(factor.slope, 4) }),
      el('td', { textContent: num(factor.factor, 4) }),
      el('td', { textContent: num(product, 4) }));
  });
  const table = el('table', { className: 'values-table chain-table' },
    el('caption', { textContent: t('chainCaption', { name }) }),
    el('thead', {}, el('tr', {}, ...['chainLayer', 'chainTerm', 'chainW', 'chainZ', 'chainSlope', 'chainFactor', 'chainProduct'].map((k) => el('th', { scope: 'col', textContent: t(k) })))),
    el('tbody', {}, ...rows));
  const summary = el('p', { className: 'summary', textContent: t('chainSummary', { product: num(result.chainProduct, 4), log10: num(result.chainLog10, 4) }) });
  box.append(table, summary);
  if (result.clip && result.clip.scale !== 1) {
    box.append(el('p', { className: 'summary', textContent: t('chainClipped', { before: num(result.clip.normBefore, 4), after: num(result.clip.normAfter, 4), scale: num(result.clip.scale, 4) }) }));
  }
}
