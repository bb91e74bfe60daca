// Native Google Benchmark that chose how conv2d computes (issue 12): the layer
// library's im2col + packed GEMM against a direct kernel on the same CHWN
// layout (4 filters x 8 samples of accumulators, the same k-ordered sums), at
// the Hansen CNN's two layer shapes with batch 128. Results: docs/BENCHMARKS.md.
#include <benchmark/benchmark.h>

#include <vector>

#include "actlab/layers.h"
#include "actlab/vec4.h"

namespace {
using namespace actlab;

struct ConvShape {
  int channels, side, filters, kernel;
};
constexpr ConvShape kShapes[] = {{1, 28, 32, 3}, {32, 26, 64, 3}};
constexpr size_t kBatch = 128;

// y(f, oy, ox, s) = b(f) + sum over (c, ki, kj) of w(f, c, ki, kj) x(c, oy + ki, ox + kj, s), 'valid'.
void direct_conv(const ConvShape& s, const float* x, const float* w, const float* b, float* y) {
  const int out = s.side - s.kernel + 1, k = s.kernel, taps = s.channels * k * k;
  for (int f0 = 0; f0 < s.filters; f0 += 4)
    for (int oy = 0; oy < out; ++oy)
      for (int ox = 0; ox < out; ++ox)
        for (size_t n = 0; n < kBatch; n += 8) {
          f32x4 acc[4][2] = {};
          for (int c = 0; c < s.channels; ++c)
            for (int ki = 0; ki < k; ++ki)
              for (int kj = 0; kj < k; ++kj) {
                const float* xp = x + ((static_cast<size_t>(c) * s.side + oy + ki) * s.side + ox + kj) * kBatch + n;
                const f32x4 x0 = load4(xp), x1 = load4(xp + 4);
                const int tap = (c * k + ki) * k + kj;
                for (int f = 0; f < 4; ++f) {
                  const f32x4 wf = splat(w[(f0 + f) * taps + tap]);
                  acc[f][0] = acc[f][0] + wf * x0, acc[f][1] = acc[f][1] + wf * x1;
                }
              }
          for (int f = 0; f < 4; ++f) {
            float* yp = y + ((static_cast<size_t>(f0 + f) * out + oy) * out + ox) * kBatch + n;
            store4(yp, acc[f][0] + splat(b[f0 + f])), store4(yp + 4, acc[f][1] + splat(b[f0 + f]));
          }
        }
}

double flops(const ConvShape& s) {
  const double out = s.side - s.kernel + 1;
  return 2.0 * out * out * s.filters * s.channels * s.kernel * s.kernel * kBatch;
}

void im2col_gemm(benchmark::State& state) {
  const ConvShape& s = kShapes[state.range(0)];
  LayerSpec spec;
  spec.kind = LayerKind::conv2d, spec.filters = s.filters, spec.kernel = s.kernel;
  std::vector<Shape> shapes;
  layer_shapes({spec}, {s.channels, s.side, s.side}, &shapes);
  auto layer = make_layer(spec, {s.channels, s.side, s.side}, shapes[0], 0);
  auto& conv = static_cast<WeightLayer&>(*layer);
  for (size_t i = 0; i < conv.weights.size(); ++i) conv.weights[i] = 0.01f * static_cast<float>(i % 7);
  std::vector<float> x(static_cast<size_t>(s.channels) * s.side * s.side * kBatch, 0.5f), y(shapes[0].size() * kBatch);
  for (auto _ : state) {
    for (size_t p = 0; p < layer->forward_parts(kBatch); ++p) layer->forward(p, x.data(), y.data(), kBatch, {});
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(flops(s) * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}

void direct(benchmark::State& state) {
  const ConvShape& s = kShapes[state.range(0)];
  const int out = s.side - s.kernel + 1;
  std::vector<float> w(static_cast<size_t>(s.filters) * s.channels * s.kernel * s.kernel), b(s.filters, 0.1f);
  for (size_t i = 0; i < w.size(); ++i) w[i] = 0.01f * static_cast<float>(i % 7);
  std::vector<float> x(static_cast<size_t>(s.channels) * s.side * s.side * kBatch, 0.5f), y(static_cast<size_t>(s.filters) * out * out * kBatch);
  for (auto _ : state) {
    direct_conv(s, x.data(), w.data(), b.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["GFLOP/s"] = benchmark::Counter(flops(s) * state.iterations() / 1e9, benchmark::Counter::kIsRate);
}

BENCHMARK(im2col_gemm)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
BENCHMARK(direct)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
