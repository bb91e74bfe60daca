// "Your function": the reader's formula as one more function of the page. It
// is compiled by the wasm engine (lab.formula; the text is never run as
// JavaScript) and appears as the catalogue entry `custom`, whose parameters
// are the formula's declared ones and whose values live in the formula's own
// text (`a in [0, 5] = 1.5`), so the one URL key fx carries all of it.
import { float32Text } from '../ui/number-format.js';
import { DEFAULT_FORMULA } from './formula-examples.js';

/** The function id of "Your function" in fn, hide and the views. */
export const CUSTOM_ID = 'custom';

// lab.formula(text) as { compiled } or { problem: { message (without "ActLab:"), column } }.
function tryFormula(lab, text) {
  try {
    return { compiled: lab.formula(text) };
  } catch (error) {
    return { problem: { message: String(error.message).replace(/^ActLab:\s*/, ''), column: error.column ?? 0 } };
  }
}

/**
 * Holds the current formula of a lab: { spec, text, formula, check(text), compile(text)
 * → null or { message, column }, run(derivative, x, params, out), reference(x, params) }.
 * spec is one object for the page's life ({ id, name, params, custom: true, formula }),
 * updated in place by each accepted formula.
 */
export function createYourFunction(lab, name = 'Your function') {
  const spec = { id: CUSTOM_ID, name, params: [], custom: true, formula: '' };
  let formula = null;

  const yours = {
    spec,
    /** The compiled formula (lab.formula's object) of the accepted text. */
    get formula() { return formula; },
    /** The accepted text ('' before any). */
    get text() { return spec.formula; },
    /** null when text compiles, else { message, column }; changes nothing. */
    check(text) {
      if (formula && text === spec.formula) return null;
      const { compiled, problem } = tryFormula(lab, text);
      compiled?.destroy();
      return problem ?? null;
    },
    /** Compiles text; on success it becomes the function (returns null), else returns { message, column } and nothing changes. */
    compile(text) {
      if (formula && text === spec.formula) return null;
      const { compiled: next, problem } = tryFormula(lab, text);
      if (problem) return problem;
      formula?.destroy();
      formula = next;
      spec.formula = text;
      spec.params = next.params.map((p) => ({ name: p.name, default: Math.fround(p.value), min: p.min, max: p.max }));
      return null;
    },
    /**
     * f (derivative false) or f' of x at params ({ name: value }), as lab.activate would give it.
     * Only the current formula's parameters are passed on: work queued before the formula
     * changed (a details card still measuring) may still hold the previous formula's.
     */
    run(derivative, x, params, out) {
      if (!formula) yours.compile(DEFAULT_FORMULA);
      const values = params && Object.fromEntries(spec.params.filter((p) => p.name in params).map((p) => [p.name, params[p.name]]));
      return derivative ? formula.derivative(x, values, out) : formula.activate(x, values, out);
    },
    /** The double twin at x: { f, df } (Float64Arrays). */
    reference: (x, params) => formula.reference(x, params),
  };
  return yours;
}

/**
 * The page's lab: lab with "Your function" as the last catalogue activation,
 * so activate / derivative (and every view that calls them) run it by id.
 */
export function withYourFunction(lab, yours) {
  const activations = Object.freeze([...lab.catalog.activations, yours.spec]);
  const catalog = Object.freeze({ ...lab.catalog, activations });
  const dispatch = (name, derivative) => (id, x, params, out) =>
    id === CUSTOM_ID ? yours.run(derivative, x, params, out) : lab[name](id, x, params, out);
  const own = { catalog, activate: dispatch('activate', false), derivative: dispatch('derivative', true), yours };
  // Defined, not assigned: the lab's own (frozen) properties of these names are read-only.
  return Object.freeze(Object.create(lab, Object.fromEntries(Object.entries(own).map(([key, value]) => [key, { value, enumerable: true }]))));
}

/**
 * text with its declarations written again from params ([{ name, min, max, default }])
 * and parameter `name` set to value: "body; a in [0, 5] = 1.5".
 */
export function withParameterValue(text, params, name, value) {
  const split = text.indexOf(';');
  const body = (split < 0 ? text : text.slice(0, split)).trim();
  const declarations = params.map((p) => `${p.name} in [${float32Text(p.min)}, ${float32Text(p.max)}] = ${float32Text(p.name === name ? value : p.default)}`);
  return declarations.length ? `${body}; ${declarations.join('; ')}` : body;
}
