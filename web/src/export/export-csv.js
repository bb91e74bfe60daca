// The plotted data as CSV: x, then f and f' of every shown function on the
// charts' own x grid, from the wasm kernels; values as the shortest text that
// reads back as the same float32, non-finite values as NaN / Infinity.
import { float32Text } from '../ui/number-format.js';

/** CSV text of one float32 value. */
export function csvNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  return float32Text(value);
}

// Column name of a function with its parameters, e.g. "elu(alpha=0.5)".
function columnName({ spec, params }) {
  const list = spec.params.map((p) => `${p.name}=${float32Text(params[p.name])}`).join(';');
  return list ? `${spec.id}(${list})` : spec.id;
}

/** The CSV for x grid xs (Float32Array) and series [{ spec, params }], evaluated by lab. */
export function curvesCsv(lab, xs, series) {
  const columns = [xs];
  const header = ['x'];
  for (const s of series) {
    const name = columnName(s);
    header.push(name, `${name}'`);
    columns.push(lab.activate(s.spec.id, xs, s.params), lab.derivative(s.spec.id, xs, s.params));
  }
  const lines = [header.join(',')];
  for (let i = 0; i < xs.length; i++) lines.push(columns.map((c) => csvNumber(c[i])).join(','));
  return `${lines.join('\n')}\n`;
}
