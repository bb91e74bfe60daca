// The gradient panel's settings, declared once: each becomes a URL row (in
// state-schema.js), a control (ui/setting-controls.js) and a field of the
// simulator's config (configFor below). Keys start with "g" so they never
// clash with the curve explorer's.

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
    activation: { id: spec.id, params: spec.params.map((p) => params[p.name]) },
    init: state.ginit, fanMode: state.gfan, gain: state.ggain, std: state.gstd, bound: state.gbound, value: state.gvalue,
    bias: state.gbias, input: state.ginput, inputValue: state.ginval, upstream: state.gloss, seed: state.gseed,
    saturationThreshold: state.gsat,
    clipValue: state.gclip === 'value' ? state.gclipv : 0,
    clipNorm: state.gclip === 'norm' ? state.gclipv : 0,
    ...overrides,
  };
  if (config.width === 1) config.chainSample = 0;
  return config;
}
