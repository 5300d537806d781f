// RouteIndex: the Loc-RIB's map from prefix to RouteId (RFC 4271 §3.2: the Loc-RIB is looked
// up by prefix for every route received). One table per family and prefix length, keyed by
// the address alone: open addressing with linear probing in one array of (address, id)
// slots, 8 bytes for IPv4 and 24 for IPv6, so a lookup or an insert touches one cache line. A
// Swiss table touches two, its control bytes and its slots, and under this VM's costly page
// walks that made the prefix index the router's largest cost (1M random /24s: ~80 ns per
// insert here against ~310 ns for absl::flat_hash_map on the same huge pages). The arrays are
// on huge pages (HugePageAllocator), at most 3/4 full; erasing shifts the rest of the probe run
// back (no tombstones). Addresses are hashed with a per-index random seed, so a peer cannot
// pick prefixes that all land in one run.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

#include "base/HugePageAllocator.h"
#include "base/Ip.h"
#include "bgp/rib/PrefixTable.h"

namespace anycast::bgp {

// Index of a prefix's Loc-RIB entry; stable while the entry lives.
using RouteId = uint32_t;
constexpr RouteId kNoRoute = ~RouteId{0};

namespace route_index {

uint64_t randomSeed();

inline uint64_t mix(uint64_t x) {  // MurmurHash3's 64-bit finalizer
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}
struct V6Address {
  uint64_t high = 0, low = 0;
  bool operator==(const V6Address&) const = default;
};

inline uint64_t hashOf(uint32_t v4Address, uint64_t seed) { return mix(v4Address ^ seed); }
inline uint64_t hashOf(const V6Address& address, uint64_t seed) {
  return mix(mix(address.high ^ seed) ^ address.low);
}

// Address -> RouteId for the prefixes of one length; kNoRoute marks an empty slot.
template <class Key>
class IdTable {
 public:
  IdTable() = default;
  ~IdTable() { release(); }
  IdTable(const IdTable&) = delete;
  IdTable& operator=(const IdTable&) = delete;

  void setSeed(uint64_t seed) { seed_ = seed; }  // before the first insert

  size_t size() const { return size_; }

  RouteId find(const Key& key) const {
    if (size_ == 0) return kNoRoute;
    for (size_t i = home(key);; i = next(i)) {
      if (slots_[i].id == kNoRoute) return kNoRoute;
      if (slots_[i].key == key) return slots_[i].id;
    }
  }

  // The id of `key`; when it has none, make() gives it one (not kNoRoute).
  template <class Make>
  RouteId findOrInsert(const Key& key, Make&& make) {
    if ((size_ + 1) * 4 > capacity_ * 3) grow();
    size_t i = home(key);
    for (; slots_[i].id != kNoRoute; i = next(i))
      if (slots_[i].key == key) return slots_[i].id;
    RouteId id = make();
    slots_[i] = {key, id};
    ++size_;
    return id;
  }

  bool erase(const Key& key) {
    if (size_ == 0) return false;
    size_t hole = home(key);
    for (;; hole = next(hole)) {
      if (slots_[hole].id == kNoRoute) return false;  // an empty slot's key means nothing
      if (slots_[hole].key == key) break;
    }
    // Backward shift: a later slot of the run moves into the hole unless the hole lies
    // before its home position (it would then be unreachable from there).
    for (size_t j = next(hole); slots_[j].id != kNoRoute; j = next(j)) {
      size_t fromHome = (j - home(slots_[j].key)) & (capacity_ - 1);
      size_t fromHole = (j - hole) & (capacity_ - 1);
      if (fromHome >= fromHole) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole].id = kNoRoute;
    --size_;
    return true;
  }

  void prefetch(const Key& key) const {
    if (capacity_ > 0) __builtin_prefetch(&slots_[home(key)]);
  }

 private:
  struct Slot {
    Key key{};
    RouteId id = kNoRoute;
  };

  size_t home(const Key& key) const { return hashOf(key, seed_) & (capacity_ - 1); }
  size_t next(size_t i) const { return (i + 1) & (capacity_ - 1); }

  void grow() {
    Slot* old = std::exchange(slots_, nullptr);
    size_t oldCapacity = std::exchange(capacity_, capacity_ == 0 ? 16 : capacity_ * 2);
    slots_ = HugePageAllocator<Slot>().allocate(capacity_);
    std::uninitialized_fill_n(slots_, capacity_, Slot{});
    for (size_t i = 0; i < oldCapacity; ++i) {
      if (old[i].id == kNoRoute) continue;
      size_t j = home(old[i].key);
      while (slots_[j].id != kNoRoute) j = next(j);
      slots_[j] = old[i];
    }
    if (old) HugePageAllocator<Slot>().deallocate(old, oldCapacity);
  }

  void release() {
    if (slots_) HugePageAllocator<Slot>().deallocate(slots_, capacity_);
  }

  uint64_t seed_ = 0;
  Slot* slots_ = nullptr;
  size_t capacity_ = 0;  // a power of two, or 0
  size_t size_ = 0;
};

}  // namespace route_index

class RouteIndex {
 public:
  RouteIndex() {
    uint64_t seed = route_index::randomSeed();
    for (auto& table : v4_) table.setSeed(seed);
    for (auto& table : v6_) table.setSeed(seed);
  }

  // kNoRoute when `prefix` has no id.
  RouteId find(const Prefix& prefix) const {
    if (prefix.family() == Family::kV4) return v4_[prefix.length()].find(v4Key(prefix));
    return v6_[prefix.length()].find(v6Key(prefix));
  }
  // The id of `prefix`; when it has none, make() gives it one (not kNoRoute).
  template <class Make>
  RouteId findOrInsert(const Prefix& prefix, Make&& make) {
    if (prefix.family() == Family::kV4)
      return v4_[prefix.length()].findOrInsert(v4Key(prefix), make);
    return v6_[prefix.length()].findOrInsert(v6Key(prefix), make);
  }
  bool erase(const Prefix& prefix) {
    if (prefix.family() == Family::kV4) return v4_[prefix.length()].erase(v4Key(prefix));
    return v6_[prefix.length()].erase(v6Key(prefix));
  }
  // Starts loading the slot a find or insert of `prefix` will look at first: prefetching
  // the prefixes of a batch before handling them overlaps their cache misses.
  void prefetch(const Prefix& prefix) const {
    if (prefix.family() == Family::kV4) return v4_[prefix.length()].prefetch(v4Key(prefix));
    v6_[prefix.length()].prefetch(v6Key(prefix));
  }
  size_t size() const;

 private:
  static uint32_t v4Key(const Prefix& prefix) { return prefix.address().v4HostOrder(); }
  static route_index::V6Address v6Key(const Prefix& prefix) {
    V6PrefixKey key = v6PrefixKey(prefix);
    return {key.high, key.low};
  }

  std::array<route_index::IdTable<uint32_t>, 33> v4_;                // by prefix length
  std::array<route_index::IdTable<route_index::V6Address>, 129> v6_;  // by prefix length
};

}  // namespace anycast::bgp
