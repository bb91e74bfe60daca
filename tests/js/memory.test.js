// Repeated calls reuse one scratch allocation: the wasm heap does not grow.
import { describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';

describe.each(BUILDS)('memory (%s build)', (build) => {
  it('does not grow over 100000 small calls of every kind', async () => {
    const lab = await loadBuild(build);
    const x = Float32Array.from([-3, -1, -0.5, 0, 0.25, 1, 2, 8]);
    const out = new Float32Array(x.length);
    lab.activate('relu', x);
    const firstSize = lab.memoryBytes;
    const ids = lab.catalog.activations.map((a) => a.id);
    for (let i = 0; i < 100000; i++) {
      const id = ids[i % ids.length];
      switch (i % 5) {
        case 0: lab.activate(id, x); break;
        case 1: lab.derivative(id, x, undefined, out); break;
        case 2: lab.backward(id, x, x); break;
        case 3: lab.activate(i % 2 ? 'softmax' : 'log_softmax', x, { rowLength: 4 }); break;
        default: lab.backward('maxout', x, [1, 2], { pieces: 4 });
      }
    }
    expect(lab.memoryBytes).toBe(firstSize);
  });

  it('reuses the grown scratch space after one large call', async () => {
    const lab = await loadBuild(build);
    const big = new Float32Array(3_000_000);
    lab.backward('softmax', big, big);
    const grown = lab.memoryBytes;
    for (let i = 0; i < 20; i++) lab.backward('softmax', big, big, { rowLength: 1000 });
    for (let i = 0; i < 1000; i++) lab.activate('tanh', big.subarray(0, 100));
    expect(lab.memoryBytes).toBe(grown);
  });
});
