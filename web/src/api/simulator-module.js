// The simulator and trainer WebAssembly module (actlab-simulator-*.wasm) of
// one build, loaded once per flavour and file overrides and shared by every
// simulate() and createTrainer() call on this thread.
import { loadSimulatorModule } from '../module-loader.js';
import { loadOnce } from '../simulator/load-once.js';

const load = loadOnce((key) => {
  const { flavour, moduleUrl, wasmUrl } = JSON.parse(key);
  return loadSimulatorModule(flavour, { moduleUrl: moduleUrl ?? undefined, wasmUrl: wasmUrl ?? undefined });
});

/** Resolves to the simulator module of { flavour, moduleUrl, wasmUrl } (readOptions' fields). */
export function simulatorModule({ flavour, moduleUrl, wasmUrl }) {
  const text = (url) => (url == null ? null : String(url));
  return load(JSON.stringify({ flavour, moduleUrl: text(moduleUrl), wasmUrl: text(wasmUrl) }));
}
