// The Web Worker that runs the gradient-flow simulator off the page's thread.
// Messages in: { id, flavour: 'simd' | 'scalar', configs: [...] }, or
// { warmUp: [activation ids], flavour } (see warm-up.js; no reply).
// Messages out: { id, texts, ms } (one JSON result text per config) or
// { id, error } (the module failed to load).
import { loadSimulatorModule } from '../module-loader.js';
import { simulateTexts } from './run-simulations.js';
import { warmUpConfigs, warmUpInSlices } from './warm-up.js';

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
  const { id, flavour, configs, warmUp } = data ?? {};
  if (Array.isArray(warmUp)) {
    moduleFor(flavour).then((module) => warmUpInSlices(warmUpConfigs(warmUp), (config) => simulateTexts(module, [config])), () => {});
    return;
  }
  try {
    const module = await moduleFor(flavour);
    self.postMessage({ id, ...simulateTexts(module, configs) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
});
