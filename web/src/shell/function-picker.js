// The function picker: one checkbox per catalogue activation.
import { el } from '../ui/dom.js';

/** Builds the checkboxes in container; onToggle(id, checked) is called on change. */
export function buildPicker(container, catalog, onToggle) {
  for (const spec of catalog.activations) {
    const box = el('input', { type: 'checkbox', value: spec.id, id: `pick-${spec.id}` });
    box.addEventListener('change', () => onToggle(spec.id, box.checked));
    container.append(el('label', { className: 'pick', htmlFor: box.id }, box, el('span', { textContent: spec.name })));
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
