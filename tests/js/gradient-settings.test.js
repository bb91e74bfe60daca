// The gradient panel's pure parts: its settings table and the simulator
// config built from it (checked against the real simulator), the theory of
// per-layer gradient factors (checked against measurement), the presets and
// the URL rows of the settings, and the init matrix's cell maths.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { runSimulations } from '../../web/src/simulator/run-simulations.js';
import { GRADIENT_SETTINGS, INIT_SCHEMES, QUANTITIES, configFor } from '../../web/src/gradients/gradient-settings.js';
import { settingShown } from '../../web/src/ui/setting-controls.js';
import { layerFactor, slopeMoment, theoryLine, weightVariance } from '../../web/src/gradients/theory.js';
import { PRESETS } from '../../web/src/gradients/presets.js';
import { presetChanges } from '../../web/src/ui/preset-changes.js';
import { matrixCell, ratioColour } from '../../web/src/gradients/init-matrix.js';
import { VIEWS, buildSchema, defaultState, paramKey, paramsOf } from '../../web/src/shell/state-schema.js';
import { readState, writeState } from '../../web/src/shell/url-state.js';

/** Every gradient setting at its default. */
const DEFAULTS = Object.freeze(Object.fromEntries(GRADIENT_SETTINGS.map((s) => [s.key, s.default])));
const SMALL = { gdepth: 3, gwidth: 8, gbatch: 4 };
const setting = (key) => GRADIENT_SETTINGS.find((s) => s.key === key);

let lab;
let catalog;
let specs; // id -> catalogue entry
let simulator;
beforeAll(async () => {
  [lab, simulator] = await Promise.all([loadActLab(), loadSimulatorModule('simd')]);
  catalog = lab.catalog;
  specs = new Map(catalog.activations.map((spec) => [spec.id, spec]));
});

// The catalogue's default parameters of spec as { name: value }.
const defaultParams = (spec) => Object.fromEntries(spec.params.map((p) => [p.name, p.default]));

// Runs configs through the simulator module; returns the parsed results.
const simulate = (...configs) => runSimulations(simulator, configs).results;

describe('GRADIENT_SETTINGS', () => {
  it('has unique keys, all starting with "g"', () => {
    const keys = GRADIENT_SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^g[a-z]+$/);
  });

  it.each(GRADIENT_SETTINGS.map((s) => [s.key, s]))('%s: the default lies within its range (and its slider\'s) or values', (key, s) => {
    if (s.kind === 'enum') {
      expect(s.values).toContain(s.default);
      expect(new Set(s.values).size).toBe(s.values.length);
    } else {
      expect(s.kind).toMatch(/^(int|number)$/);
      expect(s.min).toBeLessThan(s.max);
      expect(s.default).toBeGreaterThanOrEqual(s.min);
      expect(s.default).toBeLessThanOrEqual(s.max);
      if (s.kind === 'int') for (const v of [s.default, s.min, s.max]) expect(Number.isInteger(v)).toBe(true);
      // The slider may be narrower than the range (sliderMin / sliderMax; a log slider from 0 starts at 0.001).
      const lo = s.sliderMin ?? (s.scale === 'log' && s.min === 0 ? 0.001 : s.min);
      const hi = s.sliderMax ?? s.max;
      expect(lo).toBeGreaterThanOrEqual(s.min);
      expect(hi).toBeLessThanOrEqual(s.max);
      expect(s.default).toBeGreaterThanOrEqual(lo);
      expect(s.default).toBeLessThanOrEqual(hi);
      if (s.scale === 'log') expect(lo).toBeGreaterThan(0);
    }
  });

  it('conditions (when) refer to enum settings and to values they can take', () => {
    for (const s of GRADIENT_SETTINGS.filter((x) => x.when)) {
      for (const [key, values] of Object.entries(s.when)) {
        expect(setting(key)?.kind, `${s.key} depends on ${key}`).toBe('enum');
        for (const v of values) expect(setting(key).values).toContain(v);
      }
    }
  });

  it('the init schemes and plotted quantities are the ones the enum rows offer', () => {
    expect(setting('ginit').values).toEqual(INIT_SCHEMES);
    expect(setting('gq').values).toEqual(QUANTITIES.map((q) => q.id));
  });
});

describe('settingShown', () => {
  it('shows the fan mode only for He and LeCun schemes', () => {
    for (const scheme of INIT_SCHEMES) {
      expect(settingShown(setting('gfan'), { ...DEFAULTS, ginit: scheme }), scheme).toBe(/^(he|lecun)_/.test(scheme));
    }
  });

  it('shows std, bound and value only for their own scheme, and the clip threshold only while clipping', () => {
    const shown = (key, changes) => settingShown(setting(key), { ...DEFAULTS, ...changes });
    expect(shown('gstd', { ginit: 'normal' })).toBe(true);
    expect(shown('gstd', { ginit: 'uniform' })).toBe(false);
    expect(shown('gbound', { ginit: 'uniform' })).toBe(true);
    expect(shown('gvalue', { ginit: 'constant' })).toBe(true);
    expect(shown('gvalue', { ginit: 'normal' })).toBe(false);
    expect(shown('ginval', { ginput: 'constant' })).toBe(true);
    expect(shown('ginval', { ginput: 'normal' })).toBe(false);
    expect(shown('gclipv', { gclip: 'off' })).toBe(false);
    expect(shown('gclipv', { gclip: 'value' })).toBe(true);
    expect(shown('gclipv', { gclip: 'norm' })).toBe(true);
  });

  it('always shows settings without conditions', () => {
    for (const s of GRADIENT_SETTINGS.filter((x) => !x.when && !x.visible)) expect(settingShown(s, {}), s.key).toBe(true);
  });

  it('shows the remedies\' details only where they apply', () => {
    const shown = (key, state) => settingShown(setting(key), { ...DEFAULTS, ...state });
    expect(shown('gnormat', {})).toBe(false);
    expect(shown('gnormat', { gnorm: 'layernorm' })).toBe(true);
    expect(shown('gskipscale', {})).toBe(false);
    expect(shown('gskipscale', { gskip: 2 })).toBe(true);
    expect(shown('gskipalpha', { gskip: 2 })).toBe(false);
    expect(shown('gskipalpha', { gskip: 2, gskipscale: 'alpha' })).toBe(true);
    expect(shown('gdropkind', {})).toBe(false);
    expect(shown('gdropkind', { gdrop: 0.1 })).toBe(true);
    expect(shown('gpairc', { gpairs: 'on' })).toBe(true);
  });
});

describe('configFor', () => {
  it('maps every setting to its engine key, with a square stack (input width = width)', () => {
    const state = {
      ...DEFAULTS, gdepth: 7, gwidth: 12, gbatch: 5, ginit: 'he_uniform', gfan: 'fan_out', ggain: 1.5, gstd: 0.2,
      gbound: 0.3, gvalue: -0.4, gbias: 0.05, ginput: 'uniform', ginval: 2, gloss: 'mse', gseed: 42, gsat: 0.01,
    };
    expect(configFor(state, specs.get('tanh'), {})).toEqual({
      inputWidth: 12, depth: 7, width: 12, batch: 5, activation: { id: 'tanh', params: [] },
      init: 'he_uniform', fanMode: 'fan_out', gain: 1.5, std: 0.2, bound: 0.3, value: -0.4, bias: 0.05,
      input: 'uniform', inputValue: 2, upstream: 'mse', seed: 42, saturationThreshold: 0.01, clipValue: 0, clipNorm: 0,
      biasStd: 0, norm: 'none', normPlacement: 'before_activation', residualEvery: 0, residualScale: 'one', residualAlpha: 1,
      dropout: 0, dropoutKind: 'dropout', pairs: false, pairCorrelation: 0,
    });
    const remedies = { ...state, gbstd: 0.3, gnorm: 'rmsnorm', gnormat: 'post_residual', gskip: 3, gskipscale: 'alpha', gskipalpha: 0.5, gdrop: 0.2, gdropkind: 'alphadropout', gpairs: 'on', gpairc: 0.9 };
    expect(configFor(remedies, specs.get('tanh'), {})).toMatchObject({
      biasStd: 0.3, norm: 'rmsnorm', normPlacement: 'post_residual', residualEvery: 3, residualScale: 'alpha', residualAlpha: 0.5,
      dropout: 0.2, dropoutKind: 'alphadropout', pairs: true, pairCorrelation: 0.9,
    });
  });

  it('lists params in the order of spec.params, whatever the order of the params object', () => {
    const softplus = specs.get('softplus');
    expect(softplus.params.map((p) => p.name)).toEqual(['beta', 'threshold']);
    expect(configFor(DEFAULTS, softplus, { threshold: 5, beta: 2 }).activation).toEqual({ id: 'softplus', params: [2, 5] });
    const hardtanh = specs.get('hardtanh');
    expect(configFor(DEFAULTS, hardtanh, { max_val: 3, min_val: -2 }).activation.params).toEqual([-2, 3]);
  });

  it.each([
    ['off', { clipValue: 0, clipNorm: 0 }],
    ['value', { clipValue: 0.25, clipNorm: 0 }],
    ['norm', { clipValue: 0, clipNorm: 0.25 }],
  ])('clip mode %s sets clipValue / clipNorm from gclipv', (mode, expected) => {
    const config = configFor({ ...DEFAULTS, gclip: mode, gclipv: 0.25 }, specs.get('relu'), {});
    expect({ clipValue: config.clipValue, clipNorm: config.clipNorm }).toEqual(expected);
  });

  it('asks for the chain of sample 0 at width 1 only', () => {
    const relu = specs.get('relu');
    expect(configFor({ ...DEFAULTS, gwidth: 1 }, relu, {}).chainSample).toBe(0);
    expect(configFor({ ...DEFAULTS, gwidth: 2 }, relu, {})).not.toHaveProperty('chainSample');
    expect(configFor(DEFAULTS, relu, {}, { width: 1 }).chainSample).toBe(0);
  });

  it('applies overrides last', () => {
    const config = configFor(DEFAULTS, specs.get('relu'), {}, { depth: 2, init: 'orthogonal' });
    expect(config.depth).toBe(2);
    expect(config.init).toBe('orthogonal');
  });

  it('at width 1 the engine reports the chain of the first sample', () => {
    const [result] = simulate(configFor({ ...DEFAULTS, ...SMALL, gwidth: 1 }, specs.get('tanh'), {}));
    expect(result.ok).toBe(true);
    expect(result.chain).toHaveLength(SMALL.gdepth + 1);
  });
});

describe('the engine accepts the configs configFor makes', () => {
  it('the default settings, for every catalogue activation with its default params', () => {
    const ids = catalog.activations.map((spec) => spec.id);
    expect(ids.length).toBeGreaterThan(20);
    const results = simulate(...catalog.activations.map((spec) => configFor({ ...DEFAULTS, ...SMALL }, spec, defaultParams(spec))));
    for (const [i, result] of results.entries()) expect(result.error, ids[i]).toBeUndefined();
    expect(results.every((r) => r.ok && r.layers.length === SMALL.gdepth)).toBe(true);
  });

  it('every value of every enum setting', () => {
    const relu = specs.get('relu');
    for (const s of GRADIENT_SETTINGS.filter((x) => x.kind === 'enum')) {
      const configs = s.values.map((v) => configFor({ ...DEFAULTS, ...SMALL, [s.key]: v }, relu, {}));
      for (const [i, result] of simulate(...configs).entries()) expect(result.error, `${s.key}=${s.values[i]}`).toBeUndefined();
    }
  });

  it('every number setting at its minimum and its maximum (where it applies)', () => {
    const gelu = specs.get('gelu');
    for (const s of GRADIENT_SETTINGS.filter((x) => x.kind !== 'enum' && !['gdepth', 'gwidth', 'gbatch'].includes(x.key))) {
      const applies = Object.fromEntries(Object.entries(s.when ?? {}).map(([key, values]) => [key, values[0]]));
      for (const v of [s.min, s.max]) {
        const [result] = simulate(configFor({ ...DEFAULTS, ...SMALL, ...applies, [s.key]: v }, gelu, {}));
        expect(result.error, `${s.key}=${v}`).toBeUndefined();
      }
    }
  });

  it('depth, width and batch at their maxima are within the engine\'s ranges (refused only for memory)', () => {
    const relu = specs.get('relu');
    for (const key of ['gdepth', 'gwidth', 'gbatch']) {
      const [result] = simulate(configFor({ ...DEFAULTS, [key]: setting(key).max }, relu, {}, { memoryBudgetMiB: 1 }));
      expect(result.error, key).toMatch(/^this configuration needs [\d.]+ MiB, above the memory budget of 1 MiB/);
    }
    const [all] = simulate(configFor({ ...DEFAULTS, gdepth: 1000, gwidth: 2048, gbatch: 4096 }, relu, {}));
    expect(all.error).toMatch(/memory budget of 512 MiB; .*lower/);
  });
});

describe('theory', () => {
  const theory = (changes, id = 'relu', params = {}, quantity = 'gradZRms') => layerFactor({ ...DEFAULTS, ...changes }, id, params, quantity);

  it('He + ReLU keeps gradients level: factor 1, exact', () => {
    expect(theory({ ginit: 'he_normal' })).toEqual({ factor: 1, exact: true });
    expect(theory({ ginit: 'he_uniform' }, 'relu', {}, 'gradARms').factor).toBeCloseTo(1, 14);
  });

  it.each(['xavier_normal', 'xavier_uniform', 'lecun_normal', 'lecun_uniform', 'orthogonal'])(
    '%s + ReLU shrinks gradients by 1/√2 per layer', (scheme) => {
      const result = theory({ ginit: scheme });
      expect(result.exact).toBe(true);
      expect(result.factor).toBeCloseTo(Math.SQRT1_2, 14);
    },
  );

  it('sigmoid with Xavier: factor at most 1/4, flagged as a bound', () => {
    expect(theory({ ginit: 'xavier_normal' }, 'sigmoid')).toEqual({ factor: 0.25, exact: false });
    expect(slopeMoment('sigmoid', {})).toEqual({ value: 1 / 16, exact: false });
    expect(theory({ ginit: 'xavier_normal' }, 'sigmoid', {}, 'gradWNorm')).toBeNull(); // only a bound: no level line
  });

  it('scales with the gain and uses the catalogue params of leaky ReLU and PReLU', () => {
    expect(theory({ ginit: 'he_normal', ggain: 2 }).factor).toBeCloseTo(2, 14);
    expect(theory({ ginit: 'he_normal' }, 'leaky_relu', { negative_slope: 0.5 }).factor).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(theory({ ginit: 'he_normal' }, 'prelu', { alpha: -1 }).factor).toBeCloseTo(Math.SQRT2, 14);
    expect(theory({ ginit: 'xavier_normal' }, 'identity').factor).toBeCloseTo(1, 14);
  });

  it('weight variance of the explicit schemes: (gain·std)², (gain·bound)²/3', () => {
    expect(weightVariance({ ginit: 'normal', ggain: 2, gstd: 0.5 }, 64)).toBeCloseTo(1, 14);
    expect(weightVariance({ ginit: 'uniform', ggain: 1, gbound: 3 }, 64)).toBeCloseTo(3, 14);
    expect(weightVariance({ ginit: 'xavier_uniform', ggain: 1 }, 64)).toBeCloseTo(1 / 64, 14);
    expect(weightVariance({ ginit: 'constant', ggain: 1, gvalue: 0.1 }, 64)).toBeNull();
  });

  it('gives ‖∂L/∂W‖ a level line (factor 1) for positively homogeneous activations only', () => {
    expect(theory({ ginit: 'xavier_normal' }, 'relu', {}, 'gradWNorm')).toEqual({ factor: 1, exact: true });
    expect(theory({ ginit: 'xavier_normal' }, 'relu', {}, 'aStd')).toBeNull();
    expect(theory({ ginit: 'xavier_normal' }, 'relu', {}, 'gradWRatio')).toBeNull();
  });

  it('gives no theory with a nonzero bias, constant weights, no closed form, width 1 or depth 1', () => {
    expect(theory({ ginit: 'he_normal', gbias: 0.1 })).toBeNull();
    expect(theory({ ginit: 'he_normal', gbias: -0.1 })).toBeNull();
    expect(theory({ ginit: 'constant' })).toBeNull();
    expect(theory({ ginit: 'he_normal' }, 'tanh')).toBeNull();
    expect(theory({ ginit: 'he_normal' }, 'gelu')).toBeNull();
    expect(theory({ ginit: 'he_normal', gwidth: 1 })).toBeNull();
    expect(theory({ ginit: 'he_normal', gdepth: 1 })).toBeNull();
  });

  it('theoryLine is anchored at the last layer and multiplies by the factor per layer towards the first', () => {
    expect(theoryLine(8, 0.5, 4)).toEqual([1, 2, 4, 8]);
    expect(theoryLine(3, 2, 1)).toEqual([3]);
    const line = theoryLine(0.7, Math.SQRT1_2, 20);
    expect(line).toHaveLength(20);
    expect(line.at(-1)).toBe(0.7);
    expect(line[0]).toBeCloseTo(0.7 * Math.SQRT1_2 ** 19, 14);
  });

  describe('against the engine (depth 20, width 256, batch 64)', () => {
    const STACK = { gdepth: 20, gwidth: 256, gbatch: 64 };

    // Measured gradZRms per layer and the ratio of each layer's to the next one's.
    function measure(changes, id) {
      const state = { ...DEFAULTS, ...STACK, ...changes };
      const [result] = simulate(configFor(state, specs.get(id), defaultParams(specs.get(id))));
      expect(result.ok).toBe(true);
      const rms = result.layers.map((l) => l.gradZRms);
      return { state, rms, ratios: rms.slice(0, -1).map((v, i) => v / rms[i + 1]), mean: (rms[0] / rms.at(-1)) ** (1 / (rms.length - 1)) };
    }

    it('ReLU + Xavier: every measured per-layer factor is within 10% of 1/√2, as is their geometric mean', () => {
      const { state, rms, ratios, mean } = measure({ ginit: 'xavier_normal' }, 'relu');
      const { factor } = layerFactor(state, 'relu', {}, 'gradZRms');
      expect(factor).toBeCloseTo(Math.SQRT1_2, 14);
      expect(Math.abs(mean / factor - 1)).toBeLessThan(0.1);
      for (const [i, r] of ratios.entries()) expect(Math.abs(r / factor - 1), `layer ${i + 1}`).toBeLessThan(0.1);
      const line = theoryLine(rms.at(-1), factor, rms.length);
      expect(Math.abs(Math.log(line[0] / rms[0]))).toBeLessThan(Math.log(1.25)); // 19 layers on: still within 25%
    });

    it('ReLU + He: the measured factor is 1 within 10%, Xavier\'s is not', () => {
      const he = measure({ ginit: 'he_normal' }, 'relu');
      expect(Math.abs(he.mean - 1)).toBeLessThan(0.1);
      for (const r of he.ratios) expect(Math.abs(r - 1)).toBeLessThan(0.1);
      expect(measure({ ginit: 'xavier_normal' }, 'relu').mean).toBeLessThan(0.9);
    });

    it('sigmoid + Xavier: the measured factor stays under the 1/4 bound', () => {
      const { state, mean } = measure({ ginit: 'xavier_normal' }, 'sigmoid');
      const bound = layerFactor(state, 'sigmoid', {}, 'gradZRms');
      expect(mean).toBeLessThan(bound.factor);
      expect(mean).toBeGreaterThan(0.15);
    });
  });
});

describe('presets', () => {
  // Catalogue defaults of the functions' params, as gradients-view.js builds them.
  const catalogDefaults = (ids) => Object.fromEntries(ids.flatMap((id) => specs.get(id).params.map((p) => [paramKey(id, p.name), p.default])));
  const checkParams = (spec, state) => {
    try {
      lab.activate(spec.id, [0.5], paramsOf(state, spec));
      return '';
    } catch (error) {
      return error.message;
    }
  };

  it('have unique ids, functions from the catalogue and only gradient settings in `set`', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const preset of PRESETS) {
      for (const id of preset.fn) expect(specs.has(id), `${preset.id}: ${id}`).toBe(true);
      for (const key of Object.keys(preset.set)) expect(setting(key), `${preset.id}: ${key}`).toBeDefined();
      expect(preset.source).toMatch(/\d{4}/);
    }
  });

  it('return every other gradient setting to its default and show only their functions', () => {
    const changes = presetChanges(PRESETS.find((p) => p.id === 'reluHe'), GRADIENT_SETTINGS, catalogDefaults);
    expect(changes).toEqual({ ...DEFAULTS, fn: ['relu'], hide: [], ginit: 'he_normal', gdepth: 30, gwidth: 256, gbatch: 64 });
    const dead = presetChanges(PRESETS.find((p) => p.id === 'deadRelu'), GRADIENT_SETTINGS, catalogDefaults);
    expect(dead['leaky_relu.negative_slope']).toBe(0.01);
    expect(dead.gbias).toBe(-3);
  });

  it('do not share their fn list with the state they produce', () => {
    const preset = PRESETS[0];
    const changes = presetChanges(preset, GRADIENT_SETTINGS, catalogDefaults);
    changes.fn.push('tanh');
    expect(preset.fn).not.toContain('tanh');
  });

  it.each(PRESETS.map((p) => [p.id, p]))('%s: the URL round-trips its state with no notes', (id, preset) => {
    const schema = buildSchema(catalog, 'en');
    const state = { ...defaultState(schema), ...presetChanges(preset, GRADIENT_SETTINGS, catalogDefaults), view: 'gradients' };
    const search = writeState(state, schema);
    const read = readState(search, schema, catalog, checkParams);
    expect(read.notes).toEqual([]);
    expect(read.state).toEqual(state);
    expect(new URLSearchParams(search).get('view')).toBe('gradients');
  });

  it('the exploding and clipped presets show what they claim on the engine (width 1, sigmoid)', () => {
    const stateOf = (id) => ({ ...DEFAULTS, ...presetChanges(PRESETS.find((p) => p.id === id), GRADIENT_SETTINGS, catalogDefaults) });
    const sigmoid = specs.get('sigmoid');
    const [exploding, clipped] = simulate(configFor(stateOf('exploding'), sigmoid, {}), configFor(stateOf('clipped'), sigmoid, {}));
    expect(exploding.layers[0].gradZRms / exploding.layers.at(-1).gradZRms).toBeGreaterThan(1e3);
    expect(exploding.chainLog10).toBeGreaterThan(3);
    expect(exploding.clip.scale).toBe(1);
    expect(clipped.clip.normBefore).toBeGreaterThan(1);
    expect(clipped.clip.normAfter).toBeCloseTo(1, 5);
  });
});

describe('URL rows of the gradient settings', () => {
  let schema;
  const read = (search) => readState(search, schema, catalog, () => '');
  beforeAll(() => {
    schema = buildSchema(catalog, 'en');
  });

  it('the schema has a row per setting, omitted from the URL while at its default, and a gradients view', () => {
    expect(VIEWS).toContain('gradients');
    for (const s of GRADIENT_SETTINGS) expect(schema.byKey.get(s.key)?.default, s.key).toEqual(s.default);
    const search = writeState(defaultState(schema), schema);
    expect(search).not.toMatch(/[?&]g[a-z]+=/);
    expect(read('?view=gradients')).toMatchObject({ state: { view: 'gradients' }, notes: [] });
  });

  it('reads valid values of every kind without notes', () => {
    const { state, notes } = read('?gdepth=12&ginit=he_uniform&ggain=1.5&gclip=norm&gclipv=0.001&gsat=1e-6&gseed=7');
    expect(notes).toEqual([]);
    expect(state).toMatchObject({ gdepth: 12, ginit: 'he_uniform', ggain: 1.5, gclip: 'norm', gclipv: 0.001, gsat: 1e-6, gseed: 7 });
  });

  it('writes a seed of more than 6 digits exactly', () => {
    const state = { ...defaultState(schema), gseed: 1234567 };
    expect(read(writeState(state, schema)).state.gseed).toBe(1234567);
  });

  it('writes every number setting exactly, so a copied link holds the state it came from', () => {
    const state = { ...defaultState(schema), gbias: 1.23456789, ggain: 0.1 + 0.2, gstd: 1e-7 / 3, gclipv: 123456.789, gsat: 0.00012345678 };
    const search = writeState(state, schema);
    expect(search).toContain('gbias=1.23456789');
    const back = read(search);
    expect(back.notes).toEqual([]);
    for (const key of ['gbias', 'ggain', 'gstd', 'gclipv', 'gsat']) expect(back.state[key], key).toBe(state[key]);
  });

  it('gdepth=12.6 rounds to 13 with a note', () => {
    const { state, notes } = read('?gdepth=12.6');
    expect(state.gdepth).toBe(13);
    expect(notes).toEqual([{ key: 'noteRounded', vars: { key: 'gdepth', text: '12.6', value: 13 } }]);
  });

  it('gdepth=0 clamps to 1 with a note, and a too large width clamps to the maximum', () => {
    const low = read('?gdepth=0');
    expect(low.state.gdepth).toBe(1);
    expect(low.notes).toEqual([{ key: 'noteClamped', vars: { key: 'gdepth', text: '0', min: 1, max: 1000, value: '1' } }]);
    const high = read('?gwidth=1e6');
    expect(high.state.gwidth).toBe(2048);
    expect(high.notes.map((n) => n.key)).toEqual(['noteClamped']);
  });

  it('ginit=bogus falls back to the default with a note', () => {
    const { state, notes } = read('?ginit=bogus');
    expect(state.ginit).toBe('xavier_normal');
    expect(notes).toEqual([{ key: 'noteBadValue', vars: { key: 'ginit', text: 'bogus', value: 'xavier_normal' } }]);
  });

  it('a non-numeric gain falls back to the default with a note', () => {
    const { state, notes } = read('?ggain=NaN');
    expect(state.ggain).toBe(1);
    expect(notes.map((n) => n.key)).toEqual(['noteBadValue']);
  });
});

describe('init matrix cells', () => {
  it('matrixCell: first-layer over last-layer gradZRms, and the last layer\'s std of a', () => {
    const result = { ok: true, layers: [{ gradZRms: 0.01, aStd: 5 }, { gradZRms: 0.5, aStd: 3 }, { gradZRms: 2, aStd: 0.25 }] };
    expect(matrixCell(result)).toEqual({ ratio: 0.005, lastStd: 0.25, undefinedWhy: '' });
  });

  it('matrixCell: says why there is no ratio (all-zero last layer, non-finite gradient)', () => {
    const layers = (first, last) => [{ gradZRms: first, aStd: 1 }, { gradZRms: last, aStd: 2 }];
    expect(matrixCell({ ok: true, layers: layers(0, 0) }).undefinedWhy).toBe('zero');
    expect(matrixCell({ ok: true, layers: layers(NaN, 1) }).undefinedWhy).toBe('nonFinite');
    expect(matrixCell({ ok: true, layers: layers(0, 1) })).toEqual({ ratio: 0, lastStd: 2, undefinedWhy: '' });
  });

  it('matrixCell: a refused config gives NaN and its error', () => {
    expect(matrixCell({ ok: false, error: 'depth = 0 is outside' })).toEqual({ ratio: NaN, lastStd: NaN, error: 'depth = 0 is outside', undefinedWhy: '' });
  });

  it('matrixCell on a real run: Xavier + ReLU over 20 layers vanishes by about (1/√2)^19', () => {
    const [result] = simulate(configFor({ ...DEFAULTS, gdepth: 20, gwidth: 256, gbatch: 64, ginit: 'xavier_normal' }, specs.get('relu'), {}));
    const { ratio } = matrixCell(result);
    expect(Math.log10(ratio)).toBeCloseTo(19 * Math.log10(Math.SQRT1_2), 0);
  });

  it('ratioColour: the background at ratio 1, full blue / vermilion from 6 decades on (blue for a ratio of 0), grey when there is no ratio', () => {
    const back = [255, 255, 255];
    expect(ratioColour(0, back)).toBe('rgb(255,255,255)');
    expect(ratioColour(-6, back)).toBe('rgb(0,114,178)');
    expect(ratioColour(-40, back)).toBe('rgb(0,114,178)');
    expect(ratioColour(6, back)).toBe('rgb(213,94,0)');
    expect(ratioColour(3, [0, 0, 0])).toBe('rgb(107,47,0)');
    expect(ratioColour(NaN, back)).toBe('rgb(150,150,150)');
    expect(ratioColour(Infinity, back)).toBe('rgb(150,150,150)');
    expect(ratioColour(-Infinity, back)).toBe('rgb(0,114,178)');
  });
});
