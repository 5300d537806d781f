// RouteBitmap: a set of Loc-RIB routes as one bit per RouteId — what the route exchange keeps
// per peer for its Adj-RIB-Out (RFC 4271 §3.2: which routes the peer was last told about),
// BIRD's export map. 1M routes take 128 KiB per peer, and routes changed together (ids given
// out together) share cache lines.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "bgp/rib/LocRib.h"

namespace anycast::bgp {

class RouteBitmap {
 public:
  // False when it was already set.
  bool insert(RouteId id) {
    size_t word = id / 64;
    if (word >= words_.size()) words_.resize(word + 1);
    uint64_t bit = uint64_t{1} << (id % 64);
    if (words_[word] & bit) return false;
    words_[word] |= bit;
    ++count_;
    return true;
  }
  // False when it was not set.
  bool erase(RouteId id) {
    size_t word = id / 64;
    uint64_t bit = uint64_t{1} << (id % 64);
    if (word >= words_.size() || !(words_[word] & bit)) return false;
    words_[word] &= ~bit;
    --count_;
    return true;
  }
  size_t size() const { return count_; }
  void clear() {
    words_.clear();
    count_ = 0;
  }

 private:
  std::vector<uint64_t> words_;
  size_t count_ = 0;
};

}  // namespace anycast::bgp
