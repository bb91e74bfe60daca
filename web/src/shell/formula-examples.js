// Ready formulas for "Your function", each with where it comes from. The
// first is what the formula field starts with (and the URL's fx default).

/** [{ id, name, text, source }]: the formula as typed, and its published source (shown as text). */
export const FORMULA_EXAMPLES = Object.freeze([
  { id: 'snake', name: 'Snake', text: 'x + sin(a * x)^2 / a; a in [0.1, 5] = 1', source: 'Snake: Ziyin, Hartwig & Ueda, “Neural Networks Fail to Learn Periodic Functions and How to Fix It”, NeurIPS 2020' },
  { id: 'quickgelu', name: 'QuickGELU', text: 'x * sigmoid(1.702 * x)', source: 'QuickGELU: Radford et al., CLIP (“Learning Transferable Visual Models From Natural Language Supervision”), ICML 2021; the sigmoid approximation of GELU from Hendrycks & Gimpel, 2016' },
  { id: 'squareplus', name: 'Squareplus', text: '(x + sqrt(x^2 + b)) / 2; b in [0, 16] = 4', source: 'Squareplus, a smooth ReLU without exp or log: Barron, “Squareplus: A Softplus-Like Algebraic Rectifier”, arXiv:2112.11687, 2021. Written as in the paper, it cancels for x ≪ 0 (its card shows how much); where(x < 0, b / (2 * (sqrt(x^2 + b) - x)), (x + sqrt(x^2 + b)) / 2) does not' },
  { id: 'mish', name: 'Mish, written out', text: 'x * tanh(softplus(x))', source: 'Mish written out: Misra, “Mish: A Self Regularized Non-Monotonic Activation Function”, BMVC 2020' },
  { id: 'sine', name: 'Sine', text: 'sin(w * x); w in [0.1, 30] = 1', source: 'Sine activation (SIREN uses w = 30 in its first layer): Sitzmann et al., “Implicit Neural Representations with Periodic Activation Functions”, NeurIPS 2020' },
  { id: 'elu', name: 'ELU, written out', text: 'where(x > 0, x, a * expm1(x)); a in [0, 5] = 1', source: 'ELU written out: Clevert, Unterthiner & Hochreiter, ICLR 2016' },
]);

/** The formula the field starts with. */
export const DEFAULT_FORMULA = FORMULA_EXAMPLES[0].text;
