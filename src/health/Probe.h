// Probe: one kind of health check's single attempt (a DNS query, an HTTP GET, a TCP connect, a
// command run, a process lookup). CheckRunner schedules probes, one at a time, bounds each by
// the check's timeout (cancel()), measures its latency and feeds the results to Hysteresis.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>

namespace anycast::health {

// Microseconds, not base's milliseconds: a probe on loopback takes a few hundred microseconds,
// and the latency histogram's first bucket is 1 ms.
using Latency = std::chrono::microseconds;

struct ProbeResult {
  bool ok = false;
  std::string
      detail;  // what was seen: why it failed ("connect: Connection refused"), or what passed
  Latency latency{0};  // filled in by CheckRunner
};

class Probe {
 public:
  using Done = std::function<void(ProbeResult)>;
  virtual ~Probe() = default;

  // Starts one attempt. `done` is called once, later, on the event loop (never from inside
  // start()), unless cancel() comes first. Never blocks.
  virtual void start(Done done) = 0;
  // Abandons the attempt in flight, if any: sockets closed, processes killed; its `done` is
  // not called. Also called by the destructor of every implementation.
  virtual void cancel() = 0;

  // Results that are certain and come between attempts (a watched process died): CheckRunner
  // applies them at once, without waiting for `fall` (see Hysteresis::force).
  void setEventHandler(Done handler) { onEvent_ = std::move(handler); }

 protected:
  void emitEvent(ProbeResult result) {
    if (onEvent_) onEvent_(std::move(result));
  }

 private:
  Done onEvent_;
};

// The `done` of one attempt, called at most once: complete() hands the result over and forgets
// the callback, abandon() forgets it without a call. Probes keep one in the shared state of an
// attempt, which its asio handlers also hold, so a late handler finds it inactive.
class Completion {
 public:
  explicit Completion(Probe::Done done) : done_(std::move(done)) {}
  bool active() const { return static_cast<bool>(done_); }
  void complete(bool ok, std::string detail) {
    if (!done_) return;
    Probe::Done done = std::move(done_);
    done_ = nullptr;
    done(ProbeResult{ok, std::move(detail), {}});
  }
  void abandon() { done_ = nullptr; }

 private:
  Probe::Done done_;
};

}  // namespace anycast::health
