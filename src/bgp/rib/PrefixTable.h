// PrefixTable: IPv4 and IPv6 unicast prefixes as keys of open-addressing hash tables (abseil
// Swiss tables), stored compactly — an IPv4 prefix is one 8-byte word, an IPv6 prefix 24
// bytes — with no heap node per entry. A peer's routes as received (soft reconfiguration) are
// kept in one; the Loc-RIB's own index is a RouteIndex.
//
// Large tables live on transparent huge pages (HugePageAllocator): lookups are random.
// Like every Swiss table, inserting may move the stored values: keep no pointer into a table
// across an insert.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <utility>

#include "base/HugePageAllocator.h"
#include "base/Ip.h"

namespace anycast::bgp {

// An IPv4 prefix: address (host order) << 8 | length.
using V4PrefixKey = uint64_t;

struct V6PrefixKey {
  uint64_t high = 0, low = 0;
  uint8_t length = 0;
  bool operator==(const V6PrefixKey&) const = default;
  template <class H>
  friend H AbslHashValue(H h, const V6PrefixKey& k) {
    return H::combine(std::move(h), k.high, k.low, k.length);
  }
};

V4PrefixKey v4PrefixKey(const Prefix& prefix);
V6PrefixKey v6PrefixKey(const Prefix& prefix);
Prefix prefixOf(V4PrefixKey key);
Prefix prefixOf(const V6PrefixKey& key);

template <class Value>
class PrefixTable {
 public:
  Value* find(const Prefix& prefix) {
    return const_cast<Value*>(std::as_const(*this).find(prefix));
  }
  const Value* find(const Prefix& prefix) const {
    if (prefix.family() == Family::kV4) return findIn(v4_, v4PrefixKey(prefix));
    return findIn(v6_, v6PrefixKey(prefix));
  }
  // The value of `prefix`, default-constructed if it had none.
  Value& operator[](const Prefix& prefix) {
    if (prefix.family() == Family::kV4) return v4_[v4PrefixKey(prefix)];
    return v6_[v6PrefixKey(prefix)];
  }
  bool erase(const Prefix& prefix) {
    if (prefix.family() == Family::kV4) return v4_.erase(v4PrefixKey(prefix)) > 0;
    return v6_.erase(v6PrefixKey(prefix)) > 0;
  }
  size_t size() const { return v4_.size() + v6_.size(); }
  void clear() {
    v4_.clear();
    v6_.clear();
  }

  // fn(prefix, value) for every entry, IPv4 first, in no particular order.
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (const auto& [key, value] : v4_) fn(prefixOf(key), value);
    for (const auto& [key, value] : v6_) fn(prefixOf(key), value);
  }

 private:
  template <class Table, class Key>
  static const Value* findIn(const Table& table, const Key& key) {
    auto it = table.find(key);
    return it == table.end() ? nullptr : &it->second;
  }

  template <class Key>
  using Table = absl::flat_hash_map<Key, Value, absl::Hash<Key>, std::equal_to<Key>,
                                    HugePageAllocator<std::pair<const Key, Value>>>;
  Table<V4PrefixKey> v4_;
  Table<V6PrefixKey> v6_;
};

}  // namespace anycast::bgp
