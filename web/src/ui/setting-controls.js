// Controls built from a table of settings (gradients/gradient-settings.js,
// training/training-settings.js): a slider with a number box for numbers
// (log sliders for wide ranges), a select for choices, a text box for a list
// of widths or a count ('all' or a whole number); a refused value is named
// with its allowed range and never reaches the state. Settings marked
// control: 'custom' are left to their own form. Labels are the strings
// <prefix><key> and, for choices, <prefix><key>_<value> (hints: { value:
// string key } explains a chosen value below the select).
import { el, setAttr, setText } from './dom.js';
import { compactNumber } from './number-format.js';
import { t } from '../i18n/translate.js';

/** Whether a setting of any settings table applies under state (its `when` conditions and its visible(state) test hold). */
export function settingShown(setting, state) {
  return Object.entries(setting.when ?? {}).every(([key, values]) => values.includes(state[key])) && (setting.visible?.(state) ?? true);
}

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

/** '' when value is allowed for setting s (labelled <prefix><key>), else the message naming setting, value and range. */
export function settingProblem(s, value, text = String(value), prefix = 'g_') {
  const name = t(`${prefix}${s.key}`);
  if (!Number.isFinite(value)) return t('gNotANumber', { name, text: text.slice(0, 40) });
  if (value < s.min || value > s.max) return t('gOutOfRange', { name, text: text.slice(0, 40), min: s.min, max: compactNumber(s.max) });
  if ((s.kind === 'int' || s.kind === 'widths') && !Number.isInteger(value)) return t('gNotWhole', { name, text: text.slice(0, 40) });
  return '';
}

// A list of widths from text such as "16, 16": { value } or { problem }.
function parseWidths(s, text, prefix) {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length > s.maxLength) return { problem: t('tTooManyLayers', { max: s.maxLength }) };
  const value = [];
  for (const part of parts) {
    const width = Number(part);
    const problem = settingProblem(s, width, part, prefix);
    if (problem) return { problem };
    value.push(width);
  }
  return { value };
}

// A count from text: 'all' (in English or Chinese, or nothing) or a whole number in range: { value } or { problem }.
function parseCount(s, text, prefix) {
  const trimmed = text.trim();
  if (['', 'all', '全部', t(`${prefix}${s.key}_all`).toLowerCase()].includes(trimmed.toLowerCase())) return { value: 'all' };
  const value = Number(trimmed);
  const problem = settingProblem({ ...s, kind: 'int' }, value, trimmed, prefix);
  return problem ? { problem } : { value };
}

/**
 * Builds the controls of `settings` in container, labelled by the strings
 * <prefix><key>; hooks: state() → live state, apply(changes, transient),
 * commit(). Returns sync(state), which refreshes values, labels and which
 * controls are shown.
 */
export function buildSettingControls(container, settings, prefix, hooks) {
  const rows = [];
  for (const s of settings) {
    if (s.control === 'custom') continue;
    const id = `${prefix.replace('_', '')}-${s.key}`;
    const label = el('label', { htmlFor: id, className: 'param-name' });
    const error = el('p', { id: `${id}-error`, className: 'field-error', attrs: { 'aria-live': 'polite' } });
    let input, slider = null;
    if (s.kind === 'enum') {
      input = el('select', { id });
      for (const v of s.values) input.append(el('option', { value: v }));
      input.addEventListener('change', () => hooks.apply({ [s.key]: input.value }, false));
    } else if (s.kind === 'widths' || s.kind === 'count') {
      input = el('input', { type: 'text', id, className: 'widths-input', attrs: { 'aria-describedby': `${id}-range ${id}-error`, inputmode: s.kind === 'widths' ? 'numeric' : 'text' } });
      input.addEventListener('change', () => {
        const { value, problem } = (s.kind === 'widths' ? parseWidths : parseCount)(s, input.value, prefix);
        setText(error, problem ?? '');
        input.setAttribute('aria-invalid', String(Boolean(problem)));
        if (!problem) hooks.apply({ [s.key]: value }, false);
      });
    } else {
      const lo = toSlider(s, sliderMin(s)), hi = toSlider(s, sliderMax(s));
      slider = el('input', {
        type: 'range', min: String(lo), max: String(hi),
        step: s.scale === 'log' ? '0.01' : s.kind === 'int' ? '1' : String(s.step ?? 0.01),
        attrs: { 'aria-describedby': `${id}-range ${id}-error` },
      });
      input = el('input', { type: 'number', id, step: s.kind === 'int' ? '1' : 'any', className: 'param-number', attrs: { 'aria-describedby': `${id}-range ${id}-error` } });
      const attempt = (value, text, transient) => {
        const problem = settingProblem(s, value, text, prefix);
        setText(error, problem);
        input.setAttribute('aria-invalid', String(Boolean(problem)));
        if (!problem) hooks.apply({ [s.key]: value }, transient);
        return !problem;
      };
      slider.addEventListener('input', () => {
        const value = fromSlider(s, Number(slider.value));
        slider.setAttribute('aria-valuetext', String(value));
        if (attempt(value, slider.value, true)) input.value = String(value);
      });
      slider.addEventListener('change', () => hooks.commit());
      input.addEventListener('change', () => {
        const text = input.value;
        const value = text.trim() === '' ? NaN : Number(text);
        if (attempt(value, text, false)) slider.value = String(toSlider(s, value));
      });
    }
    const range = s.kind === 'enum' && !s.hints ? null : el('span', { id: `${id}-range`, className: 'param-range' });
    if (s.kind === 'enum' && s.hints) input.setAttribute('aria-describedby', range.id);
    const row = el('div', { className: 'param-row g-setting', dataset: { key: s.key } },
      label, slider ? el('div', { className: 'param-inputs' }, slider, input) : input, ...(range ? [range] : []), error);
    rows.push({ s, row, label, input, slider, range, error });
    container.append(row);
  }

  return function sync(state) {
    for (const { s, row, label, input, slider, range } of rows) {
      row.hidden = !settingShown(s, state);
      setText(label, t(`${prefix}${s.key}`));
      if (s.kind === 'enum') {
        for (const option of input.options) setText(option, t(`${prefix}${s.key}_${option.value}`));
        input.value = state[s.key];
        if (range) { // a choice's hint: what the chosen value means, when it needs more words than the option has
          const hint = s.hints[state[s.key]];
          setText(range, hint ? t(hint) : '');
          range.hidden = !hint;
        }
        continue;
      }
      if (s.kind === 'widths') {
        setText(range, t('tWidthsRange', { min: s.min, max: s.max, n: s.maxLength }));
        if (document.activeElement !== input) input.value = state[s.key].join(', ');
        continue;
      }
      if (s.kind === 'count') {
        setText(range, t(`${prefix}${s.key}_range`, { min: s.min, max: s.max }));
        if (document.activeElement !== input) input.value = state[s.key] === 'all' ? t(`${prefix}${s.key}_all`) : String(state[s.key]);
        continue;
      }
      setAttr(slider, 'aria-label', t('gSlider', { name: t(`${prefix}${s.key}`) }));
      setText(range, t('paramRange', { min: s.min, max: s.kind === 'int' ? String(s.max) : compactNumber(s.max) }));
      if (document.activeElement !== input) input.value = String(state[s.key]);
      if (document.activeElement !== slider) slider.value = String(toSlider(s, state[s.key]));
      setAttr(slider, 'aria-valuetext', String(state[s.key])); // the value, not the (log) position
    }
  };
}
