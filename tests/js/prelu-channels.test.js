// PReLU with one alpha per channel: x is [rows, channels] with the channel last.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { mixedInputs } from './helpers/inputs.js';
import { firstBitDifference } from './helpers/tolerance.js';

describe.each(BUILDS)('prelu with per-channel alphas (%s build)', (build) => {
  let lab;
  const alphas = [0.25, -0.5, 0, 1, 0.125, -1, 0.3];
  const channels = alphas.length;
  const rows = 101;
  const x = mixedInputs(rows * channels);
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  // Column c of a rows x channels matrix.
  const column = (m, c) => Float32Array.from({ length: rows }, (_, r) => m[r * channels + c]);

  it.each(['activate', 'derivative'])('%s equals scalar-alpha prelu applied to each channel', (call) => {
    const y = lab[call]('prelu', x, { alpha: alphas });
    alphas.forEach((alpha, c) => {
      const want = lab[call]('prelu', column(x, c), { alpha });
      expect(firstBitDifference(column(y, c), want), `channel ${c}`).toBe(-1);
    });
  });

  it('accepts the alphas as a Float32Array', () => {
    expect(lab.activate('prelu', x, { alpha: Float32Array.from(alphas) })).toEqual(lab.activate('prelu', x, { alpha: alphas }));
  });

  it('a single-channel alpha array equals the scalar parameter', () => {
    expect(lab.activate('prelu', x, { alpha: [0.3] })).toEqual(lab.activate('prelu', x, { alpha: 0.3 }));
  });

  it('backward equals upstream * per-channel derivative', () => {
    const upstream = mixedInputs(x.length, 5).map((v) => (Number.isFinite(v) ? v : 1));
    const d = lab.derivative('prelu', x, { alpha: alphas });
    const want = d.map((v, i) => v * upstream[i]);
    expect(firstBitDifference(lab.backward('prelu', x, upstream, { alpha: alphas }), want)).toBe(-1);
  });
});
