// Arena: elements indexed by a dense 32-bit id, allocated in fixed chunks of 4096 so that they
// never move as the arena grows (a std::deque does the same in 512-byte blocks: a malloc per
// dozen Loc-RIB entries) and ids close together sit close together in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace anycast::bgp {

template <class T>
class Arena {
 public:
  T& operator[](uint32_t id) { return chunks_[id >> kShift][id & kMask]; }
  const T& operator[](uint32_t id) const { return chunks_[id >> kShift][id & kMask]; }
  size_t size() const { return size_; }
  // A default-constructed element at id size() (the old size).
  T& grow() {
    if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<T[]>(kChunk));
    return (*this)[static_cast<uint32_t>(size_++)];
  }

 private:
  static constexpr unsigned kShift = 12;
  static constexpr size_t kChunk = size_t{1} << kShift;
  static constexpr uint32_t kMask = kChunk - 1;
  std::vector<std::unique_ptr<T[]>> chunks_;
  size_t size_ = 0;
};

}  // namespace anycast::bgp
