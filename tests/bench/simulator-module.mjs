// The gradient-flow simulator's wasm builds (actlab-simulator-{simd,scalar})
// in Node, through the public loader (the .wasm bytes go in as wasmBinary).
import { loadSimulatorModule } from '../../web/src/module-loader.js';

/** gemm's `kind` argument for each layout (see cpp/bindings/simulator_bindings.cpp). */
export const GEMM_KIND = { nn: 0, tn: 1, nt: 2 };

/** Resolves to the ready simulator module of flavour 'simd' or 'scalar' (simulateJson, gemm, _malloc, _free, HEAPF32). */
export function loadSimulator(flavour) {
  return loadSimulatorModule(flavour);
}
