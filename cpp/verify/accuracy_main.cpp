// actlab_accuracy: the ULP table for every kernel, as markdown.
//   actlab_accuracy [--stride N] [--threads T] [--only id]
// stride 1 (the default) sweeps all 2^32 float inputs.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "sweep.h"

int main(int argc, char** argv) {
  uint64_t stride = 1;
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  std::string only;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--stride")) stride = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  if (stride == 0) stride = 1;
  std::printf("| kernel | bound (ULP) | max ULP | at x | mean ULP | max ULP where abs(f) >= 1e-3 | max rel. err. (normal results) | max abs. err. | inputs | meets bound |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  bool all_ok = true;
  const auto catalog = actlab::activations();
  for (int index = 0; index < static_cast<int>(catalog.size()); ++index) {
    const actlab::Activation& a = catalog[index];
    if (!only.empty() && only != a.id) continue;
    for (bool derivative : {false, true}) {
      actlab::verify::KernelError e = actlab::verify::sweep(index, derivative, stride, threads);
      bool ok = actlab::verify::meets_bound(a, derivative, e);
      all_ok = all_ok && ok;
      std::printf("| %s%s | %g%s | %.3f | %.9g | %.4f | %.3f | %.3g | %.3g | %llu | %s |\n", a.id,
                  derivative ? "'" : "", derivative ? a.derivative_ulp : a.forward_ulp,
                  derivative && a.derivative_crosses_zero ? " where abs(f') >= 1e-3, abs err <= 2e-7" : "",
                  e.max_ulp, e.max_ulp_at, e.mean_ulp(), e.max_ulp_significant, e.max_rel, e.max_abs,
                  static_cast<unsigned long long>(e.count), ok ? "yes" : "**no**");
      std::fflush(stdout);
    }
  }
  return all_ok ? 0 : 1;
}
