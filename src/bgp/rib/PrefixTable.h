// PrefixTable and PrefixSet: IPv4 and IPv6 unicast prefixes as keys of open-addressing hash
// tables (abseil Swiss tables), stored compactly — an IPv4 prefix is one 8-byte word, an IPv6
// prefix 24 bytes — with no heap node per entry. The Loc-RIB (RFC 4271 §3.2) keeps its routes
// in a PrefixTable and each peer's Adj-RIB-Out keys are a PrefixSet.
//
// Like every Swiss table, inserting may move the stored values: keep no pointer into a table
// across an insert.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <cstdint>
#include <utility>

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

namespace detail {
// The two per-family tables behind PrefixTable and PrefixSet.
template <class V4Table, class V6Table>
class ByFamily {
 public:
  size_t size() const { return v4_.size() + v6_.size(); }
  void clear() {
    v4_.clear();
    v6_.clear();
  }

 protected:
  // fn(table, key): the table of `prefix`'s family and the prefix's key in it.
  template <class Fn>
  decltype(auto) onFamily(const Prefix& prefix, Fn&& fn) {
    if (prefix.family() == Family::kV4) return fn(v4_, v4PrefixKey(prefix));
    return fn(v6_, v6PrefixKey(prefix));
  }
  template <class Fn>
  decltype(auto) onFamily(const Prefix& prefix, Fn&& fn) const {
    if (prefix.family() == Family::kV4) return fn(v4_, v4PrefixKey(prefix));
    return fn(v6_, v6PrefixKey(prefix));
  }

  V4Table v4_;
  V6Table v6_;
};
}  // namespace detail

template <class Value>
class PrefixTable : public detail::ByFamily<absl::flat_hash_map<V4PrefixKey, Value>,
                                            absl::flat_hash_map<V6PrefixKey, Value>> {
  using Base = detail::ByFamily<absl::flat_hash_map<V4PrefixKey, Value>,
                                absl::flat_hash_map<V6PrefixKey, Value>>;
  using Base::v4_;
  using Base::v6_;

 public:
  Value* find(const Prefix& prefix) {
    return const_cast<Value*>(std::as_const(*this).find(prefix));
  }
  const Value* find(const Prefix& prefix) const {
    return this->onFamily(prefix, [](const auto& table, const auto& key) -> const Value* {
      auto it = table.find(key);
      return it == table.end() ? nullptr : &it->second;
    });
  }
  // The value of `prefix`, default-constructed if it had none.
  Value& operator[](const Prefix& prefix) {
    return this->onFamily(prefix,
                          [](auto& table, const auto& key) -> Value& { return table[key]; });
  }
  bool erase(const Prefix& prefix) {
    return this->onFamily(prefix,
                          [](auto& table, const auto& key) { return table.erase(key) > 0; });
  }
  // fn(prefix, value) for every entry, IPv4 first, in no particular order.
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (const auto& [key, value] : v4_) fn(prefixOf(key), value);
    for (const auto& [key, value] : v6_) fn(prefixOf(key), value);
  }
  // fn(prefix, value) for every entry; the entry is erased when fn returns true.
  template <class Fn>
  void eraseIf(Fn&& fn) {
    eraseIfIn(v4_, fn);
    eraseIfIn(v6_, fn);
  }

 private:
  template <class Table, class Fn>
  static void eraseIfIn(Table& table, Fn& fn) {
    for (auto it = table.begin(); it != table.end();) {
      if (fn(prefixOf(it->first), it->second)) {
        table.erase(it++);  // erasing invalidates only the erased iterator
      } else {
        ++it;
      }
    }
  }
};

class PrefixSet
    : public detail::ByFamily<absl::flat_hash_set<V4PrefixKey>, absl::flat_hash_set<V6PrefixKey>> {
 public:
  // False when it was already there.
  bool insert(const Prefix& prefix) {
    return this->onFamily(prefix,
                          [](auto& set, const auto& key) { return set.insert(key).second; });
  }
  // False when it was not there.
  bool erase(const Prefix& prefix) {
    return this->onFamily(prefix, [](auto& set, const auto& key) { return set.erase(key) > 0; });
  }
  bool contains(const Prefix& prefix) const {
    return this->onFamily(prefix,
                          [](const auto& set, const auto& key) { return set.contains(key); });
  }
};

}  // namespace anycast::bgp
