// The gated units through the public API (lab.gated, gatedPartials,
// gatedBackward, glu): values against a double reference within gated.def's
// bounds, partials against central differences, PyTorch's values, and the
// SIMD and scalar builds bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILDS, loadBuild } from './helpers/builds.js';
import { gatedFixture } from './helpers/fixtures.js';
import { gatedReference, ulpError } from './helpers/gated-reference.js';
import { GOLDEN_HALF, goldenInputs } from './helpers/golden.js';
import { mixedInputs } from './helpers/inputs.js';
import { firstBitDifference, withinTolerance } from './helpers/tolerance.js';

const FLT_MIN = 2 ** -126;
const VALUES = [1, -1, 0.7, 3, -2.5, 1e-30, 1e-38, 0, -0].map(Math.fround);

// Signed zeros, infinities, NaNs of both signs and payloads, subnormal and range ends (as builds-identical.test.js).
const EDGE_BITS = [
  0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001, 0xff800001, 0x00000001,
  0x80000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000,
];
const EDGES = new Float32Array(new Uint32Array(EDGE_BITS).buffer);
const EDGE_PAIRS = [...EDGES].flatMap((gate) => [...EDGES].map((value) => [gate, value]));

// Gates over [-40, 40] with the finite special values.
const GATES = mixedInputs(6000, 7).filter(Number.isFinite);

// Where gated_sweep.h's ULP bound does not apply (the gate factor below FLT_MIN and |b| > 1),
// |error| beyond the product's 0.5 ULP must stay within |b| * bound * 2^-149.
function withinBound(ours, exact, ulpBound, gateFactor, gateBound, b) {
  const u = ulpError(ours, exact);
  if (Math.abs(gateFactor) >= FLT_MIN || Math.abs(b) <= 1) return u <= ulpBound;
  const excess = u <= 0.5 ? 0 : ((u - 0.5) / u) * Math.abs(ours - exact);
  return excess <= Math.abs(b) * gateBound * 2 ** -149;
}

describe.each(BUILDS)('gated units (%s build)', (build) => {
  let lab;
  let gateSpec;
  beforeAll(async () => {
    lab = await loadBuild(build);
    gateSpec = (unit) => lab.catalog.activations.find((a) => a.id === unit.gate);
  });

  it('the catalogue lists glu, reglu, geglu, swiglu with gates and bounds that follow from the gate', () => {
    expect(lab.catalog.gatedUnits.map((u) => [u.id, u.gate])).toEqual([
      ['glu', 'sigmoid'], ['reglu', 'relu'], ['geglu', 'gelu_tanh'], ['swiglu', 'silu'],
    ]);
    for (const unit of lab.catalog.gatedUnits) {
      const g = gateSpec(unit);
      expect(unit.dValueUlp, unit.id).toBe(g.forwardUlp); // dy/dvalue is g(gate) itself
      // A gate error of e ULPs is at most 2e ULPs of the product, plus its rounding (gated.def).
      expect(unit.forwardUlp, unit.id).toBeLessThanOrEqual(2 * g.forwardUlp + 1);
      expect(unit.dGateUlp, unit.id).toBeLessThanOrEqual(2 * g.derivativeUlp + 1);
      expect(unit.dGateCrossesZero, unit.id).toBe(g.derivativeCrossesZero);
      expect(Object.isFrozen(unit)).toBe(true);
    }
  });

  it('y, dGate and dValue are within the bounds of the double reference', () => {
    const bad = [];
    for (const unit of lab.catalog.gatedUnits) {
      const g = gateSpec(unit);
      for (const b of VALUES) {
        const value = new Float32Array(GATES.length).fill(b);
        const y = lab.gated(unit.id, GATES, value);
        const { dGate, dValue } = lab.gatedPartials(unit.id, GATES, value);
        GATES.forEach((gate, i) => {
          const r = gatedReference(unit, gate, b);
          const dGateOk = unit.dGateCrossesZero && Math.abs(r.slope) < 1e-3
            ? Math.abs(dGate[i] - r.dGate) <= 2e-7 * Math.abs(b) + 2 ** -150
            : withinBound(dGate[i], r.dGate, unit.dGateUlp, r.slope, g.derivativeUlp, b);
          if (!withinBound(y[i], r.y, unit.forwardUlp, r.dValue, g.forwardUlp, b)) bad.push(`${unit.id} y(${gate}, ${b}) = ${y[i]} vs ${r.y}`);
          if (!dGateOk) bad.push(`${unit.id} dGate(${gate}, ${b}) = ${dGate[i]} vs ${r.dGate}`);
          if (!(ulpError(dValue[i], r.dValue) <= unit.dValueUlp)) bad.push(`${unit.id} dValue(${gate}) = ${dValue[i]} vs ${r.dValue}`);
        });
      }
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('the partials are the central differences of the double function', () => {
    for (const unit of lab.catalog.gatedUnits) {
      const gate = Float32Array.from([-5.5, -2.25, -0.75, -0.1, 0.3, 1.2, 2.7, 6.1]);
      const value = Float32Array.from([1.5, -0.7, 3, 2, -1.25, 0.5, -4, 1]);
      const { dGate, dValue } = lab.gatedPartials(unit.id, gate, value);
      gate.forEach((a, i) => {
        const b = value[i];
        const f = (ga, vb) => gatedReference(unit, ga, vb).y;
        const h = 1e-6;
        expect(dGate[i], `${unit.id} dGate at ${a}`).toBeCloseTo((f(a + h, b) - f(a - h, b)) / (2 * h), 5);
        expect(dValue[i], `${unit.id} dValue at ${a}`).toBeCloseTo((f(a, b + h) - f(a, b - h)) / (2 * h), 5);
      });
    }
  });

  it('gatedBackward is upstream times the partials, rounded once more to float32', () => {
    const gate = mixedInputs(2049, 5);
    const value = mixedInputs(2049, 6);
    const upstream = mixedInputs(2049, 8);
    for (const { id } of lab.catalog.gatedUnits) {
      const p = lab.gatedPartials(id, gate, value);
      const bw = lab.gatedBackward(id, gate, value, upstream);
      expect(firstBitDifference(bw.dGate, p.dGate.map((d, i) => d * upstream[i])), id).toBe(-1);
      expect(firstBitDifference(bw.dValue, p.dValue.map((d, i) => d * upstream[i])), id).toBe(-1);
    }
  });

  it('matches PyTorch (F.glu on [value, gate], relu/gelu-tanh/silu(a) * b and autograd) on the fixture', () => {
    const bad = [];
    const rows = gatedFixture();
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(lab.catalog.gatedUnits.map((u) => u.id)));
    for (const unit of lab.catalog.gatedUnits) {
      const mine = rows.filter((r) => r.id === unit.id);
      const gate = mine.map((r) => r.gate);
      const value = mine.map((r) => r.value);
      const y = lab.gated(unit.id, gate, value);
      const { dGate, dValue } = lab.gatedPartials(unit.id, gate, value);
      mine.forEach((row, i) => {
        // torch's own float64 cancels (0.5 a (1 + tanh u), sigmoid's s (1 - s)): a few 2^-53 of |a b|.
        const abs = (2 ** -149 * 5 + 2 ** -50 * Math.max(1, Math.abs(row.gate))) * Math.max(1, Math.abs(row.value));
        const dGateAbs = abs + (unit.dGateCrossesZero ? 2e-7 * Math.abs(row.value) : 0);
        if (!withinTolerance(y[i], row.y, unit.forwardUlp * 2 ** -23, abs)) bad.push(`line ${row.line}: y ${y[i]}`);
        if (!withinTolerance(dGate[i], row.dGate, unit.dGateUlp * 2 ** -23, dGateAbs)) bad.push(`line ${row.line}: dGate ${dGate[i]}`);
        if (!withinTolerance(dValue[i], row.dValue, unit.dValueUlp * 2 ** -23, abs)) bad.push(`line ${row.line}: dValue ${dValue[i]}`);
      });
    }
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('glu(x, { rowLength }) is torch.nn.functional.glu(x, dim=-1): value first, gate second in every row', () => {
    const x = Float32Array.from([1, 2, 3, 0, -1, 4, /* row 2 */ -2, 0.5, 7, 3, 0, -8]);
    const y = lab.glu(x, { rowLength: 6 });
    const want = lab.gated('glu', [0, -1, 4, 3, 0, -8], [1, 2, 3, -2, 0.5, 7]);
    expect([...y]).toEqual([...want]);
    expect(lab.glu([3, 0])[0]).toBe(1.5); // 3 * sigma(0)
    expect([...lab.glu(x, { rowLength: 6, unit: 'swiglu' })]).toEqual([...lab.gated('swiglu', [0, -1, 4, 3, 0, -8], [1, 2, 3, -2, 0.5, 7])]);
  });

  it('NaN in gives NaN out, 0 * inf is NaN, and -0 survives the product', () => {
    expect(Number.isNaN(lab.gated('glu', [NaN], [1])[0])).toBe(true);
    expect(Number.isNaN(lab.gated('swiglu', [1], [NaN])[0])).toBe(true);
    expect(Number.isNaN(lab.gated('reglu', [-1], [Infinity])[0])).toBe(true); // relu(-1) * inf, as torch
    expect(Object.is(lab.gated('reglu', [-0], [1])[0], -0)).toBe(true);
    expect(Object.is(lab.gated('geglu', [2], [-0])[0], -0)).toBe(true);
    expect(lab.gatedPartials('swiglu', [1], [NaN]).dValue[0]).toBe(lab.gatedPartials('swiglu', [1], [1]).dValue[0]);
  });
});

describe('gated units: the scalar build is bit-identical to the SIMD build', () => {
  let simd;
  let scalar;
  beforeAll(async () => {
    [simd, scalar] = await Promise.all([loadBuild('simd'), loadBuild('scalar')]);
  });

  // Golden inputs as gates (raw bit patterns, then a grid over [-25, 25]), the same rotated by
  // half as values, reversed as upstream; and every pair of edge values.
  const x = goldenInputs().subarray(GOLDEN_HALF - (1 << 17), GOLDEN_HALF + (1 << 17));
  const cases = [
    ['golden inputs', x, new Float32Array([...x.subarray(x.length / 2), ...x.subarray(0, x.length / 2)]), x.slice().reverse()],
    ['every pair of edge values', Float32Array.from(EDGE_PAIRS, ([g]) => g), Float32Array.from(EDGE_PAIRS, ([, v]) => v),
      Float32Array.from(EDGE_PAIRS, (_, i) => EDGES[(i * 7) % EDGES.length])],
  ];

  it.each(cases)('%s: gated, gatedPartials and gatedBackward', (_, gate, value, upstream) => {
    expect(gate.length).toBe(value.length);
    for (const { id } of simd.catalog.gatedUnits) {
      expect(firstBitDifference(simd.gated(id, gate, value), scalar.gated(id, gate, value)), id).toBe(-1);
      const [a, b] = [simd, scalar].map((lab) => lab.gatedPartials(id, gate, value));
      expect(firstBitDifference(a.dGate, b.dGate), `${id} dGate`).toBe(-1);
      expect(firstBitDifference(a.dValue, b.dValue), `${id} dValue`).toBe(-1);
      const [c, d] = [simd, scalar].map((lab) => lab.gatedBackward(id, gate, value, upstream));
      expect(firstBitDifference(c.dGate, d.dGate), `${id} backward dGate`).toBe(-1);
      expect(firstBitDifference(c.dValue, d.dValue), `${id} backward dValue`).toBe(-1);
    }
  });

  it('NaN stays NaN in both builds, -0 keeps its sign', () => {
    for (const lab of [simd, scalar]) {
      for (const { id } of lab.catalog.gatedUnits) {
        expect([...lab.gated(id, [NaN, 1, -NaN], [1, NaN, 0])].every(Number.isNaN), id).toBe(true);
        expect(Object.is(lab.gated(id, [1], [-0])[0], -0), id).toBe(true);
      }
    }
  });
});
