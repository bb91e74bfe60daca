// actlab_accuracy: the ULP tables, as markdown.
//   actlab_accuracy [--stride N] [--threads T] [--only id] [--grid [--setting K] | --rows R | --gated | --print-grid]
// stride 1 (the default) sweeps all 2^32 float inputs. Without --grid: one
// table, every kernel at its default parameters. With --grid: one table per
// parametric kernel, a row per setting of its parameter grid (param_grid.h);
// --setting K sweeps only the K-th setting (0-based), so that a long run can
// go setting by setting and resume.
// With --rows R: softmax and log_softmax over R generated rows (row_sweep.h).
// With --gated: the gated units (gated.def), a row per value b (gated_sweep.h).
// --print-grid writes the parameter grids as JSON (tests/fixtures/param_grid.json).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gated_sweep.h"
#include "param_grid.h"
#include "row_sweep.h"
#include "sweep.h"

namespace {

using actlab::Activation;
using actlab::verify::KernelError;

struct Options {
  uint64_t stride = 1;
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  std::string only;
  bool grid = false, print_grid = false, gated = false;
  uint64_t rows = 0;
  int setting = -1;  // every setting
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const bool has_value = i + 1 < argc;
    if (!std::strcmp(argv[i], "--grid")) o.grid = true;
    else if (!std::strcmp(argv[i], "--print-grid")) o.print_grid = true;
    else if (!std::strcmp(argv[i], "--gated")) o.gated = true;
    else if (has_value && !std::strcmp(argv[i], "--stride")) o.stride = std::strtoull(argv[++i], nullptr, 10);
    else if (has_value && !std::strcmp(argv[i], "--threads")) o.threads = std::atoi(argv[++i]);
    else if (has_value && !std::strcmp(argv[i], "--only")) o.only = argv[++i];
    else if (has_value && !std::strcmp(argv[i], "--rows")) o.rows = std::strtoull(argv[++i], nullptr, 10);
    else if (has_value && !std::strcmp(argv[i], "--setting")) o.setting = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "actlab_accuracy: unknown or incomplete option '%s'\n", argv[i]);
      std::exit(2);
    }
  }
  if (o.stride == 0) o.stride = 1;
  return o;
}

const char* bound_note(const Activation& a, bool derivative) {
  return derivative && a.derivative_crosses_zero ? " where abs(f') >= 1e-3, abs err <= 2e-7 where abs(f') < 2" : "";
}

// The table of every kernel at its defaults; returns whether all meet their bounds.
bool default_table(const Options& o) {
  std::printf("| kernel | bound (ULP) | max ULP | at x | mean ULP | max ULP where abs(f) >= 1e-3 | max rel. err. (normal results) | max abs. err. | inputs | meets bound |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  bool all_ok = true;
  const auto catalog = actlab::activations();
  for (int index = 0; index < static_cast<int>(catalog.size()); ++index) {
    const Activation& a = catalog[index];
    if (!o.only.empty() && o.only != a.id) continue;
    for (bool derivative : {false, true}) {
      KernelError e = actlab::verify::sweep(index, derivative, o.stride, o.threads);
      bool ok = actlab::verify::meets_bound(a, derivative, e);
      all_ok = all_ok && ok;
      std::printf("| %s%s | %g%s | %.3f | %.9g | %.4f | %.3f | %.3g | %.3g | %llu | %s |\n", a.id,
                  derivative ? "'" : "", derivative ? a.derivative_ulp : a.forward_ulp, bound_note(a, derivative),
                  e.max_ulp, e.max_ulp_at, e.mean_ulp(), e.max_ulp_significant, e.max_rel, e.max_abs,
                  static_cast<unsigned long long>(e.count), ok ? "yes" : "**no**");
      std::fflush(stdout);
    }
  }
  return all_ok;
}

// The measured error in the terms of the kernel's bound: max ULP, or for a
// derivative that crosses zero the max ULP where |f'| >= 1e-3 and max abs (where |f'| < 2).
std::string error_cell(const Activation& a, bool derivative, const KernelError& e) {
  char buf[96];
  if (derivative && a.derivative_crosses_zero)
    std::snprintf(buf, sizeof buf, "%.3f (abs %.2g) at %.9g", e.max_ulp_significant, e.max_abs_small,
                  e.max_ulp_significant_at);
  else
    std::snprintf(buf, sizeof buf, "%.3f at %.9g", e.max_ulp, e.max_ulp_at);
  return buf;
}

// One table per parametric kernel: a row per grid setting, f and f' side by side.
bool grid_tables(const Options& o) {
  bool all_ok = true;
  const auto catalog = actlab::activations();
  for (int index = 0; index < static_cast<int>(catalog.size()); ++index) {
    const Activation& a = catalog[index];
    if (a.param_count == 0 || (!o.only.empty() && o.only != a.id)) continue;
    std::printf("\n#### %s (bound: f %g ULP, f' %g ULP%s)\n\n", a.id, a.forward_ulp, a.derivative_ulp,
                bound_note(a, true));
    std::printf("| parameters | f: max ULP at x | f': max ULP at x | inputs | meets bound |\n|---|---|---|---|---|\n");
    const std::vector<actlab::verify::ParamPoint> grid = actlab::verify::parameter_grid(a);
    for (int k = 0; k < static_cast<int>(grid.size()); ++k) {
      if (o.setting >= 0 && k != o.setting) continue;
      const actlab::verify::ParamPoint& p = grid[k];
      KernelError f = actlab::verify::sweep(index, false, o.stride, o.threads, p.values);
      KernelError d = actlab::verify::sweep(index, true, o.stride, o.threads, p.values);
      bool ok = actlab::verify::meets_bound(a, false, f) && actlab::verify::meets_bound(a, true, d);
      all_ok = all_ok && ok;
      std::printf("| %s | %s | %s | %llu | %s |\n", p.label(a).c_str(), error_cell(a, false, f).c_str(),
                  error_cell(a, true, d).c_str(), static_cast<unsigned long long>(f.count), ok ? "yes" : "**no**");
      std::fflush(stdout);
    }
  }
  return all_ok;
}

// softmax and log_softmax over generated rows of mixed magnitude.
bool row_table(const Options& o) {
  actlab::verify::RowSweepResult r = actlab::verify::row_sweep(o.rows, 1, o.threads);
  std::printf("| kernel | bound (ULP) | max ULP | at x | mean ULP | outputs | rows | meets bound |\n|---|---|---|---|---|---|---|---|\n");
  bool all_ok = true;
  for (auto [name, bound, e] : {std::tuple{"softmax", actlab::verify::kSoftmaxUlp, r.softmax},
                                std::tuple{"softmin", actlab::verify::kSoftmaxUlp, r.softmin},
                                std::tuple{"log_softmax", actlab::verify::kLogSoftmaxUlp, r.log_softmax}}) {
    bool ok = e.max_ulp <= bound;
    all_ok = all_ok && ok;
    std::printf("| %s | %g | %.3f | %.9g | %.4f | %llu | %llu | %s |\n", name, bound, e.max_ulp, e.max_ulp_at,
                e.mean_ulp(), static_cast<unsigned long long>(e.count), static_cast<unsigned long long>(r.rows),
                ok ? "yes" : "**no**");
  }
  return all_ok;
}

// d_gate's max ULP: where |g'| >= 1e-3 when g' crosses zero, everywhere otherwise.
std::string d_gate_cell(const Activation& gate, const KernelError& e) {
  char buf[64];
  const bool crosses = gate.derivative_crosses_zero;
  std::snprintf(buf, sizeof buf, "%.3f at %.9g%s", crosses ? e.max_ulp_significant : e.max_ulp,
                crosses ? e.max_ulp_significant_at : e.max_ulp_at, crosses ? " (abs(g') >= 1e-3)" : "");
  return buf;
}

// d_gate's absolute error beyond rounding, for gates whose derivative crosses zero ("-" otherwise).
std::string abs_cell(const Activation& gate, const actlab::verify::GatedError& e) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2g", e.d_gate_abs_excess);
  return gate.derivative_crosses_zero ? buf : "-";
}

// The gated units: per value b, the max error of y, dy/dgate and dy/dvalue over every gate.
bool gated_table(const Options& o) {
  std::printf("| unit | value b | y: max ULP at gate | d_gate: max ULP at gate | d_value: max ULP at gate | "
              "where g or g' < FLT_MIN, abs(b) > 1: y, d_gate error in abs(b) 2^-149 | d_gate abs. err. / abs(b) beyond rounding "
              "(g' crossing 0) | inputs | meets bound |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  bool all_ok = true;
  for (const actlab::GatedUnit& u : actlab::gated_units()) {
    if (!o.only.empty() && o.only != u.id) continue;
    const Activation& g = u.gate();
    for (const actlab::verify::GatedError& e : actlab::verify::gated_sweep(u, actlab::verify::gated_values(), o.stride, o.threads)) {
      const bool ok = actlab::verify::meets_bound(u, e);
      all_ok = all_ok && ok;
      std::printf("| %s (bounds %g, %g, %g) | %.9g | %.3f at %.9g | %s | %.3f at %.9g | %.3f, %.3f (%llu gates) | %s | %llu | %s |\n",
                  u.id, u.forward_ulp, u.d_gate_ulp, u.d_value_ulp, e.value, e.y.max_ulp, e.y.max_ulp_at,
                  d_gate_cell(g, e.d_gate).c_str(), e.d_value.max_ulp, e.d_value.max_ulp_at, e.y_underflow,
                  e.d_gate_underflow, static_cast<unsigned long long>(e.underflow_count), abs_cell(g, e).c_str(),
                  static_cast<unsigned long long>(e.d_value.count), ok ? "yes" : "**no**");
      std::fflush(stdout);
    }
  }
  return all_ok;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  if (o.print_grid) return std::fputs(actlab::verify::parameter_grid_json().c_str(), stdout) < 0;
  if (o.rows) return row_table(o) ? 0 : 1;
  if (o.gated) return gated_table(o) ? 0 : 1;
  return (o.grid ? grid_tables(o) : default_table(o)) ? 0 : 1;
}
