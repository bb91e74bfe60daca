// The identities, each checked on kernel outputs only: the left side is one
// kernel call; the right side combines other kernel outputs in double
// precision. residual = (right − left) / ulp32(left), or a plain gap.
import { ulpError } from '../ui/ulp.js';

/** PyTorch's SELU constants. */
export const SELU_LAMBDA = 1.0507009873554804934193349852946;
export const SELU_ALPHA = 1.6732632423543772848170429916717;

// f applied elementwise to xs, as a new Float32Array.
const mapF32 = (xs, f) => Float32Array.from(xs, f);

// Residuals in ULP of the left side for double right-hand values.
function residuals(left, right) {
  return Float64Array.from(left, (l, i) => ulpError(right[i], l));
}

/**
 * The list: id, left and right as text, and compute(lab, xs) → { values, unit: 'ulp' | 'gap' }.
 * Keys of the one-line lessons are `identity_<id>` in the strings table.
 */
export const IDENTITIES = [
  {
    id: 'sigmoid_mirror',
    left: 'σ(−x)',
    right: '1 − σ(x)',
    compute(lab, xs) {
      const left = lab.activate('sigmoid', mapF32(xs, (x) => -x));
      const s = lab.activate('sigmoid', xs);
      return { values: residuals(left, Float64Array.from(s, (v) => 1 - v)), unit: 'ulp' };
    },
  },
  {
    id: 'sigmoid_tanh',
    left: 'σ(x)',
    right: '½ + ½·tanh(x/2)',
    compute(lab, xs) {
      const left = lab.activate('sigmoid', xs);
      const th = lab.activate('tanh', mapF32(xs, (x) => x / 2));
      return { values: residuals(left, Float64Array.from(th, (v) => 0.5 + 0.5 * v)), unit: 'ulp' };
    },
  },
  {
    id: 'tanh_sigmoid',
    left: 'tanh(x)',
    right: '2σ(2x) − 1',
    compute(lab, xs) {
      const left = lab.activate('tanh', xs);
      const s2 = lab.activate('sigmoid', mapF32(xs, (x) => 2 * x));
      return { values: residuals(left, Float64Array.from(s2, (v) => 2 * v - 1)), unit: 'ulp' };
    },
  },
  {
    id: 'softplus_sigmoid',
    left: 'softplus′(x)',
    right: 'σ(x)',
    compute(lab, xs) {
      const left = lab.derivative('softplus', xs, { beta: 1, threshold: 20 });
      return { values: residuals(left, lab.activate('sigmoid', xs)), unit: 'ulp' };
    },
  },
  {
    id: 'silu_product',
    left: 'SiLU(x)',
    right: 'x·σ(x)',
    compute(lab, xs) {
      const left = lab.activate('silu', xs);
      const s = lab.activate('sigmoid', xs);
      return { values: residuals(left, Float64Array.from(s, (v, i) => xs[i] * v)), unit: 'ulp' };
    },
  },
  {
    id: 'selu_elu',
    left: 'SELU(x)',
    right: 'λ·ELU_α(x)',
    compute(lab, xs) {
      const left = lab.activate('selu', xs);
      const elu = lab.activate('elu', xs, { alpha: SELU_ALPHA });
      return { values: residuals(left, Float64Array.from(elu, (v) => SELU_LAMBDA * v)), unit: 'ulp' };
    },
  },
  {
    id: 'gelu_tanh',
    left: 'GELU_tanh(x)',
    right: 'GELU(x)',
    compute(lab, xs) {
      const approx = lab.activate('gelu_tanh', xs);
      const exact = lab.activate('gelu', xs);
      return { values: Float64Array.from(approx, (v, i) => v - exact[i]), unit: 'gap' };
    },
  },
];

/**
 * The identities of "Your function" (lab.yours) once it spells a catalogue
 * function twin ({ spec } from catalogueTwin): f = twin and f′ = twin′, the
 * left side the compiled formula, the right the catalogue kernel. params: its values;
 * labels: the left sides' names (translated by the caller).
 */
export function yourFunctionIdentities(twin, params, labels = { f: 'your f(x)', df: 'your f′(x)' }) {
  const id = twin.spec.id;
  return [
    {
      id: 'yours_f', left: labels.f, right: `${id}(x)`,
      compute: (lab, xs) => ({ values: residuals(lab.activate('custom', xs, params), lab.activate(id, xs)), unit: 'ulp' }),
    },
    {
      id: 'yours_df', left: labels.df, right: `${id}′(x)`,
      compute: (lab, xs) => ({ values: residuals(lab.derivative('custom', xs, params), lab.derivative(id, xs)), unit: 'ulp' }),
    },
  ];
}
