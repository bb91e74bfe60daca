// Range checks shared by the simulator and the trainer (ranges.h).
#include "ranges.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "actlab/catalog.h"

namespace actlab::shared {
namespace {
// A setting's value as the messages print it.
std::string number(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}
}  // namespace

std::string check_activation(const ActivationChoice& choice, int width, const std::string& where, bool gated_allowed) {
  if (gated_allowed && find_gated_unit(choice.id))
    return choice.params.empty() && choice.alphas.empty() ? "" : where + ": the gated unit " + choice.id + " takes no params or alphas";
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
