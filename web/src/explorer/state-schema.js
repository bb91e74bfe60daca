// THE declarative table of every piece of explorer state that lives in the URL:
// key, type, default, limits or allowed values, and how it is written and read.
// Per-function parameters are rows generated from the catalogue.
import { compactNumber, float32Text } from './number-format.js';

export const DEFAULT_FUNCTIONS = ['sigmoid', 'tanh', 'relu', 'gelu'];

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

function boolRow(key, defaultValue) {
  return {
    key, type: 'bool', default: defaultValue,
    serialize: (v) => (v ? '1' : '0'),
    parse: (s) => (s === '1' || s === 'true' ? { value: true } : s === '0' || s === 'false' ? { value: false } : { error: 'bad' }),
  };
}

function enumRow(key, defaultValue, values) {
  return {
    key, type: 'enum', default: defaultValue, values,
    serialize: (v) => v,
    parse: (s) => (values.includes(s) ? { value: s } : { error: 'bad' }),
  };
}

// A comma-separated list of ids from `values`; unknown ids are dropped and reported.
function idListRow(key, defaultValue, values) {
  return {
    key, type: 'idList', default: defaultValue, values,
    serialize: (v) => v.join(','),
    parse: (s) => {
      const ids = s.split(',').map((id) => id.trim()).filter(Boolean);
      const unknown = ids.filter((id) => !values.includes(id));
      return { value: [...new Set(ids.filter((id) => values.includes(id)))], unknown };
    },
  };
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
  const rows = [
    enumRow('lang', browserLanguage, ['en', 'zh']),
    idListRow('fn', DEFAULT_FUNCTIONS.filter((id) => ids.includes(id)), ids),
    idListRow('hide', [], ids),
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
  ];
  for (const a of catalog.activations) {
    for (const p of a.params) {
      rows.push({ ...numberRow(paramKey(a.id, p.name), p.default, p.min, p.max, float32Text), fn: a.id, param: p.name });
    }
  }
  const ranges = [
    { lo: 'x0', hi: 'x1', minSpan: 0.01, log: false },
    { lo: 'y0', hi: 'y1', minSpan: 1e-6, log: false },
    { lo: 'dy0', hi: 'dy1', minSpan: 1e-6, log: false },
    { lo: 'ly0', hi: 'ly1', minSpan: 0.1, log: true }, // span in decades
  ];
  return { rows, ranges, byKey: new Map(rows.map((row) => [row.key, row])) };
}

/** A fresh state object holding every row's default. */
export function defaultState(schema) {
  const state = {};
  for (const row of schema.rows) state[row.key] = Array.isArray(row.default) ? [...row.default] : row.default;
  return state;
}

/** The current parameter values of activation spec as { name: value }. */
export function paramsOf(state, spec) {
  const params = {};
  for (const p of spec.params) params[p.name] = state[paramKey(spec.id, p.name)];
  return params;
}
