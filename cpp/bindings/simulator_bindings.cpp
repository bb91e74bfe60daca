// embind bindings of the gradient-flow simulator, built as its own module
// (actlab-simulator-*.wasm) so the kernel module the page loads first stays
// small; the simulator is meant to run in a Web Worker.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include "actlab/gemm.h"
#include "actlab/network.h"

namespace {
// Random draws kept for the module's lifetime, so the next request with the
// same seed (another activation, gain, depth...) does not sample again.
actlab::DrawCache draw_cache;

// Runs the gradient-flow simulator: config JSON in, result JSON out (format in network.h).
std::string simulate_json(std::string config) { return actlab::simulate_json(config, &draw_cache); }

float* f32(uintptr_t address) { return reinterpret_cast<float*>(address); }

// The simulator's matrix product on heap floats (byte offsets from _malloc),
// for tests and benchmarks: kind 0 = nn (C = A B, A m x k, B k x n),
// 1 = tn (C = A^T B, A k x m), 2 = nt (C = A B^T, B n x k); C is m x n,
// everything row-major. Returns false (and writes nothing) for another kind.
bool gemm(int kind, uint32_t m, uint32_t n, uint32_t k, uintptr_t a, uintptr_t b, uintptr_t c) {
  switch (kind) {
    case 0: actlab::gemm_nn(m, n, k, f32(a), f32(b), f32(c)); return true;
    case 1: actlab::gemm_tn(m, n, k, f32(a), f32(b), f32(c)); return true;
    case 2: actlab::gemm_nt(m, n, k, f32(a), f32(b), f32(c)); return true;
    default: return false;
  }
}
}  // namespace

EMSCRIPTEN_BINDINGS(actlab_simulator) {
  emscripten::function("simulateJson", &simulate_json);  // config JSON -> result JSON
  emscripten::function("gemm", &gemm);  // gemm(kind 0 nn / 1 tn / 2 nt, m, n, k, aPtr, bPtr, cPtr) -> ok
}
