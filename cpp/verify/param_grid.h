// The parameter values the accuracy sweeps prove each kernel at: both ends
// of every parameter's allowed range, the value just inside the lower end,
// the default, and interior values (mostly inexact in float32), all drawn
// from the catalogue's ranges so a new activation gets its grid for free.
#pragma once
#include <string>
#include <vector>

#include "actlab/catalog.h"

namespace actlab::verify {

// One parameter setting of an activation, in catalogue order.
struct ParamPoint {
  float values[kMaxParams] = {};
  int count = 0;

  // "beta=1.70000005, threshold=20" (%.9g: the exact float).
  std::string label(const Activation& activation) const;
};

// The grid values of one parameter: lo, the next float above lo, four
// interior points (geometric where the range spans two decades or more
// above 0, else evenly spread), 1.7 and 0 where inside, the default and hi;
// sorted, without repeats.
std::vector<float> parameter_values(const ParamSpec& spec);

// Every setting the sweeps cover: each parameter over its values with the
// others at their defaults, then every combination of {lo, default, hi}
// across parameters; settings check_params refuses are left out, repeats
// too. The first point is always the defaults. Empty for a kernel without
// parameters.
std::vector<ParamPoint> parameter_grid(const Activation& activation);

// The catalogue indices of the kernels that have parameters.
std::vector<int> parametric_kernels();

// Every parametric kernel's grid as JSON, {"id": [{"name": value, ...}, ...]}
// with %.9g values, one kernel per line: tests/fixtures/param_grid.json, from
// which the JS suites read the settings to check both wasm builds at.
std::string parameter_grid_json();

}  // namespace actlab::verify
