// The CNN layer list as compact text, the form the URL keeps it in (tlayers):
// comma-separated tokens, e.g. c32k3,a,c64k3,a,p2,d0.25,f,h128,a,d0.5
//   c<filters>k<kernel>[s]  conv2d (s: 'same' padding, else 'valid')
//   a                       the network's own activation
//   p<size>                 max pooling, window = stride = size
//   d<rate>                 dropout (Dropout or AlphaDropout, by tdropkind)
//   f                       flatten
//   h<units>                dense (fully connected)
// Pure: parse never throws (a problem comes back as { key, vars } of the
// string table), and format(parse(text)) is the canonical text.

/** Limits of each layer setting that do not depend on the input (the engine checks the rest). */
export const LAYER_LIMITS = {
  filters: { min: 1, max: 1024 },
  kernel: { min: 1, max: 28 },
  pool: { min: 1, max: 28 },
  rate: { min: 0, max: 0.9 },
  units: { min: 1, max: 4096 },
  layers: { max: 32 },
};

/** The layer kinds, in the order the form offers them. */
export const LAYER_TYPES = ['conv', 'act', 'pool', 'drop', 'flat', 'dense'];

/** A fresh layer of a kind, with the settings the form starts from. */
export function freshLayer(type) {
  switch (type) {
    case 'conv': return { type, filters: 16, kernel: 3, padding: 'valid' };
    case 'pool': return { type, size: 2 };
    case 'drop': return { type, rate: 0.25 };
    case 'dense': return { type, units: 64 };
    default: return { type };
  }
}

const TOKENS = [
  [/^c(\d{1,7})k(\d{1,7})(s?)$/, (m) => ({ type: 'conv', filters: Number(m[1]), kernel: Number(m[2]), padding: m[3] ? 'same' : 'valid' })],
  [/^a$/, () => ({ type: 'act' })],
  [/^p(\d{1,7})$/, (m) => ({ type: 'pool', size: Number(m[1]) })],
  [/^d(\d{0,7}\.?\d{1,12})$/, (m) => ({ type: 'drop', rate: Number(m[1]) })],
  [/^f$/, () => ({ type: 'flat' })],
  [/^h(\d{1,7})$/, (m) => ({ type: 'dense', units: Number(m[1]) })],
];

// The settings of a layer with their limits: [[name, value]].
function settingsOf(layer) {
  if (layer.type === 'conv') return [['filters', layer.filters], ['kernel', layer.kernel]];
  if (layer.type === 'pool') return [['pool', layer.size]];
  if (layer.type === 'drop') return [['rate', layer.rate]];
  if (layer.type === 'dense') return [['units', layer.units]];
  return [];
}

/** '' or the problem ({ key, vars }) of one layer's settings; index is 1-based. */
export function layerProblem(layer, index) {
  for (const [setting, value] of settingsOf(layer)) {
    const { min, max } = LAYER_LIMITS[setting];
    const whole = setting !== 'rate';
    if (!Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      return { key: 'tlayersErrRange', vars: { index, token: tokenOf(layer), setting, value: String(value), min, max } };
    }
  }
  return '';
}

/**
 * The layers of text: { layers: [...] } or { error: { key, vars } } (the
 * first problem: a token that is no layer, a setting out of range, too many
 * layers). Never throws, whatever text is; '' is the empty list.
 */
export function parseLayers(text) {
  if (typeof text !== 'string') return { error: { key: 'tlayersErrToken', vars: { index: 1, token: typeof text } } };
  const trimmed = text.trim();
  if (trimmed === '') return { layers: [] };
  const tokens = trimmed.split(',', LAYER_LIMITS.layers.max + 2).map((token) => token.trim());
  if (tokens.length > LAYER_LIMITS.layers.max) {
    return { error: { key: 'tlayersErrTooMany', vars: { max: LAYER_LIMITS.layers.max, n: trimmed.split(',').length } } };
  }
  const layers = [];
  for (const [i, token] of tokens.entries()) {
    const found = TOKENS.map(([pattern, build]) => [pattern.exec(token.toLowerCase()), build]).find(([m]) => m);
    if (!found) return { error: { key: 'tlayersErrToken', vars: { index: i + 1, token: token.length > 20 ? `${token.slice(0, 20)}…` : token } } };
    const layer = found[1](found[0]);
    const problem = layerProblem(layer, i + 1);
    if (problem) return { error: problem };
    layers.push(layer);
  }
  return { layers };
}

/** The token of one layer (canonical: no leading zeros, the shortest rate). */
export function tokenOf(layer) {
  switch (layer.type) {
    case 'conv': return `c${layer.filters}k${layer.kernel}${layer.padding === 'same' ? 's' : ''}`;
    case 'act': return 'a';
    case 'pool': return `p${layer.size}`;
    case 'drop': return `d${String(layer.rate)}`;
    case 'flat': return 'f';
    case 'dense': return `h${layer.units}`;
    default: return '?';
  }
}

/** The canonical text of a layer list. */
export function formatLayers(layers) {
  return layers.map(tokenOf).join(',');
}

/**
 * The engine's layer spec (trainer.h "layers") of a list: `a` becomes
 * activation ({ id, params }), `d` becomes dropKind ('dropout' | 'alphadropout').
 * gated: the activation is a gated unit ({ gated: id }), and the conv or
 * dense layer right before each `a` gets twice its filters or units.
 */
export function engineLayers(layers, activation, dropKind, gated = false) {
  // A gated unit halves its input, so the weight layer right before it doubles (the widths stay as typed).
  const doubled = (i) => (gated && layers[i + 1]?.type === 'act' ? 2 : 1);
  return layers.map((layer, i) => {
    switch (layer.type) {
      case 'conv': return { conv2d: { filters: doubled(i) * layer.filters, kernel: layer.kernel, padding: layer.padding } };
      case 'act': return gated ? { gated: activation.id } : { act: activation };
      case 'pool': return { maxpool: layer.size };
      case 'drop': return { [dropKind]: layer.rate };
      case 'flat': return { flatten: true };
      default: return { dense: doubled(i) * layer.units };
    }
  });
}

/**
 * Each layer's output shape [channels, height, width] from inputShape, as
 * the engine computes it, for display: null from the first layer that cannot
 * apply on (the engine's message then says why).
 */
export function layerShapes(layers, inputShape) {
  let shape = inputShape;
  return layers.map((layer) => {
    if (!shape) return null;
    const [c, h, w] = shape;
    if (layer.type === 'conv') {
      const cut = layer.padding === 'same' ? 0 : layer.kernel - 1;
      shape = layer.kernel > Math.min(h, w) || (layer.padding === 'same' && layer.kernel % 2 === 0) ? null : [layer.filters, h - cut, w - cut];
    } else if (layer.type === 'pool') {
      shape = h % layer.size || w % layer.size || layer.size > Math.min(h, w) ? null : [c, h / layer.size, w / layer.size];
    } else if (layer.type === 'flat') {
      shape = [c * h * w, 1, 1];
    } else if (layer.type === 'dense') {
      shape = [layer.units, 1, 1];
    }
    return shape;
  });
}

/** Block names as the engine's report gives them ("conv2d 32 3x3 valid", "dense 128", "output"), one per weight layer. */
export function blockNames(layers) {
  const names = layers.filter((l) => l.type === 'conv' || l.type === 'dense')
    .map((l) => (l.type === 'conv' ? `conv2d ${l.filters} ${l.kernel}x${l.kernel} ${l.padding}` : `dense ${l.units}`));
  return [...names, 'output'];
}
