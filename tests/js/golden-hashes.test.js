// The wasm builds compute the same bits as the native build: hashes of
// 2^20 outputs per kernel equal those the native generator wrote to
// tests/golden/kernels.json.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { GOLDEN_COUNT, GOLDEN_HALF, goldenGatedUpstream, goldenGatedValues, goldenHash, goldenInputs } from './helpers/golden.js';

const GOLDEN_FILE = new URL('../golden/kernels.json', import.meta.url);

/** Hashes of every kernel of a lab, keyed like kernels.json ("<id>.forward", "<id>.derivative", ..., "glu.d_gate", ...). */
function labHashes(lab) {
  const x = goldenInputs();
  const out = new Float32Array(x.length);
  const hashes = {};
  for (const { id } of lab.catalog.activations) {
    hashes[`${id}.forward`] = goldenHash(lab.activate(id, x, undefined, out));
    hashes[`${id}.derivative`] = goldenHash(lab.derivative(id, x, undefined, out));
  }
  const grid = x.subarray(GOLDEN_HALF);
  hashes['softmax.forward'] = goldenHash(lab.activate('softmax', grid, { rowLength: 1024 }));
  hashes['softmin.forward'] = goldenHash(lab.activate('softmin', grid, { rowLength: 1024 }));
  hashes['log_softmax.forward'] = goldenHash(lab.activate('log_softmax', grid, { rowLength: 1024 }));
  hashes['maxout.forward'] = goldenHash(lab.activate('maxout', grid, { pieces: 4 }));
  const value = goldenGatedValues(x);
  const upstream = goldenGatedUpstream(x);
  for (const { id } of lab.catalog.gatedUnits) {
    hashes[`${id}.forward`] = goldenHash(lab.gated(id, x, value));
    const partials = lab.gatedPartials(id, x, value);
    hashes[`${id}.d_gate`] = goldenHash(partials.dGate);
    hashes[`${id}.d_value`] = goldenHash(partials.dValue);
    const backward = lab.gatedBackward(id, x, value, upstream);
    hashes[`${id}.backward.d_gate`] = goldenHash(backward.dGate);
    hashes[`${id}.backward.d_value`] = goldenHash(backward.dValue);
  }
  return hashes;
}

describe('golden hashes', () => {
  it('tests/golden/kernels.json exists (written by the native golden tool)', () => {
    expect(existsSync(GOLDEN_FILE), 'run the native actlab_golden tool to write tests/golden/kernels.json').toBe(true);
  });

  const golden = existsSync(GOLDEN_FILE) ? JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) : null;

  describe.runIf(golden).each(BUILDS)('%s build', (build) => {
    let hashes;
    beforeAll(async () => {
      hashes = labHashes(await loadBuild(build));
    });

    it('golden file covers 2^20 inputs and exactly the keys computed here', () => {
      expect(golden.count).toBe(GOLDEN_COUNT);
      expect(Object.keys(golden.hashes).sort()).toEqual(Object.keys(hashes).sort());
    });

    it('every wasm hash equals the native hash', () => {
      const differing = Object.keys(hashes)
        .filter((key) => hashes[key] !== golden.hashes[key])
        .map((key) => `${key}: wasm ${hashes[key]} native ${golden.hashes[key]}`);
      expect(differing).toEqual([]);
    });
  });
});
