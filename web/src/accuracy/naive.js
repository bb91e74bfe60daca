// The naive formulas a JavaScript programmer would type from a textbook:
// 1/(1 + exp(−x)), exp(x) − 1, 1 − σ for derivatives, (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ).
// r rounds every intermediate result: identity for plain JS numbers (double),
// Math.fround to model the same formula in float32 arithmetic.

const SELU_SCALE = 1.0507009873554805;
const SELU_ALPHA = 1.6732632423543772;

// erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7), the usual JS stand-in.
function erfAS(x, r) {
  const s = Math.sign(x);
  const a = Math.abs(x);
  const t = r(1 / r(1 + r(0.3275911 * a)));
  const poly = r(t * r(0.254829592 + r(t * r(-0.284496736 + r(t * r(1.421413741 + r(t * r(-1.453152027 + r(t * 1.061405429)))))))));
  return s * r(1 - r(poly * r(Math.exp(r(-a * a)))));
}

// tanh as (eˣ − e⁻ˣ)/(eˣ + e⁻ˣ), every step rounded by r.
function tanhNaive(x, r) {
  const a = r(Math.exp(x));
  const b = r(Math.exp(-x));
  return r(r(a - b) / r(a + b));
}
const XIELU_EPS = -1e-6;

/** NAIVE[id] = [f(x, p, r), df(x, p, r)]. */
export const NAIVE = {
  sigmoid: [
    (x, p, r) => r(1 / r(1 + r(Math.exp(-x)))),
    (x, p, r) => { const s = r(1 / r(1 + r(Math.exp(-x)))); return r(s * r(1 - s)); },
  ],
  tanh: [
    (x, p, r) => tanhNaive(x, r),
    (x, p, r) => { const th = tanhNaive(x, r); return r(1 - r(th * th)); },
  ],
  relu: [(x) => Math.max(0, x), (x) => (x > 0 ? 1 : 0)],
  relu6: [(x) => Math.min(Math.max(0, x), 6), (x) => (x > 0 && x < 6 ? 1 : 0)],
  leaky_relu: [(x, p, r) => (x > 0 ? x : r(p.negative_slope * x)), (x, p) => (x > 0 ? 1 : p.negative_slope)],
  prelu: [(x, p, r) => (x > 0 ? x : r(p.alpha * x)), (x, p) => (x > 0 ? 1 : p.alpha)],
  rrelu: [(x, p, r) => (x > 0 ? x : r(r(r(p.lower + p.upper) / 2) * x)), (x, p, r) => (x > 0 ? 1 : r(r(p.lower + p.upper) / 2))],
  elu: [(x, p, r) => (x > 0 ? x : r(p.alpha * r(r(Math.exp(x)) - 1))), (x, p, r) => (x > 0 ? 1 : r(p.alpha * r(Math.exp(x))))],
  celu: [(x, p, r) => (x > 0 ? x : r(p.alpha * r(r(Math.exp(r(x / p.alpha))) - 1))), (x, p, r) => (x > 0 ? 1 : r(Math.exp(r(x / p.alpha))))],
  selu: [
    (x, p, r) => r(r(SELU_SCALE) * (x > 0 ? x : r(r(SELU_ALPHA) * r(r(Math.exp(x)) - 1)))),
    (x, p, r) => r(r(SELU_SCALE) * (x > 0 ? 1 : r(r(SELU_ALPHA) * r(Math.exp(x))))),
  ],
  xielu: [
    (x, p, r) => (x > 0
      ? r(r(r(p.alpha_p * x) * x) + r(p.beta * x))
      : r(r(r(r(r(Math.exp(Math.min(x, XIELU_EPS))) - 1) - x) * p.alpha_n) + r(p.beta * x))),
    (x, p, r) => (x > 0 ? r(r(r(2 * p.alpha_p) * x) + p.beta) : r(r(p.alpha_n * r(r(x < XIELU_EPS ? r(Math.exp(x)) : 0) - 1)) + p.beta)),
  ],
  gelu: [
    (x, p, r) => r(r(0.5 * x) * r(1 + erfAS(r(x / r(Math.SQRT2)), r))),
    (x, p, r) => r(r(0.5 * r(1 + erfAS(r(x / r(Math.SQRT2)), r))) + r(x * r(r(Math.exp(r(-0.5 * r(x * x)))) / r(Math.sqrt(2 * Math.PI))))),
  ],
  gelu_tanh: [
    (x, p, r) => { const u = r(r(Math.sqrt(2 / Math.PI)) * r(x + r(0.044715 * r(x * r(x * x))))); return r(r(0.5 * x) * r(1 + r(Math.tanh(u)))); },
    (x, p, r) => {
      const c = r(Math.sqrt(2 / Math.PI));
      const th = r(Math.tanh(r(c * r(x + r(0.044715 * r(x * r(x * x)))))));
      return r(r(0.5 * r(1 + th)) + r(r(0.5 * x) * r(r(1 - r(th * th)) * r(c * r(1 + r(0.134145 * r(x * x)))))));
    },
  ],
  quick_gelu: [
    (x, p, r) => r(x / r(1 + r(Math.exp(r(-1.702 * x))))),
    (x, p, r) => { const s = r(1 / r(1 + r(Math.exp(r(-1.702 * x))))); return r(s + r(r(1.702 * x) * r(s * r(1 - s)))); },
  ],
  silu: [
    (x, p, r) => r(x / r(1 + r(Math.exp(-x)))),
    (x, p, r) => { const s = r(1 / r(1 + r(Math.exp(-x)))); return r(s * r(1 + r(x * r(1 - s)))); },
  ],
  swish: [
    (x, p, r) => r(x / r(1 + r(Math.exp(r(-p.beta * x))))),
    (x, p, r) => { const s = r(1 / r(1 + r(Math.exp(r(-p.beta * x))))); return r(s + r(r(p.beta * x) * r(s * r(1 - s)))); },
  ],
  mish: [
    (x, p, r) => r(x * r(Math.tanh(r(Math.log(r(1 + r(Math.exp(x)))))))),
    (x, p, r) => {
      const th = r(Math.tanh(r(Math.log(r(1 + r(Math.exp(x)))))));
      const s = r(1 / r(1 + r(Math.exp(-x))));
      return r(th + r(r(x * s) * r(1 - r(th * th))));
    },
  ],
  softplus: [
    (x, p, r) => (r(p.beta * x) > p.threshold ? x : r(r(Math.log(r(1 + r(Math.exp(r(p.beta * x)))))) / p.beta)),
    (x, p, r) => (r(p.beta * x) > p.threshold ? 1 : r(1 / r(1 + r(Math.exp(r(-p.beta * x)))))),
  ],
  softsign: [(x, p, r) => r(x / r(1 + Math.abs(x))), (x, p, r) => r(1 / r(r(1 + Math.abs(x)) * r(1 + Math.abs(x))))],
  hardsigmoid: [(x, p, r) => Math.min(1, Math.max(0, r(r(x / 6) + 0.5))), (x, p, r) => (x > -3 && x < 3 ? r(1 / 6) : 0)],
  hardswish: [(x, p, r) => r(r(x * Math.min(6, Math.max(0, r(x + 3)))) / 6), (x, p, r) => (x < -3 ? 0 : x > 3 ? 1 : r(r(x / 3) + 0.5))],
  hardtanh: [(x, p) => Math.min(p.max_val, Math.max(p.min_val, x)), (x, p) => (x > p.min_val && x < p.max_val ? 1 : 0)],
  hardshrink: [(x, p) => (Math.abs(x) > p.lambd ? x : 0), (x, p) => (Math.abs(x) > p.lambd ? 1 : 0)],
  softshrink: [(x, p, r) => (x > p.lambd ? r(x - p.lambd) : x < -p.lambd ? r(x + p.lambd) : 0), (x, p) => (Math.abs(x) > p.lambd ? 1 : 0)],
  tanhshrink: [(x, p, r) => r(x - tanhNaive(x, r)), (x, p, r) => { const th = tanhNaive(x, r); return r(th * th); }],
  threshold: [(x, p) => (x > p.threshold ? x : p.value), (x, p) => (x > p.threshold ? 1 : 0)],
  squared_relu: [(x, p, r) => (x > 0 ? r(x * x) : 0), (x, p, r) => (x > 0 ? r(2 * x) : 0)],
  logsigmoid: [
    (x, p, r) => r(Math.log(r(1 / r(1 + r(Math.exp(-x)))))),
    (x, p, r) => r(1 - r(1 / r(1 + r(Math.exp(-x))))),
  ],
  scaled_sigmoid: [
    (x, p, r) => r(r(4 / r(1 + r(Math.exp(-x)))) - 2),
    (x, p, r) => { const s = r(1 / r(1 + r(Math.exp(-x)))); return r(4 * r(s * r(1 - s))); },
  ],
  identity: [(x) => x, () => 1],
};
