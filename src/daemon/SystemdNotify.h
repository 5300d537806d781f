// SystemdNotify: the sd_notify(3) protocol without libsystemd — one datagram per state change
// to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or an abstract name starting with
// '@'): READY=1 once started, STOPPING=1 on shutdown, WATCHDOG=1 every half of
// $WATCHDOG_USEC while the event loop turns (so a hung loop is restarted by systemd,
// Type=notify with WatchdogSec=). Without $NOTIFY_SOCKET (not run by systemd) it does nothing.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "base/Clock.h"

namespace anycast::daemon {

class SystemdNotify {
 public:
  // `timers` runs the watchdog pings (on the daemon's event loop).
  explicit SystemdNotify(TimerFactory& timers);
  // READY=1 with a STATUS= line; starts the watchdog pings when systemd asked for them.
  void ready(const std::string& status);
  void stopping();
  bool enabled() const { return !socket_.empty(); }

 private:
  void send(const std::string& message) const;
  void pingWatchdog();

  std::string socket_;  // $NOTIFY_SOCKET, empty when not under systemd
  std::chrono::microseconds watchdog_{0};
  std::unique_ptr<Timer> timer_;
};

}  // namespace anycast::daemon
