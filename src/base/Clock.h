// Clock and timers, injected so that protocol state machines are tested without sleeping.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace anycast {

using Duration = std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// A one-shot timer: start() (re)arms it, cancel() disarms it; the callback runs on the
// owner's event loop.
class Timer {
 public:
  virtual ~Timer() = default;
  virtual void start(Duration after) = 0;
  virtual void cancel() = 0;
  virtual bool running() const = 0;
};

class TimerFactory {
 public:
  virtual ~TimerFactory() = default;
  virtual std::unique_ptr<Timer> create(std::function<void()> onExpiry) = 0;
};

}  // namespace anycast
