// The gradient panel's setting controls, built from GRADIENT_SETTINGS: a
// slider with a number box for numbers (log sliders for wide ranges), a
// select for choices; a refused value is named with its allowed range and
// never reaches the state.
import { el, setAttr, setText } from '../explorer/dom.js';
import { compactNumber } from '../explorer/number-format.js';
import { t } from '../i18n/translate.js';
import { GRADIENT_SETTINGS, settingShown } from './gradient-settings.js';

// The slider's ends (may be narrower than the allowed range).
const sliderMin = (s) => s.sliderMin ?? (s.scale === 'log' && s.min === 0 ? 0.001 : s.min);
const sliderMax = (s) => s.sliderMax ?? s.max;
// Slider position <-> value for a setting (log scale: exponent of ten).
const toSlider = (s, v) => {
  const clamped = Math.min(sliderMax(s), Math.max(sliderMin(s), v));
  return s.scale === 'log' ? Math.log10(clamped) : clamped;
};
const fromSlider = (s, p) => {
  const v = s.scale === 'log' ? 10 ** p : p;
  return s.kind === 'int' ? Math.round(v) : Number(v.toPrecision(3));
};

/** '' when value is allowed for setting s, else the message naming setting, value and range. */
export function settingProblem(s, value, text = String(value)) {
  if (!Number.isFinite(value)) return t('gNotANumber', { name: t(`g_${s.key}`), text: text.slice(0, 40) });
  if (value < s.min || value > s.max) return t('gOutOfRange', { name: t(`g_${s.key}`), text: text.slice(0, 40), min: s.min, max: compactNumber(s.max) });
  if (s.kind === 'int' && !Number.isInteger(value)) return t('gNotWhole', { name: t(`g_${s.key}`), text: text.slice(0, 40) });
  return '';
}

/**
 * Builds the controls in container; hooks: state() → live state,
 * apply(changes, transient), commit(). Returns sync(state), which refreshes
 * values, labels and which controls are shown.
 */
export function buildGradientControls(container, hooks) {
  const rows = [];
  for (const s of GRADIENT_SETTINGS) {
    const id = `g-${s.key}`;
    const label = el('label', { htmlFor: id, className: 'param-name' });
    const error = el('p', { id: `${id}-error`, className: 'field-error', attrs: { 'aria-live': 'polite' } });
    let input, slider = null;
    if (s.kind === 'enum') {
      input = el('select', { id });
      for (const v of s.values) input.append(el('option', { value: v }));
      input.addEventListener('change', () => hooks.apply({ [s.key]: input.value }, false));
    } else {
      const lo = toSlider(s, sliderMin(s)), hi = toSlider(s, sliderMax(s));
      slider = el('input', {
        type: 'range', min: String(lo), max: String(hi),
        step: s.scale === 'log' ? '0.01' : s.kind === 'int' ? '1' : String(s.step ?? 0.01),
        attrs: { 'aria-describedby': `${id}-range ${id}-error` },
      });
      input = el('input', { type: 'number', id, step: s.kind === 'int' ? '1' : 'any', className: 'param-number', attrs: { 'aria-describedby': `${id}-range ${id}-error` } });
      const attempt = (value, text, transient) => {
        const problem = settingProblem(s, value, text);
        setText(error, problem);
        input.setAttribute('aria-invalid', String(Boolean(problem)));
        if (!problem) hooks.apply({ [s.key]: value }, transient);
        return !problem;
      };
      slider.addEventListener('input', () => {
        const value = fromSlider(s, Number(slider.value));
        if (attempt(value, slider.value, true)) input.value = String(value);
      });
      slider.addEventListener('change', () => hooks.commit());
      input.addEventListener('change', () => {
        const text = input.value;
        const value = text.trim() === '' ? NaN : Number(text);
        if (attempt(value, text, false)) slider.value = String(toSlider(s, value));
      });
    }
    const range = s.kind === 'enum' ? null : el('span', { id: `${id}-range`, className: 'param-range' });
    const row = el('div', { className: 'param-row g-setting', dataset: { key: s.key } },
      label, slider ? el('div', { className: 'param-inputs' }, slider, input) : input, ...(range ? [range] : []), error);
    rows.push({ s, row, label, input, slider, range, error });
    container.append(row);
  }

  return function sync(state) {
    for (const { s, row, label, input, slider, range } of rows) {
      row.hidden = !settingShown(s, state);
      setText(label, t(`g_${s.key}`));
      if (s.kind === 'enum') {
        for (const option of input.options) setText(option, t(`g_${s.key}_${option.value}`));
        input.value = state[s.key];
        continue;
      }
      setAttr(slider, 'aria-label', t('gSlider', { name: t(`g_${s.key}`) }));
      setText(range, t('paramRange', { min: s.min, max: s.kind === 'int' ? String(s.max) : compactNumber(s.max) }));
      if (document.activeElement !== input) input.value = String(state[s.key]);
      if (document.activeElement !== slider) slider.value = String(toSlider(s, state[s.key]));
    }
  };
}
