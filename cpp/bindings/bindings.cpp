// embind bindings: a thin layer that turns wasm-heap addresses (numbers) into
// pointers and forwards to the core. All checking of user input happens in
// web/src/actlab.js before these are called, except parameter ranges, which
// the catalogue checks here so there is one source of truth.
#include <emscripten/bind.h>

#include <cstdint>
#include <string>

#include "simd_build.h"
#include "actlab/catalog.h"
#include "actlab/kernels.h"

namespace {
using actlab::activations;
using actlab::gated_units;

float* f32(uintptr_t address) { return reinterpret_cast<float*>(address); }

std::string json_escape(const char* s) {
  std::string out;
  for (; *s; ++s) {
    if (*s == '"' || *s == '\\') out += '\\';
    out += *s;
  }
  return out;
}

// The gated units as a JSON array: id, name, gate activation and proven accuracy.
std::string gated_units_json() {
  std::string json = "[";
  for (size_t i = 0; i < gated_units().size(); ++i) {
    const actlab::GatedUnit& u = gated_units()[i];
    json += std::string(i ? "," : "") + "{\"id\":\"" + json_escape(u.id) + "\",\"name\":\"" + json_escape(u.name) +
            "\",\"gate\":\"" + json_escape(u.gate_id) + "\",\"forwardUlp\":" + std::to_string(u.forward_ulp) +
            ",\"dGateUlp\":" + std::to_string(u.d_gate_ulp) + ",\"dValueUlp\":" + std::to_string(u.d_value_ulp) +
            ",\"dGateCrossesZero\":" + (u.gate().derivative_crosses_zero ? "true" : "false") + "}";
  }
  return json + "]";
}

// The catalogue as JSON: elementwise activations (with parameters and proven
// accuracy), the ids of the row-wise operations and the gated units.
std::string catalog_json() {
  std::string json = "{\"activations\":[";
  for (size_t i = 0; i < activations().size(); ++i) {
    const actlab::Activation& a = activations()[i];
    if (i) json += ",";
    json += "{\"id\":\"" + json_escape(a.id) + "\",\"name\":\"" + json_escape(a.name) + "\",\"forwardUlp\":" +
            std::to_string(a.forward_ulp) + ",\"derivativeUlp\":" + std::to_string(a.derivative_ulp) +
            ",\"derivativeCrossesZero\":" + (a.derivative_crosses_zero ? "true" : "false") + ",\"params\":[";
    for (int p = 0; p < a.param_count; ++p) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "%s{\"name\":\"%s\",\"default\":%.9g,\"min\":%.9g,\"max\":%.9g}", p ? "," : "",
                    a.params[p].name, a.params[p].default_value, a.params[p].min, a.params[p].max);
      json += buf;
    }
    json += "]}";
  }
  json += "],\"rowOperations\":[";
  for (size_t i = 0; i < std::size(actlab::kRowOperationIds); ++i)
    json += std::string(i ? "," : "") + "\"" + actlab::kRowOperationIds[i] + "\"";
  return json + "],\"gatedUnits\":" + gated_units_json() + "}";
}

// "" when params (count floats at paramsAddress) are valid for activation index.
std::string check_params(int index, uintptr_t params, int count) {
  return actlab::check_params(activations()[index], f32(params), count);
}

// Runs the forward (derivative == false) or derivative kernel of activation index.
void elementwise(int index, bool derivative, uintptr_t x, uintptr_t y, uint32_t n, uintptr_t params) {
  const actlab::Activation& a = activations()[index];
  (derivative ? a.derivative : a.forward)(n, f32(x), f32(y), f32(params));
}

void prelu_channels(bool derivative, uintptr_t x, uintptr_t y, uint32_t rows, uint32_t channels, uintptr_t alpha) {
  (derivative ? actlab::prelu_channels_derivative : actlab::prelu_channels_forward)(rows, channels, f32(x), f32(y),
                                                                                     f32(alpha));
}
void softmax(uintptr_t x, uintptr_t y, uint32_t rows, uint32_t cols) { actlab::softmax_rows(rows, cols, f32(x), f32(y)); }
void softmax_backward(uintptr_t y, uintptr_t dy, uintptr_t dx, uint32_t rows, uint32_t cols) {
  actlab::softmax_rows_backward(rows, cols, f32(y), f32(dy), f32(dx));
}
void softmin(uintptr_t x, uintptr_t y, uint32_t rows, uint32_t cols) { actlab::softmin_rows(rows, cols, f32(x), f32(y)); }
void softmin_backward(uintptr_t y, uintptr_t dy, uintptr_t dx, uint32_t rows, uint32_t cols) {
  actlab::softmin_rows_backward(rows, cols, f32(y), f32(dy), f32(dx));
}
void log_softmax(uintptr_t x, uintptr_t y, uint32_t rows, uint32_t cols) {
  actlab::log_softmax_rows(rows, cols, f32(x), f32(y));
}
void log_softmax_backward(uintptr_t y, uintptr_t dy, uintptr_t dx, uint32_t rows, uint32_t cols) {
  actlab::log_softmax_rows_backward(rows, cols, f32(y), f32(dy), f32(dx));
}
void maxout(uintptr_t x, uintptr_t y, uint32_t n, uint32_t k) { actlab::maxout_forward(n, k, f32(x), f32(y)); }
void maxout_backward(uintptr_t x, uintptr_t dy, uintptr_t dx, uint32_t n, uint32_t k) {
  actlab::maxout_backward(n, k, f32(x), f32(dy), f32(dx));
}
// y = g(gate) * value for gated unit index (gated.def order).
void gated(int index, uintptr_t gate, uintptr_t value, uintptr_t y, uint32_t n) {
  gated_units()[index].forward(n, f32(gate), f32(value), f32(y));
}
// d_gate = dy/dgate and d_value = dy/dvalue of gated unit index.
void gated_partials(int index, uintptr_t gate, uintptr_t value, uintptr_t d_gate, uintptr_t d_value, uint32_t n) {
  gated_units()[index].partials(n, f32(gate), f32(value), f32(d_gate), f32(d_value));
}
// The vector-Jacobian product of gated unit index with upstream dy.
void gated_backward(int index, uintptr_t gate, uintptr_t value, uintptr_t dy, uintptr_t d_gate, uintptr_t d_value,
                    uint32_t n) {
  gated_units()[index].backward(n, f32(gate), f32(value), f32(dy), f32(d_gate), f32(d_value));
}
void copy_floats(uintptr_t x, uintptr_t y, uint32_t n) { actlab::copy_floats(n, f32(x), f32(y)); }


}  // namespace

EMSCRIPTEN_BINDINGS(actlab) {
  emscripten::function("catalogJson", &catalog_json);
  emscripten::function("checkParams", &check_params);
  emscripten::function("elementwise", &elementwise);
  emscripten::function("preluChannels", &prelu_channels);
  emscripten::function("softmax", &softmax);
  emscripten::function("softmaxBackward", &softmax_backward);
  emscripten::function("softmin", &softmin);
  emscripten::function("softminBackward", &softmin_backward);
  emscripten::function("logSoftmax", &log_softmax);
  emscripten::function("logSoftmaxBackward", &log_softmax_backward);
  emscripten::function("maxout", &maxout);
  emscripten::function("maxoutBackward", &maxout_backward);
  emscripten::function("gated", &gated);
  emscripten::function("gatedPartials", &gated_partials);
  emscripten::function("gatedBackward", &gated_backward);
  emscripten::function("copyFloats", &copy_floats);
  emscripten::function("simdBuild", &actlab::bindings::simd_build);
}
