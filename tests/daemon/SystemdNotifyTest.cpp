// SystemdNotify against a datagram socket standing in for systemd's $NOTIFY_SOCKET: READY=1
// with a status, WATCHDOG=1 pings at half of $WATCHDOG_USEC (fake time), STOPPING=1 and no
// ping after it; and nothing at all without $NOTIFY_SOCKET.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "../bgp/session/FakeTimers.h"
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
  // The next message already sent (datagrams to a bound local socket arrive at once); empty
  // when there is none.
  std::string next() {
    char buf[512];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
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
  testing::FakeTimers timers;
  SystemdNotify notify(timers);
  ::unsetenv("NOTIFY_SOCKET");
  ::unsetenv("WATCHDOG_USEC");
  ASSERT_TRUE(notify.enabled());
  notify.ready("running: 2 peers, 1 services");
  EXPECT_EQ(systemd.next(), "READY=1\nSTATUS=running: 2 peers, 1 services");
  EXPECT_EQ(systemd.next(), "WATCHDOG=1");  // the first ping comes with READY
  EXPECT_EQ(systemd.next(), "");
  timers.advance(Duration(19));
  EXPECT_EQ(systemd.next(), "");
  timers.advance(Duration(1));
  EXPECT_EQ(systemd.next(), "WATCHDOG=1");
  notify.stopping();
  EXPECT_EQ(systemd.next(), "STOPPING=1");
  timers.advance(Duration(100));
  EXPECT_EQ(systemd.next(), "");  // no ping after STOPPING
}

TEST(SystemdNotify, DoesNothingWithoutNotifySocket) {
  ::unsetenv("NOTIFY_SOCKET");
  testing::FakeTimers timers;
  SystemdNotify notify(timers);
  EXPECT_FALSE(notify.enabled());
  notify.ready("running");
  notify.stopping();
  EXPECT_EQ(timers.running(), 0u);
}

}  // namespace
}  // namespace anycast::daemon
