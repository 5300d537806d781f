// Direction: one way of an emulated link — a FIFO of frames with the time each is due at the
// far end. A frame arriving at `now` is (in this order) dropped if the link is cut, dropped
// with probability `loss`, dropped if the bottleneck queue is full, else queued:
//   txEnd = max(now, previous txEnd) + size * 8 / rate          (serialization, if a rate)
//   due   = max(previous due, txEnd + delay + jitter sample)     (never reordered; as netem
//                                                                  does when a rate is set)
// The queue limit counts the frames still waiting for or in serialization (txEnd > now): the
// bottleneck's buffer. Frames already serialized and only propagating (the delay) are not
// limited here; the frame pool bounds them. Pure: time comes in as an argument.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "base/Clock.h"
#include "lab/wire/LinkParams.h"
#include "lab/wire/Random.h"

namespace anycast::lab::wire {

struct QueuedFrame {
  uint32_t frame = 0;  // FramePool index
  uint32_t size = 0;
  TimePoint txEnd;
  TimePoint due;
};

class Direction {
 public:
  enum class Verdict { kQueued, kDropCut, kDropLoss, kDropQueue };

  Direction(const LinkParams& params, uint64_t seed);

  // Takes a frame read at `now`: counts it as received and either queues it or counts the drop
  // (then the caller still owns the frame and releases it).
  Verdict offer(uint32_t frame, uint32_t size, TimePoint now);
  // A frame received when no buffer was free: counted as received and dropped at the queue.
  void dropUnbuffered(uint32_t size);

  bool empty() const { return head_ == tail_; }
  size_t queued() const { return tail_ - head_; }
  TimePoint headDue() const { return at(head_).due; }
  // Removes the head frame (the caller sends it when it is due).
  QueuedFrame pop();
  // Empties the queue, calling release(frame) for each one; counted as cut drops.
  template <class Release>
  void dropAll(Release&& release) {
    for (; head_ != tail_; ++head_) {
      ++counters_.dropCut;
      release(at(head_).frame);
    }
    serializing_ = head_;
    backlogBytes_ = 0;
    lastTxEnd_ = lastDue_ = TimePoint{};  // nothing left to wait behind
  }

  // New parameters apply to frames arriving from now on; queued frames keep their times.
  void setParams(const LinkParams& params);
  const LinkParams& params() const { return params_; }
  void setCut(bool cut) { cut_ = cut; }
  bool cut() const { return cut_; }

  DirectionCounters& counters() { return counters_; }
  const DirectionCounters& counters() const { return counters_; }

 private:
  QueuedFrame& at(uint64_t seq) { return ring_[seq & (ring_.size() - 1)]; }
  const QueuedFrame& at(uint64_t seq) const { return ring_[seq & (ring_.size() - 1)]; }
  void grow();
  bool queueFull(uint32_t size, TimePoint now);
  std::chrono::nanoseconds sampleDelay();

  LinkParams params_;
  std::chrono::nanoseconds delay_{0};
  std::chrono::nanoseconds jitter_{0};
  double nanosPerByte_ = 0;  // 8e9 / rate in bit/s; 0 when unlimited
  Random random_;
  bool cut_ = false;

  // The FIFO is a ring of power-of-two size, grown by doubling (never per frame). Sequence
  // numbers: [head_, tail_) are queued, [serializing_, tail_) still have txEnd > now.
  std::vector<QueuedFrame> ring_;
  uint64_t head_ = 0;
  uint64_t tail_ = 0;
  uint64_t serializing_ = 0;
  uint64_t backlogBytes_ = 0;
  TimePoint lastTxEnd_{};
  TimePoint lastDue_{};
  DirectionCounters counters_;
};

}  // namespace anycast::lab::wire
