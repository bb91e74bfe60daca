// Random draws kept between simulations: the first n normal (or uniform)
// draws of each (seed, stream) sequence, so a change of activation, gain,
// bias, batch or depth reuses the draws it already made instead of sampling
// again. A cached prefix is bit-identical to sampling afresh.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

#include "actlab/random.h"

namespace actlab {

class DrawCache {
 public:
  enum class Kind { normal, uniform };  // NormalSampler::next or NormalSampler::uniform_pm1

  // Keeps at most capacity_bytes of draws between requests (a single larger
  // request is still served, and dropped by the next one). 0: keep nothing.
  explicit DrawCache(size_t capacity_bytes = kDefaultCapacity) : capacity_(capacity_bytes) {}

  // The first n draws of NormalSampler(seed, stream); valid until the next call.
  const double* draws(uint64_t seed, uint64_t stream, Kind kind, size_t n);

  // Bytes of draws held now.
  size_t bytes() const { return bytes_; }

  static constexpr size_t kDefaultCapacity = size_t{64} << 20;

 private:
  using Key = std::tuple<uint64_t, uint64_t, Kind>;
  struct Entry {
    NormalSampler sampler;        // continues where values ends
    std::vector<double> values;   // the first values.size() draws
    uint64_t last_use = 0;
  };
  void evict_all_but(const Key& keep);

  size_t capacity_;
  size_t bytes_ = 0;
  uint64_t clock_ = 0;
  std::map<Key, Entry> entries_;
};

}  // namespace actlab
