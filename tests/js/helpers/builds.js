// The two ActLab builds every value suite runs against, loaded through the public API.
import { loadActLab } from '../../../web/src/actlab.js';

/** Build names, in the order suites iterate them. */
export const BUILDS = ['simd', 'scalar'];

/** Loads the named build ('simd' forces SIMD128, 'scalar' forces the scalar module). */
export function loadBuild(name) {
  return loadActLab({ simd: name === 'simd' });
}
