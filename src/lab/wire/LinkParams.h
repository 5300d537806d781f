// LinkParams: what one direction of an emulated link does to frames (delay, jitter, loss,
// rate, queue limit), and the counters it keeps. Plain data; the model is in Direction.h.
#pragma once

#include <cstdint>

namespace anycast::lab::wire {

// Jitter is added to the delay per frame: uniform over [-jitter, +jitter] (netem's default
// when no distribution table is given), or normal with standard deviation jitter (netem's
// `distribution normal`). Either way the total delay is clamped at 0 and frames of one
// direction are never reordered.
enum class JitterDistribution { kUniform, kNormal };

struct LinkParams {
  double delayMs = 0;
  double jitterMs = 0;
  JitterDistribution jitterDistribution = JitterDistribution::kUniform;
  double loss = 0;               // probability in [0, 1] that a frame is dropped
  double rateMbit = 0;           // 0: unlimited (no serialization time)
  uint32_t queuePackets = 1000;  // frames waiting for the rate (the bottleneck's buffer)
  uint64_t queueBytes = 0;       // the same in bytes; 0: no byte limit

  bool operator==(const LinkParams&) const = default;
};

struct DirectionCounters {
  uint64_t rxPackets = 0;  // frames read from the sending side's TAP
  uint64_t rxBytes = 0;
  uint64_t txPackets = 0;  // frames written to the receiving side's TAP
  uint64_t txBytes = 0;
  uint64_t dropLoss = 0;   // dropped by the loss probability
  uint64_t dropQueue = 0;  // dropped at the tail of a full queue (or with the frame pool empty)
  uint64_t dropCut = 0;    // dropped because the link was cut (arriving, or queued at the cut)
  uint64_t dropError = 0;  // the write to the receiving TAP failed (e.g. its namespace is gone)
};

}  // namespace anycast::lab::wire
