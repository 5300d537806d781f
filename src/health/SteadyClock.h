// SteadyClock: the production Clock (base/Clock.h declares only the interface), for probe
// latencies.
#pragma once

#include "base/Clock.h"

namespace anycast::health {

class SteadyClock : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
};

}  // namespace anycast::health
