// FakeTimers: a TimerFactory driven by hand, and the Clock that goes with it. advance() moves
// the fake time and fires due timers in deadline order, so FSM tests never sleep.
#pragma once

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

#include "base/Clock.h"

namespace anycast::testing {

class FakeTimers : public TimerFactory, public Clock {
 public:
  TimePoint now() const override { return TimePoint{} + now_; }

  std::unique_ptr<Timer> create(std::function<void()> onExpiry) override {
    auto t = std::make_unique<FakeTimer>(*this, std::move(onExpiry));
    timers_.push_back(t.get());
    return t;
  }

  // Fires, one at a time and in deadline order, every timer due within `d` from now.
  void advance(Duration d) {
    Duration until = now_ + d;
    while (FakeTimer* next = earliestDue(until)) {
      now_ = next->deadline_;
      next->running_ = false;
      next->onExpiry_();
    }
    now_ = until;
  }

  // How many timers are started and not yet fired or cancelled.
  size_t running() const {
    return static_cast<size_t>(std::count_if(timers_.begin(), timers_.end(),
                                             [](const FakeTimer* t) { return t->running_; }));
  }

 private:
  class FakeTimer : public Timer {
   public:
    FakeTimer(FakeTimers& owner, std::function<void()> cb)
        : owner_(owner), onExpiry_(std::move(cb)) {}
    ~FakeTimer() override {
      auto& v = owner_.timers_;
      v.erase(std::remove(v.begin(), v.end(), this), v.end());
    }
    void start(Duration after) override {
      deadline_ = owner_.now_ + after;
      running_ = true;
    }
    void cancel() override { running_ = false; }
    bool running() const override { return running_; }

    FakeTimers& owner_;
    std::function<void()> onExpiry_;
    Duration deadline_{0};
    bool running_ = false;
  };

  FakeTimer* earliestDue(Duration until) {
    FakeTimer* best = nullptr;
    for (FakeTimer* t : timers_) {
      if (t->running_ && t->deadline_ <= until && (!best || t->deadline_ < best->deadline_))
        best = t;
    }
    return best;
  }

  Duration now_{0};
  std::vector<FakeTimer*> timers_;
};

}  // namespace anycast::testing
