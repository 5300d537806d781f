// PathList: the candidate paths of one prefix in the Loc-RIB (RFC 4271 §9.1), contiguous so
// that the decision process and the callers see a span. Most prefixes have one path: it is kept
// inline, and two or more live in a heap array of exactly that length — 18 bytes and no heap
// block for a single-path prefix (a 16-byte Path in a 32-byte malloc chunk otherwise).
#pragma once

#include <cstdint>
#include <new>
#include <span>
#include <utility>

#include "bgp/rib/Path.h"

namespace anycast::bgp {

class PathList {
 public:
  PathList() : many_(nullptr) {}
  ~PathList() { clear(); }
  PathList(const PathList&) = delete;
  PathList& operator=(const PathList&) = delete;

  size_t size() const { return size_; }
  std::span<Path> all() { return {data(), size_}; }
  std::span<const Path> all() const { return {data(), size_}; }

  void push(Path path) {
    if (size_ == 0) {
      new (&one_) Path(std::move(path));
    } else {
      Path* grown = new Path[size_ + 1];
      std::move(data(), data() + size_, grown);
      grown[size_] = std::move(path);
      release();
      many_ = grown;
    }
    ++size_;
  }

  void erase(size_t index) {
    if (size_ == 1) return clear();
    Path* shrunk = size_ == 2 ? nullptr : new Path[size_ - 1];
    Path kept;  // the survivor when going back to one inline path
    for (size_t i = 0, n = 0; i < size_; ++i) {
      if (i == index) continue;
      if (shrunk) {
        shrunk[n++] = std::move(many_[i]);
      } else {
        kept = std::move(many_[i]);
      }
    }
    delete[] many_;
    --size_;
    if (shrunk) {
      many_ = shrunk;
    } else {
      new (&one_) Path(std::move(kept));
    }
  }

  // Puts the paths in the order `order` gives (a permutation of 0..size-1).
  template <class Indexes>
  void reorder(const Indexes& order) {
    if (size_ < 2) return;
    Path* ordered = new Path[size_];
    for (size_t k = 0; k < size_; ++k) ordered[k] = std::move(many_[order[k]]);
    delete[] many_;
    many_ = ordered;
  }

  void clear() {
    release();
    many_ = nullptr;
    size_ = 0;
  }

 private:
  Path* data() { return size_ == 1 ? &one_ : many_; }
  const Path* data() const { return size_ == 1 ? &one_ : many_; }
  // Ends the current storage (the inline path or the array) without resetting the count.
  void release() {
    if (size_ == 1) {
      one_.~Path();
    } else if (size_ > 1) {
      delete[] many_;
    }
  }

  union {
    Path one_;    // size_ == 1
    Path* many_;  // size_ >= 2 (nullptr when empty)
  };
  uint16_t size_ = 0;
};

}  // namespace anycast::bgp
