// An editable list of numeric rows (softmax entries, maxout pieces): labelled
// number inputs, a remove button per row, an add button, and a message when
// a typed value is refused. Values are checked against the URL table's limits.
import { clear, el } from './dom.js';
import { float32Text } from './number-format.js';
import { t } from '../i18n/translate.js';

/**
 * Builds the editor in container. options: { idPrefix, fields: [{ name, label(i) }],
 * min, max, minLength, maxLength, addLabel, removeLabel(i), fresh(items) → new item,
 * onChange(items) }. Returns { sync(items) } to show items (rebuilds when the length changed).
 */
export function createListEditor(container, options) {
  const { idPrefix, fields, min, max, minLength, maxLength } = options;
  const rows = el('div', { className: 'list-rows' });
  const add = el('button', { type: 'button', className: 'list-add', id: `${idPrefix}-add` });
  const error = el('p', { className: 'field-error', id: `${idPrefix}-error`, attrs: { 'aria-live': 'polite' } });
  container.append(rows, el('div', { className: 'list-actions' }, add), error);
  let items = [];

  const asRow = (item) => (fields.length === 1 ? [item] : item);
  const fromRow = (values) => (fields.length === 1 ? values[0] : values);

  add.addEventListener('click', () => {
    if (items.length >= maxLength) return;
    options.onChange([...items, options.fresh(items)]);
    rows.querySelector('.list-row:last-child input')?.focus();
  });

  // One row of inputs for item number i.
  function row(item, i) {
    const inputs = asRow(item).map((value, f) => el('input', {
      type: 'number', step: 'any', value: float32Text(value), id: `${idPrefix}-${i}-${fields[f].name}`,
      className: 'list-number', attrs: { 'aria-describedby': error.id },
    }));
    for (const input of inputs) {
      input.addEventListener('change', () => {
        const values = inputs.map((box) => (box.value.trim() === '' ? NaN : Number(box.value)));
        const bad = values.findIndex((v) => !(Number.isFinite(v) && v >= min && v <= max));
        for (const box of inputs) box.setAttribute('aria-invalid', 'false');
        if (bad >= 0) {
          inputs[bad].setAttribute('aria-invalid', 'true');
          error.textContent = t('listRefused', { text: inputs[bad].value.slice(0, 40), min, max });
          return;
        }
        error.textContent = '';
        const next = items.map((it) => structuredClone(it));
        next[i] = fromRow(values);
        options.onChange(next);
      });
    }
    const remove = el('button', {
      type: 'button', className: 'list-remove', textContent: '×', disabled: items.length <= minLength,
      attrs: { 'aria-label': options.removeLabel(i) },
    });
    remove.addEventListener('click', () => {
      options.onChange(items.filter((_, k) => k !== i));
      (rows.querySelectorAll('.list-remove')[Math.max(0, i - 1)] ?? add).focus();
    });
    const labelled = inputs.map((input, f) => el('label', { htmlFor: input.id, className: 'list-field' }, el('span', { textContent: fields[f].label(i) }), input));
    return el('div', { className: 'list-row' }, ...labelled, remove);
  }

  return {
    /** Shows items: rebuilds the rows when their number changed, else updates values not being edited. */
    sync(next) {
      const rebuild = next.length !== items.length || rows.children.length !== next.length;
      items = structuredClone(next);
      add.textContent = options.addLabel();
      add.disabled = items.length >= maxLength;
      if (rebuild) {
        const focused = document.activeElement;
        const keepFocus = rows.contains(focused) ? focused.id : null;
        clear(rows);
        items.forEach((item, i) => rows.append(row(item, i)));
        if (keepFocus) document.getElementById(keepFocus)?.focus();
        return;
      }
      items.forEach((item, i) => {
        asRow(item).forEach((value, f) => {
          const input = document.getElementById(`${idPrefix}-${i}-${fields[f].name}`);
          if (input && document.activeElement !== input && input.getAttribute('aria-invalid') !== 'true') input.value = float32Text(value);
        });
        const labels = rows.children[i]?.querySelectorAll('.list-field span') ?? [];
        labels.forEach((span, f) => { span.textContent = fields[f].label(i); });
        rows.children[i]?.querySelector('.list-remove')?.setAttribute('aria-label', options.removeLabel(i));
      });
    },
  };
}
