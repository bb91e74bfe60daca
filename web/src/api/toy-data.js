// toyData(toy, options): the training view's 2-D toy data sets (spiral,
// circles, moons, xor, gaussians), made by the C++ generator of
// cpp/include/actlab/toy_data.h so the points are the ones a trainer given
// { toy } learns from, bit for bit.
import { readOptions } from './options.js';
import { simulatorModule } from './simulator-module.js';
import { toySettings } from './training-data.js';

// The engine's data copy of split `which` (0 train, 1 test) of trainer id.
function copySplit(module, id, which, count) {
  const xAt = module._malloc(Math.max(4, count * 8)), labelsAt = module._malloc(Math.max(4, count));
  try {
    const size = module.trainerCopyData(id, which, xAt, labelsAt, count);
    return { x: module.HEAPF32.slice(xAt >>> 2, (xAt >>> 2) + 2 * size), labels: module.HEAPU8.slice(labelsAt, labelsAt + size), size };
  } finally {
    module._free(xAt), module._free(labelsAt);
  }
}

/**
 * Resolves to toy set `toy` (a name, or { name, count, noise, seed }) as
 * { features: 2, classes, train: { x, labels, size }, test: { ... } }
 * (x: Float32Array of size x 2; the last fifth of the points is the test
 * set); createTrainer(config, that) trains exactly as on { toy }.
 */
export async function toyData(toy, options = {}) {
  const settings = toySettings(toy, 'toyData');
  const module = await simulatorModule(readOptions(options, 'toyData', ['simd', 'moduleUrl', 'wasmUrl']));
  const classes = settings.name === 'gaussians' ? 3 : 2;
  // A linear classifier holds the points: the generator runs inside a trainer session.
  const created = JSON.parse(module.trainerCreate(JSON.stringify({ inputWidth: 2, classes })));
  if (!created.ok) throw new Error(`ActLab: ${created.error}`);
  try {
    const problem = module.trainerSetToyData(created.id, settings.name, settings.count, settings.noise, settings.seed);
    if (problem) throw new RangeError(`ActLab: toyData: ${problem}`);
    return { features: 2, classes, train: copySplit(module, created.id, 0, settings.count), test: copySplit(module, created.id, 1, settings.count) };
  } finally {
    module.trainerDestroy(created.id);
  }
}
