// NameIndex: an open-addressing hash table from a domain name (wire form, matched without
// regard to case, RFC 4343) to a dense index. Immutable after build; a lookup hashes the name
// once and compares names only on a full 32-bit hash match. No allocation on lookup.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "base/Bytes.h"
#include "dns/wire/Name.h"

namespace anycast::dns {

class NameIndex {
 public:
  // Indexes entries 0..count-1; nameOf(i) returns entry i's wire name. Names must be distinct.
  template <class NameOf>
  void build(uint32_t count, NameOf nameOf) {
    size_t capacity = 8;
    while (capacity < 2 * size_t(count)) capacity *= 2;
    slots_.assign(capacity, Slot{0, kEmpty});
    for (uint32_t i = 0; i < count; ++i) {
      uint32_t h = hash(nameOf(i));
      size_t at = h & (capacity - 1);
      while (slots_[at].index != kEmpty) at = (at + 1) & (capacity - 1);
      slots_[at] = Slot{h, i};
    }
  }

  template <class NameOf>
  std::optional<uint32_t> find(ByteSpan wire, NameOf nameOf) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t h = hash(wire);
    const size_t mask = slots_.size() - 1;
    for (size_t at = h & mask;; at = (at + 1) & mask) {
      const Slot& s = slots_[at];
      if (s.index == kEmpty) return std::nullopt;
      if (s.hash == h && equalWireNames(nameOf(s.index), wire)) return s.index;
    }
  }

  // FNV-1a over the lowercased octets.
  static uint32_t hash(ByteSpan wire);
  size_t bytes() const { return slots_.size() * sizeof(Slot); }

 private:
  static constexpr uint32_t kEmpty = 0xffffffff;
  struct Slot {
    uint32_t hash;
    uint32_t index;
  };
  std::vector<Slot> slots_;  // at most half full, so probes stay short and always end
};

}  // namespace anycast::dns
