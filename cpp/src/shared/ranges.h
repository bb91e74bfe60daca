// Allowed ranges of the numeric settings, shared by validate() and the JSON
// reader so both name the same range (shared by the simulator, cpp/src/network, and the trainer, cpp/src/train).
#pragma once
#include <string>
#include <string_view>

#include "actlab/network.h"

namespace actlab::shared {

struct SettingRange {
  const char* name;  // the JSON key
  double lo, hi;
  bool integer;
};

inline constexpr SettingRange kSettingRanges[] = {
    {"inputWidth", 1, 16384, true},
    {"depth", 1, 10000, true},
    {"width", 1, 16384, true},
    {"batch", 1, 65536, true},
    {"gain", 0, 1e6, false},
    {"std", 0, 1e6, false},
    {"bound", 0, 1e6, false},
    {"value", -1e6, 1e6, false},
    {"bias", -1e6, 1e6, false},
    {"inputValue", -1e6, 1e6, false},
    {"seed", 0, 9007199254740992.0, true},
    {"saturationThreshold", 0, 1, false},
    {"bins", 1, 256, true},
    {"clipValue", 0, 1e30, false},
    {"clipNorm", 0, 1e30, false},
    {"memoryBudgetMiB", 1, 4096, false},
    {"chainSample", 0, 65535, true},  // and below batch, checked by validate()
    {"residualEvery", 0, 10000, true},
    {"residualAlpha", 0, 1000, false},
    {"dropout", 0, 0.99, false},
    {"biasStd", 0, 1e6, false},
    {"pairCorrelation", -1, 1, false},
};

// The range of a numeric setting, or nullptr.
inline const SettingRange* find_range(std::string_view name) {
  for (const SettingRange& r : kSettingRanges)
    if (name == r.name) return &r;
  return nullptr;
}

// "" when value lies in the setting's range (and is whole if it must be),
// else "<name> = <value> is outside the allowed range [lo, hi]" or
// "<name> = <value> must be a whole number in [lo, hi]". NaN always fails.
std::string check_setting(const SettingRange& range, double value);

// "" or "<where>: what is wrong" for an activation choice on a layer of `width` units; with
// gated_allowed, a gated unit's id (gated.def, which takes no params) is valid too.
std::string check_activation(const ActivationChoice& choice, int width, const std::string& where, bool gated_allowed = false);

}  // namespace actlab::shared
