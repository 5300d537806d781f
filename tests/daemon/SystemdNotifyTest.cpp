// SystemdNotify against a datagram socket standing in for systemd's $NOTIFY_SOCKET: READY=1
// with a status, WATCHDOG=1 pings at half of $WATCHDOG_USEC, STOPPING=1; and nothing at all
// without $NOTIFY_SOCKET.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "daemon/SystemdNotify.h"

namespace anycast::daemon {
namespace {

class FakeSystemd {
 public:
  FakeSystemd() : path_("/tmp/anycast-notify-" + std::to_string(::getpid())) {
    ::unlink(path_.c_str());
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path_.c_str());
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  }
  ~FakeSystemd() {
    ::close(fd_);
    ::unlink(path_.c_str());
  }
  const std::string& path() const { return path_; }
  // The next message, waiting while the loop turns (bounded); empty if none came.
  std::string next(asio::io_context& io) {
    for (int i = 0; i < 500; ++i) {
      char buf[512];
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) return std::string(buf, static_cast<size_t>(n));
      io.run_for(std::chrono::milliseconds(10));
      io.restart();
    }
    return "";
  }

 private:
  std::string path_;
  int fd_ = -1;
};

TEST(SystemdNotify, SaysReadyPingsTheWatchdogAndSaysStopping) {
  FakeSystemd systemd;
  ::setenv("NOTIFY_SOCKET", systemd.path().c_str(), 1);
  ::setenv("WATCHDOG_USEC", "40000", 1);  // a ping every 20 ms
  ::unsetenv("WATCHDOG_PID");
  asio::io_context io;
  SystemdNotify notify(io);
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ASSERT_TRUE(notify.enabled());
  notify.ready("running: 2 peers, 1 services");
  EXPECT_EQ(systemd.next(io), "READY=1\nSTATUS=running: 2 peers, 1 services");
  EXPECT_EQ(systemd.next(io), "WATCHDOG=1");  // the first ping comes with READY
  EXPECT_EQ(systemd.next(io), "WATCHDOG=1");  // and then from the timer
  notify.stopping();
  std::string last;
  for (std::string m = systemd.next(io); !m.empty(); m = systemd.next(io)) last = m;
  EXPECT_EQ(last, "STOPPING=1");  // and no ping after it
}

TEST(SystemdNotify, DoesNothingWithoutNotifySocket) {
  ::unsetenv("NOTIFY_SOCKET");
  asio::io_context io;
  SystemdNotify notify(io);
  EXPECT_FALSE(notify.enabled());
  notify.ready("running");
  notify.stopping();
}

}  // namespace
}  // namespace anycast::daemon
