// Readers for the PyTorch reference fixtures in tests/fixtures.
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../../fixtures/', import.meta.url);

/** A number written by the fixture generator (%.9g / %.17g, or nan / inf / -inf). */
export function parseValue(text) {
  const t = text.trim().toLowerCase();
  if (t === 'nan') return NaN;
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const value = Number(t);
  if (Number.isNaN(value)) throw new Error(`not a number in fixture: "${text}"`);
  return value;
}

// Non-comment, non-empty lines of a fixture file, split on tabs, with line numbers.
function dataLines(name) {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .map((text, i) => ({ fields: text.split('\t'), line: i + 1, text }))
    .filter(({ text }) => text.trim() !== '' && !text.startsWith('#'));
}

/** '-' or "name=value,name=value" as a params object. */
export function parseParams(text) {
  if (text === '-') return {};
  return Object.fromEntries(text.split(',').map((pair) => {
    const [name, value] = pair.split('=');
    return [name, parseValue(value)];
  }));
}

/** Rows of pytorch_elementwise.txt: { id, paramsText, params, x, f, df, line }. */
export function elementwiseFixture() {
  return dataLines('pytorch_elementwise.txt').map(({ fields, line }) => {
    const [id, paramsText, x, f, df] = fields;
    return { id, paramsText, params: parseParams(paramsText), x: parseValue(x), f: parseValue(f), df: parseValue(df), line };
  });
}

/** The elementwise fixture grouped by "id params" (one group per parameter set). */
export function elementwiseGroups() {
  const groups = new Map();
  for (const row of elementwiseFixture()) {
    const key = `${row.id} ${row.paramsText}`;
    if (!groups.has(key)) groups.set(key, { id: row.id, paramsText: row.paramsText, params: row.params, rows: [] });
    groups.get(key).rows.push(row);
  }
  return [...groups.values()];
}

/** Rows of pytorch_rows.txt: { id, x, dy, y, dx, line } with number arrays. */
export function rowsFixture() {
  return dataLines('pytorch_rows.txt').map(({ fields, line }) => {
    const [id, ...columns] = fields;
    const [x, dy, y, dx] = columns.map((column) => column.split(',').map(parseValue));
    return { id, x, dy, y, dx, line };
  });
}

/** [id, params] for every setting of every parametric kernel's accuracy grid (tests/fixtures/param_grid.json, written by actlab_accuracy --print-grid). */
export function parameterGrid() {
  const grid = JSON.parse(readFileSync(new URL('param_grid.json', FIXTURES), 'utf8'));
  return Object.entries(grid).flatMap(([id, settings]) => settings.map((params) => [id, params]));
}

/** Rows of pytorch_gated.txt: { id, gate, value, y, dGate, dValue, line }. */
export function gatedFixture() {
  return dataLines('pytorch_gated.txt').map(({ fields, line }) => {
    const [id, gate, value, y, dGate, dValue] = fields.map((f, i) => (i === 0 ? f : parseValue(f)));
    return { id, gate, value, y, dGate, dValue, line };
  });
}
