// Arena: elements indexed by a dense 32-bit id, in chunks that never move as the arena grows
// (a std::deque does the same in 512-byte blocks: a malloc per dozen Loc-RIB entries), so ids
// close together sit close together in memory. The first chunk holds 4096 elements and each
// further one as many as all before it, so a small RIB stays small while a full table's
// entries sit in a few large chunks on huge pages (HugePageAllocator): a few page faults for
// a million routes instead of ten thousand. Elements are constructed as they are added.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>
#include <vector>

#include "base/HugePageAllocator.h"

namespace anycast::bgp {

template <class T>
class Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    for (uint32_t id = 0; id < size_; ++id) (*this)[id].~T();
    for (size_t c = 0; c < chunks_.size(); ++c)
      HugePageAllocator<T>().deallocate(chunks_[c], capacityOf(c));
  }

  T& operator[](uint32_t id) {
    auto [chunk, offset] = locate(id);
    return chunks_[chunk][offset];
  }
  const T& operator[](uint32_t id) const {
    auto [chunk, offset] = locate(id);
    return chunks_[chunk][offset];
  }
  size_t size() const { return size_; }
  // A default-constructed element at id size() (the old size).
  T& grow() {
    auto [chunk, offset] = locate(static_cast<uint32_t>(size_));
    if (chunk == chunks_.size()) chunks_.push_back(HugePageAllocator<T>().allocate(capacityOf(chunk)));
    T* element = new (&chunks_[chunk][offset]) T();
    ++size_;
    return *element;
  }

 private:
  static constexpr unsigned kFirstShift = 12;  // the first chunk: 4096 elements
  // Chunk 0 holds ids [0, 4096); chunk c > 0 holds [4096 << (c - 1), 4096 << c).
  static std::pair<size_t, size_t> locate(uint32_t id) {
    size_t chunk = static_cast<size_t>(std::bit_width(id >> kFirstShift));
    size_t first = chunk == 0 ? 0 : size_t{1} << (kFirstShift + chunk - 1);
    return {chunk, id - first};
  }
  static size_t capacityOf(size_t chunk) {
    return size_t{1} << (kFirstShift + (chunk == 0 ? 0 : chunk - 1));
  }

  std::vector<T*> chunks_;
  size_t size_ = 0;
};

}  // namespace anycast::bgp
