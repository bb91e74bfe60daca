// DrawCache: per-sequence prefixes of draws with least-recently-used eviction.
#include "actlab/draw_cache.h"

namespace actlab {

const double* DrawCache::draws(uint64_t seed, uint64_t stream, Kind kind, size_t n) {
  const Key key{seed, stream, kind};
  auto it = entries_.try_emplace(key, Entry{NormalSampler(seed, stream), {}, 0}).first;
  Entry& entry = it->second;
  entry.last_use = ++clock_;
  if (entry.values.size() < n) {
    const size_t had = entry.values.size();
    entry.values.resize(n);
    for (size_t i = had; i < n; ++i)
      entry.values[i] = kind == Kind::normal ? entry.sampler.next() : entry.sampler.uniform_pm1();
    bytes_ += (n - had) * sizeof(double);
  }
  if (bytes_ > capacity_) evict_all_but(key);
  return entry.values.data();
}

void DrawCache::evict_all_but(const Key& keep) {
  while (bytes_ > capacity_ && entries_.size() > 1) {
    auto oldest = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (it->first != keep && (oldest == entries_.end() || it->second.last_use < oldest->second.last_use)) oldest = it;
    bytes_ -= oldest->second.values.size() * sizeof(double);
    entries_.erase(oldest);
  }
}

}  // namespace actlab
