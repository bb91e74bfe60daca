// "Your function" on the page, without the browser: the page lab runs the
// formula by id, its parameters live in its text (and so in the URL key fx),
// the engines get it as { id: 'formula', ... }, and its details card measures
// its accuracy against the double twin and finds the catalogue function it spells.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { CUSTOM_ID, createYourFunction, withParameterValue, withYourFunction } from '../../web/src/shell/your-function.js';
import { engineActivation } from '../../web/src/engine-activation.js';
import { FORMULA_EXAMPLES, DEFAULT_FORMULA } from '../../web/src/shell/formula-examples.js';
import { buildSchema, paramsOf } from '../../web/src/shell/state-schema.js';
import { readState, writeState } from '../../web/src/shell/url-state.js';
import { catalogueTwin, formulaAccuracy } from '../../web/src/details/formula-accuracy.js';
import { measureProperties } from '../../web/src/details/measure.js';
import { formulaAccuracyRows } from '../../web/src/details/formula-card.js';
import { configFor } from '../../web/src/gradients/gradient-settings.js';

let lab, page, yours;
const xs = Float32Array.from({ length: 2001 }, (_, i) => -10 + i * 0.01);

beforeAll(async () => {
  lab = await loadActLab({ simd: true });
  yours = createYourFunction(lab);
  page = withYourFunction(lab, yours);
});

describe('the page lab', () => {
  it('lists Your function last in the catalogue and runs it by id with the compiled program\'s bits', () => {
    expect(page.catalog.activations.at(-1)).toBe(yours.spec);
    expect(page.catalog.activations.length).toBe(lab.catalog.activations.length + 1);
    expect(yours.compile('x * tanh(softplus(x))')).toBeNull();
    const direct = lab.formula('x * tanh(softplus(x))');
    expect(Array.from(page.activate(CUSTOM_ID, xs))).toEqual(Array.from(direct.activate(xs)));
    expect(Array.from(page.derivative(CUSTOM_ID, xs))).toEqual(Array.from(direct.derivative(xs)));
    expect(Array.from(page.activate('gelu', xs))).toEqual(Array.from(lab.activate('gelu', xs)));
    direct.destroy();
  });

  it('keeps the last accepted formula when a text is refused, and says where', () => {
    expect(yours.compile('x * sigmoid(x)')).toBeNull();
    const problem = yours.compile('x * sigmod(x)');
    expect(problem.column).toBe(5);
    expect(problem.message).toMatch(/unknown name 'sigmod'.*sigmoid/);
    expect(yours.text).toBe('x * sigmoid(x)');
    expect(page.activate(CUSTOM_ID, [2])[0]).toBeCloseTo(2 / (1 + Math.exp(-2)), 6);
  });

  it('takes its parameters from the text, and a slider writes the value back into the text', () => {
    expect(yours.compile('where(x > 0, x, a * expm1(x)); a in [0, 5] = 1.5')).toBeNull();
    expect(yours.spec.params).toEqual([{ name: 'a', default: 1.5, min: 0, max: 5 }]);
    expect(paramsOf({}, yours.spec)).toEqual({ a: 1.5 });
    const text = withParameterValue(yours.text, yours.spec.params, 'a', 0.7);
    expect(text).toBe('where(x > 0, x, a * expm1(x)); a in [0, 5] = 0.7');
    expect(yours.compile(text)).toBeNull();
    expect(page.activate(CUSTOM_ID, [-1], paramsOf({}, yours.spec))[0]).toBeCloseTo(0.7 * Math.expm1(-1), 6);
    expect(() => page.activate(CUSTOM_ID, [-1], { a: 9 })).toThrow(/a = 9.*\[0, 5\]/);
  });

  it('gives the engines { id: "formula", formula, params } and catalogue functions { id, params }', () => {
    yours.compile('x + sin(a * x)^2 / a; a in [0.1, 5] = 2');
    expect(engineActivation(yours.spec, paramsOf({}, yours.spec))).toEqual({ id: 'formula', formula: yours.text, params: [2] });
    const elu = lab.catalog.activations.find((a) => a.id === 'elu');
    expect(engineActivation(elu, { alpha: 0.5 })).toEqual({ id: 'elu', params: [0.5] });
    const schema = buildSchema(page.catalog, 'en');
    const state = readState('?fn=custom', schema, page.catalog, () => '').state;
    expect(configFor(state, yours.spec, paramsOf(state, yours.spec)).activation.id).toBe('formula');
  });
});

describe('the URL key fx', () => {
  const schema = () => buildSchema(page.catalog, 'en');

  it('carries any text, hostile ones included, through a link unchanged', () => {
    for (const text of ['x * sigmoid(1.702 * x)', '<img src=x onerror=alert(1)>', 'a&b=c#d+e%20f', 'x·∑ 😀 "quoted" \'single\'', `x${' '.repeat(50)}+1`]) {
      const s = schema();
      const state = readState('', s, page.catalog, () => '').state;
      state.fx = text;
      state.fn = ['custom'];
      const search = writeState(state, s);
      expect(search).not.toMatch(/[<>" #]/);
      const back = readState(search, s, page.catalog, () => '');
      expect(back.state.fx).toBe(text);
      expect(back.state.fn).toEqual(['custom']);
    }
  });

  it('is left out at its default, and refused beyond 1000 characters with a note', () => {
    const s = schema();
    const state = readState('?fn=custom', s, page.catalog, () => '').state;
    expect(state.fx).toBe(DEFAULT_FORMULA);
    expect(writeState(state, s)).not.toMatch(/fx=/);
    const long = readState(`?fx=${'x+'.repeat(600)}x`, s, page.catalog, () => '');
    expect(long.state.fx).toBe(DEFAULT_FORMULA);
    expect(long.notes.map((n) => n.key)).toContain('noteBadValue');
  });

  it('goes only into share links of views that show functions, and only when Your function is chosen', () => {
    const s = schema();
    const state = readState('?fn=sigmoid,custom&fx=sin(x)', s, page.catalog, () => '').state;
    expect(writeState(state, s, { view: 'gradients' })).toMatch(/fx=sin\(x\)/);
    expect(writeState(state, s, { view: 'softmax' })).not.toMatch(/fx=/);
    expect(writeState({ ...state, fn: ['sigmoid'] }, s, { view: 'curves' })).not.toMatch(/fx=/);
  });
});

describe('the examples', () => {
  it('all compile, each has a source, and the first is the default', () => {
    expect(FORMULA_EXAMPLES[0].text).toBe(DEFAULT_FORMULA);
    for (const example of FORMULA_EXAMPLES) {
      expect(example.source.length).toBeGreaterThan(20);
      const f = lab.formula(example.text);
      expect(f.activate(xs).every(Number.isFinite)).toBe(true);
      f.destroy();
    }
  });
});

describe('the details card\'s measurements', () => {
  it('measures x * sigmoid(x) against its twin, worst where sigmoid(x) is subnormal, and recognises SiLU', () => {
    yours.compile('x * sigmoid(x)');
    const a = formulaAccuracy(page, yours.spec, {}, -6, 6);
    expect(a.samples).toBeGreaterThan(4000);
    // sigmoid(x) below 2^-126 keeps few bits, and x times it multiplies that error: tens of ULPs, out at x < -87.
    expect(a.f.value).toBeGreaterThan(4);
    expect(a.f.value).toBeLessThan(128);
    expect(a.f.x).toBeLessThan(-87);
    const inView = formulaAccuracy(page, yours.spec, {}, -6, 6);
    expect(inView.f.value).toBe(a.f.value); // the same grid gives the same number (nothing random)
    expect(a.dfMixed.value).toBeLessThan(8);
    const twin = catalogueTwin(page, yours.spec, {}, -6, 6);
    expect(twin.spec.id).toBe('silu');
    expect(twin.ulp).toBeLessThan(4); // in ULPs of max(|f|, 2^-100)
  });

  it('recognises Mish written out and finds no twin for Snake', () => {
    yours.compile('x * tanh(softplus(x))');
    expect(catalogueTwin(page, yours.spec, {}, -6, 6).spec.id).toBe('mish');
    yours.compile(DEFAULT_FORMULA);
    expect(catalogueTwin(page, yours.spec, paramsOf({}, yours.spec), -6, 6)).toBeNull();
  });

  it('reports the cancellation of Snake\'s f\' = 1 + sin 2x next to its zeros instead of hiding it', () => {
    yours.compile(DEFAULT_FORMULA);
    const a = formulaAccuracy(page, yours.spec, paramsOf({}, yours.spec), -6, 6);
    expect(a.f.value).toBeLessThan(8);
    expect(a.dfMixed.value).toBeLessThan(16); // absolute error near the zeros is small...
    expect(a.df.value).toBeGreaterThan(1000); // ...and relative to a nearly zero f' it is large
  });

  it('measures Snake as unbounded on both sides (its f\' oscillates in the tails)', () => {
    yours.compile(DEFAULT_FORMULA);
    const m = measureProperties(page, CUSTOM_ID, paramsOf({}, yours.spec));
    expect(m.range.lo.value).toBe(-Infinity);
    expect(m.range.hi.value).toBe(Infinity);
  });

  it('says on the card whether the formula stays within the property-test bound, from the numbers it shows', () => {
    const verdict = (text, params = {}) => {
      expect(yours.compile(text)).toBeNull();
      const { rows, accuracy } = formulaAccuracyRows(page, yours.spec, params, { x0: -6, x1: 6 });
      const row = rows.find(([label]) => /property test/.test(label))[1];
      return { row, accuracy, bound: 2 * yours.formula.instructions };
    };
    const elu = verdict('where(x > 0, x, expm1(x))');
    expect(elu.accuracy.f.value).toBeLessThanOrEqual(elu.bound);
    expect(elu.row).toMatch(/stays within it/);
    // Squareplus as the paper writes it: x + sqrt(x^2 + 4) cancels for x << 0 (2 / (sqrt(x^2 + 4) - x) would not).
    const squareplus = verdict('(x + sqrt(x^2 + 4)) / 2');
    expect(squareplus.accuracy.f.value).toBeGreaterThan(1e6);
    expect(squareplus.accuracy.f.x).toBeLessThan(-100);
    expect(squareplus.row).toMatch(/exceeds it/);
    const silu = verdict('x * sigmoid(x)'); // sigmoid(x) is subnormal for x < -87
    expect(silu.accuracy.f.value).toBeGreaterThan(silu.bound);
    expect(silu.row).toMatch(/exceeds it at x = −\d/);
  });
});

describe('work queued before the formula changed', () => {
  it('runs on the new formula with its own parameters, not the previous formula\'s', () => {
    yours.compile('x + sin(a * x)^2 / a; a in [0.1, 5] = 1');
    const stale = paramsOf({}, yours.spec);
    yours.compile('x * sigmoid(x)');
    expect(() => page.activate(CUSTOM_ID, [1], stale)).not.toThrow();
    expect(page.activate(CUSTOM_ID, [1], stale)[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
  });
});
