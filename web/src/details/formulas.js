// TeX of each activation and its derivative (rendered by KaTeX),
// and the symbol each catalogue parameter takes in those formulas.

/** Symbol (plain text and TeX) of parameter name in the formulas of id. */
export function paramSymbol(id, name) {
  const symbols = {
    alpha: ['α', '\\alpha'],
    beta: ['β', '\\beta'],
    negative_slope: ['a', 'a'],
    threshold: ['t', 't'],
    min_val: ['a', 'a'],
    max_val: ['b', 'b'],
    lambd: ['λ', '\\lambda'],
    value: ['v', 'v'],
    lower: ['l', 'l'],
    upper: ['u', 'u'],
    alpha_p: ['αₚ', '\\alpha_p'],
    alpha_n: ['αₙ', '\\alpha_n'],
  };
  return symbols[name] ?? [name, `\\text{${name.replace(/_/g, '\\_')}}`];
}

const cases = (...rows) => `\\begin{cases} ${rows.map(([v, when]) => `${v} & ${when}`).join(' \\\\ ')} \\end{cases}`;

/** { f, df, where } TeX for activation id: f(x) = …, f'(x) = …, and optional lines of definitions (string or list). */
export const FORMULAS = {
  sigmoid: {
    f: '\\sigma(x) = \\frac{1}{1 + e^{-x}}',
    df: "\\sigma'(x) = \\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr)",
  },
  tanh: {
    f: '\\tanh\\,x = \\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}',
    df: "\\tanh'(x) = 1 - \\tanh^2\\,x",
  },
  relu: {
    f: '\\operatorname{ReLU}(x) = \\max(0, x)',
    df: `\\operatorname{ReLU}'(x) = ${cases(['1', 'x > 0'], ['0', 'x \\le 0'])}`,
  },
  relu6: {
    f: '\\operatorname{ReLU6}(x) = \\min\\bigl(\\max(0, x), 6\\bigr)',
    df: `f'(x) = ${cases(['1', '0 < x < 6'], ['0', '\\text{otherwise}'])}`,
  },
  leaky_relu: {
    f: `f(x) = ${cases(['x', 'x > 0'], ['a\\,x', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['1', 'x > 0'], ['a', 'x \\le 0'])}`,
  },
  prelu: {
    f: `f(x) = ${cases(['x', 'x > 0'], ['\\alpha\\,x', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['1', 'x > 0'], ['\\alpha', 'x \\le 0'])}`,
  },
  rrelu: {
    f: `f(x) = ${cases(['x', 'x > 0'], ['a\\,x', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['1', 'x > 0'], ['a', 'x \\le 0'])}`,
    where: 'a = (l + u)/2\\ \\text{(evaluation mode)}',
  },
  elu: {
    f: `f(x) = ${cases(['x', 'x > 0'], ['\\alpha\\,(e^{x} - 1)', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['1', 'x > 0'], ['\\alpha\\,e^{x}', 'x \\le 0'])}`,
  },
  celu: {
    f: `f(x) = ${cases(['x', 'x > 0'], ['\\alpha\\,(e^{x/\\alpha} - 1)', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['1', 'x > 0'], ['e^{x/\\alpha}', 'x \\le 0'])}`,
  },
  selu: {
    f: `f(x) = \\lambda ${cases(['x', 'x > 0'], ['\\alpha\\,(e^{x} - 1)', 'x \\le 0'])}`,
    df: `f'(x) = \\lambda ${cases(['1', 'x > 0'], ['\\alpha\\,e^{x}', 'x \\le 0'])}`,
    where: '\\lambda \\approx 1.0507,\\quad \\alpha \\approx 1.6733',
  },
  xielu: {
    f: `f(x) = ${cases(['\\alpha_p x^2 + \\beta x', 'x > 0'], ['\\alpha_n\\,\\bigl(e^{\\min(x, \\varepsilon)} - 1 - x\\bigr) + \\beta x', 'x \\le 0'])}`,
    df: `f'(x) = ${cases(['2\\alpha_p x + \\beta', 'x > 0'], ['\\beta - \\alpha_n', '\\varepsilon < x \\le 0'], ['\\alpha_n\\,(e^{x} - 1) + \\beta', 'x < \\varepsilon'])}`,
    where: '\\varepsilon = -10^{-6}',
  },
  gelu: {
    f: '\\begin{aligned} \\operatorname{GELU}(x) &= x\\,\\Phi(x) \\\\ &= \\frac{x}{2}\\Bigl(1 + \\operatorname{erf}\\frac{x}{\\sqrt{2}}\\Bigr) \\end{aligned}',
    df: "f'(x) = \\Phi(x) + x\\,\\varphi(x)",
    where: '\\varphi(x) = \\frac{e^{-x^2/2}}{\\sqrt{2\\pi}}',
  },
  gelu_tanh: {
    f: 'f(x) = \\frac{x}{2}\\bigl(1 + \\tanh\\,u\\bigr)',
    df: "f'(x) = \\frac{1 + \\tanh\\,u}{2} + \\frac{x}{2}\\,(1 - \\tanh^2\\,u)\\,u'",
    where: ['u = \\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3)', "u' = \\sqrt{2/\\pi}\\,(1 + 0.134145\\,x^2)"],
  },
  quick_gelu: {
    f: '\\operatorname{QuickGELU}(x) = x\\,\\sigma(1.702\\,x)',
    df: "f'(x) = \\sigma(z) + z\\,\\sigma(z)\\,\\bigl(1 - \\sigma(z)\\bigr)",
    where: 'z = 1.702\\,x',
  },
  silu: {
    f: '\\operatorname{SiLU}(x) = x\\,\\sigma(x)',
    df: "f'(x) = \\sigma(x)\\,\\bigl(1 + x\\,(1 - \\sigma(x))\\bigr)",
  },
  swish: {
    f: 'f(x) = x\\,\\sigma(\\beta x)',
    df: "f'(x) = \\sigma(\\beta x) + \\beta x\\,\\sigma(\\beta x)\\,\\bigl(1 - \\sigma(\\beta x)\\bigr)",
  },
  mish: {
    f: '\\operatorname{Mish}(x) = x\\,\\tanh\\bigl(\\operatorname{sp}(x)\\bigr)',
    df: "f'(x) = \\tanh\\bigl(\\operatorname{sp}(x)\\bigr) + x\\,\\sigma(x)\\,\\operatorname{sech}^2\\bigl(\\operatorname{sp}(x)\\bigr)",
    where: '\\operatorname{sp}(x) = \\ln(1 + e^{x})',
  },
  softplus: {
    f: `f(x) = ${cases(['\\tfrac{1}{\\beta}\\ln\\bigl(1 + e^{\\beta x}\\bigr)', '\\beta x \\le t'], ['x', '\\beta x > t'])}`,
    df: `f'(x) = ${cases(['\\sigma(\\beta x)', '\\beta x \\le t'], ['1', '\\beta x > t'])}`,
  },
  softsign: {
    f: 'f(x) = \\frac{x}{1 + |x|}',
    df: "f'(x) = \\frac{1}{(1 + |x|)^2}",
  },
  hardsigmoid: {
    f: `f(x) = ${cases(['0', 'x \\le -3'], ['x/6 + 1/2', '-3 < x < 3'], ['1', 'x \\ge 3'])}`,
    df: `f'(x) = ${cases(['1/6', '-3 < x < 3'], ['0', '\\text{otherwise}'])}`,
  },
  hardswish: {
    f: `f(x) = ${cases(['0', 'x \\le -3'], ['x\\,(x + 3)/6', '-3 < x < 3'], ['x', 'x \\ge 3'])}`,
    df: `f'(x) = ${cases(['0', 'x < -3'], ['(2x + 3)/6', '-3 \\le x \\le 3'], ['1', 'x > 3'])}`,
  },
  hardtanh: {
    f: `f(x) = ${cases(['a', 'x < a'], ['x', 'a \\le x \\le b'], ['b', 'x > b'])}`,
    df: `f'(x) = ${cases(['1', 'a < x < b'], ['0', '\\text{otherwise}'])}`,
  },
  hardshrink: {
    f: `f(x) = ${cases(['x', '|x| > \\lambda'], ['0', '|x| \\le \\lambda'])}`,
    df: `f'(x) = ${cases(['1', '|x| > \\lambda'], ['0', '|x| \\le \\lambda'])}`,
  },
  softshrink: {
    f: `f(x) = ${cases(['x - \\lambda', 'x > \\lambda'], ['x + \\lambda', 'x < -\\lambda'], ['0', '|x| \\le \\lambda'])}`,
    df: `f'(x) = ${cases(['1', '|x| > \\lambda'], ['0', '|x| \\le \\lambda'])}`,
  },
  tanhshrink: {
    f: 'f(x) = x - \\tanh\\,x',
    df: "f'(x) = \\tanh^2 x",
  },
  threshold: {
    f: `f(x) = ${cases(['x', 'x > t'], ['v', 'x \\le t'])}`,
    df: `f'(x) = ${cases(['1', 'x > t'], ['0', 'x \\le t'])}`,
  },
  squared_relu: {
    f: 'f(x) = \\max(0, x)^2',
    df: "f'(x) = 2\\max(0, x)",
  },
  logsigmoid: {
    f: 'f(x) = \\ln\\,\\sigma(x) = -\\ln\\bigl(1 + e^{-x}\\bigr)',
    df: "f'(x) = 1 - \\sigma(x) = \\sigma(-x)",
  },
  scaled_sigmoid: {
    f: 'f(x) = 4\\,\\sigma(x) - 2 = 2\\tanh\\frac{x}{2}',
    df: "f'(x) = 4\\,\\sigma(x)\\,\\bigl(1 - \\sigma(x)\\bigr)",
  },
  identity: {
    f: 'f(x) = x',
    df: "f'(x) = 1",
  },
};
