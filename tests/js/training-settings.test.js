// The training lab's settings table: defaults in range, configs the trainer
// accepts for every data shape, presets that round-trip through the URL.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadActLab } from '../../web/src/actlab.js';
import { loadSimulatorModule } from '../../web/src/module-loader.js';
import { buildSchema, defaultState, paramsOf } from '../../web/src/shell/state-schema.js';
import { readState, writeState } from '../../web/src/shell/url-state.js';
import { TRAINING_SETTINGS, dataRequest, dataShape, trainerConfigFor } from '../../web/src/training/training-settings.js';
import { TRAINING_PRESETS } from '../../web/src/training/training-presets.js';
import { presetChanges } from '../../web/src/ui/preset-changes.js';
import { parseLayers } from '../../web/src/training/layer-text.js';

let catalog, schema, simulator;
const specOf = (id) => catalog.activations.find((a) => a.id === id);

beforeAll(async () => {
  ({ catalog } = await loadActLab({ simd: true }));
  schema = buildSchema(catalog, 'en');
  simulator = await loadSimulatorModule('simd');
});

describe('training settings', () => {
  it('has every default inside its range and one URL row per setting, omitted at its default', () => {
    for (const s of TRAINING_SETTINGS) {
      if (s.kind === 'enum') expect(s.values).toContain(s.default);
      else if (s.kind === 'widths') for (const w of s.default) expect(w >= s.min && w <= s.max).toBe(true);
      else if (s.kind === 'count') expect(s.default === 'all' || (s.default >= s.min && s.default <= s.max), s.key).toBe(true);
      else if (s.kind === 'layers') expect(parseLayers(s.default).error, s.key).toBeUndefined();
      else expect(s.default >= s.min && s.default <= s.max, s.key).toBe(true);
      expect(schema.byKey.get(s.key)?.omitDefault, s.key).toBe(true);
    }
    expect(writeState(defaultState(schema), schema)).not.toMatch(/[?&]t[a-z]+=/);
  });

  it('gives configs the trainer accepts for the toy shapes and the image sets', () => {
    for (const data of ['spiral', 'gaussians', 'digits', 'mnist', 'fashion-mnist']) {
      const state = { ...defaultState(schema), tdata: data };
      const config = trainerConfigFor(state, specOf('elu'), paramsOf(state, specOf('elu')));
      expect([config.inputWidth, config.classes]).toEqual([dataShape(data).inputWidth, dataShape(data).classes]);
      const created = JSON.parse(simulator.trainerCreate(JSON.stringify(config)));
      expect(created.ok, data).toBe(true);
      simulator.trainerDestroy(created.id);
      expect(dataRequest(state).kind).toBe(data.includes('mnist') || data === 'digits' ? 'file' : 'toy');
    }
  });

  it('loads every preset into a state the URL round-trips without a note', () => {
    const catalogDefaults = (ids) => Object.fromEntries(ids.flatMap((id) => specOf(id).params.map((p) => [`${id}.${p.name}`, p.default])));
    for (const preset of TRAINING_PRESETS) {
      const state = { ...defaultState(schema), ...presetChanges(preset, TRAINING_SETTINGS, catalogDefaults), view: 'training' };
      const { state: back, notes } = readState(writeState(state, schema), schema, catalog, () => '');
      expect(notes, preset.id).toEqual([]);
      for (const s of TRAINING_SETTINGS) expect(back[s.key], `${preset.id} ${s.key}`).toEqual(state[s.key]);
      expect(back.fn).toEqual(preset.fn);
    }
  });

  it('rounds a fractional hidden width from the URL with a note, and the link then holds the rounded widths', () => {
    const read = (search) => readState(search, schema, catalog, () => '');
    const { state, notes } = read('?thidden=1.5,24.2,7');
    expect(state.thidden).toEqual([2, 24, 7]);
    expect(notes.map((n) => [n.key, n.vars.text])).toEqual([['noteRounded', '1.5'], ['noteRounded', '24.2']]);
    expect(read(writeState(state, schema))).toMatchObject({ state: { thidden: [2, 24, 7] }, notes: [] });
  });

  it('keeps zero hidden layers (thidden=) through a reload with no note', () => {
    const read = (search) => readState(search, schema, catalog, () => '');
    const { state, notes } = read('?view=training&thidden=');
    expect([state.thidden, notes]).toEqual([[], []]);
    const search = writeState(state, schema);
    expect(search).toMatch(/[?&]thidden=(&|$)/);
    expect(read(search)).toMatchObject({ state: { thidden: [] }, notes: [] });
  });

  it('writes every number setting exactly (a copied link reproduces the run)', () => {
    const read = (search) => readState(search, schema, catalog, () => '');
    const numbers = TRAINING_SETTINGS.filter((s) => s.kind === 'number');
    expect(numbers.length).toBeGreaterThan(2);
    const state = { ...defaultState(schema) };
    for (const s of numbers) state[s.key] = s.min + (s.max - s.min) * 0.123456789;
    const back = read(writeState(state, schema));
    expect(back.notes).toEqual([]);
    for (const s of numbers) expect(back.state[s.key], s.key).toBe(state[s.key]);
  });
});
