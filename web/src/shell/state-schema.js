// THE declarative table of every piece of explorer state that lives in the URL:
// key, type, default, limits or allowed values, and how it is written and read.
// Per-function parameters are rows generated from the catalogue.
import { compactNumber, float32Text } from '../ui/number-format.js';
import { GRADIENT_SETTINGS } from '../gradients/gradient-settings.js';
import { TRAINING_SETTINGS } from '../training/training-settings.js';
import { formatLayers, parseLayers } from '../training/layer-text.js';
import { ALL_PARTS, PANEL_PARTS, isPart } from './panel-parts.js';
import { presetRow } from './preset-row.js';
import { THEMES } from './theme.js';
import { DEFAULT_FORMULA } from './formula-examples.js';

export const DEFAULT_FUNCTIONS = ['sigmoid', 'tanh', 'relu', 'gelu'];

/** The explorer's views (tabs), the first being the default. */
export const VIEWS = ['curves', 'gradients', 'training', 'identities', 'softmax', 'maxout', 'gated', 'accuracy'];

/** The views that show the function picker and the parameter sliders (fn, hide's function ids, parameters). */
export const FUNCTION_VIEWS = ['curves', 'gradients', 'training', 'accuracy'];

// Row builders: each knows how to parse a URL string (returning { value } or
// { error }) and how to serialize a value back.
// outside: what a URL value beyond [min, max] becomes, 'clamp' (nearest limit) or 'default'.
function numberRow(key, defaultValue, min, max, text = compactNumber, outside = 'clamp') {
  return {
    key, type: 'number', default: defaultValue, min, max, outside,
    serialize: (v) => text(v),
    parse: (s) => {
      const v = s.trim() === '' ? NaN : Number(s);
      return Number.isFinite(v) ? { value: v } : { error: 'bad' };
    },
  };
}

// A whole number: a fraction is rounded, with a note.
function intRow(key, defaultValue, min, max) {
  const row = numberRow(key, defaultValue, min, max);
  return {
    ...row,
    serialize: (v) => String(v), // exact: a seed of 1234567 must not come back as 1234570
    parse: (s) => {
      const parsed = row.parse(s);
      if (parsed.error || Number.isInteger(parsed.value)) return parsed;
      const value = Math.round(parsed.value);
      return { value, notes: [{ key: 'noteRounded', vars: { key, text: s.slice(0, 40), value } }] };
    },
  };
}

// The URL row of one setting of a view's settings table (gradient-settings.js,
// training-settings.js); omitted while at its default.
function settingRow(setting) {
  const { key, kind } = setting;
  const row = kind === 'enum' ? enumRow(key, setting.default, setting.values)
    : kind === 'int' ? intRow(key, setting.default, setting.min, setting.max)
      : kind === 'widths' ? numberListRow(key, setting.default, { min: setting.min, max: setting.max, minLength: 0, maxLength: setting.maxLength, integer: true })
        : kind === 'count' ? countRow(key, setting.default, setting.min, setting.max)
          : kind === 'layers' ? layersRow(key, setting.default)
            : numberRow(key, setting.default, setting.min, setting.max, String); // exact: the link reproduces the run
  return { ...row, omitDefault: true };
}

// 'all' or a whole number in [min, max] (clamped, with a note, like every number row).
function countRow(key, defaultValue, min, max) {
  const row = intRow(key, defaultValue, min, max);
  return {
    ...row, type: 'count',
    parse: (s) => {
      if (s.trim() === 'all') return { value: 'all' };
      const parsed = row.parse(s);
      if (parsed.error) return parsed;
      const value = Math.min(max, Math.max(min, parsed.value));
      const notes = [...(parsed.notes ?? [])];
      if (value !== parsed.value) notes.push({ key: 'noteClamped', vars: { key, text: s.slice(0, 40), min, max, value: String(value) } });
      return { value, notes };
    },
  };
}

// A layer list as text (training/layer-text.js), kept in its canonical form; a
// list that does not parse gives the default, with a note naming the problem.
function layersRow(key, defaultValue) {
  return {
    key, type: 'layers', default: defaultValue,
    serialize: (v) => v,
    parse: (s) => {
      const { layers, error } = parseLayers(s);
      return error ? { error: 'bad', notes: [{ key: error.key, vars: { ...error.vars } }] } : { value: formatLayers(layers) };
    },
  };
}

function boolRow(key, defaultValue) {
  return {
    key, type: 'bool', default: defaultValue,
    serialize: (v) => (v ? '1' : '0'),
    parse: (s) => (s === '1' || s === 'true' ? { value: true } : s === '0' || s === 'false' ? { value: false } : { error: 'bad' }),
  };
}

// embed: off by default; '1' (or 'true') turns it on for the panel in `view`,
// and a view's name turns it on for that panel (it then sets view too).
function embedRow() {
  return {
    key: 'embed', type: 'embed', default: false, omitDefault: true,
    serialize: (v) => (v ? '1' : '0'),
    parse: (s) => {
      if (s === '1' || s === 'true') return { value: true };
      if (s === '0' || s === 'false') return { value: false };
      return VIEWS.includes(s) ? { value: true, sets: { view: s } } : { error: 'bad' };
    },
  };
}

// Free text of at most maxLength characters (the formula of "Your function", which the
// engine checks when it compiles it), written encoded and read back as typed.
function textRow(key, defaultValue, maxLength) {
  return {
    key, type: 'text', default: defaultValue, maxLength,
    serialize: (v) => v,
    parse: (s) => ([...s].length <= maxLength ? { value: s } : { error: 'bad' }),
  };
}

function enumRow(key, defaultValue, values) {
  return {
    key, type: 'enum', default: defaultValue, values,
    serialize: (v) => v,
    parse: (s) => (values.includes(s) ? { value: s } : { error: 'bad' }),
  };
}

// A comma-separated list of ids from `values`; unknown and repeated ids are dropped and reported.
function idListRow(key, defaultValue, values) {
  return {
    key, type: 'idList', default: defaultValue, values,
    serialize: (v) => v.join(','),
    parse: (s) => {
      const ids = s.split(',').map((id) => id.trim()).filter(Boolean);
      const unknown = ids.filter((id) => !values.includes(id));
      const known = ids.filter((id) => values.includes(id));
      const repeated = [...new Set(known.filter((id, i) => known.indexOf(id) !== i))];
      const notes = repeated.map((id) => ({ key: 'noteRepeatedId', vars: { key, id } }));
      return { value: [...new Set(known)], unknown, notes };
    },
  };
}

// A comma-separated list of numbers (width 1) or of w:b pairs (width 2), each
// kept inside [min, max] (and whole, when integer), with minLength to
// maxLength entries; every fix is a note. Values are written exactly, and an
// empty list is written as an empty value and read back without a note.
function numberListRow(key, defaultValue, { min, max, minLength, maxLength, width = 1, integer = false }) {
  const serialize = (v) => v.map((item) => (width === 1 ? String(item) : item.map(String).join(':'))).join(',');
  return {
    key, type: 'list', default: defaultValue, min, max, minLength, maxLength, width, integer, omitDefault: true, serialize,
    parse: (s) => {
      const notes = [];
      const items = [];
      for (const raw of (s.trim() === '' ? [] : s.split(',')).slice(0, 200)) {
        const parts = raw.split(':').map((p) => p.trim());
        const values = parts.map((p) => (p === '' ? NaN : Number(p)));
        if (parts.length !== width || !values.every(Number.isFinite)) {
          notes.push({ key: 'noteListDropped', vars: { key, text: raw.slice(0, 40) } });
          continue;
        }
        const whole = integer ? values.map(Math.round) : values;
        if (whole.some((v, i) => v !== values[i])) notes.push({ key: 'noteRounded', vars: { key, text: raw.slice(0, 40), value: whole.join(':') } });
        const kept = whole.map((v) => Math.min(max, Math.max(min, v)));
        if (kept.some((v, i) => v !== whole[i])) notes.push({ key: 'noteListClamped', vars: { key, text: raw.slice(0, 40), min, max } });
        items.push(width === 1 ? kept[0] : kept);
      }
      if (items.length > maxLength) {
        notes.push({ key: 'noteListLong', vars: { key, max: maxLength } });
        items.length = maxLength;
      }
      if (items.length < minLength) {
        notes.push({ key: 'noteListShort', vars: { key, min: minLength, value: serialize(defaultValue) } });
        return { value: structuredClone(defaultValue), notes };
      }
      return { value: items, notes };
    },
  };
}

// Rows read before the kernels load (they do not depend on the catalogue):
// the language, embed mode, the choice of build (simd=0: the scalar build)
// and the colour theme (so an embed never flashes the other theme).
const EARLY_ROWS = [enumRow('lang', 'en', ['en', 'zh']), embedRow(), { ...enumRow('simd', 'auto', ['auto', '0']), omitDefault: true },
  { ...enumRow('theme', THEMES[0], THEMES), omitDefault: true }];

/** { lang, embed, simd, theme } from a query string, read by the same rows as the full table (invalid values: null). */
export function readEarly(search) {
  let query;
  try {
    query = new URLSearchParams(search);
  } catch {
    query = new URLSearchParams();
  }
  const early = { lang: null, embed: false, simd: 'auto', theme: 'auto' };
  for (const row of EARLY_ROWS) {
    const text = query.get(row.key);
    const parsed = text === null ? { error: 'absent' } : row.parse(text);
    if (!parsed.error) early[row.key] = parsed.value;
  }
  return early;
}

/** Key of the URL row holding parameter `param` of activation `id`. */
export function paramKey(id, param) {
  return `${id}.${param}`;
}

/**
 * Builds the table from the catalogue. rows: every URL key; ranges: pairs that
 * must be ordered (lo < hi) with a minimum span; the default language comes
 * from the browser.
 */
export function buildSchema(catalog, browserLanguage) {
  const ids = catalog.activations.map((a) => a.id);
  const gateIds = catalog.gatedUnits.map((u) => u.id);
  const runIds = [...ids, ...gateIds]; // what the gradient and training views compare
  const rows = [
    enumRow('lang', browserLanguage, ['en', 'zh']),
    idListRow('fn', DEFAULT_FUNCTIONS.filter((id) => ids.includes(id)), ids),
    { ...idListRow('hide', [], [...ids, ...ALL_PARTS]), unknownNote: 'noteUnknownHide', forView: (v, view) => hideForView(v, view) },
    { ...idListRow('gates', [], gateIds), omitDefault: true },
    numberRow('x0', -6, -1000, 1000, compactNumber, 'default'),
    numberRow('x1', 6, -1000, 1000, compactNumber, 'default'),
    numberRow('y0', -1.5, -1e6, 1e6, compactNumber, 'default'),
    numberRow('y1', 3, -1e6, 1e6, compactNumber, 'default'),
    numberRow('dy0', -0.25, -1e6, 1e6, compactNumber, 'default'),
    numberRow('dy1', 1.25, -1e6, 1e6, compactNumber, 'default'),
    numberRow('ly0', 1e-12, 1e-45, 1e38, compactNumber, 'default'),
    numberRow('ly1', 10, 1e-45, 1e38, compactNumber, 'default'),
    boolRow('f', true),
    boolRow('df', true),
    boolRow('log', false),
    { ...enumRow('view', VIEWS[0], VIEWS), omitDefault: true },
    ...EARLY_ROWS.slice(1),
    numberListRow('softmax', [3, 1, 0.2, -1], { min: -50, max: 50, minLength: 2, maxLength: 10 }),
    { ...numberRow('temp', 1, 0.05, 20, float32Text), omitDefault: true },
    { ...enumRow('softop', 'softmax', ['softmax', 'softmin']), omitDefault: true },
    { ...enumRow('acc', ids.includes('sigmoid') ? 'sigmoid' : ids[0], ids.filter((id) => id !== 'custom')), omitDefault: true }, // Your function's accuracy is on its card
    numberListRow('maxout', [[-2, -2], [-0.75, -0.28], [0.75, -0.28], [2, -2]], { min: -10, max: 10, minLength: 1, maxLength: 6, width: 2 }),
    { ...enumRow('glu', gateIds.includes('swiglu') ? 'swiglu' : gateIds[0], gateIds), omitDefault: true },
    { ...numberRow('glurange', 4, 2, 20, float32Text), omitDefault: true },
    { ...enumRow('glupart', 'y', ['y', 'dgate', 'dvalue']), omitDefault: true },
    ...GRADIENT_SETTINGS.map(settingRow),
    { ...enumRow('gfocus', ids.includes('sigmoid') ? 'sigmoid' : ids[0], runIds), omitDefault: true },
    ...TRAINING_SETTINGS.map(settingRow),
    presetRow(),
    { ...textRow('fx', DEFAULT_FORMULA, 1000), omitDefault: true, fn: 'custom', views: FUNCTION_VIEWS },
    { ...enumRow('tfocus', ids.includes('sigmoid') ? 'sigmoid' : ids[0], [...runIds, ...runIds.flatMap((id) => [`${id}-dropout`, `${id}-alphadropout`])]), omitDefault: true },
  ];
  for (const a of catalog.activations.filter((spec) => !spec.custom)) { // "Your function" keeps its values in fx
    for (const p of a.params) {
      rows.push({ ...numberRow(paramKey(a.id, p.name), p.default, p.min, p.max, float32Text), fn: a.id, param: p.name });
    }
  }
  for (const row of rows) row.views = row.views ?? viewsOf(row);
  const ranges = [
    { lo: 'x0', hi: 'x1', minSpan: 0.01, log: false },
    { lo: 'y0', hi: 'y1', minSpan: 1e-6, log: false },
    { lo: 'dy0', hi: 'dy1', minSpan: 1e-6, log: false },
    { lo: 'ly0', hi: 'ly1', minSpan: 0.1, log: true }, // span in decades
  ];
  return { rows, ranges, byKey: new Map(rows.map((row) => [row.key, row])) };
}

// Which views each row belongs to: a share or embed URL of one view carries only its rows.
const ROW_VIEWS = {
  curves: ['y0', 'y1', 'dy0', 'dy1', 'ly0', 'ly1', 'f', 'df', 'log'],
  softmax: ['softmax', 'temp', 'softop'],
  accuracy: ['acc'],
  maxout: ['maxout'],
  gated: ['glu', 'glurange', 'glupart'],
  gradients: [...GRADIENT_SETTINGS.map((s) => s.key), 'gfocus'],
  training: [...TRAINING_SETTINGS.map((s) => s.key), 'tfocus'],
};
function viewsOf(row) {
  if (row.fn || row.key === 'fn') return FUNCTION_VIEWS;
  if (row.key === 'x0' || row.key === 'x1') return ['curves', 'identities', 'accuracy'];
  if (row.key === 'gates') return ['gradients', 'training'];
  const owners = Object.keys(ROW_VIEWS).filter((view) => ROW_VIEWS[view].includes(row.key));
  return owners.length ? owners : VIEWS; // lang, view, embed, simd, theme, hide: every view
}

// hide= in a URL of one view: that view's panel parts, and function ids where the view shows functions.
function hideForView(hide, view) {
  return hide.filter((id) => (isPart(id) ? PANEL_PARTS[view].includes(id) : FUNCTION_VIEWS.includes(view)));
}

/** A fresh state object holding every row's default. */
export function defaultState(schema) {
  const state = {};
  for (const row of schema.rows) state[row.key] = structuredClone(row.default);
  return state;
}

/** The current parameter values of activation spec as { name: value }. */
export function paramsOf(state, spec) {
  if (spec.custom) return Object.fromEntries(spec.params.map((p) => [p.name, p.default])); // declared in its text (fx)
  const params = {};
  for (const p of spec.params) params[p.name] = state[paramKey(spec.id, p.name)];
  return params;
}

/** State changes that put the parameters of activations `ids` back to the catalogue's defaults. */
export function paramDefaults(catalog, ids) {
  const changes = {};
  for (const spec of catalog.activations.filter((a) => ids.includes(a.id) && !a.custom)) {
    for (const p of spec.params) changes[paramKey(spec.id, p.name)] = p.default;
  }
  return changes;
}
