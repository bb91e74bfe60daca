// The Web Worker that runs the gradient-flow simulator off the page's thread.
// Messages in: { id, flavour: 'simd' | 'scalar', configs: [...] }, or
// { warmUp: [activation ids], flavour } (see warm-up.js; no reply).
// Messages out: { id, texts, ms } (one JSON result text per config) or
// { id, error } (the module failed to load).
import { loadSimulatorModule } from '../module-loader.js';
import { loadOnce } from './load-once.js';
import { simulateTexts } from './run-simulations.js';
import { warmUpConfigs, warmUpInSlices } from './warm-up.js';

// The simulator module of a flavour, loaded once.
const moduleFor = loadOnce(loadSimulatorModule);

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
