// Golden hashes: a fingerprint of every kernel's output bits over a fixed
// 1M-input set, so the wasm builds can prove they compute the same bits as
// the native build (tests/js compares them with tests/golden/kernels.json).
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace actlab::verify {

constexpr uint32_t kGoldenCount = 1u << 20;

// The fixed inputs: half raw bit patterns (i * 2654435761 + 12345), half an
// even grid over [-25, 25).
std::vector<float> golden_inputs();

// The values the gated units multiply by: the golden inputs rotated by half,
// so raw bit patterns meet the even grid and the grid meets raw patterns; and
// the upstream gradient of their backward pass: the golden inputs reversed.
std::vector<float> golden_gated_values(const std::vector<float>& x);
std::vector<float> golden_gated_upstream(const std::vector<float>& x);

// 32-bit FNV-1a over the float bits as words, every NaN as 0x7fc00000.
uint32_t golden_hash(const float* y, size_t n);

// ("sigmoid.forward", hash) for every kernel, in catalogue order, then the
// row operations, then per gated unit "<id>.forward", "<id>.d_gate",
// "<id>.d_value" (partials), "<id>.backward.d_gate", "<id>.backward.d_value".
std::vector<std::pair<std::string, uint32_t>> golden_hashes();

// The hashes as the JSON document stored in tests/golden/kernels.json.
std::string golden_json();

}  // namespace actlab::verify
