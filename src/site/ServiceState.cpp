#include "site/ServiceState.h"

#include <algorithm>
#include <utility>

namespace anycast::site {

std::string_view statusName(ServiceStatus status) {
  static constexpr std::string_view kNames[] = {"starting",   "up",       "down",   "held-down",
                                                "overloaded", "draining", "drained"};
  return kNames[static_cast<int>(status)];
}

std::string_view announcementName(Announcement announcement) {
  static constexpr std::string_view kNames[] = {"none", "normal", "de-preferred", "draining"};
  return kNames[static_cast<int>(announcement)];
}

ServiceState::ServiceState(const ServiceConfig& config, TimerFactory& timers, const Clock& clock,
                           OnChange onChange)
    : config_(config),
      clock_(clock),
      onChange_(std::move(onChange)),
      holdTimer_(timers.create([this] {
        holding_ = false;
        update("hold-down over");
      })),
      drainTimer_(timers.create([this] {
        operator_ = Operator::kDrained;
        update("drain time over");
      })) {}

void ServiceState::setHealth(health::CheckState health, const std::string& reason) {
  using health::CheckState;
  if (health == health_) return;
  TimePoint now = clock_.now();
  if (health_ == CheckState::kUp && health == CheckState::kDown) {
    // Up for less than stableAfter: one more flap; else the history is forgotten.
    bool shortLived = upSince_ && now - *upSince_ < config_.flap.stableAfter;
    flaps_ = shortLived ? flaps_ + 1 : 0;
    upSince_.reset();
    holding_ = false;
    holdTimer_->cancel();
  }
  if (health == CheckState::kUp) {
    upSince_ = now;
    if (flaps_ > 0) {
      // holdDown x 2^(flaps-1), capped.
      Duration hold = config_.flap.holdDown;
      for (uint32_t i = 1; i < flaps_ && hold < config_.flap.maxHoldDown; ++i) hold *= 2;
      hold = std::min(hold, config_.flap.maxHoldDown);
      holding_ = true;
      holdUntil_ = now + hold;
      holdTimer_->start(hold);
    }
  }
  health_ = health;
  update(reason);
}

void ServiceState::setOverloaded(bool overloaded, const std::string& reason) {
  if (overloaded == overloaded_) return;
  overloaded_ = overloaded;
  update(reason);
}

void ServiceState::drain(std::optional<Duration> duration) {
  Duration d = duration.value_or(config_.drain.duration);
  drainTimer_->cancel();
  if (d <= Duration::zero()) {
    operator_ = Operator::kDrained;
    update("drained by the operator");
    return;
  }
  operator_ = Operator::kDraining;
  drainUntil_ = clock_.now() + d;
  drainTimer_->start(d);
  update("drain started by the operator");
}

void ServiceState::undrain() {
  if (operator_ == Operator::kNone) return;
  drainTimer_->cancel();
  operator_ = Operator::kNone;
  update("undrained by the operator");
}

ServiceStatus ServiceState::derive() const {
  using health::CheckState;
  if (health_ == CheckState::kDown) return ServiceStatus::kDown;
  if (operator_ == Operator::kDrained) return ServiceStatus::kDrained;
  if (health_ == CheckState::kUnknown) return ServiceStatus::kStarting;
  if (operator_ == Operator::kDraining) return ServiceStatus::kDraining;
  if (holding_) return ServiceStatus::kHeldDown;
  if (overloaded_) return ServiceStatus::kOverloaded;
  return ServiceStatus::kUp;
}

Announcement ServiceState::announcement() const {
  bool deprefer = config_.onFailure == FailureAction::kDeprefer;
  switch (status_) {
    case ServiceStatus::kUp:
      return Announcement::kNormal;
    case ServiceStatus::kOverloaded:
      return config_.onOverload == OverloadAction::kAbsorb ? Announcement::kNormal
                                                           : Announcement::kNone;
    case ServiceStatus::kDown:
    case ServiceStatus::kHeldDown:
      return deprefer ? Announcement::kDepreferred : Announcement::kNone;
    case ServiceStatus::kDraining:
      return Announcement::kDraining;
    case ServiceStatus::kStarting:
    case ServiceStatus::kDrained:
      return Announcement::kNone;
  }
  return Announcement::kNone;
}

void ServiceState::update(const std::string& why) {
  ServiceStatus next = derive();
  if (next == status_) return;
  ServiceStatus previous = std::exchange(status_, next);
  reason_ = why;
  ++transitions_;
  if (onChange_) onChange_(previous, why);
}

Duration ServiceState::timeLeft(TimePoint until) const {
  return std::max(Duration::zero(), std::chrono::duration_cast<Duration>(until - clock_.now()));
}

Duration ServiceState::holdDownLeft() const {
  return status_ == ServiceStatus::kHeldDown ? timeLeft(holdUntil_) : Duration::zero();
}

Duration ServiceState::drainLeft() const {
  return status_ == ServiceStatus::kDraining ? timeLeft(drainUntil_) : Duration::zero();
}

}  // namespace anycast::site
