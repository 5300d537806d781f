#include "health/CheckRunner.h"

#include "base/Log.h"

namespace anycast::health {

CheckRunner::CheckRunner(CheckConfig config, std::unique_ptr<Probe> probe, TimerFactory& timers,
                         const Clock& clock)
    : config_(std::move(config)),
      probe_(std::move(probe)),
      clock_(clock),
      intervalTimer_(timers.create([this] { onInterval(); })),
      timeoutTimer_(timers.create([this] { onTimeout(); })),
      hysteresis_(config_.rise, config_.fall) {
  if (probe_) {
    probe_->setEventHandler([this](ProbeResult r) {
      if (running_) apply(std::move(r), true);
    });
  }
}

CheckRunner::~CheckRunner() { stop(); }

void CheckRunner::start() {
  if (!probe_ || running_) return;
  running_ = true;
  launch();
}

void CheckRunner::stop() {
  running_ = false;
  intervalTimer_->cancel();
  timeoutTimer_->cancel();
  overdue_ = false;
  if (inFlight_) probe_->cancel();
  inFlight_ = false;
}

void CheckRunner::report(bool ok, std::string detail) {
  apply(ProbeResult{ok, std::move(detail), {}}, true);
}

void CheckRunner::launch() {
  inFlight_ = true;
  overdue_ = false;
  startedAt_ = clock_.now();
  intervalTimer_->start(config_.interval);
  timeoutTimer_->start(config_.timeout);
  probe_->start([this](ProbeResult r) { finish(std::move(r)); });
}

void CheckRunner::onInterval() {
  if (inFlight_) {
    overdue_ = true;  // probes never overlap: the next starts when this one ends
    return;
  }
  launch();
}

void CheckRunner::onTimeout() {
  probe_->cancel();
  finish(
      ProbeResult{false, "timeout after " + std::to_string(config_.timeout.count()) + " ms", {}});
}

void CheckRunner::finish(ProbeResult result) {
  inFlight_ = false;
  timeoutTimer_->cancel();
  result.latency = std::chrono::duration_cast<Latency>(clock_.now() - startedAt_);
  stats_.latency.add(result.latency);
  apply(std::move(result), false);
  if (overdue_) launch();
}

void CheckRunner::apply(ProbeResult result, bool certain) {
  bool changed = certain ? hysteresis_.force(result.ok) : hysteresis_.record(result.ok);
  ++(result.ok ? stats_.successes : stats_.failures);
  if (certain && !result.ok) ++stats_.certainFailures;
  CheckState previous = stats_.state;
  stats_.state = hysteresis_.state();
  stats_.consecutiveSuccesses = hysteresis_.consecutiveSuccesses();
  stats_.consecutiveFailures = hysteresis_.consecutiveFailures();
  stats_.last = std::move(result);
  if (!changed) return;
  ++stats_.transitions;
  LOG_INFO("health-check", LogFields()
                               .kv("check", config_.name)
                               .kv("kind", kindName(config_.kind))
                               .kv("from", stateName(previous))
                               .kv("to", stateName(stats_.state))
                               .kv("by", certain ? "event" : "probes")
                               .kv("detail", stats_.last.detail));
  if (onChange_) onChange_(*this, previous);
}

}  // namespace anycast::health
