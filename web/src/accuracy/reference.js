// THE REFERENCE for the accuracy view: every activation and derivative in
// double precision, written with stable forms (expm1, log1p, σ(x)σ(−x),
// 1/cosh², a normal tail without cancellation, series where x − tanh x and
// expm1(x) − x cancel, double-double next to xIELU's zero). A JavaScript port of the
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

// x − tanh x, which cancels near 0: its series (to x¹⁷) below |x| = 0.1.
const TANHSHRINK_SERIES = [1 / 3, -2 / 15, 17 / 315, -62 / 2835, 1382 / 155925, -21844 / 6081075, 929569 / 638512875, -6404582 / 10854718875];
function tanhshrink(x) {
  if (!(Math.abs(x) < 0.1)) return x - Math.tanh(x);
  const s = x * x;
  return x * s * TANHSHRINK_SERIES.reduceRight((acc, c) => acc * s + c, 0);
}

// Double-double arithmetic (value = hi + lo) for xIELU next to its zero,
// where the terms cancel beyond double precision.
const twoSum = (a, b) => { const s = a + b; const bb = s - a; return [s, (a - (s - bb)) + (b - bb)]; };
const split = (a) => { const c = 134217729 * a; const hi = c - (c - a); return [hi, a - hi]; };
function twoProduct(a, b) {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ((ah * bh - p) + ah * bl + al * bh) + al * bl];
}
const ddAdd = ([ah, al], [bh, bl]) => { const [s, e] = twoSum(ah, bh); const t = s + (e + al + bl); return [t, (e + al + bl) - (t - s)]; };
const ddMul = ([ah, al], [bh, bl]) => { const [p, e] = twoProduct(ah, bh); const t = p + (e + ah * bl + al * bh); return [t, (e + ah * bl + al * bh) - (t - p)]; };
// 1/n! as double-doubles, n = 0..17 (as in cpp/include/actlab/vecmath.h).
const INV_FACTORIAL = [
  [1, 0], [1, 0], [0.5, 0], [0.16666666666666666, 9.25185853854297e-18], [0.041666666666666664, 2.3129646346357427e-18],
  [0.008333333333333333, 1.1564823173178714e-19], [0.001388888888888889, -5.300543954373577e-20],
  [0.0001984126984126984, 1.7209558293420705e-22], [2.48015873015873e-05, 2.1511947866775882e-23],
  [2.7557319223985893e-06, -1.858393274046472e-22], [2.755731922398589e-07, 2.3767714622250297e-23],
  [2.505210838544172e-08, -1.448814070935912e-24], [2.08767569878681e-09, -1.20734505911326e-25],
  [1.6059043836821613e-10, 1.2585294588752098e-26], [1.1470745597729725e-11, 2.0655512752830745e-28],
  [7.647163731819816e-13, 7.03872877733453e-30], [4.779477332387385e-14, 4.399205485834081e-31],
  [2.8114572543455206e-15, 1.6508842730861433e-31],
];
// Σ_{n ≥ first} r^(n − first) / n! to the r^17 term, for a double-double r with |r| ≤ ln2/2.
function expSeries(r, first) {
  let sum = INV_FACTORIAL[17];
  for (let n = 16; n >= first; n--) sum = ddAdd(ddMul(sum, r), INV_FACTORIAL[n]);
  return sum;
}
// eˣ as a double-double for −700 ≤ x ≤ 0: 2^k e^r, r = x − k ln2 with ln2 in three parts.
function expDD(x) {
  const k = Math.round(x / Math.LN2);
  const mid = twoProduct(k, 1.9082149292705877e-10);
  const [rh, rl] = twoSum(x - k * 0.6931471803691238, -mid[0]);
  const e = expSeries([rh, rl - (mid[1] + k * 1.1612227229362532e-26)], 0);
  return [e[0] * 2 ** k, e[1] * 2 ** k];
}
const XIELU_EPS = Math.fround(-1e-6);
const XIELU_EXPM1_EPS = [-9.99999497475412e-07, 9.552745603474722e-23];
// xIELU below eps: alpha_n (expm1(x) − x) + beta x, as the C++ reference forms it (series of
// expm1(x) − x for |x| < ½, alpha_n expm1(x) + (beta − alpha_n) x beyond); where that is below
// 1e-6 of its terms (next to the zero), again in double-double.
function xieluLeft(x, a, b) {
  let value;
  let size;
  if (x <= -0.5) {
    const m = Math.expm1(x);
    value = a * m + (b - a) * x;
    size = Math.abs(a * m) + Math.abs((b - a) * x);
  } else {
    let term = (x * x) / 2;
    let g = 0;
    for (let k = 3; k < 40 && term !== 0; k++) { g += term; term *= x / k; }
    value = a * g + b * x;
    size = a * g - b * x;
  }
  if (!(Math.abs(value) < 1e-6 * size)) return value;
  const bracket = twoSum(b * x, -(a * x)); // exact products
  if (x <= -0.5) return ddAdd(ddMul(expDD(Math.max(x, -700)), [a, 0]), ddAdd(bracket, [-a, 0]))[0];
  const g = ddMul(expSeries([x, 0], 2), [x * x, 0]);
  return ddAdd(ddMul(g, [a, 0]), [b * x, 0])[0];
}
const xieluSlopeLeft = (x, a, b) => (x <= -0.5 ? a * Math.exp(x) + (b - a) : a * Math.expm1(x) + b);
const rreluSlope = (p) => Math.fround((p.lower + p.upper) / 2);
const QUICK_GELU_BETA = Math.fround(1.702);

/** REFERENCE[id] = [f(x, p), df(x, p)] in double; p holds the parameters by name. */
export const REFERENCE = {
  sigmoid: [(x) => logistic(x), (x) => logisticSlope(x)],
  tanh: [(x) => Math.tanh(x), (x) => 4 * logisticSlope(2 * x)],
  relu: [(x) => (x < 0 ? 0 : x), (x) => (x > 0 ? 1 : 0)],
  relu6: [(x) => (x < 0 ? 0 : x > 6 ? 6 : x), (x) => (x > 0 && x < 6 ? 1 : 0)],
  leaky_relu: [(x, p) => (x > 0 ? x : p.negative_slope * x), (x, p) => (x > 0 ? 1 : p.negative_slope)],
  prelu: [(x, p) => (x > 0 ? x : p.alpha * x), (x, p) => (x > 0 ? 1 : p.alpha)],
  rrelu: [(x, p) => (x > 0 ? x : rreluSlope(p) * x), (x, p) => (x > 0 ? 1 : rreluSlope(p))],
  elu: [(x, p) => (x > 0 ? x : p.alpha * Math.expm1(x)), (x, p) => (x > 0 ? 1 : p.alpha * Math.exp(x))],
  celu: [(x, p) => (x > 0 ? x : p.alpha * Math.expm1(x / p.alpha)), (x, p) => (x > 0 ? 1 : Math.exp(x / p.alpha))],
  selu: [(x) => SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)), (x) => SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x))],
  xielu: [
    (x, p) => {
      if (x === Infinity) return p.alpha_p > 0 || p.beta > 0 ? Infinity : 0;
      if (x === -Infinity) return p.beta < p.alpha_n ? Infinity : p.beta > p.alpha_n ? -Infinity : -p.alpha_n;
      if (x > 0) return p.alpha_p * x * x + p.beta * x;
      if (x > XIELU_EPS) return p.alpha_n * ((XIELU_EXPM1_EPS[0] - x) + XIELU_EXPM1_EPS[1]) + p.beta * x;
      return xieluLeft(x, p.alpha_n, p.beta);
    },
    (x, p) => {
      if (x === Infinity) return p.alpha_p > 0 ? Infinity : p.beta;
      if (x > 0) return 2 * p.alpha_p * x + p.beta;
      if (x > XIELU_EPS) return p.beta - p.alpha_n;
      if (x === XIELU_EPS) return p.alpha_n * (Math.exp(XIELU_EPS) / 2 - 1) + p.beta; // PyTorch halves min's gradient at the tie
      return xieluSlopeLeft(x, p.alpha_n, p.beta);
    },
  ],
  gelu: [(x) => x * normalCdf(x), (x) => normalCdf(x) + x * normalPdf(x)],
  gelu_tanh: [
    (x) => x * logistic(C_TANH * (x + 0.044715 * x * x * x)),
    (x) => {
      const u2 = C_TANH * (x + 0.044715 * x * x * x);
      return logistic(u2) + x * logisticSlope(u2) * C_TANH * (1 + 3 * 0.044715 * x * x);
    },
  ],
  quick_gelu: [
    (x) => (x === -Infinity ? -0 : x * logistic(QUICK_GELU_BETA * x)),
    (x) => (Number.isFinite(x) ? logistic(QUICK_GELU_BETA * x) + QUICK_GELU_BETA * x * logisticSlope(QUICK_GELU_BETA * x) : x > 0 ? 1 : 0),
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
  hardshrink: [(x, p) => (Math.abs(x) > p.lambd ? x : 0), (x, p) => (Math.abs(x) > p.lambd ? 1 : 0)],
  softshrink: [(x, p) => (x > p.lambd ? x - p.lambd : x < -p.lambd ? x + p.lambd : 0), (x, p) => (Math.abs(x) > p.lambd ? 1 : 0)],
  tanhshrink: [(x) => tanhshrink(x), (x) => Math.tanh(x) ** 2],
  threshold: [(x, p) => (x > p.threshold ? x : p.value), (x, p) => (x > p.threshold ? 1 : 0)],
  squared_relu: [(x) => (x > 0 ? x * x : 0), (x) => (x > 0 ? 2 * x : 0)],
  logsigmoid: [(x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))), (x) => logistic(-x)],
  scaled_sigmoid: [(x) => 2 * Math.tanh(0.5 * x), (x) => 4 * logisticSlope(x)],
  identity: [(x) => x, () => 1],
};
