// The Web Worker that runs the gradient-flow simulator off the page's thread.
// Messages in: { id, flavour: 'simd' | 'scalar', configs: [...] }.
// Messages out: { id, results, ms } or { id, error } (the module failed to load).
import { loadSimulatorModule } from '../module-loader.js';
import { runSimulations } from './run-simulations.js';

const modules = new Map(); // flavour -> Promise<module>

// The simulator module of flavour, loaded once.
function moduleFor(flavour) {
  if (!modules.has(flavour)) {
    const loading = loadSimulatorModule(flavour);
    loading.catch(() => modules.delete(flavour));
    modules.set(flavour, loading);
  }
  return modules.get(flavour);
}

self.addEventListener('message', async ({ data }) => {
  const { id, flavour, configs } = data ?? {};
  try {
    const module = await moduleFor(flavour);
    self.postMessage({ id, ...runSimulations(module, configs) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
});
