// Native Google Benchmark of every elementwise kernel (quick iteration; the
// published numbers come from the wasm benchmark in tests/bench).
#include <benchmark/benchmark.h>

#include <vector>

#include "actlab/catalog.h"
#include "actlab/kernels.h"

namespace {
void run(benchmark::State& state, const actlab::Activation* a, bool derivative) {
  std::vector<float> x(1 << 20), y(x.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = -10.0f + 20.0f * static_cast<float>(i) / x.size();
  float params[actlab::kMaxParams];
  actlab::default_params(*a, params);
  auto kernel = derivative ? a->derivative : a->forward;
  for (auto _ : state) {
    kernel(x.size(), x.data(), y.data(), params);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * x.size());
}
const bool kRegistered = [] {
  for (const actlab::Activation& a : actlab::activations()) {
    benchmark::RegisterBenchmark((std::string(a.id) + "/forward").c_str(), run, &a, false);
    benchmark::RegisterBenchmark((std::string(a.id) + "/derivative").c_str(), run, &a, true);
  }
  return true;
}();
}  // namespace

BENCHMARK_MAIN();
