// The gradient presets' live sentences (narration.js) on real simulator runs
// and on made-up results that contradict the source, the log-axis helpers
// (log-axis.js), and the EN/ZH strings they use.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { runSimulations } from '../../web/src/simulator/run-simulations.js';
import { GRADIENT_SETTINGS, configFor, variantsFor } from '../../web/src/gradients/gradient-settings.js';
import { PRESETS } from '../../web/src/gradients/presets.js';
import { presetChanges } from '../../web/src/ui/preset-changes.js';
import { paramDefaults, paramsOf } from '../../web/src/shell/state-schema.js';
import { NARRATED, NIELSEN_SPEEDS, narrate, perLayer, presetDifferences, ratioText, zeroLayers } from '../../web/src/gradients/narration.js';
import { FLOAT32_TINY, clipLogLine, decadeAxis, layerRanges, offScale } from '../../web/src/ui/log-axis.js';
import { theoryLog10Line, theoryLine } from '../../web/src/gradients/theory.js';
import { GRADIENT_STRINGS } from '../../web/src/i18n/gradient-strings.js';

const DEFAULTS = Object.fromEntries(GRADIENT_SETTINGS.map((s) => [s.key, s.default]));
let catalog, specs, simulator;
beforeAll(async () => {
  const [lab, sim] = await Promise.all([loadActLab(), loadSimulatorModule('simd')]);
  catalog = lab.catalog;
  specs = new Map(catalog.activations.map((spec) => [spec.id, spec]));
  simulator = sim;
});

// The state a preset sets up (with `extra` changes on top).
const presetState = (id, extra = {}) => ({ ...DEFAULTS, ...presetChanges(PRESETS.find((p) => p.id === id), GRADIENT_SETTINGS, (ids) => paramDefaults(catalog, ids)), ...extra });
// { [fn]: { result, params, variants: [{ id, values, result }] } } of the preset's functions (and the
// comparison runs state.gvs asks for) simulated under state, as the view builds them.
function runsOf(state) {
  const out = {};
  for (const id of state.fn) {
    const spec = specs.get(id);
    const params = paramsOf(state, spec);
    const variants = variantsFor(state);
    const results = runSimulations(simulator, [configFor(state, spec, params), ...variants.map((v) => configFor(state, spec, params, v.overrides))]).results;
    out[id] = { result: results[0], params, variants: variants.map((v, i) => ({ id: v.id, values: v.values ?? {}, result: results[i + 1] })) };
  }
  return out;
}
const keysOf = (sentences) => sentences.map((s) => s.key);
const placeholders = (text) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
// Parses "1/97.3" or "1.12×" back to a number.
const parseRatio = (text) => (text.startsWith('1/') ? 1 / Number(text.slice(2)) : Number(text.replace('×', '')));

describe('every preset at its own settings', () => {
  it('has a narrator', () => {
    expect(NARRATED.sort()).toEqual(PRESETS.map((p) => p.id).sort());
  });

  it.each(PRESETS.map((p) => [p.id]))('%s: the live sentences fill every placeholder in both languages and agree with the source', (id) => {
    const state = presetState(id);
    const sentences = narrate(id, state.fn, runsOf(state), state);
    expect(sentences.length).toBeGreaterThan(0);
    for (const { key, vars } of sentences) {
      for (const lang of ['en', 'zh']) {
        const template = GRADIENT_STRINGS[lang][key];
        expect(template, `${lang} ${key}`).toBeTypeOf('string');
        for (const name of placeholders(template)) expect(vars, `${lang} ${key} {${name}}`).toHaveProperty(name);
      }
    }
    // The verdict sentence (if any) is the agreeing one at the preset's settings and seed.
    expect(keysOf(sentences).some((k) => /_differ$|_off$|_unneeded$|^liveMissing$|^liveNeeds/.test(k)), keysOf(sentences).join()).toBe(false);
  });

  it('nielsen: the ratio said is the run\'s layer 1 / layer 4 ‖∂L/∂b‖, and Nielsen\'s is 1/95', () => {
    const state = presetState('nielsen');
    const runs = runsOf(state);
    const [main, verdict, scale] = narrate('nielsen', ['sigmoid'], runs, state);
    const b = runs.sigmoid.result.layers.map((s) => s.gradBNorm);
    expect(parseRatio(main.vars.ratio)).toBeCloseTo(b[0] / b[3], 3);
    expect(verdict.key).toBe('live_nielsen_agree');
    expect(parseRatio(verdict.vars.nielsen)).toBeCloseTo(NIELSEN_SPEEDS[0] / NIELSEN_SPEEDS[3], 4);
    expect(Number(scale.vars.apart)).toBeCloseTo(b[3] / 0.285, 0);
    expect(scale.vars.batch).toBe(100);
  });

  it('clipped: the scale and norms said are the engine\'s clip report', () => {
    const state = presetState('clipped');
    const runs = runsOf(state);
    const [sentence] = narrate('clipped', ['sigmoid'], runs, state);
    const { clip, layers } = runs.sigmoid.result;
    expect(sentence.key).toBe('live_clipped');
    expect(Number(sentence.vars.scale.replace('−', '-')) / clip.scale).toBeCloseTo(1, 2);
    // Clipping by norm scales every layer alike: the ratio between layers is unchanged.
    expect((layers[0].gradBNormClipped / layers[5].gradBNormClipped) / (layers[0].gradBNorm / layers[5].gradBNorm)).toBeCloseTo(1, 5);
  });
});

describe('when the numbers disagree with the source, the sentence says so', () => {
  // A made-up result with per-layer values of the given fields.
  const fake = (fields, extra = {}) => ({ result: { layers: fields.gradBNorm ? fields.gradBNorm.map((_, i) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v[i]]))) : [], chain: [], ...extra }, params: {} });

  it('nielsen: a tenfold fall is reported as 9.5 times away from Nielsen\'s 1/95', () => {
    const state = presetState('nielsen');
    const runs = { sigmoid: fake({ gradBNorm: [1, 2, 5, 10] }) };
    const [main, verdict] = narrate('nielsen', ['sigmoid'], runs, state);
    expect(main.vars.ratio).toBe('1/10');
    expect(verdict.key).toBe('live_nielsen_differ');
    expect(Number(verdict.vars.apart)).toBeCloseTo(9.5, 1);
  });

  it('nielsen at another depth: no comparison with a 4-layer figure', () => {
    const state = presetState('nielsen', { gdepth: 6 });
    expect(keysOf(narrate('nielsen', ['sigmoid'], runsOf(state), state))).toContain('live_nielsen_depth');
  });

  it('chain: a product that grows is called out', () => {
    const chain = [{ layer: 1, factor: 0.2 }, { layer: 2, weight: 30, factor: 6 }, { layer: 3, weight: 30, factor: 7 }, { layer: 4, factor: 1 }];
    const runs = { sigmoid: { result: { layers: [], chain, chainProduct: 0.2 * 6 * 7 }, params: {} } };
    const sentences = narrate('chain', ['sigmoid'], runs, presetState('chain'));
    expect(keysOf(sentences)).toEqual(['live_chain', 'live_chain_differ']);
    expect(sentences[0].vars.below).toBe(0);
  });

  it('reluHe: a drift beyond a factor 2 is called out; without zero bias there is no theory', () => {
    const state = presetState('reluHe');
    const values = Array.from({ length: 30 }, (_, i) => 0.9 ** (30 - i));
    expect(keysOf(narrate('reluHe', ['relu'], { relu: { result: { layers: values.map((v) => ({ gradZRms: v })) } } }, state))).toEqual(['live_reluHe', 'live_reluHe_differ']);
    const biased = presetState('reluHe', { gbias: 0.5 });
    expect(keysOf(narrate('reluHe', ['relu'], runsOf(biased), biased))).toEqual(['live_relu_notheory']);
  });

  it('clipped: clipping turned off or not needed is said', () => {
    const off = presetState('clipped', { gclip: 'off' });
    expect(keysOf(narrate('clipped', ['sigmoid'], runsOf(off), off))).toEqual(['live_clip_off']);
    const loose = presetState('clipped', { gdepth: 3, gclipv: 1e6 });
    expect(keysOf(narrate('clipped', ['sigmoid'], runsOf(loose), loose))).toEqual(['live_clip_unneeded']);
  });

  it('a function the preset needs that is not shown is named; the chain needs width 1', () => {
    const state = presetState('glorot');
    const runs = runsOf(state);
    delete runs.tanh;
    expect(narrate('glorot', ['sigmoid', 'tanh'], runs, state)).toEqual([{ key: 'liveMissing', vars: { ids: ['tanh'] } }]);
    const wide = presetState('exploding', { gwidth: 2 });
    expect(narrate('exploding', ['sigmoid'], runsOf(wide), wide)).toEqual([{ key: 'liveNeedsWidth1', vars: { width: 2 } }]);
  });

  it('deadRelu: the said shrink per layer is the run\'s geometric mean from layer 10 to 2', () => {
    const state = presetState('deadRelu');
    const runs = runsOf(state);
    const [sentence] = narrate('deadRelu', ['relu', 'leaky_relu'], runs, state);
    const g = runs.leaky_relu.result.layers.map((s) => s.gradZRms);
    expect(Number(sentence.vars.k)).toBeCloseTo(1 / perLayer(g, 2, 10), 0);
    expect(sentence.vars.zeros).toBe(zeroLayers(runs.relu.result.layers.map((s) => s.gradZRms)).length);
    expect(Number(sentence.vars.predicted)).toBeCloseTo(1 / (Math.SQRT2 * 0.01), 0);
  });
});

describe('presetDifferences', () => {
  it('is empty at the preset and names each changed setting with both values', () => {
    const preset = presetState('nielsen');
    expect(presetDifferences(preset, preset)).toEqual([]);
    expect(presetDifferences({ ...preset, gdepth: 10, gseed: 2 }, preset)).toEqual([{ key: 'gdepth', from: 4, to: 10 }, { key: 'gseed', from: 1, to: 2 }]);
    expect(presetDifferences({ ...preset, fn: ['sigmoid', 'tanh'] }, preset)).toEqual([{ key: 'fn', from: ['sigmoid'], to: ['sigmoid', 'tanh'] }]);
    expect(presetDifferences({ ...preset, hide: ['sigmoid'] }, preset)).toEqual([{ key: 'hide', from: [], to: ['sigmoid'] }]);
  });
});

describe('ratioText', () => {
  it('writes fractions below 1 and factors above', () => {
    expect(ratioText(1 / 97.3)).toBe('1/97.3');
    expect(ratioText(1.123)).toBe('1.12×');
    expect(ratioText(NaN)).toBe('NaN');
  });
});

describe('log axis', () => {
  const isRegular = (ticks) => {
    const exps = ticks.map((v) => Math.round(Math.log10(v)));
    return exps.every((e, i) => Math.abs(Math.log10(ticks[i]) - e) < 1e-9) && exps.every((e, i) => i === 0 || e - exps[i - 1] === exps[1] - exps[0]);
  };

  it('is chosen from the data, with at most 9 regular power-of-ten ticks, for any spread', () => {
    for (const values of [[0.133, 12.9], [3e-18, 0.0099], [1e-45 * 2, 0.98], [5, 5], [1e-44, 3e38]]) {
      const axis = decadeAxis(values);
      const lo = Math.min(...values), hi = Math.max(...values);
      expect(axis.min).toBeLessThanOrEqual(lo);
      expect(axis.max).toBeGreaterThanOrEqual(hi);
      expect(Math.log10(lo) - Math.log10(axis.min)).toBeLessThanOrEqual(axis.step + 1);
      expect(axis.ticks.length).toBeLessThanOrEqual(9);
      expect(isRegular(axis.ticks), axis.ticks.join()).toBe(true);
      expect(axis.ticks[0]).toBe(axis.min);
      expect(axis.ticks.at(-1)).toBe(axis.max);
    }
  });

  it('ignores zeros and values below float32\'s range', () => {
    expect(decadeAxis([0, FLOAT32_TINY / 2, 0.5, 2])).toMatchObject({ min: 0.1, max: 10 });
    expect(decadeAxis([0, null])).toBeNull();
  });

  it('clips a theory line that falls off the axis at depth 1000 exactly at the floor', () => {
    const line = theoryLog10Line(0.235, 0.25, 1000);
    expect(theoryLine(0.235, 0.25, 1000)[0]).toBe(0); // in linear space it underflows
    const points = clipLogLine(line, 1e-50, 1e10);
    const drawn = points.filter((p) => p.y !== null);
    expect(drawn.every((p) => p.y >= 1e-50 * (1 - 1e-12) && p.y <= 1e10)).toBe(true);
    expect(drawn[0].y).toBeCloseTo(1e-50, 60);
    expect(drawn[0].x).toBeGreaterThan(910);
    expect(drawn.at(-1)).toEqual({ x: 1000, y: 10 ** line[999] });
  });

  it('clips a line that leaves through the top and returns through the bottom', () => {
    const points = clipLogLine([0, 3, 0, -3], 1e-1, 1e1);
    expect(points.map((p) => p.y === null ? null : Math.round(Math.log10(p.y) * 1000) / 1000)).toEqual([0, 1, null, 1, 0, -1]);
  });

  it('finds the layers it cannot show and writes them as ranges', () => {
    expect(offScale([0, 1, NaN, 1e-46, Infinity, null])).toEqual({ zero: [1, 4], nonFinite: [3, 5] });
    expect(layerRanges([1, 2, 3, 5, 7, 8])).toBe('1–3, 5, 7–8');
  });
});

describe('gradient strings', () => {
  it('have the same keys and placeholders in English and Chinese', () => {
    const { en, zh } = GRADIENT_STRINGS;
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) expect(placeholders(zh[key]), key).toEqual(placeholders(en[key]));
  });
});
