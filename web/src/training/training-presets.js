// Presets of the training lab, each with a fixed sentence (string table,
// tpreset_<id>), a live one (preset-narration.js) and its source; loaded with
// ui/preset-changes.js, so every other training setting returns to its default.
// deadRelu was chosen by measuring (tests/js/measure/dead-relu-candidates.json).
// A preset's set may hold a function's parameter (its URL key, e.g.
// 'leaky_relu.negative_slope'); vars fill the placeholders of its fixed sentence.

/** Hansen's CNN (reference notes 004) as a layer list; the output dense 10 + softmax is the trainer's. */
export const HANSEN_LAYERS = 'c32k3,a,c64k3,a,p2,d0.25,f,h128,a,d0.5';
// The Hansen preset's size, chosen so that its run ends in about HANSEN_MINUTES minutes in
// Chromium on a 2-core machine (measured: tests/e2e/training-cnn.test.mjs prints the time).
const HANSEN_IMAGES = 2000, HANSEN_EPOCHS = 2, HANSEN_MINUTES = 4;

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
  {
    id: 'hansen', fn: ['sigmoid', 'relu', 'elu', 'leaky_relu', 'selu', 'gelu_tanh'],
    set: {
      tdata: 'mnist', tarch: 'cnn', tlayers: HANSEN_LAYERS, 'leaky_relu.negative_slope': 0.2, tinit: 'auto', tdropkind: 'auto',
      topt: 'adam', tlr: 0.001, tclipvalue: 0.5, tbatch: 128, ttrain: HANSEN_IMAGES, tepochs: HANSEN_EPOCHS,
    },
    vars: { images: HANSEN_IMAGES.toLocaleString('en-US'), epochs: HANSEN_EPOCHS, minutes: HANSEN_MINUTES },
    source: 'C. B. Hansen, “Activation functions explained: from ReLU to GELU” (2019; reference notes 004); Klambauer et al., NeurIPS 2017 (SELU, AlphaDropout)',
  },
  {
    id: 'alphaDropout', fn: ['selu'],
    set: {
      tdata: 'mnist', thidden: [64, 64, 64, 64, 64, 64, 64, 64], tinit: 'lecun_normal', tdropout: 0.1, tdropkind: 'both',
      topt: 'sgd', tlr: 0.02, tbatch: 32, tepochs: 5,
    },
    source: 'Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, NeurIPS 2017 (section on alpha dropout)',
  },
];

/** The preset whose functions (shown, in order) and settings the state has, or null. */
export function activePreset(state) {
  const shown = state.fn.filter((id) => !state.hide.includes(id));
  return TRAINING_PRESETS.find((p) => JSON.stringify(p.fn) === JSON.stringify(shown)
    && Object.entries(p.set).every(([key, value]) => JSON.stringify(state[key]) === JSON.stringify(value))) ?? null;
}
