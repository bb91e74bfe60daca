// embind bindings of the gradient-flow simulator, built as its own module
// (actlab-simulator-*.wasm) so the kernel module the page loads first stays
// small; the simulator is meant to run in a Web Worker.
#include <emscripten/bind.h>

#include <string>

#include "actlab/network.h"

namespace {
// Random draws kept for the module's lifetime, so the next request with the
// same seed (another activation, gain, depth...) does not sample again.
actlab::DrawCache draw_cache;

// Runs the gradient-flow simulator: config JSON in, result JSON out (format in network.h).
std::string simulate_json(std::string config) { return actlab::simulate_json(config, &draw_cache); }
}  // namespace

EMSCRIPTEN_BINDINGS(actlab_simulator) { emscripten::function("simulateJson", &simulate_json); }
