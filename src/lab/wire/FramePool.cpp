// FramePool: the frame buffers (see FramePool.h).
#include "lab/wire/FramePool.h"

namespace anycast::lab::wire {

FramePool::FramePool(uint32_t frames)
    // Default-initialized (not zeroed): the kernel maps the pages only when first written.
    : capacity_(frames), storage_(new uint8_t[size_t(frames) * kFrameBytes]) {
  free_.reserve(frames);
  for (uint32_t i = frames; i > 0; --i) free_.push_back(i - 1);
}

}  // namespace anycast::lab::wire
