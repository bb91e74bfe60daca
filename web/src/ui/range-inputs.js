// Numeric inputs for the visible ranges (x, y of f, y of f'), each pair
// checked (finite, ordered, inside the table's limits) before it is applied.
import { el } from './dom.js';
import { compactNumber } from './number-format.js';
import { t } from '../i18n/translate.js';

/**
 * Builds a min/max pair in container for the keys lo/hi (labels from i18n keys
 * loLabel/hiLabel). hooks: state(), rowOf(key), apply(lo, hi) and showError(text).
 */
export function buildRangePair(container, lo, hi, loLabel, hiLabel, hooks) {
  const inputs = [lo, hi].map((key, i) => {
    const input = el('input', { type: 'number', step: 'any', id: `range-${key}`, dataset: { key }, className: 'range-input' });
    const text = el('span', { dataset: { i18n: i === 0 ? loLabel : hiLabel }, textContent: t(i === 0 ? loLabel : hiLabel) });
    container.append(el('label', { htmlFor: input.id, className: 'range-label' }, text, input));
    return input;
  });
  for (const input of inputs) {
    input.addEventListener('change', () => {
      const [a, b] = inputs.map((box) => (box.value.trim() === '' ? NaN : Number(box.value)));
      const problem = checkPair(a, b, hooks.rowOf(lo), hooks.rowOf(hi));
      for (const box of inputs) box.setAttribute('aria-invalid', String(Boolean(problem)));
      hooks.showError(problem);
      if (!problem) hooks.apply(lo, a, hi, b);
    });
  }
}

// '' when [a, b] is a usable range, else the message to show.
function checkPair(a, b, loRow, hiRow) {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return t('rangeNumber');
  if (a < loRow.min || b > hiRow.max) return t('rangeLimit', { min: loRow.min, max: hiRow.max });
  if (!(a < b)) return t('rangeOrder');
  return '';
}

/** Writes the state's ranges into the inputs under root (skipping the one being edited). */
export function syncRangeInputs(root, state) {
  for (const input of root.querySelectorAll('input.range-input')) {
    if (document.activeElement === input) continue;
    input.value = compactNumber(state[input.dataset.key], 6);
    input.removeAttribute('aria-invalid');
  }
}
