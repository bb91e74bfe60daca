// embind bindings for formula activations (cpp/include/actlab/formula.h):
// compile a typed formula once, keep the program here under a numeric id,
// evaluate f or f' over wasm-heap arrays (float32, and the double twin with
// the accuracy sweep's references, to measure the formula's error), destroy
// it. Nothing typed is ever run as JavaScript; the program is data the C++
// evaluator walks.
#include <emscripten/bind.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "actlab/formula.h"
#include "reference.h"

namespace {
namespace formula = actlab::formula;

// The compiled programs, by the id formulaCompile handed out.
std::map<int, formula::Program>& programs() {
  static std::map<int, formula::Program> table;
  return table;
}
int next_id = 1;

// text as a JSON string literal (quotes, backslashes and control characters escaped).
std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else out += static_cast<char>(c);
  }
  return out + "\"";
}

// A double as JSON (17 significant digits read back the same; ranges are always finite).
std::string json_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// Compiles text: {"ok":true,"id":n,"instructions":k,"params":[{name,min,max,default}]}
// or {"ok":false,"error":{"message":"...","column":c}} (column 0: the text as a whole).
std::string formula_compile(const std::string& text) {
  formula::Compiled compiled = formula::compile(text);
  if (!compiled.ok)
    return "{\"ok\":false,\"error\":{\"message\":" + json_string(compiled.message) + ",\"column\":" +
           std::to_string(compiled.column) + "}}";
  std::string params = "[";
  for (size_t i = 0; i < compiled.program.params.size(); ++i) {
    const formula::Parameter& p = compiled.program.params[i];
    params += std::string(i ? "," : "") + "{\"name\":" + json_string(p.name) + ",\"min\":" + json_number(p.min) +
              ",\"max\":" + json_number(p.max) + ",\"default\":" + json_number(p.value) + "}";
  }
  const int id = next_id++;
  const size_t instructions = compiled.program.code.size();
  programs().emplace(id, std::move(compiled.program));
  return "{\"ok\":true,\"id\":" + std::to_string(id) + ",\"instructions\":" + std::to_string(instructions) +
         ",\"params\":" + params + "]}";
}

// Runs program id over n floats at x into y: f (derivative false) or f'. values:
// the address of one float per declared parameter (0 for the declared defaults).
// Returns "" or why nothing was computed (unknown id, a value out of its range).
std::string formula_evaluate(int id, bool derivative, uintptr_t x, uintptr_t y, uint32_t n, uintptr_t values) {
  const auto found = programs().find(id);
  if (found == programs().end()) return "no formula with id " + std::to_string(id) + " (compile it first)";
  const formula::Program& program = found->second;
  float defaults[formula::kMaxParameters];
  const float* chosen = reinterpret_cast<const float*>(values);
  if (!chosen) {
    for (size_t i = 0; i < program.params.size(); ++i) defaults[i] = static_cast<float>(program.params[i].value);
    chosen = defaults;
  }
  std::string problem = formula::check_values(program, chosen);
  if (!problem.empty()) return problem;
  formula::evaluate(program, chosen, derivative, n, reinterpret_cast<const float*>(x), reinterpret_cast<float*>(y));
  return "";
}

// The catalogue's double reference f or f' of activation index (the twin's catalogue calls).
double catalog_reference(int index, bool derivative, double x, const double* params) {
  const actlab::reference::Pair pair = actlab::reference::for_index(index);
  return derivative ? pair.derivative(x, params) : pair.forward(x, params);
}

// The double twin of program id at n float inputs x: f (derivative false) or f' as n doubles at y.
// values as formulaEvaluate (floats, widened, so the twin computes what the float program was given).
std::string formula_twin(int id, bool derivative, uintptr_t x, uintptr_t y, uint32_t n, uintptr_t values) {
  const auto found = programs().find(id);
  if (found == programs().end()) return "no formula with id " + std::to_string(id) + " (compile it first)";
  const formula::Program& program = found->second;
  const float* given = reinterpret_cast<const float*>(values);
  double wide[formula::kMaxParameters];
  for (size_t i = 0; i < program.params.size(); ++i)
    wide[i] = given ? given[i] : static_cast<float>(program.params[i].value);
  const float* in = reinterpret_cast<const float*>(x);
  double* out = reinterpret_cast<double*>(y);
  for (uint32_t i = 0; i < n; ++i) {
    double slope = 0;
    const double value = formula::evaluate_double(program, wide, in[i], catalog_reference, derivative ? &slope : nullptr);
    out[i] = derivative ? slope : value;
  }
  return "";
}

// Forgets program id; false when there was none.
bool formula_destroy(int id) { return programs().erase(id) == 1; }

}  // namespace

EMSCRIPTEN_BINDINGS(actlab_formula) {
  emscripten::function("formulaCompile", &formula_compile);
  emscripten::function("formulaEvaluate", &formula_evaluate);
  emscripten::function("formulaTwin", &formula_twin);
  emscripten::function("formulaDestroy", &formula_destroy);
}
