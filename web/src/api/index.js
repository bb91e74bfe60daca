// ActLab's public API, the entry point of the npm package: the kernels
// (loadActLab), the gradient-flow simulator (simulate), the trainer
// (createTrainer), the toy data sets (toyData) and the shipped image data
// sets (loadDataset); lab.formula(text) compiles typed activations (FormulaError
// when it refuses one). Types: package/index.d.ts.
export { loadActLab, engineSupportsSimd } from '../actlab.js';
export { simulate } from './simulate.js';
export { createTrainer } from './trainer.js';
export { toyData } from './toy-data.js';
export { DATASET_IDS, TOY_DATASETS, TOY_DEFAULTS } from './training-data.js';
export { loadDataset } from '../train/datasets.js';
export { FormulaError } from '../formula-api.js';
