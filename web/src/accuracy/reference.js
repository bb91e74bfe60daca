// THE REFERENCE for the accuracy view: every activation and derivative in
// double precision, written with stable forms (expm1, log1p, σ(x)σ(−x),
// 1/cosh², a normal tail without cancellation). A JavaScript port of the
// C++ references in cpp/verify/reference.cpp, with the same conventions at
// kinks; float32 errors measured against it are accurate to well under 0.01 ULP.
import { normalCdf, normalPdf } from './normal.js';

const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_ALPHA = 1.6732632423543772848170429916717;
const C_TANH = 2 * Math.sqrt(2 / Math.PI);

// 1 / (1 + exp(−x)) without overflow or cancellation.
function logistic(x) {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}
// σ(x) σ(−x) = e / (1 + e)², e = exp(−|x|).
function logisticSlope(x) {
  const e = Math.exp(-Math.abs(x));
  return e / ((1 + e) * (1 + e));
}
// log(1 + eˣ) without overflow.
const softplus = (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sech2 = (x) => { const c = Math.cosh(x); return 1 / (c * c); };

/** REFERENCE[id] = [f(x, p), df(x, p)] in double; p holds the parameters by name. */
export const REFERENCE = {
  sigmoid: [(x) => logistic(x), (x) => logisticSlope(x)],
  tanh: [(x) => Math.tanh(x), (x) => 4 * logisticSlope(2 * x)],
  relu: [(x) => (x < 0 ? 0 : x), (x) => (x > 0 ? 1 : 0)],
  relu6: [(x) => (x < 0 ? 0 : x > 6 ? 6 : x), (x) => (x > 0 && x < 6 ? 1 : 0)],
  leaky_relu: [(x, p) => (x > 0 ? x : p.negative_slope * x), (x, p) => (x > 0 ? 1 : p.negative_slope)],
  prelu: [(x, p) => (x > 0 ? x : p.alpha * x), (x, p) => (x > 0 ? 1 : p.alpha)],
  elu: [(x, p) => (x > 0 ? x : p.alpha * Math.expm1(x)), (x, p) => (x > 0 ? 1 : p.alpha * Math.exp(x))],
  celu: [(x, p) => (x > 0 ? x : p.alpha * Math.expm1(x / p.alpha)), (x, p) => (x > 0 ? 1 : Math.exp(x / p.alpha))],
  selu: [(x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)), (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x))],
  gelu: [(x) => x * normalCdf(x), (x) => normalCdf(x) + x * normalPdf(x)],
  gelu_tanh: [
    (x) => x * logistic(C_TANH * (x + 0.044715 * x * x * x)),
    (x) => {
      const u2 = C_TANH * (x + 0.044715 * x * x * x);
      return logistic(u2) + x * logisticSlope(u2) * C_TANH * (1 + 3 * 0.044715 * x * x);
    },
  ],
  silu: [(x) => x * logistic(x), (x) => logistic(x) + x * logisticSlope(x)],
  swish: [(x, p) => x * logistic(p.beta * x), (x, p) => logistic(p.beta * x) + p.beta * x * logisticSlope(p.beta * x)],
  mish: [(x) => x * Math.tanh(softplus(x)), (x) => Math.tanh(softplus(x)) + x * logistic(x) * sech2(softplus(x))],
  softplus: [
    (x, p) => (Math.fround(x * p.beta) > p.threshold ? x : softplus(p.beta * x) / p.beta),
    (x, p) => (Math.fround(x * p.beta) > p.threshold ? 1 : logistic(p.beta * x)),
  ],
  softsign: [(x) => x / (1 + Math.abs(x)), (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x)))],
  hardsigmoid: [(x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5), (x) => (x > -3 && x < 3 ? Math.fround(1 / 6) : 0)],
  hardswish: [(x) => (x <= -3 ? 0 : x >= 3 ? x : (x * (x + 3)) / 6), (x) => (x < -3 ? 0 : x > 3 ? 1 : x / 3 + 0.5)],
  hardtanh: [(x, p) => (x < p.min_val ? p.min_val : x > p.max_val ? p.max_val : x), (x, p) => (x > p.min_val && x < p.max_val ? 1 : 0)],
  logsigmoid: [(x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), (x) => logistic(-x)],
  scaled_sigmoid: [(x) => 2 * Math.tanh(0.5 * x), (x) => 4 * logisticSlope(x)],
  identity: [(x) => x, () => 1],
};
