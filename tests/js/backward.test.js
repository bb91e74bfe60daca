// lab.backward: the vector-Jacobian product of every operation.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { elementwiseGroups } from './helpers/fixtures.js';
import { mixedInputs } from './helpers/inputs.js';
import { FLOAT32_OVERFLOW, firstBitDifference, fixtureTolerance, withinTolerance } from './helpers/tolerance.js';

// dx[j] = d/dx_j of sum_i dy_i * rowOp(x)_i (rowOp in double), by central differences, to 5 decimals.
function expectCentralDifferences(dx, x, dy, rowOp) {
  const h = 1e-6;
  const f = (v) => rowOp(v).reduce((a, y, i) => a + dy[i] * y, 0);
  x.forEach((_, j) => {
    const plus = [...x];
    const minus = [...x];
    plus[j] += h;
    minus[j] -= h;
    expect(dx[j]).toBeCloseTo((f(plus) - f(minus)) / (2 * h), 5);
  });
}

describe.each(BUILDS)('backward (%s build)', (build) => {
  let lab;
  beforeAll(async () => {
    lab = await loadBuild(build);
  });

  it('elementwise: equals upstream * derivative, rounded once to float32', () => {
    const x = mixedInputs(4099);
    const upstream = mixedInputs(4099, 11);
    for (const { id } of lab.catalog.activations) {
      const d = lab.derivative(id, x);
      const want = d.map((v, i) => v * upstream[i]);
      expect(firstBitDifference(lab.backward(id, x, upstream), want), id).toBe(-1);
    }
  });

  it('elementwise: matches torch df * upstream on the fixture points', () => {
    const bad = [];
    for (const group of elementwiseGroups()) {
      const x = group.rows.map((row) => row.x);
      const upstream = x.map((_, i) => Math.fround(((i % 7) - 3) / 2));
      const dx = lab.backward(group.id, x, upstream, group.params);
      group.rows.forEach((row, i) => {
        const { rel, abs } = fixtureTolerance(group.id, 'df', row.x);
        // f' is a float32, as in PyTorch's float32 autograd: where it overflows (squared_relu' and
        // xielu' beyond about 1e38) the product is upstream times that infinity.
        const want = Math.abs(row.df) >= FLOAT32_OVERFLOW ? Math.sign(row.df) * Infinity * upstream[i] : row.df * upstream[i];
        if (!withinTolerance(dx[i], want, rel, abs * Math.abs(upstream[i]))) {
          bad.push(`${group.id} x=${row.x}: ${dx[i]} vs ${want}`);
        }
      });
    }
    expect(bad).toEqual([]);
  });

  it('maxout: routes each upstream value to the first arg-max of its group', () => {
    const x = [1, 3, 3, 0, /* group 2 */ -5, -1, -2, -1, /* group 3 */ 7, 7, 7, 7];
    const dx = lab.backward('maxout', x, [10, 20, 30], { pieces: 4 });
    expect([...dx]).toEqual([0, 10, 0, 0, 0, 20, 0, 0, 30, 0, 0, 0]);
  });

  it('maxout with one piece passes the upstream gradient straight through', () => {
    const dy = [1.5, -2, 3];
    expect([...lab.backward('maxout', [4, 5, 6], dy, { pieces: 1 })]).toEqual(dy);
  });

  it('softmax: the VJP of a constant upstream is zero (rows sum to one)', () => {
    const x = mixedInputs(64).map((v) => (Number.isFinite(v) ? v / 8 : 0));
    const dx = lab.backward('softmax', x, new Float32Array(64).fill(2), { rowLength: 16 });
    for (const v of dx) expect(Math.abs(v)).toBeLessThan(1e-6);
  });

  it('softmin: equals softmax of -x bit for bit, and its VJP matches central finite differences', () => {
    const x = Float32Array.from([0.3, -1.2, 2.2, 0.7, -0.4]);
    const dy = [0.5, -1, 0.25, 2, -0.75];
    expect([...lab.activate('softmin', x)]).toEqual([...lab.activate('softmax', x.map((v) => -v))]);
    const softmin = (v) => {
      const s = v.reduce((a, t) => a + Math.exp(-t), 0);
      return v.map((t) => Math.exp(-t) / s);
    };
    expectCentralDifferences(lab.backward('softmin', x, dy), x, dy, softmin);
  });

  it('log_softmax: the VJP matches central finite differences', () => {
    const x = Float32Array.from([0.3, -1.2, 2.2, 0.7, -0.4]);
    const dy = [0.5, -1, 0.25, 2, -0.75];
    const logSoftmax = (v) => {
      const m = Math.max(...v);
      const s = Math.log(v.reduce((a, b) => a + Math.exp(b - m), 0));
      return v.map((t) => t - m - s);
    };
    expectCentralDifferences(lab.backward('log_softmax', x, dy), x, dy, logSoftmax);
  });
});
