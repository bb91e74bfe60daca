// The "Your function" field of the side panel: the formula as typed, checked
// by the engine on every keystroke (a refusal names the problem and marks
// its column; the last accepted formula stays plotted), and the ready
// examples with their sources. Everything typed is shown as text only.
import { el, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';
import { FORMULA_EXAMPLES } from './formula-examples.js';

/**
 * Wires the field. parts: { input, error, marker, examples, source, status };
 * hooks: { compile(text) → null or { message, column }, apply(text, transient) (which also
 * ticks "Your function" in the function list), commit(), instructions() }.
 * Returns { sync(text) } to show an accepted text that changed elsewhere (a slider, the URL).
 */
export function wireFormulaField(parts, hooks) {
  const { input, error, marker, examples, source, status } = parts;
  examples.append(el('option', { value: '', dataset: { i18n: 'formulaExamplesPick' }, textContent: t('formulaExamplesPick') }));
  for (const example of FORMULA_EXAMPLES) examples.append(el('option', { value: example.id, textContent: `${example.name}: ${example.text}` }));

  // The source line of an example's formula ('' for one typed by the reader).
  function showSource(text) {
    const example = FORMULA_EXAMPLES.find((e) => e.text === text);
    setText(source, example ? t('formulaSource', { source: example.source }) : '');
    examples.value = example?.id ?? '';
  }

  function showStatus() {
    setText(status, t('formulaAccepted', { n: hooks.instructions() }));
  }

  // Checks the typed text; applies it when the engine accepts it.
  function check(transient) {
    const text = input.value;
    const problem = hooks.compile(text);
    input.setAttribute('aria-invalid', String(Boolean(problem)));
    setText(error, problem ? t('formulaRefused', { detail: problem.message }) : '');
    // A caret under the column the engine named (the text is short; longer ones show the message only).
    const chars = [...text];
    const showMarker = problem && problem.column > 0 && chars.length <= 120;
    marker.hidden = !showMarker;
    if (showMarker) setText(marker, `${chars.join('')}\n${' '.repeat(problem.column - 1)}^`);
    if (problem) return;
    showStatus();
    showSource(text);
    hooks.apply(text, transient);
  }

  input.addEventListener('input', () => check(true));
  input.addEventListener('keydown', (event) => { // one line: Enter commits instead of breaking it
    if (event.key !== 'Enter') return;
    event.preventDefault();
    input.dispatchEvent(new Event('change'));
  });
  input.addEventListener('change', () => {
    if (input.getAttribute('aria-invalid') !== 'true') hooks.commit();
  });
  examples.addEventListener('change', () => {
    const example = FORMULA_EXAMPLES.find((e) => e.id === examples.value);
    if (!example) return;
    input.value = example.text;
    check(false);
  });

  return {
    /** Shows text (accepted elsewhere) unless the reader is typing in the field. */
    sync(text) {
      if (document.activeElement !== input || input.getAttribute('aria-invalid') !== 'true') {
        if (input.value !== text) input.value = text;
        input.setAttribute('aria-invalid', 'false');
        setText(error, '');
        marker.hidden = true;
      }
      showStatus();
      showSource(text);
    },
  };
}
