// The placeholder home page until the curve explorer lands: loads the wasm
// kernels and lists the catalogue, with one live value per function.
import { loadActLab } from './actlab.js';

const status = document.getElementById('status');
const table = document.getElementById('catalog');

function cell(row, text, className) {
  const td = row.insertCell();
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function describeParams(params) {
  if (params.length === 0) return '—';
  return params.map((p) => `${p.name} = ${p.default} in [${p.min}, ${p.max}]`).join('; ');
}

function ulpText(ulp) {
  return ulp <= 0.5 ? 'correctly rounded' : `≤ ${ulp} ULP`;
}

function formatValue(v) {
  return Number.isFinite(v) ? v.toPrecision(7) : String(v);
}

async function main() {
  const lab = await loadActLab();
  const one = new Float32Array([1]);
  const body = table.tBodies[0];
  for (const a of lab.catalog.activations) {
    const row = body.insertRow();
    cell(row, a.name);
    const id = cell(row, '');
    id.append(Object.assign(document.createElement('code'), { textContent: a.id }));
    cell(row, describeParams(a.params));
    cell(row, ulpText(a.forwardUlp), 'number');
    cell(row, ulpText(a.derivativeUlp), 'number');
    const f = lab.activate(a.id, one)[0];
    const df = lab.derivative(a.id, one)[0];
    cell(row, `${formatValue(f)}, ${formatValue(df)}`, 'number');
  }
  table.hidden = false;
  const rows = document.getElementById('rows');
  rows.textContent = `Row operations: ${lab.catalog.rowOperations.join(', ')}.`;
  rows.hidden = false;
  status.textContent = `Loaded the ${lab.simd ? 'SIMD128' : 'scalar (no SIMD)'} build.`;
}

main().catch((error) => {
  status.textContent = `Could not load the WebAssembly kernels: ${error.message}. Reload the page; if it persists, check that the .wasm files are served with the type application/wasm.`;
  status.className = 'error';
});
