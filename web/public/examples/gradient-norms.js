// Scripts ActLab's gradient-flow simulator: a 30-layer, 64-wide stack (64 inputs) with
// sigmoid (Xavier weights) and with ReLU (He weights), run in the API's own
// worker; per-layer weight-gradient norms as a log-scale chart and a table.
import { simulate } from '../api/src/api/index.js';

const status = document.getElementById('status');
const stack = { inputWidth: 64, depth: 30, width: 64, batch: 128, seed: 1 };
try {
  const runs = {};
  for (const [name, settings] of [['sigmoid', { activation: 'sigmoid', init: 'xavier_normal' }], ['relu', { activation: 'relu', init: 'he_normal' }]]) {
    const onProgress = ({ fraction }) => { status.textContent = `Simulating ${name}… ${Math.round(100 * fraction)} %`; };
    runs[name] = (await simulate({ ...stack, ...settings }, { worker: true, onProgress })).layers.map((layer) => layer.gradWNorm);
  }
  const rows = document.querySelector('#norms tbody');
  runs.sigmoid.forEach((norm, i) => {
    const row = rows.insertRow();
    for (const value of [i + 1, norm.toExponential(2), runs.relu[i].toExponential(2)]) row.insertCell().textContent = value;
  });
  const points = (norms) => norms.map((y, i) => ({ x: i + 1, y }));
  const all = [...runs.sigmoid, ...runs.relu].filter((v) => v > 0);
  const [low, high] = [10 ** Math.floor(Math.log10(Math.min(...all))), 10 ** Math.ceil(Math.log10(Math.max(...all)))]; // whole decades
  const powerOfTen = (v) => (Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9 ? `1e${Math.round(Math.log10(v))}` : '');
  new window.Chart(document.getElementById('chart'), {
    type: 'line',
    data: { datasets: [{ label: 'sigmoid, Xavier', data: points(runs.sigmoid), borderColor: '#d55e00', backgroundColor: '#d55e00' }, { label: 'ReLU, He', data: points(runs.relu), borderColor: '#0072b2', backgroundColor: '#0072b2' }] },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { type: 'linear', min: 1, max: 30, title: { display: true, text: 'layer' } }, y: { type: 'logarithmic', min: low, max: high, ticks: { callback: powerOfTen }, title: { display: true, text: '‖∂L/∂W‖' } } } },
  });
  const ratio = runs.sigmoid[0] / runs.sigmoid.at(-1);
  status.textContent = `Layer 1's weight gradient is ${ratio.toExponential(1)} times layer 30's with sigmoid, ${(runs.relu[0] / runs.relu.at(-1)).toFixed(2)} times with ReLU and He weights.`;
} catch (error) {
  status.textContent = `ActLab could not run the simulator: ${error.message}`;
}
