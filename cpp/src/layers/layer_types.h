// The concrete layers behind make_layer (private to cpp/src/layers).
#pragma once
#include <memory>

#include "actlab/layers.h"

namespace actlab::layers_detail {

// Products are cut into parts of about this many multiply-adds.
constexpr size_t kPartMadds = size_t{1} << 25;

// Rows of a product's output per part, when a row costs per_row multiply-adds: at least min_rows.
inline size_t rows_per_part(size_t per_row, size_t min_rows = 1) {
  const size_t rows = kPartMadds / (per_row ? per_row : 1);
  return rows > min_rows ? rows : min_rows;
}

std::unique_ptr<Layer> make_dense(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_conv2d(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_maxpool(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_activation(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_dropout(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_alpha_dropout(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_norm(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_gated(const LayerSpec& spec, Shape in, Shape out, int index);
std::unique_ptr<Layer> make_flatten(const LayerSpec& spec, Shape in, Shape out, int index);

}  // namespace actlab::layers_detail
