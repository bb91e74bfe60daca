// The data a public trainer learns from, checked: a toy set made in C++
// ({ toy: 'spiral' } or { toy: { name, count, noise, seed } }), one of the
// shipped data sets by id ('digits', 'mnist', 'fashion-mnist'), or the
// caller's own { train: { x, labels, size }, test: { ... } }.
import { DATASETS, loadDataset } from '../train/datasets.js';
import { TOY_SETS } from '../training/training-settings.js';
import { isObject } from './options.js';

/** The toy sets' names and the shipped data sets' ids. */
export const TOY_DATASETS = Object.freeze([...TOY_SETS]);
export const DATASET_IDS = Object.freeze(Object.keys(DATASETS));

/** The toy set's defaults, as the training view's (600 points, noise 0.05, seed 1). */
export const TOY_DEFAULTS = Object.freeze({ count: 600, noise: 0.05, seed: 1 });

const typeName = (value) => (value === null ? 'null' : value?.constructor?.name ?? typeof value);

// One split { x: Float32Array, labels: Uint8Array, size } of `features` inputs per sample, checked.
function checkSplit(split, name, where) {
  if (!isObject(split)) throw new TypeError(`ActLab: ${where}: data.${name} must be { x: Float32Array, labels: Uint8Array, size }`);
  const { x, labels, size } = split;
  if (!(x instanceof Float32Array)) throw new TypeError(`ActLab: ${where}: data.${name}.x must be a Float32Array; got ${typeName(x)}`);
  if (!(labels instanceof Uint8Array)) throw new TypeError(`ActLab: ${where}: data.${name}.labels must be a Uint8Array; got ${typeName(labels)}`);
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`ActLab: ${where}: data.${name}.size must be a whole number >= 0; got ${String(size)}`);
  if (labels.length !== size) throw new RangeError(`ActLab: ${where}: data.${name}.labels has ${labels.length} entries for size = ${size}`);
  return { x, labels, size };
}

/**
 * data checked without loading anything: { toy } with its settings filled
 * in, { train, test } as given, or a known data set id as it is; TypeError
 * or RangeError for anything else.
 */
export function checkedData(data, where) {
  if (typeof data === 'string') {
    if (!DATASET_IDS.includes(data)) {
      throw new RangeError(`ActLab: ${where}: unknown data set "${data}" (known: ${DATASET_IDS.join(', ')}; or { toy: one of ${TOY_DATASETS.join(', ')} })`);
    }
    return data;
  }
  if (!isObject(data)) throw new TypeError(`ActLab: ${where}: data must be a data set id, { toy } or { train, test }`);
  const keys = 'toy' in data ? ['toy'] : ['train', 'test', 'features', 'classes']; // toyData's and loadDataset's objects pass as they are
  for (const key of Object.keys(data)) {
    if (!keys.includes(key)) throw new RangeError(`ActLab: ${where}: unknown data key "${key}" (data is { toy } or { train, test })`);
  }
  if ('toy' in data) return { toy: toySettings(data.toy, where) };
  return { train: checkSplit(data.train, 'train', where), test: checkSplit(data.test, 'test', where) };
}

/** The trainer's data source for data (checkedData's), a shipped data set loaded when named. */
export async function trainingSource(data, where) {
  const checked = checkedData(data, where);
  if (typeof checked !== 'string') return checked;
  const { train, test } = await loadDataset(checked);
  return { train, test };
}

/** { name, count, noise, seed } of a toy set given by name or object (defaults filled in; the engine checks ranges). */
export function toySettings(toy, where) {
  const settings = typeof toy === 'string' ? { name: toy } : toy;
  if (!isObject(settings)) throw new TypeError(`ActLab: ${where}: toy must be a toy set name or { name, count, noise, seed }`);
  for (const key of Object.keys(settings)) {
    if (!['name', 'count', 'noise', 'seed'].includes(key)) throw new RangeError(`ActLab: ${where}: unknown toy setting "${key}" (valid: name, count, noise, seed)`);
  }
  const { name, count = TOY_DEFAULTS.count, noise = TOY_DEFAULTS.noise, seed = TOY_DEFAULTS.seed } = settings;
  if (!TOY_DATASETS.includes(name)) throw new RangeError(`ActLab: ${where}: unknown toy set ${JSON.stringify(name)} (known: ${TOY_DATASETS.join(', ')})`);
  for (const [key, value] of Object.entries({ count, noise, seed })) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`ActLab: ${where}: toy ${key} must be a finite number; got ${String(value)}`);
  }
  if (!Number.isInteger(count) || count < 10 || count > 100000) throw new RangeError(`ActLab: ${where}: toy count = ${count} is outside the allowed range [10, 100000] (whole numbers)`);
  if (noise < 0 || noise > 2) throw new RangeError(`ActLab: ${where}: toy noise = ${noise} is outside the allowed range [0, 2]`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new RangeError(`ActLab: ${where}: toy seed = ${seed} is outside the allowed range [0, 2147483647] (whole numbers)`);
  return { name, count, noise, seed };
}
