// "Copy as code": the activation with its current parameters as a PyTorch
// snippet (torch.nn.functional names, PyTorch defaults) and a NumPy snippet
// (the formula and its derivative written out in stable forms).
import { float32Text } from '../ui/number-format.js';

// A Python float literal for value (always with a decimal point or exponent).
function py(value) {
  const text = float32Text(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

// PyTorch expression for id on tensor x with params p (or lines of definitions ending in it).
function torchCall(id, p) {
  switch (id) {
    case 'sigmoid': return 'torch.sigmoid(x)';
    case 'tanh': return 'torch.tanh(x)';
    case 'relu': return 'F.relu(x)';
    case 'relu6': return 'F.relu6(x)';
    case 'leaky_relu': return `F.leaky_relu(x, negative_slope=${py(p.negative_slope)})`;
    case 'prelu': return `F.prelu(x, torch.tensor([${py(p.alpha)}]))`;
    case 'rrelu': return `F.rrelu(x, lower=${py(p.lower)}, upper=${py(p.upper)}, training=False)  # evaluation mode`;
    case 'elu': return `F.elu(x, alpha=${py(p.alpha)})`;
    case 'celu': return `F.celu(x, alpha=${py(p.alpha)})`;
    case 'selu': return 'F.selu(x)';
    case 'xielu': return [
      `ap, an, b = ${py(p.alpha_p)}, ${py(p.alpha_n)}, ${py(p.beta)}  # effective values (transformers: ap = softplus(p), an = b + softplus(n))`,
      'eps = torch.tensor(-1e-6)',
      'torch.where(x > 0, ap * x * x + b * x, (torch.expm1(torch.min(x, eps)) - x) * an + b * x)  # transformers XIELUActivation',
    ];
    case 'gelu': return 'F.gelu(x)';
    case 'gelu_tanh': return "F.gelu(x, approximate='tanh')";
    case 'quick_gelu': return 'x * torch.sigmoid(1.702 * x)  # QuickGELU (CLIP; transformers QuickGELUActivation)';
    case 'silu': return 'F.silu(x)';
    case 'swish': return `x * torch.sigmoid(${py(p.beta)} * x)  # no F.swish; beta = 1 is F.silu`;
    case 'mish': return 'F.mish(x)';
    case 'softplus': return `F.softplus(x, beta=${py(p.beta)}, threshold=${py(p.threshold)})`;
    case 'softsign': return 'F.softsign(x)';
    case 'hardsigmoid': return 'F.hardsigmoid(x)';
    case 'hardswish': return 'F.hardswish(x)';
    case 'hardtanh': return `F.hardtanh(x, min_val=${py(p.min_val)}, max_val=${py(p.max_val)})`;
    case 'hardshrink': return `F.hardshrink(x, lambd=${py(p.lambd)})`;
    case 'softshrink': return `F.softshrink(x, lambd=${py(p.lambd)})`;
    case 'tanhshrink': return 'F.tanhshrink(x)';
    case 'threshold': return `F.threshold(x, threshold=${py(p.threshold)}, value=${py(p.value)})`;
    case 'squared_relu': return 'torch.square(F.relu(x))  # squared ReLU (So et al. 2021, Primer)';
    case 'logsigmoid': return 'F.logsigmoid(x)';
    case 'scaled_sigmoid': return '4 * torch.sigmoid(x) - 2';
    case 'identity': return 'x';
    default: return `# ${id}: no PyTorch function`;
  }
}

/** PyTorch snippet: f on a grid over [x0, x1] and f' by autograd. */
export function torchSnippet(id, params, x0 = -6, x1 = 6) {
  const lines = [torchCall(id, params)].flat();
  return [
    'import torch',
    'import torch.nn.functional as F',
    '',
    `x = torch.linspace(${py(x0)}, ${py(x1)}, 1001, requires_grad=True)`,
    ...lines.slice(0, -1),
    `y = ${lines[lines.length - 1]}`,
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
    case 'rrelu': return [
      [`a = np.float32((${py(p.lower)} + ${py(p.upper)}) / 2)  # evaluation slope, held as float32 (as PyTorch)`, 'np.where(x > 0, x, a * x)'],
      [`a = np.float32((${py(p.lower)} + ${py(p.upper)}) / 2)`, 'np.where(x > 0, 1.0, a)']];
    case 'elu': return [[`np.where(x > 0, x, ${py(p.alpha)} * np.expm1(np.minimum(x, 0)))`], [`np.where(x > 0, 1.0, ${py(p.alpha)} * np.exp(np.minimum(x, 0)))`]];
    case 'celu': return [[`a = ${py(p.alpha)}`, 'np.where(x > 0, x, a * np.expm1(np.minimum(x, 0) / a))'], [`a = ${py(p.alpha)}`, 'np.where(x > 0, 1.0, np.exp(np.minimum(x, 0) / a))']];
    case 'selu': return [
      ['lam, a = 1.0507009873554805, 1.6732632423543772', 'lam * np.where(x > 0, x, a * np.expm1(np.minimum(x, 0)))'],
      ['lam, a = 1.0507009873554805, 1.6732632423543772', 'lam * np.where(x > 0, 1.0, a * np.exp(np.minimum(x, 0)))']];
    case 'xielu': return [
      [`ap, an, b = ${py(p.alpha_p)}, ${py(p.alpha_n)}, ${py(p.beta)}`, 'eps = np.float32(-1e-6)',
        'np.where(x > 0, ap * x * x + b * x, an * (np.expm1(np.minimum(x, eps)) - x) + b * x)'],
      [`ap, an, b = ${py(p.alpha_p)}, ${py(p.alpha_n)}, ${py(p.beta)}`, 'eps = np.float32(-1e-6)',
        'np.where(x > 0, 2 * ap * x + b, np.where(x < eps, an * np.expm1(x), -an) + b)']];
    case 'gelu': return [['0.5 * x * erfc(-x / np.sqrt(2))'], ['0.5 * erfc(-x / np.sqrt(2)) + x * np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)']];
    case 'gelu_tanh': return [
      ['u2 = 2 * np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)', 'x * sigmoid(u2)  # = x/2 (1 + tanh u)'],
      ['c = 2 * np.sqrt(2 / np.pi)', 'u2 = c * (x + 0.044715 * x**3)', 'sigmoid(u2) + x * sigmoid(u2) * sigmoid(-u2) * c * (1 + 3 * 0.044715 * x**2)']];
    case 'quick_gelu': return [['x * sigmoid(1.702 * x)'], ['z = 1.702 * x', 'sigmoid(z) + z * sigmoid(z) * sigmoid(-z)']];
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
    case 'hardshrink': return [[`np.where(np.abs(x) > ${py(p.lambd)}, x, 0.0)`], [`np.where(np.abs(x) > ${py(p.lambd)}, 1.0, 0.0)`]];
    case 'softshrink': return [
      [`lam = np.float32(${py(p.lambd)})`, 'np.where(x > lam, x - lam, np.where(x < -lam, x + lam, 0.0))'],
      [`np.where(np.abs(x) > ${py(p.lambd)}, 1.0, 0.0)`]];
    case 'tanhshrink': return [
      ['x64 = x.astype(np.float64)  # x - tanh(x) cancels near 0: float64, and its series below 0.1', 's = x64 * x64',
        'series = x64 * s * (1 / 3 + s * (-2 / 15 + s * (17 / 315 + s * (-62 / 2835 + s * 1382 / 155925))))',
        'np.where(np.abs(x64) < 0.1, series, x64 - np.tanh(x64)).astype(x.dtype)'],
      ['np.tanh(x) ** 2  # = 1 - sech(x)**2 without cancellation']];
    case 'threshold': return [[`np.where(x > ${py(p.threshold)}, x, ${py(p.value)})`], [`np.where(x > ${py(p.threshold)}, 1.0, 0.0)`]];
    case 'squared_relu': return [['np.maximum(x, 0.0) ** 2'], ['2 * np.maximum(x, 0.0)']];
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
