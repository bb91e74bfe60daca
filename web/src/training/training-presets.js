// Presets of the training lab, each with a fixed sentence (string table,
// tpreset_<id>), a live one (preset-narration.js) and its source; loaded with
// ui/preset-changes.js, so every other training setting returns to its default.
// deadRelu was chosen by measuring (tests/js/measure/dead-relu-candidates.json).

export const TRAINING_PRESETS = [
  {
    id: 'nielsen', fn: ['sigmoid'],
    set: { tdata: 'fashion-mnist', thidden: [30, 30, 30, 30], tinit: 'lecun_normal', tbiasstd: 1, topt: 'sgd', tlr: 0.1, tbatch: 10, tepochs: 10 },
    source: 'Nielsen, Neural Networks and Deep Learning, ch. 5 (2015)',
  },
  {
    id: 'deadRelu', fn: ['relu', 'leaky_relu', 'elu'],
    set: { tdata: 'spiral', thidden: [8, 8, 8, 8, 8], tinit: 'he_normal', topt: 'adam', tlr: 0.02, tbatch: 16, tepochs: 60 },
    source: 'Maas, Hannun & Ng, ICML 2013 workshop; Clevert, Unterthiner & Hochreiter, ICLR 2016',
  },
  {
    id: 'selu', fn: ['selu', 'relu'],
    set: { tdata: 'digits', thidden: [64, 64, 64, 64, 64, 64, 64, 64], tinit: 'lecun_normal', topt: 'sgd', tlr: 0.02, tbatch: 32, tepochs: 30 },
    source: 'Klambauer, Unterthiner, Mayr & Hochreiter, NeurIPS 2017',
  },
  {
    id: 'fashion', fn: ['sigmoid', 'relu', 'gelu'],
    set: { tdata: 'fashion-mnist', thidden: [128, 128], tinit: 'xavier_uniform', topt: 'sgd', tlr: 0.05, tbatch: 32, tepochs: 10 },
    source: 'Xiao, Rasul & Vollgraf, Fashion-MNIST (2017); Hendrycks & Gimpel, GELU (2016)',
  },
];

/** The preset whose functions (shown, in order) and settings the state has, or null. */
export function activePreset(state) {
  const shown = state.fn.filter((id) => !state.hide.includes(id));
  return TRAINING_PRESETS.find((p) => JSON.stringify(p.fn) === JSON.stringify(shown)
    && Object.entries(p.set).every(([key, value]) => JSON.stringify(state[key]) === JSON.stringify(value))) ?? null;
}
