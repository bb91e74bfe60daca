// Plain JavaScript baselines: one loop with Math.* per activation (forward
// and derivative, default parameters) over a Float32Array, and a row softmax.

// Abramowitz & Stegun 7.1.26 erf (|error| < 1.5e-7): JS has no Math.erf.
function erf(v) {
  const a = Math.abs(v);
  const t = 1 / (1 + 0.3275911 * a);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = 1 - poly * Math.exp(-a * a);
  return v < 0 ? -r : r;
}

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const GELU_C = Math.sqrt(2 / Math.PI);

// Per id: [forward expression, derivative expression] of the element v (helpers: sg, sp, erf, ...).
const EXPRESSIONS = {
  sigmoid: ['sg(v)', 'sg(v) * sg(-v)'],
  tanh: ['Math.tanh(v)', '1 - Math.tanh(v) ** 2'],
  relu: ['v > 0 ? v : 0', 'v > 0 ? 1 : 0'],
  relu6: ['Math.min(Math.max(v, 0), 6)', 'v > 0 && v < 6 ? 1 : 0'],
  leaky_relu: ['v > 0 ? v : 0.01 * v', 'v > 0 ? 1 : 0.01'],
  prelu: ['v > 0 ? v : 0.25 * v', 'v > 0 ? 1 : 0.25'],
  rrelu: ['v > 0 ? v : RRELU_SLOPE * v', 'v > 0 ? 1 : RRELU_SLOPE'],
  elu: ['v > 0 ? v : Math.expm1(v)', 'v > 0 ? 1 : Math.exp(v)'],
  celu: ['v > 0 ? v : Math.expm1(v)', 'v > 0 ? 1 : Math.exp(v)'],
  selu: ['SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v))', 'SELU_SCALE * (v > 0 ? 1 : SELU_ALPHA * Math.exp(v))'],
  xielu: ['v > 0 ? 0.8 * v * v + 0.5 * v : 0.8 * (Math.expm1(Math.min(v, -1e-6)) - v) + 0.5 * v', 'v > 0 ? 1.6 * v + 0.5 : (v < -1e-6 ? 0.8 * Math.expm1(v) : -0.8) + 0.5'],
  gelu: ['0.5 * v * (1 + erf(v * Math.SQRT1_2))', '0.5 * (1 + erf(v * Math.SQRT1_2)) + v * Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI)'],
  gelu_tanh: [
    '0.5 * v * (1 + Math.tanh(GELU_C * (v + 0.044715 * v * v * v)))',
    '(t => 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * v * v))(Math.tanh(GELU_C * (v + 0.044715 * v * v * v)))',
  ],
  quick_gelu: ['v * sg(1.702 * v)', 'sg(1.702 * v) * (1 + 1.702 * v * sg(-1.702 * v))'],
  silu: ['v * sg(v)', 'sg(v) * (1 + v * sg(-v))'],
  swish: ['v * sg(v)', 'sg(v) * (1 + v * sg(-v))'],
  mish: ['v * Math.tanh(sp(v))', '(t => t + v * sg(v) * (1 - t * t))(Math.tanh(sp(v)))'],
  softplus: ['v > 20 ? v : sp(v)', 'v > 20 ? 1 : sg(v)'],
  softsign: ['v / (1 + Math.abs(v))', '1 / (1 + Math.abs(v)) ** 2'],
  hardsigmoid: ['Math.min(Math.max(v / 6 + 0.5, 0), 1)', 'v > -3 && v < 3 ? 1 / 6 : 0'],
  hardswish: ['v * Math.min(Math.max(v + 3, 0), 6) / 6', 'v < -3 ? 0 : v > 3 ? 1 : (2 * v + 3) / 6'],
  hardtanh: ['Math.min(Math.max(v, -1), 1)', 'v > -1 && v < 1 ? 1 : 0'],
  hardshrink: ['Math.abs(v) > 0.5 ? v : 0', 'Math.abs(v) > 0.5 ? 1 : 0'],
  softshrink: ['v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0', 'Math.abs(v) > 0.5 ? 1 : 0'],
  tanhshrink: ['v - Math.tanh(v)', 'Math.tanh(v) ** 2'],
  threshold: ['v > 0 ? v : 0', 'v > 0 ? 1 : 0'],
  squared_relu: ['v > 0 ? v * v : 0', 'v > 0 ? 2 * v : 0'],
  logsigmoid: ['Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)))', 'sg(-v)'],
  scaled_sigmoid: ['4 * sg(v) - 2', '4 * sg(v) * sg(-v)'],
  identity: ['v', '1'],
};

// Helpers the expressions may use.
const HELPERS = {
  sg: (v) => 1 / (1 + Math.exp(-v)),
  sp: (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))),
  erf,
  SELU_ALPHA,
  SELU_SCALE,
  GELU_C,
  RRELU_SLOPE: Math.fround((1 / 8 + Math.fround(1 / 3)) / 2),
};

// A dedicated loop function (its own function, so the JIT specialises it) over the arguments
// args (the first is the input array, read as v) with body per element i.
function compileLoop(args, body) {
  const names = Object.keys(HELPERS);
  const input = args.split(',')[0].trim();
  const source = `return function (${args}) { for (let i = 0; i < ${input}.length; i++) { const v = ${input}[i]; ${body} } };`;
  return new Function(...names, source)(...names.map((name) => HELPERS[name]));
}

// The loop y[i] = expression of v = x[i].
const loopFor = (expression) => compileLoop('x, y', `y[i] = ${expression};`);

/** { id: { forward(x, y), derivative(x, y) } } plain-JS loops at default parameters. */
export const jsKernels = Object.fromEntries(
  Object.entries(EXPRESSIONS).map(([id, [f, df]]) => [id, { forward: loopFor(f), derivative: loopFor(df) }]),
);

// The gated units' gates (gated.def), as ids of EXPRESSIONS.
const GATES = { glu: 'sigmoid', reglu: 'relu', geglu: 'gelu_tanh', swiglu: 'silu' };

// Loops over (gate, value, dy, a, b) with v = gate[i].
const gatedLoopFor = (body) => compileLoop('gate, value, dy, a, b', body);

/** { id: { forward(gate, value, y), backward(gate, value, dy, dGate, dValue) } }: y = g(gate) * value and its VJP, plain JS. */
export const jsGated = Object.fromEntries(
  Object.entries(GATES).map(([id, gate]) => {
    const [f, df] = EXPRESSIONS[gate];
    const forward = gatedLoopFor(`a[i] = (${f}) * value[i];`);
    const backward = gatedLoopFor(`const d = dy[i]; a[i] = d * ((${df}) * value[i]); b[i] = d * (${f});`);
    return [id, { forward: (gateIn, value, y) => forward(gateIn, value, null, y), backward }];
  }),
);

/** Softmax of each row of length cols (max-subtracted), plain JS. */
export function jsSoftmax(x, y, cols) {
  for (let start = 0; start < x.length; start += cols) {
    let max = -Infinity;
    for (let i = start; i < start + cols; i++) if (x[i] > max) max = x[i];
    let sum = 0;
    for (let i = start; i < start + cols; i++) {
      const e = Math.exp(x[i] - max);
      y[i] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let i = start; i < start + cols; i++) y[i] *= inv;
  }
}
