// RouteChangeMonitor against the real kernel, in a network namespace of the test's own (made
// with unshare in a thread, so it goes away with the thread's sockets): other routes' changes
// wake it, our own protocol's are filtered out in the kernel. Skipped without CAP_SYS_ADMIN.
#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

#include "fib/NetlinkSocket.h"
#include "fib/RouteChangeMonitor.h"

namespace anycast::fib {
namespace {

constexpr uint8_t kOurs = 201, kStatic = 4;

RouteMessage blackhole(const char* prefix, uint8_t protocol) {
  RouteMessage r;
  r.prefix = *Prefix::parse(prefix);
  r.protocol = protocol;
  r.type = kTypeBlackhole;  // a route that needs no interface
  return r;
}

TEST(RouteChangeMonitor, WakesForOtherRoutesButNotForOurOwn) {
  bool isolated = false;
  std::thread inNamespace([&] {
    if (unshare(CLONE_NEWNET) != 0) return;
    isolated = true;
    auto netlink = NetlinkSocket::open();
    auto monitor = RouteChangeMonitor::open(kOurs);
    ASSERT_TRUE(netlink.ok()) << netlink.error().text;
    ASSERT_TRUE(monitor.ok()) << monitor.error().text;
    EXPECT_FALSE((*monitor)->drain());
    // The kernel sends a notification before it answers the request, so it is queued on the
    // monitor by the time request() returns.
    ASSERT_TRUE((*netlink)->request(RouteOp::kReplace, blackhole("10.1.0.0/16", kOurs)).ok());
    EXPECT_FALSE((*monitor)->drain()) << "our own route's notification was not filtered";
    ASSERT_TRUE((*netlink)->request(RouteOp::kReplace, blackhole("10.2.0.0/16", kStatic)).ok());
    EXPECT_TRUE((*monitor)->drain());
    EXPECT_FALSE((*monitor)->drain());  // drained
    ASSERT_TRUE((*netlink)->request(RouteOp::kDelete, blackhole("10.2.0.0/16", kStatic)).ok());
    EXPECT_TRUE((*monitor)->drain());
  });
  inNamespace.join();
  if (!isolated) GTEST_SKIP() << "cannot create a network namespace (not root?)";
}

}  // namespace
}  // namespace anycast::fib
