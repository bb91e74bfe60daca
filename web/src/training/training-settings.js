// The training lab's settings, declared once (like gradient-settings.js):
// each becomes a URL row, a control and a field of the trainer's config.
// Keys start with "t".
import { INIT_SCHEMES } from '../gradients/gradient-settings.js';
import { DEFAULT_LAYERS, bodyFor, effectiveArch, hasDropout, initFor } from './architecture.js';
import { engineActivation } from '../engine-activation.js';

/** Toy 2-D sets (generated in C++) and the real data sets (web/data/). */
export const TOY_SETS = ['spiral', 'circles', 'moons', 'xor', 'gaussians'];
export const FILE_SETS = ['digits', 'mnist', 'fashion-mnist'];

// kind: 'int', 'number', 'enum', 'widths' (a list of hidden widths), 'count'
// ('all' or a whole number) or 'layers' (the CNN's layer list as text,
// layer-text.js); scale 'log' for log sliders; when: the settings on which a
// control depends (visible(state): a finer test); control 'custom': drawn by
// its own form (architecture-form.js), not by ui/setting-controls.js.
export const TRAINING_SETTINGS = [
  { key: 'tdata', kind: 'enum', default: 'spiral', values: [...TOY_SETS, ...FILE_SETS] },
  { key: 'tpoints', kind: 'int', default: 600, min: 50, max: 5000, scale: 'log', when: { tdata: TOY_SETS } },
  { key: 'tnoise', kind: 'number', default: 0.05, min: 0, max: 1, step: 0.01, when: { tdata: TOY_SETS } },
  { key: 'ttrain', kind: 'count', default: 'all', min: 100, max: 10000, when: { tdata: FILE_SETS } },
  { key: 'tarch', kind: 'enum', default: 'mlp', values: ['mlp', 'cnn'], control: 'custom' },
  { key: 'tlayers', kind: 'layers', default: DEFAULT_LAYERS, control: 'custom' },
  { key: 'thidden', kind: 'widths', default: [32, 32], min: 1, max: 512, maxLength: 8, visible: (s) => effectiveArch(s) === 'mlp' },
  { key: 'tdropout', kind: 'number', default: 0, min: 0, max: 0.9, step: 0.01, visible: (s) => effectiveArch(s) === 'mlp' },
  { key: 'tdropkind', kind: 'enum', default: 'dropout', values: ['dropout', 'alphadropout', 'auto', 'both'], visible: hasDropout, hints: { auto: 'tDropKindAutoHint', both: 'tDropKindBothHint' } },
  { key: 'tinit', kind: 'enum', default: 'xavier_normal', values: ['auto', ...INIT_SCHEMES.filter((s) => s !== 'constant')], hints: { auto: 'tInitAutoHint' } },
  { key: 'tbiasstd', kind: 'number', default: 0, min: 0, max: 5, step: 0.01 },
  { key: 'topt', kind: 'enum', default: 'adam', values: ['sgd', 'momentum', 'adam'] },
  { key: 'tlr', kind: 'number', default: 0.03, min: 1e-5, max: 10, scale: 'log' },
  { key: 'tbatch', kind: 'int', default: 16, min: 1, max: 1024, scale: 'log' },
  { key: 'tl2', kind: 'number', default: 0, min: 0, max: 0.1, step: 0.0001 },
  { key: 'tclip', kind: 'number', default: 0, min: 0, max: 100, step: 0.1 },
  { key: 'tclipvalue', kind: 'number', default: 0, min: 0, max: 100, step: 0.01 },
  { key: 'tcost', kind: 'enum', default: 'softmax_cross_entropy', values: ['softmax_cross_entropy', 'sigmoid_quadratic', 'softmax_binary_cross_entropy'], hints: { softmax_binary_cross_entropy: 'tCostBinaryHint' } },
  { key: 'tepochs', kind: 'int', default: 200, min: 1, max: 1000, scale: 'log' },
  { key: 'tseed', kind: 'int', default: 1, min: 0, max: 2 ** 31 - 1 },
];

/** Input width and classes of a data set id. */
export function dataShape(data) {
  if (data === 'digits') return { inputWidth: 64, classes: 10 };
  if (data === 'mnist' || data === 'fashion-mnist') return { inputWidth: 784, classes: 10 };
  return { inputWidth: 2, classes: data === 'gaussians' ? 3 : 2 };
}

/**
 * The trainer config (JSON keys of cpp/include/actlab/trainer.h) for one
 * activation spec with its params, and the dropout kind of its run
 * ('dropout' | 'alphadropout'; architecture.js dropKindsFor). With the MLP,
 * no dropout, no clipping by value and an explicit weight scheme it is the
 * config the lab always made.
 */
export function trainerConfigFor(state, spec, params, dropKind = 'dropout') {
  const activation = spec.gated ? { id: spec.id, params: [] } : engineActivation(spec, params);
  return {
    ...dataShape(state.tdata),
    ...bodyFor(state, activation, dropKind, Boolean(spec.gated)),
    output: state.tcost, optimizer: state.topt, learningRate: state.tlr, batch: state.tbatch, l2: state.tl2, clipNorm: state.tclip,
    ...(state.tclipvalue > 0 ? { clipValue: state.tclipvalue } : {}),
    init: initFor(state, spec.id), biasStd: state.tbiasstd, seed: state.tseed,
  };
}

/** The data request for the worker: a toy set with its size, noise and seed, or a file (train: its first N training images). */
export function dataRequest(state) {
  if (TOY_SETS.includes(state.tdata)) return { kind: 'toy', name: state.tdata, count: state.tpoints, noise: state.tnoise, seed: state.tseed };
  return state.ttrain === 'all' ? { kind: 'file', name: state.tdata } : { kind: 'file', name: state.tdata, train: state.ttrain };
}
