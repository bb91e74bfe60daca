// softmax / log_softmax forward values and vector-Jacobian products against
// the PyTorch float64 fixture, for both builds.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { rowsFixture } from './helpers/fixtures.js';
import { firstBitDifference } from './helpers/tolerance.js';

const rows = rowsFixture();

// Indices and values where the forward output of one fixture row is off.
function forwardProblems(row, y) {
  const problems = [];
  row.y.forEach((want, i) => {
    const error = Math.abs(y[i] - want);
    const ok =
      row.id === 'softmax'
        ? Math.abs(want) >= 1e-30 ? error <= 1e-6 * Math.abs(want) : error <= 1e-30
        : error <= 1e-6 * Math.max(1, Math.abs(want));
    if (!ok) problems.push(`y[${i}] ours=${y[i]} torch=${want}`);
  });
  return problems;
}

// Indices and values where the vector-Jacobian product of one fixture row is off.
function backwardProblems(row, dx) {
  const bound = 1e-6 * (1 + Math.max(...row.dx.map(Math.abs)));
  return row.dx.flatMap((want, i) => (Math.abs(dx[i] - want) <= bound ? [] : [`dx[${i}] ours=${dx[i]} torch=${want}`]));
}

describe.each(BUILDS)('row operations match PyTorch (%s build)', (build) => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  describe.each(rows.map((row) => [`${row.id} line ${row.line} (${row.x.length} values)`, row]))('%s', (_, row) => {
    it('forward output is within tolerance', () => {
      expect(forwardProblems(row, lab.activate(row.id, row.x))).toEqual([]);
    });

    if (row.id === 'softmax') {
      it('softmax row sums to 1 within 1e-6', () => {
        const sum = lab.activate('softmax', row.x).reduce((a, b) => a + b, 0);
        expect(Math.abs(sum - 1)).toBeLessThanOrEqual(1e-6);
      });
    }

    it('backward (vector-Jacobian product) is within tolerance', () => {
      expect(backwardProblems(row, lab.backward(row.id, row.x, row.dy))).toEqual([]);
    });
  });

  it.each(['softmax', 'log_softmax'])('%s of many rows at once equals each row done alone', (id) => {
    const same = rows.filter((row) => row.id === id && row.x.length === 8);
    expect(same.length).toBeGreaterThan(2);
    const x = same.flatMap((row) => row.x);
    const dy = same.flatMap((row) => row.dy);
    const together = lab.activate(id, x, { rowLength: 8 });
    const alone = Float32Array.from(same.flatMap((row) => [...lab.activate(id, row.x)]));
    expect(firstBitDifference(together, alone)).toBe(-1);
    const backTogether = lab.backward(id, x, dy, { rowLength: 8 });
    const backAlone = Float32Array.from(same.flatMap((row) => [...lab.backward(id, row.x, row.dy)]));
    expect(firstBitDifference(backTogether, backAlone)).toBe(-1);
  });
});
