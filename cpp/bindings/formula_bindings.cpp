// embind bindings of formula activations (actlab/formula.h): compile a
// formula into a numbered program, run it (f or f' by AD) on floats in the
// wasm heap, run its double twin, free it. Nothing typed is evaluated as
// JavaScript: the text only ever reaches the C++ compiler.
#include <emscripten/bind.h>

#include <cstdint>
#include <map>
#include <string>

#include "actlab/formula.h"
#include "reference.h"

namespace {
using actlab::formula::Program;

std::map<int, Program> programs;  // id -> compiled program
int next_id = 1;

const float* f32(uintptr_t address) { return reinterpret_cast<const float*>(address); }

// Text as the inside of a JSON string.
std::string json_string(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out;
}

// The catalogue's double references, for the twin's catalogue calls.
double catalog_reference(int index, bool derivative, double x, const double* p) {
  const actlab::reference::Pair pair = actlab::reference::for_index(index);
  return derivative ? pair.derivative(x, p) : pair.forward(x, p);
}

// {"ok":true,"id","params":[{name,min,max,value}],"instructions"} or {"ok":false,"message","column"}.
std::string formula_compile(std::string text) {
  actlab::formula::Compiled c = actlab::formula::compile(text);
  if (!c.ok) return "{\"ok\":false,\"message\":\"" + json_string(c.message) + "\",\"column\":" + std::to_string(c.column) + "}";
  std::string params;
  for (const actlab::formula::Parameter& p : c.program.params) {
    char buf[128];
    std::snprintf(buf, sizeof buf, ",\"min\":%.17g,\"max\":%.17g,\"value\":%.17g}", p.min, p.max, p.value);
    params += std::string(params.empty() ? "" : ",") + "{\"name\":\"" + json_string(p.name) + "\"" + buf;
  }
  const int id = next_id++;
  const size_t instructions = c.program.code.size();
  programs.emplace(id, std::move(c.program));
  return "{\"ok\":true,\"id\":" + std::to_string(id) + ",\"params\":[" + params + "],\"instructions\":" + std::to_string(instructions) + "}";
}

// y = f(x) or f'(x) for n floats at heap addresses, with the parameter values at values: "" or a message.
std::string formula_evaluate(int id, bool derivative, uintptr_t x, uintptr_t y, uint32_t n, uintptr_t values) {
  auto it = programs.find(id);
  if (it == programs.end()) return "no formula " + std::to_string(id);
  std::string problem = actlab::formula::check_values(it->second, f32(values));
  if (!problem.empty()) return problem;
  actlab::formula::evaluate(it->second, f32(values), derivative, n, f32(x), reinterpret_cast<float*>(y));
  return "";
}

// The double twin at n floats: f into f64 and f' into d64 (doubles at heap addresses): "" or a message.
std::string formula_reference(int id, uintptr_t x, uintptr_t f64, uintptr_t d64, uint32_t n, uintptr_t values) {
  auto it = programs.find(id);
  if (it == programs.end()) return "no formula " + std::to_string(id);
  std::string problem = actlab::formula::check_values(it->second, f32(values));
  if (!problem.empty()) return problem;
  double wide[actlab::formula::kMaxParameters];
  for (size_t i = 0; i < it->second.params.size(); ++i) wide[i] = f32(values)[i];
  double* f = reinterpret_cast<double*>(f64);
  double* d = reinterpret_cast<double*>(d64);
  for (uint32_t i = 0; i < n; ++i) f[i] = actlab::formula::evaluate_double(it->second, wide, f32(x)[i], catalog_reference, &d[i]);
  return "";
}

// Frees program id.
void formula_destroy(int id) { programs.erase(id); }
}  // namespace

EMSCRIPTEN_BINDINGS(actlab_formula) {
  emscripten::function("formulaCompile", &formula_compile);      // text -> {ok, id, params, instructions} | {ok: false, message, column}
  emscripten::function("formulaEvaluate", &formula_evaluate);    // (id, derivative, xPtr, yPtr, n, valuesPtr) -> "" | message
  emscripten::function("formulaReference", &formula_reference);  // (id, xPtr, fPtr, dPtr (doubles), n, valuesPtr) -> "" | message
  emscripten::function("formulaDestroy", &formula_destroy);      // id -> freed
}
