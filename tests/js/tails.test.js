// Where the PyTorch fixture is not a reference (torch's float64 formula
// cancels in the tails), check against values computed with mpmath at 60
// digits (by /usr/bin/python3 with python3-mpmath, at the float32 x shown).
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';

// [id, call, x (float32), exact f(x) or f'(x) rounded to 17 digits]
const MPMATH = [
  ['gelu', 'activate', -11.619999885559082, -1.8948541705514127e-30],
  ['gelu', 'activate', -7.139999866485596, -3.3319169877214531e-12],
  ['gelu', 'derivative', -11.40999984741211, -2.425974384330033e-28],
  ['gelu', 'derivative', -7.5, -1.7938314830426484e-12],
  ['gelu_tanh', 'activate', -9.25, -1.069637326414865e-30],
  ['gelu_tanh', 'derivative', -6.25, -7.7600966228557167e-11],
  ['elu', 'activate', -1.0000000031710769e-30, -1.0000000031710769e-30],
  ['celu', 'activate', -1.0000000031710769e-30, -1.0000000031710769e-30],
  ['selu', 'activate', -1.0000000031710769e-30, -1.758099346422445e-30],
  ['scaled_sigmoid', 'activate', 1.0000000031710769e-30, 1.0000000031710769e-30],
  ['sigmoid', 'derivative', 20, 2.0611536139418493e-9],
  ['sigmoid', 'derivative', 40, 4.248354255291589e-18],
  ['tanh', 'derivative', 12, 1.510053817597626e-10],
  ['scaled_sigmoid', 'derivative', 35, 2.5220467040587926e-15],
  // x - tanh x cancels near 0; QuickGELU's tails; xIELU (defaults) at the floats next to its zero.
  ['tanhshrink', 'activate', 0.0010000000474974513, 3.3333324749747586e-10],
  ['tanhshrink', 'activate', -0.009999999776482582, -3.3331997818940941e-7],
  ['tanhshrink', 'activate', 0.20000000298023224, 2.624679891196959e-3],
  ['tanhshrink', 'derivative', 1.000000013351432e-10, 1.0000000267028641e-20],
  ['tanhshrink', 'derivative', -0.05000000074505806, 2.4958393026901094e-3],
  ['quick_gelu', 'activate', -30, -2.0046784553513633e-21],
  ['quick_gelu', 'activate', -50, -5.5018547160288577e-36],
  ['quick_gelu', 'derivative', -40, -1.8189650336109378e-28],
  ['xielu', 'activate', -2.4324841499328613, -1.1053906956626403e-8],
  ['xielu', 'activate', -2.4324839115142822, -6.5829449372297595e-8],
  ['xielu', 'activate', -0.0010000000474974513, -4.9960015700479487e-4],
];

describe.each(BUILDS)('tails against mpmath (%s build)', (build) => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  it.each(MPMATH)('%s %s at x = %s is within 1e-6 relative of mpmath', (id, call, x, exact) => {
    const [ours] = lab[call](id, [x]);
    expect(Math.abs(ours - exact)).toBeLessThanOrEqual(1e-6 * Math.abs(exact));
  });
});
