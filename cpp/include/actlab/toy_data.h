// Two-dimensional toy data sets for the training lab, generated from a seed
// with IEEE operations only (same points natively and in wasm): spiral,
// circles, moons, xor and gaussians, with Gaussian noise and a train/test split.
#pragma once
#include <cstdint>
#include <string_view>

#include "actlab/trainer.h"

namespace actlab {

enum class ToyKind { spiral, circles, moons, xor_quadrants, gaussians };

// The names used in settings ("spiral", "circles", "moons", "xor", "gaussians");
// false when name is none of them.
bool parse_toy_kind(std::string_view name, ToyKind* kind);

struct ToyData {
  Dataset train, test;
};

// `count` points (2 features, 2 classes; gaussians: 3) with noise of std
// `noise`, shuffled from the seed; the last round(test_share * count) are the test set.
ToyData make_toy_data(ToyKind kind, int count, double noise, uint64_t seed, double test_share = 0.2);

// sin and cos of x (|x| < 1e6) from a Cody-Waite reduction by pi/2 and
// Taylor series, using only + - * / (the same bits on every target).
void deterministic_sincos(double x, double* sine, double* cosine);

}  // namespace actlab
