// FakeClock: a Clock the test moves by hand; safe to read from the server's worker threads.
#pragma once

#include <atomic>
#include <chrono>

#include "base/Clock.h"

namespace anycast::dns::testing {

class FakeClock : public Clock {
 public:
  TimePoint now() const override {
    return TimePoint(std::chrono::nanoseconds(ns_.load(std::memory_order_relaxed)));
  }
  void advance(std::chrono::nanoseconds d) { ns_.fetch_add(d.count(), std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> ns_{1'000'000'000'000};  // any start: the table counts from its epoch
};

}  // namespace anycast::dns::testing
