// The gated units against PyTorch: F.glu on [value, gate], relu(a) * b,
// F.gelu(a, approximate='tanh') * b and F.silu(a) * b in float64 with their
// autograd partials (tests/fixtures/pytorch_gated.txt), within gated.def's bounds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "actlab/catalog.h"
#include "sweep.h"
#include "text_fixture.h"

namespace actlab {
namespace {

// rel for a ULP bound (one ULP is at most 2^-23 of the value); abs: the gate's
// error where g(gate) is subnormal, carried by |b| (gated_sweep.h), plus a
// subnormal product's rounding, plus torch's own float64 cancellation in
// 0.5 a (1 + tanh u) (a few 2^-53 of |a b|) for the tanh-form GELU, and in
// sigmoid's backward s (1 - s) (2^-53 of |b|: torch flushes sigma'(80) to 0).
struct Tolerance {
  double rel, abs;
};
Tolerance tolerance(const GatedUnit& u, double bound, double gate, double value) {
  const double tiny = std::ldexp(1.0, -149);
  double abs = bound * tiny * std::max(1.0, std::fabs(value)) + tiny / 2;
  if (std::string(u.gate_id) == "gelu_tanh") abs += 8 * std::ldexp(1.0, -53) * std::max(1.0, std::fabs(gate)) * std::fabs(value);
  return {bound * std::ldexp(1.0, -23), abs};
}

TEST(GatedPyTorch, ValuesAndBothPartialsMatchWithinTheBounds) {
  auto rows = testing::fixture_rows("pytorch_gated.txt");
  ASSERT_GT(rows.size(), 4000u);
  std::set<std::string> seen;
  int failures = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 6u);
    const GatedUnit* u = find_gated_unit(row[0]);
    ASSERT_NE(u, nullptr) << row[0];
    seen.insert(row[0]);
    const float gate = std::strtof(row[1].c_str(), nullptr), value = std::strtof(row[2].c_str(), nullptr);
    const double y = std::strtod(row[3].c_str(), nullptr), d_gate = std::strtod(row[4].c_str(), nullptr),
                 d_value = std::strtod(row[5].c_str(), nullptr);
    float ours_y, ours_dg, ours_dv;
    u->forward(1, &gate, &value, &ours_y);
    u->partials(1, &gate, &value, &ours_dg, &ours_dv);
    const Tolerance ty = tolerance(*u, u->forward_ulp, gate, value), tv = tolerance(*u, u->d_value_ulp, gate, 1.0);
    Tolerance tg = tolerance(*u, u->d_gate_ulp, gate, value);
    if (u->gate().derivative_crosses_zero) tg.abs += verify::kCrossingAbsBound * std::fabs(value);
    if (std::string(u->gate_id) == "sigmoid") tg.abs += std::ldexp(1.0, -52) * std::fabs(value);
    const bool ok = testing::close(ours_y, y, ty.rel, ty.abs) && testing::close(ours_dg, d_gate, tg.rel, tg.abs) &&
                    testing::close(ours_dv, d_value, tv.rel, tv.abs);
    if (!ok && ++failures <= 20)
      ADD_FAILURE() << row[0] << " at gate = " << row[1] << ", value = " << row[2] << ": y " << ours_y << " vs " << y
                    << ", d_gate " << ours_dg << " vs " << d_gate << ", d_value " << ours_dv << " vs " << d_value;
  }
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(seen.size(), gated_units().size()) << "fixture must cover every gated unit";
}

}  // namespace
}  // namespace actlab
