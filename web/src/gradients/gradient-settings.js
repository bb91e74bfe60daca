// The gradient panel's settings, declared once: each becomes a URL row (in
// state-schema.js), a control (ui/setting-controls.js) and a field of the
// simulator's config (configFor below). Keys start with "g" so they never
// clash with the curve explorer's.
import { weightVariance } from './theory.js';
import { engineActivation } from '../engine-activation.js';

/** Weight initialisation schemes, in the simulator's names (cpp/include/actlab/network.h). */
export const INIT_SCHEMES = [
  'xavier_normal', 'xavier_uniform', 'he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform',
  'orthogonal', 'normal', 'uniform', 'constant',
];

/** Per-layer quantities the main chart can plot: result field and whether it is a gradient. */
export const QUANTITIES = [
  { id: 'gradZRms', gradient: true },
  { id: 'gradWNorm', gradient: true },
  { id: 'gradARms', gradient: true },
  { id: 'gradBNorm', gradient: true },
  { id: 'gradWRatio', gradient: true },
  { id: 'aStd', gradient: false },
];

/** Normalisation layers and where they sit (network.h: norm, normPlacement). */
export const NORMS = ['none', 'batchnorm', 'layernorm', 'rmsnorm'];
export const NORM_PLACES = ['before_activation', 'after_activation', 'pre_residual', 'post_residual'];

/** Activations the phase diagram offers: the odd bounded ones, then ReLU and its kin, then the rest. */
export const PHASE_IDS = ['tanh', 'softsign', 'hardtanh', 'relu', 'leaky_relu', 'elu', 'selu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus', 'sigmoid', 'identity', 'custom'];

/** Second runs drawn dashed beside each function: the same stack with one remedy changed (variantsFor). */
export const VARIANTS = ['off', 'noSkip', 'noNorm', 'noDropout', 'otherPlacement', 'otherDropout', 'edge'];

// kind: 'int' (whole numbers), 'number', 'enum'; scale: 'log' for log sliders
// (from sliderMin, default 0.001 when min is 0); sliderMin/sliderMax: a slider
// narrower than the allowed range (the number box takes the whole range);
// when: the settings on which the control depends (shown only then).
export const GRADIENT_SETTINGS = [
  { key: 'gdepth', kind: 'int', default: 10, min: 1, max: 1000, scale: 'log' },
  { key: 'gwidth', kind: 'int', default: 64, min: 1, max: 2048, scale: 'log' },
  { key: 'gbatch', kind: 'int', default: 32, min: 1, max: 4096, scale: 'log' },
  { key: 'ginit', kind: 'enum', default: 'xavier_normal', values: INIT_SCHEMES },
  { key: 'gfan', kind: 'enum', default: 'fan_in', values: ['fan_in', 'fan_out'], when: { ginit: ['he_normal', 'he_uniform', 'lecun_normal', 'lecun_uniform'] } },
  { key: 'ggain', kind: 'number', default: 1, min: 0, max: 100, scale: 'log' },
  { key: 'gstd', kind: 'number', default: 1, min: 0, max: 100, scale: 'log', when: { ginit: ['normal'] } },
  { key: 'gbound', kind: 'number', default: 1, min: 0, max: 100, scale: 'log', when: { ginit: ['uniform'] } },
  { key: 'gvalue', kind: 'number', default: 0.1, min: -100, max: 100, step: 0.01, when: { ginit: ['constant'] } },
  { key: 'gbias', kind: 'number', default: 0, min: -100, max: 100, step: 0.01, sliderMin: -10, sliderMax: 10 },
  { key: 'gbstd', kind: 'number', default: 0, min: 0, max: 100, step: 0.001, sliderMax: 2 },
  { key: 'gnorm', kind: 'enum', default: 'none', values: NORMS },
  { key: 'gnormat', kind: 'enum', default: 'before_activation', values: NORM_PLACES, visible: (s) => s.gnorm !== 'none' },
  { key: 'gskip', kind: 'int', default: 0, min: 0, max: 1000, sliderMax: 10 },
  { key: 'gskipscale', kind: 'enum', default: 'one', values: ['one', 'inverse_sqrt_depth', 'alpha'], visible: (s) => s.gskip > 0 },
  { key: 'gskipalpha', kind: 'number', default: 1, min: 0, max: 1000, scale: 'log', sliderMax: 10, visible: (s) => s.gskip > 0 && s.gskipscale === 'alpha' },
  { key: 'gdrop', kind: 'number', default: 0, min: 0, max: 0.99, step: 0.01 },
  { key: 'gdropkind', kind: 'enum', default: 'dropout', values: ['dropout', 'alphadropout'], visible: (s) => s.gdrop > 0 },
  { key: 'gpairs', kind: 'enum', default: 'off', values: ['off', 'on'] },
  { key: 'gpairc', kind: 'number', default: 0, min: -1, max: 1, step: 0.001, when: { gpairs: ['on'] } },
  { key: 'gpairq', kind: 'enum', default: 'grad', values: ['grad', 'z'], when: { gpairs: ['on'] } },
  { key: 'gvs', kind: 'enum', default: 'off', values: VARIANTS },
  { key: 'gpd', kind: 'enum', default: 'tanh', values: PHASE_IDS, control: 'custom' },
  { key: 'ginput', kind: 'enum', default: 'normal', values: ['normal', 'uniform', 'constant'] },
  { key: 'ginval', kind: 'number', default: 1, min: -100, max: 100, step: 0.01, when: { ginput: ['constant'] } },
  { key: 'gloss', kind: 'enum', default: 'normal', values: ['normal', 'mse'] },
  { key: 'gclip', kind: 'enum', default: 'off', values: ['off', 'value', 'norm'] },
  { key: 'gclipv', kind: 'number', default: 1, min: 1e-6, max: 1e6, scale: 'log', when: { gclip: ['value', 'norm'] } },
  { key: 'gsat', kind: 'number', default: 1e-3, min: 1e-9, max: 0.5, scale: 'log' },
  { key: 'gseed', kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1 },
  { key: 'gq', kind: 'enum', default: 'gradZRms', values: QUANTITIES.map((q) => q.id) },
];

/**
 * The simulator config (format of cpp/include/actlab/network.h) for one
 * activation spec with its params under state; the input width equals the width.
 */
export function configFor(state, spec, params, overrides = {}) {
  const config = {
    inputWidth: state.gwidth, depth: state.gdepth, width: state.gwidth, batch: state.gbatch,
    activation: engineActivation(spec, params),
    init: state.ginit, fanMode: state.gfan, gain: state.ggain, std: state.gstd, bound: state.gbound, value: state.gvalue,
    bias: state.gbias, input: state.ginput, inputValue: state.ginval, upstream: state.gloss, seed: state.gseed,
    saturationThreshold: state.gsat,
    clipValue: state.gclip === 'value' ? state.gclipv : 0,
    clipNorm: state.gclip === 'norm' ? state.gclipv : 0,
    biasStd: state.gbstd,
    norm: state.gnorm, normPlacement: state.gnormat,
    residualEvery: state.gskip, residualScale: state.gskipscale, residualAlpha: state.gskipalpha,
    dropout: state.gdrop, dropoutKind: state.gdropkind,
    pairs: state.gpairs === 'on', pairCorrelation: state.gpairc,
    ...overrides,
  };
  if (config.width === 1) config.chainSample = 0;
  return config;
}

// The placement a pre-norm/post-norm comparison swaps to.
const OTHER_PLACE = { before_activation: 'after_activation', after_activation: 'before_activation', pre_residual: 'post_residual', post_residual: 'pre_residual' };

/**
 * The comparison runs state.gvs asks for, each { id, overrides (of configFor), values (for the label) }:
 * the same stack without its skips, norm or dropout, with the other norm placement or dropout kind,
 * or (edge) at half and twice sigma_w^2 = gain^2 (LeCun normal: W ~ N(0, gain^2 / fan_in)).
 * Empty when the variant would change nothing (no skips to remove, for instance).
 */
export function variantsFor(state) {
  switch (state.gvs) {
    case 'noSkip':
      return state.gskip > 0 ? [{ id: 'noSkip', overrides: { residualEvery: 0, normPlacement: inLayerPlace(state.gnormat) } }] : [];
    case 'noNorm': return state.gnorm !== 'none' ? [{ id: 'noNorm', overrides: { norm: 'none' } }] : [];
    case 'noDropout': return state.gdrop > 0 ? [{ id: 'noDropout', overrides: { dropout: 0 } }] : [];
    case 'otherPlacement':
      return state.gnorm !== 'none' ? [{ id: 'otherPlacement', overrides: { normPlacement: OTHER_PLACE[state.gnormat] }, values: { place: OTHER_PLACE[state.gnormat] } }] : [];
    case 'otherDropout': {
      const kind = state.gdropkind === 'dropout' ? 'alphadropout' : 'dropout';
      return state.gdrop > 0 ? [{ id: 'otherDropout', overrides: { dropoutKind: kind }, values: { kind } }] : [];
    }
    case 'edge': { // sigma_w^2 = width Var(W) (theory.js), scaled through the gain
      const sw2 = state.gwidth * (weightVariance(state, state.gwidth) ?? NaN);
      return Number.isFinite(sw2) ? [0.5, 2].map((factor) => ({ id: 'edge', overrides: { gain: state.ggain * Math.sqrt(factor) }, values: { sw2: sw2 * factor } })) : [];
    }
    default: return [];
  }
}

// A stack without skips keeps a norm that sat in the skips' places inside its layers instead.
const inLayerPlace = (place) => (place === 'pre_residual' ? 'before_activation' : place === 'post_residual' ? 'after_activation' : place);
