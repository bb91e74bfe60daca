// Ready formulas for "Your function", each with where it comes from. The
// first is what the formula field starts with (and the URL's fx default).

/**
 * [{ id, text, source, note? }]: the formula as typed and its published source, shown
 * as text. The name (strings key formulaExample_<id>) and the note (its key) are translated.
 */
export const FORMULA_EXAMPLES = Object.freeze([
  { id: 'snake', text: 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1', source: 'Ziyin, Hartwig & Ueda, “Neural Networks Fail to Learn Periodic Functions and How to Fix It”, NeurIPS 2020' },
  { id: 'quickgelu', text: 'x * sigmoid(1.702 * x)', source: 'Radford et al., “Learning Transferable Visual Models From Natural Language Supervision” (CLIP), ICML 2021; Hendrycks & Gimpel, “Gaussian Error Linear Units (GELUs)”, 2016', note: 'formulaNote_quickgelu' },
  { id: 'squareplus', text: '(x + sqrt(x^2 + b)) / 2; b in [0, 16] = 4', source: 'Barron, “Squareplus: A Softplus-Like Algebraic Rectifier”, arXiv:2112.11687, 2021', note: 'formulaNote_squareplus' },
  { id: 'mish', text: 'x * tanh(softplus(x))', source: 'Misra, “Mish: A Self Regularized Non-Monotonic Activation Function”, BMVC 2020' },
  { id: 'sine', text: 'sin(w * x); w in [0.1, 30] = 1', source: 'Sitzmann et al., “Implicit Neural Representations with Periodic Activation Functions” (SIREN), NeurIPS 2020', note: 'formulaNote_sine' },
  { id: 'elu', text: 'where(x > 0, x, a * expm1(x)); a in [0, 5] = 1', source: 'Clevert, Unterthiner & Hochreiter, “Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs)”, ICLR 2016' },
]);

/** The formula the field starts with. */
export const DEFAULT_FORMULA = FORMULA_EXAMPLES[0].text;
