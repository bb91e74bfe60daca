// The function picker: one checkbox per catalogue activation (and the same
// for the gated units the gradient and training views compare). On a narrow
// screen it folds into one button that names the ticked functions, so the
// view's chart comes right after it.
import { el, setAttr, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';

const NARROW = '(max-width: 820px)';

/** Builds one checkbox per spec ({ id, name }) in container; onToggle(id, checked) is called on change. */
export function buildPicker(container, specs, onToggle) {
  for (const spec of specs) {
    const box = el('input', { type: 'checkbox', value: spec.id, id: `pick-${spec.id}` });
    box.addEventListener('change', () => onToggle(spec.id, box.checked));
    container.append(el('label', { className: 'pick', htmlFor: box.id }, box, el('span', { textContent: spec.name, dataset: spec.custom ? { i18n: 'yourFunction' } : {} })));
  }
}

/** Ticks exactly the boxes of the selected ids and marks each with its series colour. */
export function syncPicker(container, selected, styleOf) {
  for (const box of container.querySelectorAll('input[type=checkbox]')) {
    box.checked = selected.includes(box.value);
    const label = box.parentElement;
    label.style.setProperty('--series', box.checked ? styleOf(box.value).colour : 'transparent');
  }
}

/** Folds the picker behind toggle on narrow screens (folded at start there); wide screens always show the list. */
export function wirePickerToggle(picker, toggle) {
  const narrow = globalThis.matchMedia?.(NARROW);
  const fold = (folded) => {
    picker.classList.toggle('folded', folded);
    setAttr(toggle, 'aria-expanded', String(!folded));
  };
  fold(Boolean(narrow?.matches));
  toggle.addEventListener('click', () => fold(!picker.classList.contains('folded')));
  narrow?.addEventListener('change', (event) => fold(event.matches));
}

/** The toggle's text: how many functions are ticked and their names, and whether their parameters fold with them. */
export function syncPickerToggle(toggle, names, withParams) {
  const key = withParams ? 'pickerSummaryParams' : 'pickerSummary';
  setText(toggle, names.length ? t(key, { n: names.length, names: names.join(', ') }) : t('pickerNone'));
}
