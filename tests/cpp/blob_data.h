// A small classification set for trainer tests: random blobs around one centre per class.
#pragma once
#include <cstdint>

#include "actlab/random.h"
#include "actlab/trainer.h"

namespace actlab::testing {

// n samples of `features` N(0, 1) values, shifted by 1.5 on the features f with f % classes == label.
inline Dataset blobs(int n, int features, int classes, uint64_t seed) {
  Dataset d;
  d.features = features, d.classes = classes;
  NormalSampler normal(seed, 1);
  for (int i = 0; i < n; ++i) {
    const int y = i % classes;
    d.labels.push_back(y);
    for (int f = 0; f < features; ++f) d.x.push_back(static_cast<float>((f % classes == y ? 1.5 : 0.0) + normal.next()));
  }
  return d;
}

}  // namespace actlab::testing
