// FramePool: fixed-size frame buffers handed out by index, so forwarding a frame never calls
// malloc. The storage is reserved once; pages are touched only when a buffer is first used,
// and the free list is LIFO, so the memory in use follows the high-water mark of frames in
// flight, not the capacity.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace anycast::lab::wire {

class FramePool {
 public:
  // Room for an Ethernet frame of MTU kMaxMtu with a VLAN tag.
  static constexpr uint32_t kFrameBytes = 2048;
  static constexpr uint32_t kMaxMtu = kFrameBytes - 18;
  static constexpr uint32_t kNone = UINT32_MAX;
  // Indexes are io_uring buffer ids, which have 16 bits.
  static constexpr uint32_t kMaxFrames = 65536;

  explicit FramePool(uint32_t frames);

  // A free buffer's index, or kNone when every buffer is in use.
  uint32_t acquire() {
    if (free_.empty()) return kNone;
    uint32_t i = free_.back();
    free_.pop_back();
    return i;
  }
  void release(uint32_t i) { free_.push_back(i); }
  uint8_t* data(uint32_t i) { return storage_.get() + size_t(i) * kFrameBytes; }

  uint32_t capacity() const { return capacity_; }
  uint32_t inUse() const { return capacity_ - static_cast<uint32_t>(free_.size()); }

 private:
  uint32_t capacity_;
  std::unique_ptr<uint8_t[]> storage_;
  std::vector<uint32_t> free_;
};

}  // namespace anycast::lab::wire
