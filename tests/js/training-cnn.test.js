// The training lab's CNN and dropout settings: the layer list's text form
// (exact round trip; garbage never throws and is named), its URL row, the
// configs built per network (the activation put in for `a`, the dropout kind
// and weight scheme 'auto', 'both' as two runs, the MLP unchanged without
// dropout), the memory share, the presets recognised, and the engine taking
// (or refusing, with the layer and the range) what the page builds.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { buildSchema, defaultState, paramsOf } from '../../web/src/shell/state-schema.js';
import { readState, writeState } from '../../web/src/shell/url-state.js';
import { LAYER_LIMITS, blockNames, engineLayers, formatLayers, layerShapes, parseLayers } from '../../web/src/training/layer-text.js';
import { DEFAULT_LAYERS, dropKindsFor, effectiveArch, initFor } from '../../web/src/training/architecture.js';
import { runsFor } from '../../web/src/training/network-runs.js';
import { TRAINING_SETTINGS, dataRequest, trainerConfigFor } from '../../web/src/training/training-settings.js';
import { HANSEN_LAYERS, TRAINING_PRESETS, activePreset } from '../../web/src/training/training-presets.js';
import { macsPerSample, stallBound } from '../../web/src/training/training-client.js';
import { progressOf } from '../../web/src/training/epoch-progress.js';
import { presetChanges } from '../../web/src/ui/preset-changes.js';
import { gatedRunIndex, gatedSpecs } from '../../web/src/shell/gated-runs.js';
import { createWasmTrainer } from '../../web/src/train/wasm-trainer.js';
import { loadDataset } from '../../web/src/train/datasets.js';
import { STRINGS } from '../../web/src/i18n/strings.js';

let catalog, schema, simulator;
const specOf = (id) => catalog.activations.find((a) => a.id === id);
const stateWith = (changes) => ({ ...defaultState(schema), ...changes });
const runsOf = (state) => runsFor(state, state.fn.map(specOf), (spec) => paramsOf(state, spec));
const catalogDefaults = (ids) => Object.fromEntries(ids.flatMap((id) => specOf(id).params.map((p) => [`${id}.${p.name}`, p.default])));
const presetState = (id) => stateWith({ ...presetChanges(TRAINING_PRESETS.find((p) => p.id === id), TRAINING_SETTINGS, catalogDefaults), view: 'training' });

// A deterministic stream of numbers in [0, 1) (xorshift), for the fuzzing.
function stream(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x / 2 ** 32;
  };
}

beforeAll(async () => {
  ({ catalog } = await loadActLab({ simd: true }));
  schema = buildSchema(catalog, 'en');
  simulator = await loadSimulatorModule('simd');
});

describe('the layer list as text', () => {
  it('reads every kind of layer and writes it back exactly', () => {
    const text = 'c32k3,a,c64k3s,a,p2,d0.25,f,h128,a,d0.5';
    const { layers, error } = parseLayers(text);
    expect(error).toBeUndefined();
    expect(layers).toEqual([
      { type: 'conv', filters: 32, kernel: 3, padding: 'valid' }, { type: 'act' }, { type: 'conv', filters: 64, kernel: 3, padding: 'same' }, { type: 'act' },
      { type: 'pool', size: 2 }, { type: 'drop', rate: 0.25 }, { type: 'flat' }, { type: 'dense', units: 128 }, { type: 'act' }, { type: 'drop', rate: 0.5 },
    ]);
    expect(formatLayers(layers)).toBe(text);
    for (const canonical of [HANSEN_LAYERS, DEFAULT_LAYERS, '', 'a', 'f,h1', 'c1024k28s', 'd0', 'd0.9', 'd0.123456']) {
      expect(formatLayers(parseLayers(canonical).layers), canonical).toBe(canonical);
    }
  });

  it('round-trips random lists exactly (parse(format(list)) is the list)', () => {
    const random = stream(12);
    const pick = (n) => Math.floor(random() * n);
    for (let trial = 0; trial < 500; trial++) {
      const layers = Array.from({ length: pick(LAYER_LIMITS.layers.max + 1) }, () => {
        switch (pick(6)) {
          case 0: return { type: 'conv', filters: 1 + pick(1024), kernel: 1 + pick(28), padding: random() < 0.5 ? 'same' : 'valid' };
          case 1: return { type: 'act' };
          case 2: return { type: 'pool', size: 1 + pick(28) };
          case 3: { const scale = 10 ** (1 + pick(4)); return { type: 'drop', rate: Math.round(random() * 0.9 * scale) / scale }; }
          case 4: return { type: 'flat' };
          default: return { type: 'dense', units: 1 + pick(4096) };
        }
      });
      const text = formatLayers(layers);
      expect(parseLayers(text), text).toEqual({ layers });
      expect(formatLayers(parseLayers(text).layers)).toBe(text);
    }
  });

  it('tolerates spaces and capitals, and writes the canonical form', () => {
    expect(formatLayers(parseLayers(' C32K3 , A,p2 , D.5,F ,H010 ').layers)).toBe('c32k3,a,p2,d0.5,f,h10');
  });

  it('names the first problem of a bad list: a token that is no layer, a setting out of range, too many layers', () => {
    expect(parseLayers('c32k3,,a').error).toEqual({ key: 'tlayersErrToken', vars: { index: 2, token: '' } });
    expect(parseLayers('c32k3,conv3d').error).toEqual({ key: 'tlayersErrToken', vars: { index: 2, token: 'conv3d' } });
    expect(parseLayers('c0k3').error).toEqual({ key: 'tlayersErrRange', vars: { index: 1, token: 'c0k3', setting: 'filters', value: '0', min: 1, max: 1024 } });
    expect(parseLayers('a,c8k29').error.vars).toMatchObject({ index: 2, setting: 'kernel', value: '29', max: 28 });
    expect(parseLayers('d0.95').error.vars).toMatchObject({ setting: 'rate', value: '0.95', min: 0, max: 0.9 });
    expect(parseLayers('h0').error.vars).toMatchObject({ setting: 'units', min: 1, max: 4096 });
    expect(parseLayers('p0').error.vars).toMatchObject({ setting: 'pool' });
    expect(parseLayers(Array(33).fill('a').join(',')).error).toEqual({ key: 'tlayersErrTooMany', vars: { max: 32, n: 33 } });
    expect(parseLayers(`x${'y'.repeat(100)}`).error.vars.token).toBe(`x${'y'.repeat(19)}…`);
    for (const key of ['tlayersErrToken', 'tlayersErrRange', 'tlayersErrTooMany']) for (const lang of ['en', 'zh']) expect(typeof STRINGS[lang][key]).toBe('string');
  });

  it('never throws on garbage: random text, huge text, other types; each gives layers or a named problem', () => {
    const random = stream(99);
    const alphabet = 'ckpdfhas0123456789.,-+eE x<>"\'%&;\u00a0\u4e00';
    for (let trial = 0; trial < 3000; trial++) {
      const text = Array.from({ length: Math.floor(random() * 40) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const parsed = parseLayers(text);
      expect(Boolean(parsed.layers) !== Boolean(parsed.error), text).toBe(true);
      if (parsed.layers) expect(parseLayers(formatLayers(parsed.layers))).toEqual(parsed);
      else expect(parsed.error.key).toMatch(/^tlayersErr/);
    }
    for (const odd of [undefined, null, 42, {}, [], Symbol('x'), 'a,'.repeat(100000), '\u0000']) expect(() => parseLayers(odd)).not.toThrow();
  });

  it('gives the engine spec with the activation for a and the dropout kind for d; shapes and block names as the engine has them', () => {
    const { layers } = parseLayers(HANSEN_LAYERS);
    const act = { id: 'leaky_relu', params: [0.2] };
    expect(engineLayers(layers, act, 'alphadropout')).toEqual([
      { conv2d: { filters: 32, kernel: 3, padding: 'valid' } }, { act }, { conv2d: { filters: 64, kernel: 3, padding: 'valid' } }, { act },
      { maxpool: 2 }, { alphadropout: 0.25 }, { flatten: true }, { dense: 128 }, { act }, { alphadropout: 0.5 },
    ]);
    expect(layerShapes(layers, [1, 28, 28]).map((s) => s.join('x'))).toEqual(['32x26x26', '32x26x26', '64x24x24', '64x24x24', '64x12x12', '64x12x12', '9216x1x1', '128x1x1', '128x1x1', '128x1x1']);
    expect(layerShapes(parseLayers('c4k9,a').layers, [1, 8, 8])).toEqual([null, null]);
    expect(blockNames(layers)).toEqual(['conv2d 32 3x3 valid', 'conv2d 64 3x3 valid', 'dense 128', 'output']);
  });
});

describe('the URL rows', () => {
  const read = (search) => readState(search, schema, catalog, () => '');

  it('keep the architecture, the layer list (canonical), the training subset, dropout and the new choices exactly', () => {
    const search = '?view=training&tdata=mnist&tarch=cnn&tlayers=C8K3,a,P2,f&ttrain=1500&tdropout=0.15&tdropkind=both&tinit=auto&tclipvalue=0.5&tcost=softmax_binary_cross_entropy';
    const { state, notes } = read(search);
    expect(notes).toEqual([]);
    expect(state).toMatchObject({ tarch: 'cnn', tlayers: 'c8k3,a,p2,f', ttrain: 1500, tdropout: 0.15, tdropkind: 'both', tinit: 'auto', tclipvalue: 0.5, tcost: 'softmax_binary_cross_entropy' });
    const again = read(writeState(state, schema));
    expect(again.notes).toEqual([]);
    expect(again.state).toEqual(state);
    expect(writeState(state, schema)).toMatch(/tlayers=c8k3,a,p2,f(&|$)/);
  });

  it('give the default for a broken list with a note naming the problem; clamp a subset outside its range; read "all"', () => {
    const broken = read('?tlayers=c8k3,zz');
    expect(broken.state.tlayers).toBe(DEFAULT_LAYERS);
    expect(broken.notes.map((n) => n.key)).toEqual(['tlayersErrToken', 'noteBadValue']);
    expect(broken.notes[0].vars).toEqual({ index: 2, token: 'zz' });
    const small = read('?ttrain=5');
    expect([small.state.ttrain, small.notes.map((n) => n.key)]).toEqual([100, ['noteClamped']]);
    expect(read('?ttrain=all')).toMatchObject({ state: { ttrain: 'all' }, notes: [] });
    expect(read('?ttrain=lots').state.ttrain).toBe('all');
    expect(read('?tfocus=selu-alphadropout').state.tfocus).toBe('selu-alphadropout');
  });

  it('write nothing for the new settings at their defaults', () => {
    expect(writeState(defaultState(schema), schema)).not.toMatch(/[?&]t[a-z]+=/);
  });
});

describe('the gated units a state compares', () => {
  const gatedRuns = (state) => runsFor(state, [...state.fn.map(specOf), ...gatedSpecs(catalog, state)], (spec) => paramsOf(state, spec));

  it('come after the functions, in the order ticked, with colours after every function; gates round-trips through the URL', () => {
    const state = stateWith({ fn: ['relu', 'tanh'], gates: ['swiglu', 'glu'] });
    expect(gatedSpecs(catalog, state)).toEqual([{ id: 'swiglu', name: 'SwiGLU', params: [], gated: true }, { id: 'glu', name: 'GLU', params: [], gated: true }]);
    expect(gatedRuns(state).map((r) => [r.key, r.label, r.colourIndex])).toEqual([['relu', 'ReLU', 0], ['tanh', 'Tanh', 1], ['swiglu', 'SwiGLU', 2], ['glu', 'GLU', 3]]);
    expect(gatedRunIndex(state, 'glu')).toBe(3);
    const url = writeState(state, schema);
    expect(url).toContain('gates=swiglu,glu');
    expect(readState(url, schema, catalog, () => '').state.gates).toEqual(['swiglu', 'glu']);
    expect(writeState(stateWith({}), schema)).not.toContain('gates');
    const bad = readState('?gates=swiglu,swish', schema, catalog, () => '');
    expect(bad.state.gates).toEqual(['swiglu']);
  });

  it('make each hidden layer dense to 2 x width then the gate: in the MLP, with dropout, and before each a of the CNN', () => {
    const mlp = gatedRuns(stateWith({ fn: [], gates: ['reglu'], tdata: 'digits', thidden: [16, 8] }))[0].config;
    expect(mlp.hidden).toEqual([{ width: 16, activation: { id: 'reglu', params: [] } }, { width: 8, activation: { id: 'reglu', params: [] } }]);
    const dropped = gatedRuns(stateWith({ fn: [], gates: ['geglu'], tdata: 'digits', thidden: [16], tdropout: 0.2 }))[0].config;
    expect(dropped.layers).toEqual([{ dense: 32 }, { gated: 'geglu' }, { dropout: 0.2 }]);
    const cnn = gatedRuns(stateWith({ fn: [], gates: ['swiglu'], tdata: 'digits', tarch: 'cnn', tlayers: 'c8k3s,a,p2,f,h32,a' }))[0];
    expect(cnn.config.layers).toEqual([{ conv2d: { filters: 16, kernel: 3, padding: 'same' } }, { gated: 'swiglu' }, { maxpool: 2 }, { flatten: true }, { dense: 64 }, { gated: 'swiglu' }]);
    expect(cnn.widths).toEqual([8, 32]); // the widths as typed: what the gate gives
  });

  it('train in wasm: the CNN with SwiGLU and the MLP with ReGLU lower their loss', async () => {
    const digits = await loadDataset('digits');
    for (const state of [stateWith({ fn: [], gates: ['swiglu'], tdata: 'digits', tarch: 'cnn', tlayers: 'c4k3s,a,p2,f,h16,a', tbatch: 32 }),
      stateWith({ fn: [], gates: ['reglu'], tdata: 'digits', thidden: [24], tbatch: 32 })]) {
      const trainer = createWasmTrainer(simulator, gatedRuns(state)[0].config, digits);
      const first = trainer.epoch(), second = trainer.epoch();
      trainer.destroy();
      expect(first.finite && second.finite).toBe(true);
      expect(second.meanLoss).toBeLessThan(0.8 * first.meanLoss);
    }
  });
});

describe('the networks a state compares', () => {
  it('keep the MLP exactly as before without dropout: hidden layers, no clipValue, the same data request', () => {
    const state = stateWith({ fn: ['relu', 'elu'], tdata: 'mnist' });
    const runs = runsOf(state);
    expect(runs.map((r) => [r.key, r.label, r.kind])).toEqual([['relu', 'ReLU', null], ['elu', 'ELU', null]]);
    expect(runs[1].config).toEqual({
      inputWidth: 784, classes: 10, hidden: [{ width: 32, activation: { id: 'elu', params: [1] } }, { width: 32, activation: { id: 'elu', params: [1] } }],
      output: 'softmax_cross_entropy', optimizer: 'adam', learningRate: 0.03, batch: 16, l2: 0, clipNorm: 0, init: 'xavier_normal', biasStd: 0, seed: 1,
    });
    expect(dataRequest(state)).toEqual({ kind: 'file', name: 'mnist' });
    expect(dataRequest({ ...state, ttrain: 500 })).toEqual({ kind: 'file', name: 'mnist', train: 500 });
  });

  it('put dropout after each hidden activation of an MLP, of the kind asked, and clip by value when set', () => {
    const state = stateWith({ fn: ['selu', 'relu'], tdata: 'digits', thidden: [16, 8], tdropout: 0.2, tdropkind: 'auto', tclipvalue: 0.5 });
    const [selu, relu] = runsOf(state);
    const act = (id) => ({ act: { id, params: [] } });
    expect(selu.config.layers).toEqual([{ dense: 16 }, act('selu'), { alphadropout: 0.2 }, { dense: 8 }, act('selu'), { alphadropout: 0.2 }]);
    expect(relu.config.layers).toEqual([{ dense: 16 }, act('relu'), { dropout: 0.2 }, { dense: 8 }, act('relu'), { dropout: 0.2 }]);
    expect([selu.kind, relu.kind, selu.config.hidden, selu.config.clipValue]).toEqual(['alphadropout', 'dropout', undefined, 0.5]);
    expect(runsOf({ ...state, tdropkind: 'alphadropout' }).map((r) => r.config.layers[2])).toEqual([{ alphadropout: 0.2 }, { alphadropout: 0.2 }]);
  });

  it('build the CNN from the layer list with each function (and its parameters) for a, on the data set’s input shape', () => {
    const state = stateWith({ fn: ['leaky_relu', 'prelu'], tdata: 'fashion-mnist', tarch: 'cnn', tlayers: 'c8k3,a,p2,d0.25,f,h32,a', 'leaky_relu.negative_slope': 0.2 });
    const [leaky] = runsOf(state);
    expect(leaky.config.inputShape).toEqual([1, 28, 28]);
    expect(leaky.config.layers[1]).toEqual({ act: { id: 'leaky_relu', params: [0.2] } });
    expect(leaky.config.layers[3]).toEqual({ dropout: 0.25 });
    expect(leaky.widths).toEqual([8, 32]);
    expect(leaky.blocks).toEqual(['conv2d 8 3x3 valid', 'dense 32', 'output']);
    expect(runsOf({ ...state, tdata: 'digits' })[0].config.inputShape).toEqual([1, 8, 8]);
    // A 2-D set trains the MLP whatever tarch says.
    const toy = { ...state, tdata: 'moons' };
    expect([effectiveArch(toy), runsOf(toy)[0].config.hidden?.length]).toEqual(['mlp', 2]);
  });

  it('give SELU LeCun normal and the others Xavier uniform with init auto; the named scheme otherwise', () => {
    const state = stateWith({ tinit: 'auto' });
    expect(['selu', 'relu', 'sigmoid'].map((id) => initFor(state, id))).toEqual(['lecun_normal', 'xavier_uniform', 'xavier_uniform']);
    expect(initFor(stateWith({ tinit: 'he_normal' }), 'selu')).toBe('he_normal');
    expect(runsOf(stateWith({ fn: ['selu', 'tanh'], tinit: 'auto' })).map((r) => r.config.init)).toEqual(['lecun_normal', 'xavier_uniform']);
  });

  it('train each function twice with both kinds, keyed and labelled by kind; once when there is no dropout', () => {
    const state = stateWith({ fn: ['selu', 'relu'], tdata: 'mnist', tarch: 'cnn', tlayers: 'c4k3,a,d0.1,f', tdropkind: 'both' });
    const runs = runsOf(state);
    expect(runs.map((r) => [r.key, r.label, r.kind, r.config.layers[2]])).toEqual([
      ['selu-dropout', 'SELU + Dropout', 'dropout', { dropout: 0.1 }], ['selu-alphadropout', 'SELU + AlphaDropout', 'alphadropout', { alphadropout: 0.1 }],
      ['relu-dropout', 'ReLU + Dropout', 'dropout', { dropout: 0.1 }], ['relu-alphadropout', 'ReLU + AlphaDropout', 'alphadropout', { alphadropout: 0.1 }],
    ]);
    expect(runs.map((r) => r.colourIndex)).toEqual([0, 1, 2, 3]);
    expect(dropKindsFor({ ...state, tlayers: 'c4k3,a,f' }, 'selu')).toEqual(['dropout']);
    expect(runsOf({ ...state, tlayers: 'c4k3,a,f' }).map((r) => r.key)).toEqual(['selu', 'relu']);
    expect(runsOf(stateWith({ fn: ['selu'], tdropkind: 'both', tdropout: 0 })).map((r) => r.key)).toEqual(['selu']);
  });

  it('fit the worker’s memory for the presets (their buffers together under the 1,536 MiB training-worker.js allows); a CNN twice as wide at batch 512 does not', () => {
    const mib = (runs) => runs.reduce((sum, r) => sum + simulator.trainerMemoryBytes(JSON.stringify(r.config)), 0) / 2 ** 20;
    const hansen = mib(runsOf(presetState('hansen')));
    expect(hansen).toBeGreaterThan(600); // six CNNs of about 160 MiB each
    expect(hansen).toBeLessThan(1536);
    expect(mib(runsOf(presetState('alphaDropout')))).toBeLessThan(100);
    expect(mib(runsOf(stateWith({ fn: ['relu', 'elu', 'selu'], tdata: 'mnist', tarch: 'cnn', tlayers: 'c64k3s,a,c128k3s,a,f,h256,a', tbatch: 512 })))).toBeGreaterThan(1536);
  });

  it('are accepted by the engine, or refused with the layer, the setting and the allowed range, or the memory to lower', () => {
    const create = (config) => {
      const created = JSON.parse(simulator.trainerCreate(JSON.stringify(config)));
      if (created.ok) simulator.trainerDestroy(created.id);
      return created;
    };
    for (const id of ['hansen', 'alphaDropout']) for (const run of runsOf(presetState(id))) expect(create(run.config), `${id} ${run.key}`).toMatchObject({ ok: true });
    for (const data of ['digits', 'mnist', 'fashion-mnist']) {
      const state = stateWith({ fn: ['gelu_tanh'], tdata: data, tarch: 'cnn', tdropkind: 'both', tlayers: `${DEFAULT_LAYERS},d0.2` });
      for (const run of runsOf(state)) expect(create(run.config), `${data} ${run.key}`).toMatchObject({ ok: true });
    }
    const bad = runsOf(stateWith({ fn: ['relu'], tdata: 'digits', tarch: 'cnn', tlayers: 'c8k3,a,c8k9' }))[0];
    expect(create(bad.config).error).toBe('layer 3 (conv2d 8 9x9 valid): kernel = 9 is larger than the 6 x 6 input (allowed [1, 6])');
    const pool = runsOf(stateWith({ fn: ['relu'], tdata: 'mnist', tarch: 'cnn', tlayers: 'c8k3,p4' }))[0];
    expect(create(pool.config).error).toMatch(/^layer 2 \(maxpool 4\): pool = 4 does not divide the 26 x 26 input \(allowed: 1, 2, 13, 26\)/);
    const big = runsOf(stateWith({ fn: ['relu', 'elu', 'selu'], tdata: 'mnist', tarch: 'cnn', tlayers: 'c64k3s,a,c128k3s,a,f,h256,a', tbatch: 512 }))[0];
    expect(create(big.config).error).toMatch(/^training needs about \d+ MiB of buffers, more than the budget of \d+ MiB: lower batch \(512\)/);
  });

  it('count a CNN’s work for the watchdog from its layers (the MLP’s as before)', () => {
    const hansen = runsOf(presetState('hansen'))[0].config;
    expect(macsPerSample(hansen)).toBe(26 * 26 * 32 * 9 + 24 * 24 * 64 * 32 * 9 + 9216 * 128 + 128 * 10);
    const mlp = runsOf(stateWith({ fn: ['relu'], tdata: 'digits' }))[0].config;
    expect(macsPerSample(mlp)).toBe(64 * 32 + 32 * 32 + 32 * 10);
    expect(stallBound([hansen])).toBeGreaterThan(stallBound([mlp]));
  });
});

describe('presets and progress', () => {
  it('are recognised after loading, and no longer once a setting changes', () => {
    for (const id of ['hansen', 'alphaDropout']) {
      const state = presetState(id);
      expect(activePreset(state)?.id, id).toBe(id);
      const { state: back, notes } = readState(writeState(state, schema), schema, catalog, () => '');
      expect(notes).toEqual([]);
      expect(activePreset(back)?.id, `${id} from its link`).toBe(id);
    }
    expect(activePreset({ ...presetState('hansen'), tlayers: 'c32k3,a,f' })).toBeNull();
    expect(activePreset({ ...presetState('hansen'), 'leaky_relu.negative_slope': 0.01 })).toBeNull();
    expect(activePreset({ ...presetState('alphaDropout'), tdropkind: 'auto' })).toBeNull();
    const hansen = presetState('hansen');
    expect([hansen.tarch, hansen.tlayers, hansen.tinit, hansen.tdropkind, hansen.tclipvalue, hansen.tbatch, hansen.tcost]).toEqual(['cnn', HANSEN_LAYERS, 'auto', 'auto', 0.5, 128, 'softmax_cross_entropy']);
    expect(runsOf(hansen).map((r) => r.label)).toEqual(['Sigmoid', 'ReLU', 'ELU', 'Leaky ReLU', 'SELU', 'GELU (tanh approximation)']);
  });

  it('every preset sentence exists in both languages with the same placeholders, filled by the preset', () => {
    const holes = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const preset of TRAINING_PRESETS) {
      for (const key of [`tpreset_${preset.id}`, `tpresetName_${preset.id}`]) {
        expect(holes(STRINGS.zh[key]), key).toEqual(holes(STRINGS.en[key]));
        for (const hole of holes(STRINGS.en[key])) expect(preset.vars?.[hole], `${key} {${hole}}`).toBeDefined();
      }
    }
  });

  it('the epoch progress bar reads the worker’s progress messages', () => {
    expect(progressOf({ stage: 'training', epoch: 2, done: 640, total: 12000 })).toEqual({ key: 'tProgressTraining', vars: { e: 2, s: '640', n: '12,000' }, value: 640, max: 12000 });
    expect(progressOf({ stage: 'evaluating', epoch: 2, done: 12000, total: 12000, measured: 3000, measures: 24000 })).toMatchObject({ key: 'tProgressMeasuring', value: 3000, max: 24000 });
    expect(progressOf({ stage: 'module' })).toBeNull();
    expect(progressOf(null)).toBeNull();
  });
});
