// Parameter controls generated from the catalogue: a slider and a number
// box per parameter of each selected function, with its allowed range and a
// message next to it when a value is refused.
import { clear, el } from '../ui/dom.js';
import { paramKey, paramsOf } from './state-schema.js';
import { float32Text } from '../ui/number-format.js';
import { t } from '../i18n/translate.js';

// A round slider step giving about 200 to 2000 positions over [min, max].
function sliderStep(min, max) {
  return 10 ** Math.floor(Math.log10((max - min) / 200));
}

/**
 * Rebuilds the controls for specs in container. hooks: state() → live state,
 * validate(spec, params) → '' or the API's message, apply(key, value, transient).
 */
export function renderParamControls(container, specs, hooks) {
  clear(container);
  const withParams = specs.filter((spec) => spec.params.length > 0);
  if (withParams.length === 0) {
    container.append(el('p', { className: 'hint', textContent: t('noParameters') }));
    return;
  }
  for (const spec of withParams) {
    const group = el('fieldset', { className: 'param-group' }, el('legend', { textContent: spec.name }));
    for (const p of spec.params) group.append(paramRow(spec, p, hooks));
    container.append(group);
  }
}

// One parameter: label, slider, number box, range text and error message.
function paramRow(spec, p, hooks) {
  const key = paramKey(spec.id, p.name);
  const base = `param-${spec.id}-${p.name}`;
  const value = paramsOf(hooks.state(), spec)[p.name];
  const slider = el('input', {
    type: 'range', id: `${base}-slider`, min: String(p.min), max: String(p.max), step: String(sliderStep(p.min, p.max)),
    value: String(value), attrs: { 'aria-label': t('paramSlider', { fn: spec.name, param: p.name }), 'aria-describedby': `${base}-range ${base}-error` },
    dataset: { key },
  });
  const number = el('input', {
    type: 'number', id: `${base}-number`, step: 'any', value: float32Text(value), className: 'param-number',
    attrs: { 'aria-label': t('paramNumber', { fn: spec.name, param: p.name }), 'aria-describedby': `${base}-range ${base}-error` },
    dataset: { key },
  });
  const range = el('span', { id: `${base}-range`, className: 'param-range', textContent: t('paramRange', { min: p.min, max: p.max }) });
  const error = el('p', { id: `${base}-error`, className: 'field-error', attrs: { 'aria-live': 'polite' } });

  // Tries value: shows the refusal or applies it; returns whether it was accepted.
  function attempt(candidate, text, transient) {
    let problem = '';
    if (!Number.isFinite(candidate)) problem = t('notANumber', { text: text.slice(0, 40) });
    else problem = hooks.validate(spec, { ...paramsOf(hooks.state(), spec), [p.name]: candidate });
    error.textContent = problem ? t('paramRefused', { detail: problem }) : '';
    number.setAttribute('aria-invalid', String(Boolean(problem)));
    if (problem) return false;
    hooks.apply(key, candidate, transient);
    return true;
  }

  slider.addEventListener('input', () => {
    const candidate = Number(slider.value);
    if (attempt(candidate, slider.value, true)) number.value = float32Text(candidate);
  });
  slider.addEventListener('change', () => hooks.commit());
  number.addEventListener('change', () => {
    const text = number.value;
    const candidate = text.trim() === '' ? NaN : Number(text);
    if (attempt(candidate, text, false)) {
      slider.value = String(candidate);
      hooks.commit();
    }
  });
  const label = el('label', { htmlFor: number.id, className: 'param-name', textContent: p.name });
  return el('div', { className: 'param-row' }, label, el('div', { className: 'param-inputs' }, slider, number), range, error);
}
