// Two small controls the views share: a row of radio buttons for one choice,
// and the check of a typed number against its URL row's limits.
import { el } from './dom.js';
import { t } from '../i18n/translate.js';

/**
 * Radio buttons named `name` (ids `${name}-${value}`), one per value, each in
 * a label with an empty span for its text; onPick(value) when one is chosen.
 * Returns { items (the labels), text (value → span), sync(value) }.
 */
export function radioChoices(name, values, onPick) {
  const text = {};
  const inputs = values.map((value) => {
    const input = el('input', { type: 'radio', name, id: `${name}-${value}`, value });
    input.addEventListener('change', () => { if (input.checked) onPick(value); });
    text[value] = el('span');
    return input;
  });
  return {
    items: inputs.map((input) => el('label', {}, input, text[input.value])),
    text,
    sync: (chosen) => { for (const input of inputs) input.checked = input.value === chosen; },
  };
}

/**
 * Whether value lies in row's [min, max]. If not, the refusal (with the typed
 * text and the limits) goes in `error` and `input` is marked invalid; if so, both are cleared.
 */
export function acceptInRange(row, value, text, input, error) {
  const ok = Number.isFinite(value) && value >= row.min && value <= row.max;
  error.textContent = ok ? '' : t('listRefused', { text: String(text).slice(0, 40), min: row.min, max: row.max });
  input.setAttribute('aria-invalid', String(!ok));
  return ok;
}
