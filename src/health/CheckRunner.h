// CheckRunner: runs one check — a probe every `interval`, one at a time, each bounded by
// `timeout` — and keeps its rise/fall state (Hysteresis) and statistics. Timers and clock are
// injected (base/Clock.h), so tests drive it with fake timers and a fake probe; nothing here
// knows asio. An embedded check has no probe: its results come from report().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "base/Clock.h"
#include "health/CheckConfig.h"
#include "health/Hysteresis.h"
#include "health/LatencyHistogram.h"
#include "health/Probe.h"

namespace anycast::health {

struct CheckStats {
  CheckState state = CheckState::kUnknown;
  ProbeResult last;  // the latest result, probed, reported or a death event
  uint32_t consecutiveSuccesses = 0;
  uint32_t consecutiveFailures = 0;
  uint64_t successes = 0;
  uint64_t failures = 0;
  uint64_t transitions = 0;      // state changes, the first one out of unknown included
  uint64_t certainFailures = 0;  // failures that moved the state at once (process deaths)
  LatencyHistogram latency;      // every probe, timeouts included (at their timeout)
};

class CheckRunner {
 public:
  // Called after every change of the check's state; the runner must not be destroyed from it.
  using OnChange = std::function<void(const CheckRunner& check, CheckState previous)>;

  // `probe` null: an embedded check, fed by report().
  CheckRunner(CheckConfig config, std::unique_ptr<Probe> probe, TimerFactory& timers,
              const Clock& clock);
  ~CheckRunner();
  CheckRunner(const CheckRunner&) = delete;
  CheckRunner& operator=(const CheckRunner&) = delete;

  void setOnChange(OnChange onChange) { onChange_ = std::move(onChange); }
  // The first probe starts now, the next ones every interval after it.
  void start();
  // Cancels the probe in flight and the schedule, and ignores the probe's events (a watched
  // process's death) until start() again; the state is kept.
  void stop();
  // A result pushed by its producer (an embedded service): certain, so it moves the state at
  // once, without rise/fall.
  void report(bool ok, std::string detail);

  const std::string& name() const { return config_.name; }
  const CheckConfig& config() const { return config_; }
  CheckState state() const { return stats_.state; }
  const CheckStats& stats() const { return stats_; }

 private:
  void launch();
  void onInterval();
  void onTimeout();
  void finish(ProbeResult result);
  void apply(ProbeResult result, bool certain);

  CheckConfig config_;
  std::unique_ptr<Probe> probe_;
  const Clock& clock_;
  std::unique_ptr<Timer> intervalTimer_;
  std::unique_ptr<Timer> timeoutTimer_;
  Hysteresis hysteresis_;
  CheckStats stats_;
  OnChange onChange_;
  TimePoint startedAt_{};
  bool running_ = false;  // between start() and stop(); probe events count only then
  bool inFlight_ = false;
  bool overdue_ = false;  // the interval ended while a probe was in flight
};

}  // namespace anycast::health
