// "Copy as code": the activation with its current parameters as a PyTorch
// snippet (torch.nn.functional names, PyTorch defaults) and a NumPy snippet
// (the formula and its derivative written out in stable forms).
import { float32Text } from '../ui/number-format.js';

// A Python float literal for value (always with a decimal point or exponent).
function py(value) {
  const text = float32Text(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

// PyTorch call for id on tensor x with params p.
function torchCall(id, p) {
  switch (id) {
    case 'sigmoid': return 'torch.sigmoid(x)';
    case 'tanh': return 'torch.tanh(x)';
    case 'relu': return 'F.relu(x)';
    case 'relu6': return 'F.relu6(x)';
    case 'leaky_relu': return `F.leaky_relu(x, negative_slope=${py(p.negative_slope)})`;
    case 'prelu': return `F.prelu(x, torch.tensor([${py(p.alpha)}]))`;
    case 'elu': return `F.elu(x, alpha=${py(p.alpha)})`;
    case 'celu': return `F.celu(x, alpha=${py(p.alpha)})`;
    case 'selu': return 'F.selu(x)';
    case 'gelu': return 'F.gelu(x)';
    case 'gelu_tanh': return "F.gelu(x, approximate='tanh')";
    case 'silu': return 'F.silu(x)';
    case 'swish': return `x * torch.sigmoid(${py(p.beta)} * x)  # no F.swish; beta = 1 is F.silu`;
    case 'mish': return 'F.mish(x)';
    case 'softplus': return `F.softplus(x, beta=${py(p.beta)}, threshold=${py(p.threshold)})`;
    case 'softsign': return 'F.softsign(x)';
    case 'hardsigmoid': return 'F.hardsigmoid(x)';
    case 'hardswish': return 'F.hardswish(x)';
    case 'hardtanh': return `F.hardtanh(x, min_val=${py(p.min_val)}, max_val=${py(p.max_val)})`;
    case 'logsigmoid': return 'F.logsigmoid(x)';
    case 'scaled_sigmoid': return '4 * torch.sigmoid(x) - 2';
    case 'identity': return 'x';
    default: return `# ${id}: no PyTorch function`;
  }
}

/** PyTorch snippet: f on a grid over [x0, x1] and f' by autograd. */
export function torchSnippet(id, params, x0 = -6, x1 = 6) {
  return [
    'import torch',
    'import torch.nn.functional as F',
    '',
    `x = torch.linspace(${py(x0)}, ${py(x1)}, 1001, requires_grad=True)`,
    `y = ${torchCall(id, params)}`,
    "dy, = torch.autograd.grad(y.sum(), x)  # f'(x)",
  ].join('\n');
}

// NumPy bodies [f, df] for id with params p; helpers names the shared helpers they use.
function numpyBodies(id, p) {
  const sig = 'sigmoid(x)';
  switch (id) {
    case 'sigmoid': return [[sig], ['s = sigmoid(x)', 's * sigmoid(-x)  # = s (1 - s) without cancellation']];
    case 'tanh': return [['np.tanh(x)'], ['1.0 / np.cosh(x) ** 2  # = 1 - tanh(x)**2 without cancellation']];
    case 'relu': return [['np.maximum(x, 0.0)'], ['np.where(x > 0, 1.0, 0.0)']];
    case 'relu6': return [['np.clip(x, 0.0, 6.0)'], ['np.where((x > 0) & (x < 6), 1.0, 0.0)']];
    case 'leaky_relu': return [[`np.where(x > 0, x, ${py(p.negative_slope)} * x)`], [`np.where(x > 0, 1.0, ${py(p.negative_slope)})`]];
    case 'prelu': return [[`np.where(x > 0, x, ${py(p.alpha)} * x)`], [`np.where(x > 0, 1.0, ${py(p.alpha)})`]];
    case 'elu': return [[`np.where(x > 0, x, ${py(p.alpha)} * np.expm1(np.minimum(x, 0)))`], [`np.where(x > 0, 1.0, ${py(p.alpha)} * np.exp(np.minimum(x, 0)))`]];
    case 'celu': return [[`a = ${py(p.alpha)}`, 'np.where(x > 0, x, a * np.expm1(np.minimum(x, 0) / a))'], [`a = ${py(p.alpha)}`, 'np.where(x > 0, 1.0, np.exp(np.minimum(x, 0) / a))']];
    case 'selu': return [
      ['lam, a = 1.0507009873554805, 1.6732632423543772', 'lam * np.where(x > 0, x, a * np.expm1(np.minimum(x, 0)))'],
      ['lam, a = 1.0507009873554805, 1.6732632423543772', 'lam * np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0)))']];
    case 'gelu': return [['0.5 * x * erfc(-x / np.sqrt(2))'], ['0.5 * erfc(-x / np.sqrt(2)) + x * np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)']];
    case 'gelu_tanh': return [
      ['u2 = 2 * np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)', 'x * sigmoid(u2)  # = x/2 (1 + tanh u)'],
      ['c = 2 * np.sqrt(2 / np.pi)', 'u2 = c * (x + 0.044715 * x**3)', 'sigmoid(u2) + x * sigmoid(u2) * sigmoid(-u2) * c * (1 + 3 * 0.044715 * x**2)']];
    case 'silu': return [['x * sigmoid(x)'], ['sigmoid(x) + x * sigmoid(x) * sigmoid(-x)']];
    case 'swish': return [[`b = ${py(p.beta)}`, 'x * sigmoid(b * x)'], [`b = ${py(p.beta)}`, 'sigmoid(b * x) + b * x * sigmoid(b * x) * sigmoid(-b * x)']];
    case 'mish': return [
      ['x * np.tanh(np.logaddexp(0, x))  # softplus = log(1 + e^x)'],
      ['sp = np.logaddexp(0, x)', 'np.tanh(sp) + x * sigmoid(x) / np.cosh(sp) ** 2']];
    case 'softplus': return [
      [`b, t = ${py(p.beta)}, ${py(p.threshold)}`, 'np.where(b * x > t, x, np.logaddexp(0, b * x) / b)'],
      [`b, t = ${py(p.beta)}, ${py(p.threshold)}`, 'np.where(b * x > t, 1.0, sigmoid(b * x))']];
    case 'softsign': return [['x / (1 + np.abs(x))'], ['1.0 / (1 + np.abs(x)) ** 2']];
    case 'hardsigmoid': return [['np.clip(x / 6 + 0.5, 0.0, 1.0)'], ['np.where((x > -3) & (x < 3), 1 / 6, 0.0)']];
    case 'hardswish': return [['x * np.clip(x + 3, 0.0, 6.0) / 6'], ['np.where(x < -3, 0.0, np.where(x > 3, 1.0, x / 3 + 0.5))']];
    case 'hardtanh': return [[`np.clip(x, ${py(p.min_val)}, ${py(p.max_val)})`], [`np.where((x > ${py(p.min_val)}) & (x < ${py(p.max_val)}), 1.0, 0.0)`]];
    case 'logsigmoid': return [['-np.logaddexp(0, -x)  # log sigmoid(x), stable'], ['sigmoid(-x)  # = 1 - sigmoid(x) without cancellation']];
    case 'scaled_sigmoid': return [['2 * np.tanh(x / 2)  # = 4 sigmoid(x) - 2'], ['4 * sigmoid(x) * sigmoid(-x)']];
    case 'identity': return [['x'], ['np.ones_like(x)']];
    default: return [['x'], ['np.ones_like(x)']];
  }
}

// A Python function definition from body lines (the last line is returned).
function pyFunction(name, lines) {
  const body = lines.slice(0, -1).map((line) => `    ${line}`);
  return [`def ${name}(x):`, ...body, `    return ${lines[lines.length - 1]}`].join('\n');
}

/** NumPy snippet: f and f' written out, evaluated in float32 on a grid over [x0, x1]. */
export function numpySnippet(id, params, x0 = -6, x1 = 6) {
  // The shared helper is _sigmoid, so a function named sigmoid never calls itself.
  const [f, df] = numpyBodies(id, params).map((lines) => lines.map((line) => line.replace(/^[^#]*/, (code) => code.replace(/\bsigmoid\(/g, '_sigmoid('))));
  const text = [...f, ...df].join('\n');
  const head = ['import numpy as np'];
  if (/erfc/.test(text)) head.push('from math import erfc as _erfc', 'erfc = np.vectorize(_erfc)  # or scipy.special.erfc');
  const helpers = [];
  if (/_sigmoid\(/.test(text)) {
    helpers.push([
      'def _sigmoid(x):',
      '    e = np.exp(-np.abs(x))  # never overflows',
      '    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))',
    ].join('\n'));
  }
  const name = id === 'identity' ? 'identity' : id;
  return [
    head.join('\n'),
    ...helpers,
    pyFunction(name, f),
    pyFunction(`${name}_grad`, df),
    [`x = np.linspace(${py(x0)}, ${py(x1)}, 1001, dtype=np.float32)`, `y, dy = ${name}(x), ${name}_grad(x)`].join('\n'),
  ].join('\n\n');
}
