// Which network a state trains and its body in the trainer's JSON: the MLP
// (hidden widths, with dropout after each hidden activation when tdropout >
// 0) or the CNN of the layer list (tlayers), with `a` replaced by the
// network's activation and `d` by its dropout kind. Also the weight scheme
// and the dropout kind each compared function gets ('auto': as Keras and the
// reference notes do for SELU).
import { engineLayers, parseLayers } from './layer-text.js';

/** The CNN's default layers: two same-padded convolutions with pooling, a dense layer (fits 28×28 and 8×8 inputs). */
export const DEFAULT_LAYERS = 'c16k3s,a,p2,c32k3s,a,p2,f,h64,a';

/** Input shapes [channels, height, width] of the image data sets; the 2-D sets have none. */
export const IMAGE_SHAPES = { digits: [1, 8, 8], mnist: [1, 28, 28], 'fashion-mnist': [1, 28, 28] };

/** The architecture that state trains: 'cnn' only for an image data set, else 'mlp'. */
export function effectiveArch(state) {
  return state.tarch === 'cnn' && IMAGE_SHAPES[state.tdata] ? 'cnn' : 'mlp';
}

/** The weight scheme for function id: tinit, or for 'auto' LeCun normal (SELU) or Xavier uniform (Keras' default). */
export function initFor(state, id) {
  if (state.tinit !== 'auto') return state.tinit;
  return id === 'selu' ? 'lecun_normal' : 'xavier_uniform';
}

/** The CNN's layer list of state ([] when tlayers does not parse: the form shows why). */
export function cnnLayers(state) {
  return parseLayers(state.tlayers).layers ?? [];
}

/** Whether the network of state has dropout anywhere (a rate above 0). */
export function hasDropout(state) {
  if (effectiveArch(state) === 'cnn') return cnnLayers(state).some((l) => l.type === 'drop' && l.rate > 0);
  return state.tdropout > 0 && state.thidden.length > 0;
}

/**
 * The dropout kinds function id is trained with: one run, or two with
 * 'both' (when the network has dropout at all).
 */
export function dropKindsFor(state, id) {
  const kind = state.tdropkind;
  if (kind === 'both') return hasDropout(state) ? ['dropout', 'alphadropout'] : ['dropout'];
  if (kind === 'auto') return [id === 'selu' ? 'alphadropout' : 'dropout'];
  return [kind];
}

/**
 * The body keys of the trainer config for one network: { hidden } for an MLP
 * without dropout (exactly the config the lab always made), { layers } for an
 * MLP with dropout, { inputShape, layers } for the CNN. activation: { id, params };
 * gated: it is a gated unit, so the dense or conv2d layer before each
 * activation gives twice the units or filters and the unit halves them.
 */
export function bodyFor(state, activation, dropKind, gated = false) {
  if (effectiveArch(state) === 'cnn') {
    return { inputShape: [...IMAGE_SHAPES[state.tdata]], layers: engineLayers(cnnLayers(state), activation, dropKind, gated) };
  }
  if (!(state.tdropout > 0)) return { hidden: state.thidden.map((width) => ({ width, activation })) };
  const unit = gated ? (width) => [{ dense: 2 * width }, { gated: activation.id }] : (width) => [{ dense: width }, { act: activation }];
  return { layers: state.thidden.flatMap((width) => [...unit(width), { [dropKind]: state.tdropout }]) };
}

/** Units (dense) or filters (conv2d) of each hidden weight layer of state's network, in order. */
export function hiddenWidths(state) {
  if (effectiveArch(state) !== 'cnn') return [...state.thidden];
  return cnnLayers(state).filter((l) => l.type === 'conv' || l.type === 'dense').map((l) => (l.type === 'conv' ? l.filters : l.units));
}
