// The "Your function" field of the side panel: the formula as typed, checked
// by the engine on every keystroke (a refusal names the problem and marks
// its column; the last accepted formula stays plotted), and the ready
// examples with their sources. Everything typed is shown as text only.
import { el, setText } from '../ui/dom.js';
import { t } from '../i18n/translate.js';
import { FORMULA_EXAMPLES } from './formula-examples.js';

const SETTLE_MS = 500; // a formula is applied once typing pauses this long (or on Enter): its prefixes are not

/**
 * Wires the field. parts: { input, error, marker, examples, source, status };
 * hooks: { check(text) → null or { message, column } (changes nothing), apply(text, transient)
 * (makes it the function, ticked in the function list), commit(), instructions() }.
 * Returns { sync(text, force), show(text) }.
 */
export function wireFormulaField(parts, hooks) {
  const { input, error, marker, examples, source, status } = parts;
  examples.append(el('option', { value: '', dataset: { i18n: 'formulaExamplesPick' }, textContent: t('formulaExamplesPick') }));
  for (const example of FORMULA_EXAMPLES) {
    examples.append(el('option', { value: example.id, dataset: { example: example.id }, textContent: exampleLabel(example) }));
  }
  let timer = 0;

  // The source line of an example's formula ('' for one typed by the reader).
  function showSource(text) {
    const example = FORMULA_EXAMPLES.find((e) => e.text === text);
    setText(source, example ? t('formulaSource', { source: example.source }) + (example.note ? ` ${t(example.note)}` : '') : '');
    examples.value = example?.id ?? '';
  }

  function showStatus() {
    const n = hooks.instructions();
    setText(status, t(n === 1 ? 'formulaAcceptedOne' : 'formulaAccepted', { n }));
  }

  // Shows whether the typed text compiles (the message, and a caret under its column); returns the problem or null.
  function validate() {
    const text = input.value;
    const problem = hooks.check(text);
    input.setAttribute('aria-invalid', String(Boolean(problem)));
    setText(error, problem ? t('formulaRefused', { detail: problem.message }) : '');
    // The text on one line (a line break shown as ↵, one character as the engine counts it), the caret under the column.
    const chars = [...text].map((c) => (c === '\n' || c === '\r' ? '↵' : c === '\t' ? ' ' : c));
    const showMarker = Boolean(problem) && problem.column > 0 && chars.length <= 120;
    marker.hidden = !showMarker;
    if (showMarker) setText(marker, `${chars.join('')}\n${' '.repeat(problem.column - 1)}^`);
    return problem;
  }

  // Applies the typed text when it compiles.
  function apply(transient) {
    clearTimeout(timer);
    if (validate()) return false;
    hooks.apply(input.value, transient);
    showStatus();
    showSource(input.value);
    return true;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    if (!validate()) timer = setTimeout(() => apply(true), SETTLE_MS);
  });
  input.addEventListener('keydown', (event) => { // one line: Enter applies instead of breaking it
    if (event.key !== 'Enter') return;
    event.preventDefault();
    input.dispatchEvent(new Event('change'));
  });
  input.addEventListener('change', () => {
    if (apply(true)) hooks.commit();
  });
  examples.addEventListener('change', () => {
    const example = FORMULA_EXAMPLES.find((e) => e.id === examples.value);
    if (!example) return;
    input.value = example.text;
    apply(false);
  });

  return {
    /**
     * Shows text (the formula applied elsewhere: a slider, the URL). A refused edit in
     * the field stays there, with its message, unless force (a link, Back or Forward).
     */
    sync(text, force = false) {
      if (force || input.getAttribute('aria-invalid') !== 'true') {
        clearTimeout(timer);
        if (input.value !== text) input.value = text;
        input.setAttribute('aria-invalid', 'false');
        setText(error, '');
        marker.hidden = true;
      }
      showStatus();
      showSource(text);
    },
    /** Puts text in the field and shows why it is refused (a link's formula), applying nothing. */
    show(text) {
      clearTimeout(timer);
      input.value = text;
      validate();
    },
    /** Re-labels the examples in the current language. */
    relabel() {
      for (const option of examples.querySelectorAll('option[data-example]')) {
        option.textContent = exampleLabel(FORMULA_EXAMPLES.find((e) => e.id === option.dataset.example));
      }
    },
  };
}

// "Snake: x + sin(a * x)^2 / a; …" in the current language.
function exampleLabel(example) {
  return `${t(`formulaExample_${example.id}`)}: ${example.text}`;
}
