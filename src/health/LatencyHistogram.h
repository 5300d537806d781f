// LatencyHistogram: probe latencies in fixed buckets, shaped for a Prometheus histogram
// (cumulative `le` buckets in seconds, a count and a sum), so /metrics prints it as it is.
#pragma once

#include <array>
#include <cstdint>

#include "health/Probe.h"

namespace anycast::health {

class LatencyHistogram {
 public:
  // Upper bounds in seconds: loopback probes land in the first buckets, a probe near a
  // sub-second timeout in the last ones.
  static constexpr std::array<double, 10> kBounds{0.001, 0.0025, 0.005, 0.01, 0.025,
                                                  0.05,  0.1,    0.25,  0.5,  1.0};

  void add(Latency latency);

  // Observations at or below kBounds[i] (cumulative, as Prometheus's `le` buckets are).
  uint64_t bucket(size_t i) const { return buckets_[i]; }
  uint64_t count() const { return count_; }  // the +Inf bucket
  double sumSeconds() const { return sumSeconds_; }

 private:
  std::array<uint64_t, kBounds.size()> buckets_{};
  uint64_t count_ = 0;
  double sumSeconds_ = 0;
};

}  // namespace anycast::health
