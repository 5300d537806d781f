// ServiceState: a service's state and what it announces, from its health, its overload checks,
// the operator's drain and its flap history. Pure of I/O: inputs are calls, time comes from the
// injected Clock and TimerFactory (base/Clock.h), so every transition is tested without sleeping.
//
//   starting    no check has concluded yet                      nothing announced
//   up          healthy                                         announced
//   down        failed (a check, or a service it depends on)    withdrawn, or de-preferred
//   held-down   healthy again after flapping, waiting           as down
//   overloaded  healthy, an overload check is down              announced (absorb) or withdrawn
//   draining    operator drain, for its duration                announced with GRACEFUL_SHUTDOWN
//                                                               (RFC 8326) and/or prepended
//   drained     operator drain over (or --for 0)                withdrawn
// A drained or draining service that fails is down: a drain never keeps a broken site announced.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/Clock.h"
#include "health/Hysteresis.h"
#include "site/ServiceConfig.h"

namespace anycast::site {

enum class ServiceStatus : uint8_t {
  kStarting,
  kUp,
  kDown,
  kHeldDown,
  kOverloaded,
  kDraining,
  kDrained
};
std::string_view statusName(ServiceStatus status);  // "starting", "up", ...

// How the service's prefixes are announced.
enum class Announcement : uint8_t { kNone, kNormal, kDepreferred, kDraining };
std::string_view announcementName(Announcement announcement);  // "none", "normal", ...

class ServiceState {
 public:
  // Called after every change of status() (which decides announcement()), with the status it
  // left and the reason.
  using OnChange = std::function<void(ServiceStatus previous, const std::string& reason)>;

  ServiceState(const ServiceConfig& config, TimerFactory& timers, const Clock& clock,
               OnChange onChange);

  void setHealth(health::CheckState health, const std::string& reason);
  void setOverloaded(bool overloaded, const std::string& reason);
  // Operator drain: GRACEFUL_SHUTDOWN/prepend now, withdrawn after `duration` (default: the
  // configured one; zero: at once). Draining again restarts the time.
  void drain(std::optional<Duration> duration = std::nullopt);
  void undrain();

  ServiceStatus status() const { return status_; }
  Announcement announcement() const;
  const std::string& reason() const { return reason_; }
  uint32_t flaps() const { return flaps_; }  // consecutive short-lived ups
  // Hold-down time left while held down (zero otherwise), and drain time left while draining.
  Duration holdDownLeft() const;
  Duration drainLeft() const;
  uint64_t transitions() const { return transitions_; }

 private:
  enum class Operator : uint8_t { kNone, kDraining, kDrained };
  // Recomputes the status from the inputs; reports a change with `why`.
  void update(const std::string& why);
  ServiceStatus derive() const;
  Duration timeLeft(TimePoint until) const;

  const ServiceConfig& config_;
  const Clock& clock_;
  OnChange onChange_;
  health::CheckState health_ = health::CheckState::kUnknown;
  bool overloaded_ = false;
  Operator operator_ = Operator::kNone;
  bool holding_ = false;
  uint32_t flaps_ = 0;
  std::optional<TimePoint> upSince_;
  TimePoint holdUntil_{};
  TimePoint drainUntil_{};
  std::unique_ptr<Timer> holdTimer_;
  std::unique_ptr<Timer> drainTimer_;
  ServiceStatus status_ = ServiceStatus::kStarting;
  std::string reason_ = "checks have not concluded yet";
  uint64_t transitions_ = 0;
};

}  // namespace anycast::site
