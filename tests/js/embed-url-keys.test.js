// The URL keys of embeds (hide= panel parts, theme=, preset=), the rows' views
// and the share writer that keeps only the shared view's keys, embed.js's key
// list against the URL table, and the snippets (no inline script or style).
// The catalogue comes from the real scalar build.
import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadBuild } from './helpers/builds.js';
import { FUNCTION_VIEWS, VIEWS, buildSchema, defaultState, paramDefaults, readEarly } from '../../web/src/shell/state-schema.js';
import { readState, writeState } from '../../web/src/shell/url-state.js';
import { ALL_PARTS, PANEL_PARTS, hiddenParts } from '../../web/src/shell/panel-parts.js';
import { PRESET_IDS, VIEW_PRESETS, presetHolds, presetState } from '../../web/src/shell/preset-row.js';
import { elementSnippet, iframeSnippet, resizeScript } from '../../web/src/share/embed-snippet.js';

let lab, schema;
const check = (spec, state) => {
  const params = Object.fromEntries(spec.params.map((p) => [p.name, state[`${spec.id}.${p.name}`]]));
  try {
    lab.activate(spec.id, new Float32Array([0]), params);
    return '';
  } catch (error) {
    return String(error.message);
  }
};
const read = (search) => readState(search, schema, lab.catalog, check);
const noteKeys = (notes) => notes.map((n) => n.key);
const defaults = (ids) => paramDefaults(lab.catalog, ids);

beforeAll(async () => {
  lab = await loadBuild('scalar');
  schema = buildSchema(lab.catalog, 'en');
});

describe('theme=', () => {
  test('light, dark and auto are read; auto is the default and is not written', () => {
    for (const theme of ['light', 'dark', 'auto']) {
      const { state, notes } = read(`?theme=${theme}`);
      expect(state.theme).toBe(theme);
      expect(notes).toEqual([]);
      expect(readEarly(`?theme=${theme}`).theme).toBe(theme);
    }
    expect(writeState(read('?theme=auto').state, schema)).not.toMatch(/theme=/);
    expect(writeState(read('?theme=dark').state, schema)).toMatch(/[?&]theme=dark(&|$)/);
  });

  test('a bad value gives auto, with a note', () => {
    const { state, notes } = read('?theme=purple');
    expect(state.theme).toBe('auto');
    expect(noteKeys(notes)).toEqual(['noteBadValue']);
    expect(readEarly('?theme=purple').theme).toBe('auto');
  });
});

describe('hide= panel parts', () => {
  test('parts of the shown view are kept beside function ids, in order', () => {
    const { state, notes } = read('?view=gradients&fn=relu,tanh&hide=settings,tanh,table');
    expect(state.hide).toEqual(['settings', 'tanh', 'table']);
    expect(notes).toEqual([]);
    expect(hiddenParts(state.hide, 'gradients')).toEqual(['settings', 'table']);
    expect(writeState(state, schema)).toMatch(/[?&]hide=settings,tanh,table(&|$)/);
  });

  test('a part of another view is dropped with a note naming the view and its parts', () => {
    const { state, notes } = read('?view=softmax&hide=settings,intro');
    expect(state.hide).toEqual(['intro']);
    expect(notes).toEqual([{ key: 'noteHidePart', vars: { id: 'settings', view: 'softmax', parts: PANEL_PARTS.softmax.join(', ') } }]);
  });

  test('an unknown name is dropped with its own note', () => {
    const { state, notes } = read('?view=curves&hide=legend,sidebar');
    expect(state.hide).toEqual(['legend']);
    expect(notes).toEqual([{ key: 'noteUnknownHide', vars: { id: 'sidebar' } }]);
  });

  test('no part name is also a function id, and every view has parts', () => {
    const ids = lab.catalog.activations.map((a) => a.id);
    expect(ALL_PARTS.filter((part) => ids.includes(part))).toEqual([]);
    expect(Object.keys(PANEL_PARTS).sort()).toEqual([...VIEWS].sort());
  });

  test('styles/panel-parts.css has a rule for every part of every view', () => {
    const css = readFileSync(new URL('../../web/styles/panel-parts.css', import.meta.url), 'utf8');
    const missing = [];
    for (const [view, parts] of Object.entries(PANEL_PARTS)) {
      for (const part of parts) {
        const scoped = css.includes(`[data-hide~="${part}"] #panel-${view} `);
        const everywhere = new RegExp(`\\[data-hide~="${part}"\\] (#params-panel|\\.view-panel >)`).test(css);
        if (!scoped && !everywhere) missing.push(`${view}:${part}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('preset=', () => {
  test('a gradient preset loads its functions and settings', () => {
    const preset = VIEW_PRESETS.gradients.find((p) => p.id === 'nielsen');
    const { state, notes } = read('?view=gradients&preset=nielsen');
    expect(notes).toEqual([]);
    expect(state.preset).toBe('nielsen');
    expect(state.fn).toEqual(preset.fn);
    for (const [key, value] of Object.entries(preset.set)) expect(state[key]).toEqual(value);
    expect(presetHolds(state, defaults)).toBe(true);
  });

  test('a training preset loads too, its parameter keys included', () => {
    const preset = VIEW_PRESETS.training.find((p) => Object.keys(p.set).some((k) => k.includes('.')));
    const { state, notes } = read(`?view=training&preset=${preset.id}`);
    expect(notes).toEqual([]);
    for (const [key, value] of Object.entries(preset.set)) expect(state[key]).toEqual(value);
    expect(presetHolds(state, defaults)).toBe(true);
  });

  test('a key written next to the preset wins, and the preset then no longer holds', () => {
    const preset = VIEW_PRESETS.gradients.find((p) => p.id === 'nielsen');
    const depth = preset.set.gdepth + 3;
    const { state } = read(`?view=gradients&preset=nielsen&gdepth=${depth}`);
    expect(state.gdepth).toBe(depth);
    expect(state.gwidth).toBe(preset.set.gwidth);
    expect(presetHolds(state, defaults)).toBe(false);
  });

  test('a changed setting or parameter ends the preset; hidden panel parts do not', () => {
    const { state } = read('?view=gradients&preset=nielsen&hide=settings,table');
    expect(presetHolds(state, defaults)).toBe(true);
    expect(presetHolds({ ...state, gwidth: state.gwidth + 1 }, defaults)).toBe(false);
    expect(presetHolds({ ...state, fn: [...state.fn, 'relu'] }, defaults)).toBe(false);
    expect(presetHolds({ ...state, hide: [...state.hide, state.fn[0]] }, defaults)).toBe(false);
  });

  test("a preset id of another view is dropped with a note; an unknown id is a bad value", () => {
    const onlyTraining = VIEW_PRESETS.training.map((p) => p.id).find((id) => !VIEW_PRESETS.gradients.some((p) => p.id === id));
    let { state, notes } = read(`?view=gradients&preset=${onlyTraining}`);
    expect(state.preset).toBe('');
    expect(notes).toEqual([{ key: 'notePresetView', vars: { id: onlyTraining, view: 'gradients' } }]);
    ({ state, notes } = read('?view=gradients&preset=nope'));
    expect(state.preset).toBe('');
    expect(noteKeys(notes)).toEqual(['noteBadValue']);
  });

  test('the round trip: a loaded preset writes a URL that reads back to the same state', () => {
    for (const [view, presets] of Object.entries(VIEW_PRESETS)) {
      for (const { id } of presets) {
        const first = read(`?view=${view}&preset=${id}`).state;
        const again = read(writeState(first, schema, { view }));
        expect(again.notes).toEqual([]);
        expect(again.state).toEqual(first);
        expect(presetState(view, id, defaults)).not.toBeNull();
      }
    }
    expect(PRESET_IDS.length).toBeGreaterThan(VIEW_PRESETS.gradients.length);
  });
});

describe('share URLs keep only the shared view\'s keys', () => {
  test('every row names its views; fn and the parameters belong to the views with the function picker', () => {
    for (const row of schema.rows) {
      expect(row.views.length, row.key).toBeGreaterThan(0);
      expect(row.views.every((v) => VIEWS.includes(v)), row.key).toBe(true);
    }
    expect(schema.byKey.get('fn').views).toEqual(FUNCTION_VIEWS);
    expect(schema.byKey.get('elu.alpha').views).toEqual(FUNCTION_VIEWS);
    for (const key of ['lang', 'theme', 'embed', 'hide', 'view']) expect(schema.byKey.get(key).views, key).toEqual(VIEWS);
  });

  test('a training snippet carries no curve range, no gradient setting and no parameter of an unchosen function', () => {
    const { state } = read('?view=training&fn=relu,tanh&x0=-3&y1=9&elu.alpha=0.5&gdepth=9&tlr=0.5&softmax=1,2&hide=table,legend');
    const query = new URLSearchParams(writeState({ ...state, embed: true }, schema, { view: 'training' }));
    for (const key of ['x0', 'x1', 'y0', 'y1', 'dy0', 'ly1', 'f', 'df', 'log', 'elu.alpha', 'gdepth', 'softmax', 'temp', 'maxout']) expect(query.has(key), key).toBe(false);
    expect(query.get('fn')).toBe('relu,tanh');
    expect(query.get('tlr')).toBe('0.5');
    expect(query.get('hide')).toBe('table,legend');
    expect(query.get('embed')).toBe('1');
    expect(query.get('view')).toBe('training');
  });

  test('a curves snippet keeps the ranges and the chosen function\'s parameter, drops training and hides of other views', () => {
    const { state } = read('?fn=elu,relu&x0=-3&elu.alpha=0.5&tlr=0.5&hide=readout,relu');
    const query = new URLSearchParams(writeState(state, schema, { view: 'curves' }));
    expect(query.get('x0')).toBe('-3');
    expect(query.get('elu.alpha')).toBe('0.5');
    expect(query.has('tlr')).toBe(false);
    expect(query.get('hide')).toBe('readout,relu');
    const softmax = new URLSearchParams(writeState({ ...state, view: 'softmax' }, schema, { view: 'softmax' }));
    expect(softmax.has('fn') || softmax.has('x0') || softmax.has('elu.alpha')).toBe(false);
    expect(softmax.get('hide')).toBe(''); // readout is a curves part, relu a function: neither belongs to softmax
  });

  test('without a view the writer still writes every key (the page\'s own address bar)', () => {
    const state = defaultState(schema);
    const query = new URLSearchParams(writeState(state, schema));
    for (const key of ['fn', 'x0', 'y0', 'f', 'lang']) expect(query.has(key), key).toBe(true);
  });
});

describe('embed.js and the snippets', () => {
  const source = readFileSync(new URL('../../web/public/embed.js', import.meta.url), 'utf8');

  test("embed.js's key list is exactly the URL table's keys (without embed and the parameters)", () => {
    const list = source.match(/const KEYS = new Set\(\[([^\]]+)\]\)/)[1];
    const keys = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
    const table = schema.rows.filter((row) => !row.fn && row.key !== 'embed').map((row) => row.key).sort();
    expect(keys).toEqual(table);
  });

  test('embed.js writes no style attribute, no <style> and no HTML', () => {
    expect(source).not.toMatch(/setAttribute\(\s*'style'|createElement\(\s*'style'|innerHTML|insertAdjacentHTML|document\.write/);
    expect(source).not.toMatch(/^\s*(import|export)\s/m); // a classic script that also imports as a module
  });

  test('the iframe has no style attribute, the script line no inline code', () => {
    const url = 'https://example.org/actlab/?fn=elu,relu&elu.alpha=0.5&hide=readout&view=curves&embed=1';
    const iframe = iframeSnippet(url, 'ActLab: "Curves" <1>');
    expect(iframe).not.toMatch(/style=/);
    expect(iframe).toContain('title="ActLab: &quot;Curves&quot; &lt;1&gt;"');
    expect(iframe).toContain('src="https://example.org/actlab/?fn=elu,relu&amp;elu.alpha=0.5&amp;hide=readout&amp;view=curves&amp;embed=1"');
    expect(resizeScript('https://example.org/actlab/embed.js')).toBe('<script src="https://example.org/actlab/embed.js" defer></script>');
  });

  test('the element carries the keys of its view that differ from their defaults, and lang', () => {
    const { state } = read('?lang=en&fn=elu,relu&elu.alpha=0.5&hide=readout&x0=-6&x1=8&tlr=0.5');
    expect(elementSnippet(state, schema, 'curves')).toBe('<actlab-panel view="curves" lang="en" fn="elu,relu" hide="readout" x1="8" elu.alpha="0.5"></actlab-panel>');
    const gradients = read('?view=gradients&preset=nielsen&hide=settings&theme=light').state;
    const attrs = elementSnippet(gradients, schema, 'gradients');
    expect(attrs).toMatch(/^<actlab-panel view="gradients" lang="en" fn="sigmoid" hide="settings" /);
    expect(attrs).toMatch(/ theme="light"/);
    expect(attrs).toMatch(/ preset="nielsen"/);
    expect(attrs).not.toMatch(/ x1=| tlr=| elu\.alpha=/);
  });
});
