#include "daemon/SystemdNotify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "base/Log.h"

namespace anycast::daemon {

SystemdNotify::SystemdNotify(TimerFactory& timers)
    : timer_(timers.create([this] { pingWatchdog(); })) {
  if (const char* path = std::getenv("NOTIFY_SOCKET")) socket_ = path;
  // $WATCHDOG_PID, when set, names the process the watchdog is for (sd_watchdog_enabled(3)).
  const char* usec = std::getenv("WATCHDOG_USEC");
  const char* pid = std::getenv("WATCHDOG_PID");
  if (usec && (!pid || std::strtol(pid, nullptr, 10) == ::getpid()))
    watchdog_ = std::chrono::microseconds(std::strtoull(usec, nullptr, 10));
}

void SystemdNotify::ready(const std::string& status) {
  send("READY=1\nSTATUS=" + status);
  if (enabled() && watchdog_.count() > 0) pingWatchdog();
}

void SystemdNotify::stopping() {
  timer_->cancel();
  send("STOPPING=1");
}

void SystemdNotify::pingWatchdog() {
  send("WATCHDOG=1");
  timer_->start(std::chrono::duration_cast<Duration>(watchdog_ / 2));
}

void SystemdNotify::send(const std::string& message) const {
  if (socket_.empty()) return;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_.size() >= sizeof address.sun_path) return;
  std::memcpy(address.sun_path, socket_.data(), socket_.size());
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
  socklen_t length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_.size());
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  if (::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
               reinterpret_cast<const sockaddr*>(&address), length) < 0)
    LOG_WARN("systemd-notify-failed",
             LogFields().kv("socket", socket_).kv("error", std::strerror(errno)));
  ::close(fd);
}

}  // namespace anycast::daemon
