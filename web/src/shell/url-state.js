// Reads explorer state from a URL query string (correcting bad values and
// listing every correction as a translatable note) and writes it back.
import { defaultState, paramDefaults } from './state-schema.js';
import { PANEL_PARTS, isPart } from './panel-parts.js';
import { findPreset, presetState } from './preset-row.js';
import { compactNumber } from '../ui/number-format.js';

// Keeps a number row inside its limits; returns the corrected value.
function clampRow(row, value, text, notes) {
  if (value >= row.min && value <= row.max) return value;
  const fixed = row.outside === 'default' ? row.default : Math.min(row.max, Math.max(row.min, value));
  notes.push({ key: 'noteClamped', vars: { key: row.key, text, min: row.min, max: row.max, value: row.serialize(fixed) } });
  return fixed;
}

// Orders each lo/hi pair and enforces its minimum span.
function fixRanges(schema, state, notes) {
  for (const { lo, hi, minSpan, log } of schema.ranges) {
    if (state[lo] > state[hi]) {
      [state[lo], state[hi]] = [state[hi], state[lo]];
      notes.push({ key: 'noteSwapped', vars: { a: lo, b: hi } });
    }
    const span = log ? Math.log10(state[hi]) - Math.log10(state[lo]) : state[hi] - state[lo];
    if (!(span >= minSpan)) {
      state[lo] = schema.byKey.get(lo).default;
      state[hi] = schema.byKey.get(hi).default;
      notes.push({ key: 'noteTooNarrow', vars: { a: lo, b: hi, from: compactNumber(state[lo]), to: compactNumber(state[hi]) } });
    }
  }
}

// preset=<id>: the preset's settings, under the keys the URL does not set itself.
function loadPreset(state, seen, catalog, notes) {
  if (!state.preset) return;
  if (!findPreset(state.view, state.preset)) {
    notes.push({ key: 'notePresetView', vars: { id: state.preset, view: state.view } });
    state.preset = '';
    return;
  }
  const changes = presetState(state.view, state.preset, (ids) => paramDefaults(catalog, ids));
  for (const [key, value] of Object.entries(changes)) if (!seen.has(key)) state[key] = value;
}

// hide= keeps the chosen functions and the parts of the shown view's panel.
function fixHide(state, notes) {
  const parts = PANEL_PARTS[state.view] ?? [];
  for (const id of state.hide) {
    if (!isPart(id) && !state.fn.includes(id)) notes.push({ key: 'noteHideNotShown', vars: { id } });
    if (isPart(id) && !parts.includes(id)) notes.push({ key: 'noteHidePart', vars: { id, view: state.view, parts: parts.join(', ') } });
  }
  state.hide = state.hide.filter((id) => (isPart(id) ? parts.includes(id) : state.fn.includes(id)));
}

/**
 * State from a query string such as location.search. Never throws: every bad
 * value is replaced and described in notes ([{ key, vars }]). checkParams(id)
 * returns '' or the API's message for the function's current parameters.
 */
export function readState(search, schema, catalog, checkParams) {
  const state = defaultState(schema);
  const notes = [];
  let query;
  try {
    query = new URLSearchParams(search);
  } catch {
    query = new URLSearchParams();
  }
  const seen = new Set();
  const sets = []; // values a row sets on other rows (embed=softmax sets view)
  for (const [key, text] of query) {
    if (seen.has(key)) { // the first occurrence wins
      notes.push({ key: 'noteDuplicateKey', vars: { key: key.slice(0, 40), text: text.slice(0, 40) } });
      continue;
    }
    seen.add(key);
    const row = schema.byKey.get(key);
    if (!row) {
      notes.push({ key: 'noteUnknownKey', vars: { key: key.slice(0, 40) } });
      continue;
    }
    const parsed = row.parse(text);
    for (const id of parsed.unknown ?? []) notes.push({ key: row.unknownNote ?? 'noteUnknownFn', vars: { id: id.slice(0, 40) } });
    notes.push(...(parsed.notes ?? []));
    if (parsed.error) {
      notes.push({ key: 'noteBadValue', vars: { key, text: text.slice(0, 40), value: row.serialize(row.default) } });
      continue;
    }
    state[key] = row.type === 'number' ? clampRow(row, parsed.value, text.slice(0, 40), notes) : parsed.value;
    for (const [other, value] of Object.entries(parsed.sets ?? {})) sets.push([key, other, value]);
  }
  for (const [by, key, value] of sets) {
    if (seen.has(key) && state[key] !== value) notes.push({ key: 'noteOverridden', vars: { key, by, value } });
    state[key] = value;
  }
  loadPreset(state, seen, catalog, notes);
  fixRanges(schema, state, notes);
  fixHide(state, notes);
  for (const spec of catalog.activations) {
    if (spec.params.length === 0) continue;
    const problem = checkParams(spec, state);
    if (problem) {
      notes.push({ key: 'noteBadParams', vars: { fn: spec.name, detail: problem.replace(`${spec.id}: `, '') } });
      for (const row of schema.rows) if (row.fn === spec.id) state[row.key] = row.default;
    }
  }
  return { state, notes };
}

/**
 * The query string ("?…") for state: every view row, and parameters and panel
 * settings that differ from their default. With view (a share or embed URL),
 * only the rows that belong to that view are written, and parameters only of
 * the chosen functions (fn). With compact, every row at its default is left
 * out too, except lang (whose default is the reader's browser language).
 */
export function writeState(state, schema, { view, compact = false } = {}) {
  const parts = [];
  for (const row of schema.rows) {
    if (view && !row.views.includes(view)) continue;
    if (view && row.fn && !state.fn.includes(row.fn)) continue; // a parameter of a function the shared view does not show
    const value = view && row.forView ? row.forView(state[row.key], view) : state[row.key];
    if (row.fn && value === row.default) continue;
    if ((row.omitDefault || (compact && row.key !== 'lang')) && row.serialize(value) === row.serialize(row.default)) continue;
    const text = encodeURIComponent(row.serialize(value)).replace(/%2C/g, ',').replace(/%3A/g, ':');
    parts.push(`${row.key}=${text}`);
  }
  return `?${parts.join('&')}`;
}
