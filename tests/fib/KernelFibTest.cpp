// KernelFib against the real kernel, inside two network namespaces this test creates (root
// only; skipped otherwise):
//
//   ns A  va0 192.0.2.1/30  2001:db8::1/64  ----  vb0 192.0.2.2/30  2001:db8::2/64 fe80::2  ns B
//         va1 192.0.2.5/30  2001:db8:1::1/64 ----  vb1 192.0.2.6/30  2001:db8:1::2/64
//                                                  lo  198.51.100.1/32
//
// KernelFib's netlink socket is opened inside A and programs table 1000 there (`ip rule`
// pref 100), checked with `ip route show`, and with pings A -> 198.51.100.1 in B. Both
// namespaces (and with them the veths) are deleted when each test ends, on failure and on
// SIGINT/SIGTERM too.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "../bgp/session/FakeTimers.h"
#include "fib/KernelFib.h"
#include "fib/NetlinkSocket.h"

namespace anycast::fib {
namespace {

constexpr uint32_t kTable = 1000;
constexpr const char* kIp = "/usr/sbin/ip";

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
Prefix pfx(const char* text) { return *Prefix::parse(text); }

struct Command {
  int status;
  std::string out;
};

// Runs a shell command, returning its exit status and stdout with trailing blanks trimmed per line.
Command sh(const std::string& command) {
  Command result{-1, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return result;
  std::array<char, 512> buf;
  std::string line;
  while (fgets(buf.data(), buf.size(), pipe)) line += buf.data();
  result.status = WEXITSTATUS(pclose(pipe));
  for (size_t pos = 0; pos < line.size();) {
    size_t end = line.find('\n', pos);
    if (end == std::string::npos) end = line.size();
    std::string one = line.substr(pos, end - pos);
    one.erase(one.find_last_not_of(" \t") + 1);
    result.out += one + "\n";
    pos = end + 1;
  }
  return result;
}

// The namespaces of this process, deleted by the destructor or, on SIGINT/SIGTERM, by the
// handler (fork + exec + wait only: async-signal-safe).
class Namespaces {
 public:
  Namespaces() {
    for (int i = 0; i < 2; ++i) {
      std::snprintf(names_[i], sizeof names_[i], "acfib-%d-%c", static_cast<int>(getpid()),
                    'a' + i);
    }
    previous_[0] = std::signal(SIGINT, onSignal);
    previous_[1] = std::signal(SIGTERM, onSignal);
  }
  ~Namespaces() {
    removeAll();
    std::signal(SIGINT, previous_[0]);
    std::signal(SIGTERM, previous_[1]);
  }
  std::string a() const { return names_[0]; }
  std::string b() const { return names_[1]; }

 private:
  static void removeAll() {
    for (const char* name : names_) {
      pid_t child = fork();
      if (child == 0) {
        execl(kIp, kIp, "netns", "del", name, static_cast<char*>(nullptr));
        _exit(127);
      }
      if (child > 0) waitpid(child, nullptr, 0);
    }
  }
  static void onSignal(int sig) {
    removeAll();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
  }

  static inline char names_[2][32];
  void (*previous_[2])(int);
};

class KernelFibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (geteuid() != 0) GTEST_SKIP() << "needs root (network namespaces)";
    if (access(kIp, X_OK) != 0) GTEST_SKIP() << "needs iproute2";
    netns_.emplace();
    std::string A = "-n " + netns_->a() + " ", B = "-n " + netns_->b() + " ";
    for (const std::string& step : {"netns add " + netns_->a(),
                                    "netns add " + netns_->b(),
                                    A + "link add va0 type veth peer name vb0 netns " + netns_->b(),
                                    A + "link add va1 type veth peer name vb1 netns " + netns_->b(),
                                    A + "addr add 192.0.2.1/30 dev va0",
                                    A + "addr add 192.0.2.5/30 dev va1",
                                    A + "addr add 2001:db8::1/64 dev va0 nodad",
                                    A + "addr add 2001:db8:1::1/64 dev va1 nodad",
                                    B + "addr add 192.0.2.2/30 dev vb0",
                                    B + "addr add 192.0.2.6/30 dev vb1",
                                    B + "addr add 2001:db8::2/64 dev vb0 nodad",
                                    B + "addr add fe80::2/64 dev vb0 nodad",
                                    B + "addr add 2001:db8:1::2/64 dev vb1 nodad",
                                    B + "addr add 198.51.100.1/32 dev lo",
                                    A + "link set lo up",
                                    A + "link set va0 up",
                                    A + "link set va1 up",
                                    B + "link set lo up",
                                    B + "link set vb0 up",
                                    B + "link set vb1 up",
                                    A + "rule add pref 100 table " + std::to_string(kTable),
                                    A + "-6 rule add pref 100 table " + std::to_string(kTable)}) {
      Command c = sh(std::string(kIp) + " " + step);
      ASSERT_EQ(c.status, 0) << "ip " << step << ": " << c.out;
    }
    socket_ = openSocketIn(netns_->a());
    ASSERT_TRUE(socket_) << "netlink socket in " << netns_->a();
    KernelFibConfig config;
    config.table = kTable;
    fib_.emplace(*socket_, timers_, config);
  }

  // setns() changes only the calling thread: a helper thread enters A and opens the socket,
  // which stays in A after the thread ends.
  static std::unique_ptr<NetlinkSocket> openSocketIn(const std::string& netns) {
    std::unique_ptr<NetlinkSocket> socket;
    std::thread([&] {
      int fd = open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return;
      if (setns(fd, CLONE_NEWNET) == 0) {
        auto opened = NetlinkSocket::open();
        if (opened) socket = std::move(*opened);
      }
      close(fd);
    }).join();
    return socket;
  }

  std::string inA(const std::string& args) {
    return sh(kIp + (" -n " + netns_->a() + " " + args)).out;
  }
  std::string ours(const char* family) {
    return inA(std::string(family) + " route show table " + std::to_string(kTable) + " proto 201");
  }
  bool pingB() {
    return sh(kIp + (" netns exec " + netns_->a() + " ping -c 1 -W 2 198.51.100.1")).status == 0;
  }
  uint32_t ifindexInA(const char* name) {
    return std::stoul(inA(std::string("-o link show ") + name));
  }

  std::optional<Namespaces> netns_;
  std::unique_ptr<NetlinkSocket> socket_;
  anycast::testing::FakeTimers timers_;
  std::optional<KernelFib> fib_;  // destroyed before the socket and the namespaces
};

TEST_F(KernelFibTest, InstallsSingleAndEcmpRoutesAndRemovesThem) {
  fib_->install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_->install({pfx("203.0.113.0/24"), {{ip("192.0.2.2")}, {ip("192.0.2.6")}}});
  fib_->install({pfx("2001:db8:100::/48"), {{ip("fe80::2"), ifindexInA("va0")}}});
  fib_->install({pfx("2001:db8:200::/48"), {{ip("2001:db8::2")}, {ip("2001:db8:1::2")}}});
  EXPECT_EQ(fib_->stats().failedRoutes, 0u);
  EXPECT_EQ(ours("-4"),
            "198.51.100.0/24 via 192.0.2.2 dev va0 metric 32\n"
            "203.0.113.0/24 metric 32\n"
            "\tnexthop via 192.0.2.2 dev va0 weight 1\n"
            "\tnexthop via 192.0.2.6 dev va1 weight 1\n");
  EXPECT_EQ(ours("-6"),
            "2001:db8:100::/48 via fe80::2 dev va0 metric 32 pref medium\n"
            "2001:db8:200::/48 metric 32 pref medium\n"
            "\tnexthop via 2001:db8::2 dev va0 weight 1\n"
            "\tnexthop via 2001:db8:1::2 dev va1 weight 1\n");

  fib_->install({pfx("203.0.113.0/24"), {{ip("192.0.2.6")}}});  // ECMP shrinks to one
  fib_->remove(pfx("198.51.100.0/24"));
  fib_->remove(pfx("2001:db8:200::/48"));
  EXPECT_EQ(ours("-4"), "203.0.113.0/24 via 192.0.2.6 dev va1 metric 32\n");
  EXPECT_EQ(ours("-6"), "2001:db8:100::/48 via fe80::2 dev va0 metric 32 pref medium\n");
  fib_->reconcile();  // in sync: nothing to repair
  EXPECT_EQ(fib_->stats().repairs, 0u);
}

TEST_F(KernelFibTest, UnreachableGatewayIsCountedAndRetriedNotFatal) {
  fib_->install({pfx("198.51.100.0/24"), {{ip("10.9.9.9")}}});
  EXPECT_EQ(fib_->stats().failedRoutes, 1u);
  EXPECT_EQ(ours("-4"), "");
  inA("addr add 10.9.9.1/24 dev va0");  // the gateway becomes on-link
  fib_->reconcile();
  EXPECT_EQ(fib_->stats().failedRoutes, 0u);
  EXPECT_EQ(ours("-4"), "198.51.100.0/24 via 10.9.9.9 dev va0 metric 32\n");
}

TEST_F(KernelFibTest, ReconcileRepairsDriftAndTouchesOnlyOurs) {
  fib_->install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_->install({pfx("203.0.113.0/24"), {{ip("192.0.2.2")}, {ip("192.0.2.6")}}});
  inA("route del 198.51.100.0/24 table 1000 proto 201 metric 32");
  inA("route replace 203.0.113.0/24 via 192.0.2.6 table 1000 proto 201 metric 32");
  inA("route add 192.0.2.64/26 via 192.0.2.2 table 1000 proto 201 metric 32");  // not ours to keep
  inA("route add 192.0.2.128/26 via 192.0.2.2 table 1000 proto static");
  inA("route add 192.0.2.192/26 via 192.0.2.2 proto 201 metric 32");  // main table
  fib_->reconcile();
  EXPECT_EQ(fib_->stats().repairs, 3u);
  EXPECT_EQ(ours("-4"),
            "198.51.100.0/24 via 192.0.2.2 dev va0 metric 32\n"
            "203.0.113.0/24 metric 32\n"
            "\tnexthop via 192.0.2.2 dev va0 weight 1\n"
            "\tnexthop via 192.0.2.6 dev va1 weight 1\n");
  EXPECT_EQ(inA("route show table 1000 proto static"), "192.0.2.128/26 via 192.0.2.2 dev va0\n");
  EXPECT_EQ(inA("route show table main proto 201"),
            "192.0.2.192/26 via 192.0.2.2 dev va0 metric 32\n");
}

TEST_F(KernelFibTest, FlushRemovesOursAndLeavesOthers) {
  fib_->install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_->install({pfx("2001:db8:200::/48"), {{ip("2001:db8::2")}}});
  inA("route add 192.0.2.128/26 via 192.0.2.2 table 1000 proto static");
  fib_->flush();
  EXPECT_EQ(ours("-4"), "");
  EXPECT_EQ(ours("-6"), "");
  EXPECT_EQ(inA("route show table 1000"), "192.0.2.128/26 via 192.0.2.2 dev va0 proto static\n");
}

// A thousand routes dump in several datagrams, all read through the socket's one receive buffer.
TEST_F(KernelFibTest, DumpLargerThanOneDatagramIsReadWhole) {
  constexpr int kRoutes = 1000;
  for (int i = 0; i < kRoutes; ++i) {
    std::string prefix = "10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0/24";
    fib_->install({pfx(prefix.c_str()), {{ip("192.0.2.2")}}});
  }
  EXPECT_EQ(fib_->stats().failedRoutes, 0u);
  fib_->reconcile();  // a route the dump missed would be replaced and counted as a repair
  EXPECT_EQ(fib_->stats().repairs, 0u);
  EXPECT_EQ(fib_->stats().netlinkErrors, 0u);
  std::string listed = ours("-4");
  EXPECT_EQ(std::count(listed.begin(), listed.end(), '\n'), kRoutes);
}

TEST_F(KernelFibTest, PacketsFollowTheInstalledRoutes) {
  EXPECT_FALSE(pingB());
  fib_->install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}, {ip("192.0.2.6")}}});
  EXPECT_TRUE(pingB());
  fib_->remove(pfx("198.51.100.0/24"));
  EXPECT_FALSE(pingB());
}

}  // namespace
}  // namespace anycast::fib
