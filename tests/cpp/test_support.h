// Helpers shared by the native test suites: fixture paths and kernel runs.
#pragma once
#include <string>
#include <vector>

#include "actlab/catalog.h"

namespace actlab::testing {

// Absolute path of a file in the source tree (tests/fixtures/..., tests/golden/...).
inline std::string source_path(const std::string& relative) { return std::string(ACTLAB_SOURCE_DIR) + "/" + relative; }

// Runs one kernel of `a` over x with the given parameters (defaults if empty).
inline std::vector<float> run(const Activation& a, bool derivative, const std::vector<float>& x,
                              std::vector<float> params = {}) {
  if (params.empty()) {
    params.resize(kMaxParams);
    default_params(a, params.data());
  }
  std::vector<float> y(x.size());
  (derivative ? a.derivative : a.forward)(x.size(), x.data(), y.data(), params.data());
  return y;
}

// The same kernel on a single value.
inline float run1(const Activation& a, bool derivative, float x, std::vector<float> params = {}) {
  return run(a, derivative, std::vector<float>{x}, std::move(params))[0];
}

}  // namespace actlab::testing
