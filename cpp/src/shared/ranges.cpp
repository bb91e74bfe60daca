// Range checks shared by the simulator and the trainer (ranges.h).
#include "ranges.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "actlab/formula.h"

namespace actlab::shared {
namespace {
// A setting's value as the messages print it.
std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// "" or "<where>: ..." for a formula choice: it compiles, its params match its declarations and their ranges.
std::string check_formula(const ActivationChoice& choice, const std::string& where) {
  if (choice.formula.empty()) return where + ": id \"formula\" needs a \"formula\" (its text, e.g. \"x * sigmoid(x)\")";
  if (!choice.alphas.empty()) return where + ": alphas (per-unit slopes) are only for prelu, not a formula";
  const formula::Compiled compiled = formula::compile(choice.formula);
  if (!compiled.ok) return where + ": formula: " + compiled.message;
  const std::vector<formula::Parameter>& declared = compiled.program.params;
  std::vector<float> values;
  for (const formula::Parameter& p : declared) values.push_back(static_cast<float>(p.value));
  if (!choice.params.empty()) {
    if (choice.params.size() != declared.size()) {
      std::string names;
      for (const formula::Parameter& p : declared) names += (names.empty() ? "" : ", ") + p.name;
      return where + ": the formula declares " + std::to_string(declared.size()) + " parameter(s)" +
             (names.empty() ? "" : " (" + names + ")") + "; params has " + std::to_string(choice.params.size()) +
             " value(s)";
    }
    values = choice.params;
  }
  const std::string message = formula::check_values(compiled.program, values.data());
  return message.empty() ? "" : where + ": " + message;
}

}  // namespace

std::string check_activation(const ActivationChoice& choice, int width, const std::string& where, bool gated_allowed) {
  if (gated_allowed && find_gated_unit(choice.id))
    return choice.params.empty() && choice.alphas.empty() && choice.formula.empty()
               ? "" : where + ": the gated unit " + choice.id + " takes no params, alphas or formula";
  if (choice.id == kFormulaId) return check_formula(choice, where);
  if (!choice.formula.empty()) return where + ": \"formula\" is only for id \"formula\", not '" + choice.id + "'";
  const Activation* a = find_activation(choice.id);
  if (!a) {
    std::string ids, gated;
    for (const Activation& e : activations()) ids += std::string(ids.empty() ? "" : ", ") + e.id;
    for (const GatedUnit& g : gated_units()) gated += std::string(gated.empty() ? "; gated units " : ", ") + g.id;
    return where + ": unknown activation '" + choice.id + "' (known: " + ids + (gated_allowed ? gated : "") + ")";
  }
  if (!choice.params.empty()) {
    std::string message = check_params(*a, choice.params.data(), static_cast<int>(choice.params.size()));
    if (!message.empty()) return where + ": " + message;
  }
  if (!choice.alphas.empty()) {
    if (choice.id != "prelu") return where + ": alphas (per-unit slopes) are only for prelu, not " + choice.id;
    if (choice.alphas.size() != static_cast<size_t>(width))
      return where + ": prelu alphas has " + std::to_string(choice.alphas.size()) +
             " values; it needs one per unit, width = " + std::to_string(width);
    for (size_t u = 0; u < choice.alphas.size(); ++u) {
      std::string message = check_params(*a, &choice.alphas[u], 1);
      if (!message.empty()) return where + ": alphas[" + std::to_string(u) + "]: " + message;
    }
  }
  return "";
}

std::string check_setting(const SettingRange& r, double v) {
  const std::string range = "[" + number(r.lo) + ", " + number(r.hi) + "]";
  if (!(v >= r.lo && v <= r.hi))  // also refuses NaN
    return std::string(r.name) + " = " + number(v) + " is outside the allowed range " + range;
  if (r.integer && v != std::floor(v))
    return std::string(r.name) + " = " + number(v) + " must be a whole number in " + range;
  return "";
}

}  // namespace actlab::shared
