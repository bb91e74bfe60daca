// Computes the golden hashes (see golden.h for the definition).
#include "golden.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "actlab/catalog.h"
#include "actlab/kernels.h"

namespace actlab::verify {

std::vector<float> golden_inputs() {
  std::vector<float> x(kGoldenCount);
  const uint32_t half = kGoldenCount / 2;
  for (uint32_t i = 0; i < half; ++i) {
    uint32_t b = i * 2654435761u + 12345u;
    std::memcpy(&x[i], &b, sizeof b);
  }
  for (uint32_t i = half; i < kGoldenCount; ++i)
    x[i] = static_cast<float>(-25.0 + 50.0 * static_cast<double>(i - half) / static_cast<double>(half));
  return x;
}

std::vector<float> golden_gated_values(const std::vector<float>& x) {
  std::vector<float> v(x.size());
  std::rotate_copy(x.begin(), x.begin() + x.size() / 2, x.end(), v.begin());
  return v;
}

std::vector<float> golden_gated_upstream(const std::vector<float>& x) { return {x.rbegin(), x.rend()}; }

uint32_t golden_hash(const float* y, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) {
    uint32_t w;
    std::memcpy(&w, &y[i], sizeof w);
    if (y[i] != y[i]) w = 0x7fc00000u;
    h = (h ^ w) * 16777619u;
  }
  return h;
}

std::vector<std::pair<std::string, uint32_t>> golden_hashes() {
  std::vector<std::pair<std::string, uint32_t>> out;
  const std::vector<float> x = golden_inputs();
  std::vector<float> y(x.size());
  for (const Activation& a : activations()) {
    float params[kMaxParams];
    default_params(a, params);
    a.forward(x.size(), x.data(), y.data(), params);
    out.emplace_back(std::string(a.id) + ".forward", golden_hash(y.data(), y.size()));
    a.derivative(x.size(), x.data(), y.data(), params);
    out.emplace_back(std::string(a.id) + ".derivative", golden_hash(y.data(), y.size()));
  }
  const size_t half = x.size() / 2;
  const float* grid = x.data() + half;
  softmax_rows(half / 1024, 1024, grid, y.data());
  out.emplace_back("softmax.forward", golden_hash(y.data(), half));
  softmin_rows(half / 1024, 1024, grid, y.data());
  out.emplace_back("softmin.forward", golden_hash(y.data(), half));
  log_softmax_rows(half / 1024, 1024, grid, y.data());
  out.emplace_back("log_softmax.forward", golden_hash(y.data(), half));
  maxout_forward(half / 4, 4, grid, y.data());
  out.emplace_back("maxout.forward", golden_hash(y.data(), half / 4));
  const std::vector<float> value = golden_gated_values(x), dy = golden_gated_upstream(x);
  std::vector<float> d_value(x.size());
  for (const GatedUnit& u : gated_units()) {
    const std::string id = u.id;
    u.forward(x.size(), x.data(), value.data(), y.data());
    out.emplace_back(id + ".forward", golden_hash(y.data(), y.size()));
    u.partials(x.size(), x.data(), value.data(), y.data(), d_value.data());
    out.emplace_back(id + ".d_gate", golden_hash(y.data(), y.size()));
    out.emplace_back(id + ".d_value", golden_hash(d_value.data(), d_value.size()));
    u.backward(x.size(), x.data(), value.data(), dy.data(), y.data(), d_value.data());
    out.emplace_back(id + ".backward.d_gate", golden_hash(y.data(), y.size()));
    out.emplace_back(id + ".backward.d_value", golden_hash(d_value.data(), d_value.size()));
  }
  return out;
}

std::string golden_json() {
  std::string json = "{\n  \"count\": " + std::to_string(kGoldenCount) + ",\n  \"hashes\": {\n";
  auto hashes = golden_hashes();
  for (size_t i = 0; i < hashes.size(); ++i) {
    char line[96];
    std::snprintf(line, sizeof line, "    \"%s\": \"%08x\"%s\n", hashes[i].first.c_str(), hashes[i].second,
                  i + 1 < hashes.size() ? "," : "");
    json += line;
  }
  return json + "  }\n}\n";
}

}  // namespace actlab::verify
