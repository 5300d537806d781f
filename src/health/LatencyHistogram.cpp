#include "health/LatencyHistogram.h"

namespace anycast::health {

void LatencyHistogram::add(Latency latency) {
  double seconds = std::chrono::duration<double>(latency).count();
  for (size_t i = 0; i < kBounds.size(); ++i) {
    if (seconds <= kBounds[i]) ++buckets_[i];
  }
  ++count_;
  sumSeconds_ += seconds;
}

}  // namespace anycast::health
