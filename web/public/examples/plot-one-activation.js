// Plots one activation and its derivative with Chart.js (the UMD build the
// page loads, window.Chart), both computed by ActLab's float32 wasm kernels
// through the package's API, imported as it is from dist/api/: no bundler.
import { loadActLab } from '../api/src/api/index.js';

const status = document.getElementById('status');
try {
  const lab = await loadActLab(); // SIMD128 build when the browser has it, else scalar
  const xs = Float32Array.from({ length: 601 }, (_, i) => -6 + i * 0.02);
  const f = lab.activate('gelu', xs);
  const df = lab.derivative('gelu', xs);
  const points = (ys) => Array.from(xs, (x, i) => ({ x, y: ys[i] }));
  new window.Chart(document.getElementById('chart'), {
    type: 'line',
    data: {
      datasets: [
        { label: 'GELU(x)', data: points(f), borderColor: '#0072b2', backgroundColor: '#0072b2', pointRadius: 0 },
        { label: 'GELU′(x)', data: points(df), borderColor: '#d55e00', backgroundColor: '#d55e00', pointRadius: 0 },
      ],
    },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { type: 'linear', min: -6, max: 6 } } },
  });
  status.textContent = `Computed by the ${lab.simd ? 'SIMD128' : 'scalar'} build.`;
} catch (error) {
  status.textContent = `ActLab could not load its WebAssembly kernels: ${error.message}`;
}
