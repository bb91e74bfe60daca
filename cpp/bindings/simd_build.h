// Whether a module was compiled with WebAssembly SIMD128: the build that
// runs, whatever its file is called (both modules bind it as simdBuild).
#pragma once

namespace actlab::bindings {
inline bool simd_build() {
#ifdef __wasm_simd128__
  return true;
#else
  return false;
#endif
}
}  // namespace actlab::bindings
