// KernelFib against an in-memory kernel table (FakeRouteNetlink): desired state, failures
// logged and retried, reconcile repairing drift, flush, and the reconcile timer.
#include <gtest/gtest.h>

#include <cerrno>

#include "../bgp/session/FakeTimers.h"
#include "FakeRouteNetlink.h"
#include "fib/KernelFib.h"

namespace anycast::fib {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
Prefix pfx(const char* text) { return *Prefix::parse(text); }

constexpr uint32_t kTable = 1000;

RouteMessage kernelRoute(const char* prefix, std::vector<NextHop> hops, uint8_t protocol = 201,
                         uint32_t metric = 32, uint32_t table = kTable) {
  RouteMessage r;
  r.prefix = pfx(prefix);
  r.table = table;
  r.protocol = protocol;
  r.priority = metric;
  r.nextHops = std::move(hops);
  return r;
}

class KernelFibReconcileTest : public ::testing::Test {
 protected:
  KernelFibConfig config() {
    KernelFibConfig c;
    c.table = kTable;
    return c;
  }

  testing::FakeRouteNetlink kernel_;
  anycast::testing::FakeTimers timers_;
  KernelFib fib_{kernel_, timers_, config()};
};

TEST_F(KernelFibReconcileTest, InstallReplacesWithSortedUniqueNextHops) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.6")}, {ip("192.0.2.2")}, {ip("192.0.2.6")}}});
  ASSERT_EQ(kernel_.requests.size(), 1u);
  EXPECT_EQ(kernel_.requests[0].first, RouteOp::kReplace);
  EXPECT_EQ(kernel_.requests[0].second,
            kernelRoute("198.51.100.0/24", {{ip("192.0.2.2")}, {ip("192.0.2.6")}}));
  EXPECT_EQ(fib_.stats().routes, 1u);
}

TEST_F(KernelFibReconcileTest, InstallingTheSameRouteAgainSendsNothing) {
  FibRoute route{pfx("2001:db8:1::/48"), {{ip("fe80::2"), 2}}};
  fib_.install(route);
  fib_.install(route);
  EXPECT_EQ(kernel_.requests.size(), 1u);
  EXPECT_EQ(fib_.stats().installs, 2u);
}

TEST_F(KernelFibReconcileTest, NewNextHopsReplaceAndBecomeTheDesiredState) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.6")}}});
  ASSERT_EQ(kernel_.requests.size(), 2u);
  EXPECT_EQ(kernel_.requests[1].second, kernelRoute("198.51.100.0/24", {{ip("192.0.2.6")}}));
  kernel_.requests.clear();
  fib_.reconcile();  // the kernel has what is desired: nothing to send
  EXPECT_TRUE(kernel_.requests.empty());
  EXPECT_EQ(fib_.stats().routes, 1u);
}

TEST_F(KernelFibReconcileTest, InstallingAFailedRouteAgainRetriesIt) {
  kernel_.failures[pfx("198.51.100.0/24")] = ENETUNREACH;
  FibRoute route{pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}};
  fib_.install(route);
  kernel_.failures.clear();
  fib_.install(route);  // same next hops, but the last attempt failed
  EXPECT_EQ(kernel_.requests.size(), 2u);
  EXPECT_EQ(kernel_.table, std::vector{kernelRoute("198.51.100.0/24", {{ip("192.0.2.2")}})});
  EXPECT_EQ(fib_.stats().failedRoutes, 0u);
}

TEST_F(KernelFibReconcileTest, RemoveDeletesOurRouteAnyScope) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_.install({pfx("198.51.100.0/24"), {}});  // no next hops = remove
  fib_.remove(pfx("203.0.113.0/24"));          // never installed: nothing to send
  ASSERT_EQ(kernel_.requests.size(), 2u);
  const RouteMessage& del = kernel_.requests[1].second;
  EXPECT_EQ(kernel_.requests[1].first, RouteOp::kDelete);
  EXPECT_EQ(del.protocol, kProtocolAnycast);
  EXPECT_EQ(del.scope, kScopeNowhere);
  EXPECT_EQ(del.priority, 32u);
  EXPECT_TRUE(kernel_.table.empty());
  EXPECT_EQ(fib_.stats().routes, 0u);
}

TEST_F(KernelFibReconcileTest, FailuresAreCountedAndRetriedByReconcile) {
  kernel_.failures[pfx("198.51.100.0/24")] = ENETUNREACH;
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  EXPECT_EQ(fib_.stats().failedRoutes, 1u);
  fib_.reconcile();  // still failing: retried, still counted once as a failed route
  EXPECT_EQ(kernel_.requests.size(), 2u);
  EXPECT_EQ(fib_.stats().failedRoutes, 1u);
  EXPECT_EQ(fib_.stats().netlinkErrors, 2u);

  kernel_.failures.clear();
  fib_.reconcile();
  EXPECT_EQ(kernel_.table, (std::vector{kernelRoute("198.51.100.0/24", {{ip("192.0.2.2")}})}));
  EXPECT_EQ(fib_.stats().failedRoutes, 0u);
  EXPECT_EQ(fib_.stats().repairs, 1u);
}

TEST_F(KernelFibReconcileTest, ReconcileRepairsOursAndLeavesOthers) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_.install({pfx("203.0.113.0/24"), {{ip("192.0.2.2")}, {ip("192.0.2.6")}}});
  fib_.install({pfx("2001:db8:1::/48"), {{ip("2001:db8::2")}}});
  RouteMessage otherProtocol = kernelRoute("198.51.100.0/24", {{ip("192.0.2.6")}}, 4, 10);
  RouteMessage otherTable = kernelRoute("192.0.2.128/25", {{ip("192.0.2.2")}}, 201, 32, 254);
  kernel_.table = {
      // 198.51.100.0/24 deleted behind our back.
      kernelRoute("203.0.113.0/24", {{ip("192.0.2.2"), 2}}),           // lost an ECMP member
      kernelRoute("2001:db8:1::/48", {{ip("2001:db8::2"), 2}}),        // in sync (kernel's ifindex)
      kernelRoute("192.0.2.64/26", {{ip("192.0.2.2")}}),               // ours, not desired
      kernelRoute("2001:db8:1::/48", {{ip("2001:db8::2")}}, 201, 99),  // ours at another metric
      otherProtocol,
      otherTable,
  };
  kernel_.requests.clear();
  fib_.reconcile();

  EXPECT_EQ(kernel_.requests.size(), 4u);  // two replaces, two deletes; nothing for the rest
  EXPECT_EQ(fib_.stats().repairs, 4u);
  auto sorted = kernel_.table;
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.prefix, a.protocol) < std::tie(b.prefix, b.protocol);
  });
  EXPECT_EQ(sorted, (std::vector{
                        otherTable,
                        otherProtocol,
                        kernelRoute("198.51.100.0/24", {{ip("192.0.2.2")}}),
                        kernelRoute("203.0.113.0/24", {{ip("192.0.2.2")}, {ip("192.0.2.6")}}),
                        kernelRoute("2001:db8:1::/48", {{ip("2001:db8::2"), 2}}),
                    }));
}

TEST_F(KernelFibReconcileTest, DumpFailureIsLoggedAndRetriedLater) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  kernel_.table.clear();
  kernel_.dumpErrno = EBUSY;
  fib_.reconcile();
  EXPECT_TRUE(kernel_.table.empty());
  EXPECT_EQ(fib_.stats().netlinkErrors, 2u);  // one per family
  kernel_.dumpErrno = 0;
  fib_.reconcile();
  EXPECT_EQ(kernel_.table.size(), 1u);
}

TEST_F(KernelFibReconcileTest, TimerReconcilesEveryInterval) {
  timers_.advance(std::chrono::seconds(29));
  EXPECT_EQ(kernel_.dumps, 0);
  timers_.advance(std::chrono::seconds(1));
  EXPECT_EQ(kernel_.dumps, 2);  // IPv4 and IPv6
  timers_.advance(std::chrono::seconds(60));
  EXPECT_EQ(kernel_.dumps, 6);
  EXPECT_EQ(fib_.stats().reconciles, 3u);
}

TEST_F(KernelFibReconcileTest, FlushDeletesEveryRouteOfOursInTheTable) {
  fib_.install({pfx("198.51.100.0/24"), {{ip("192.0.2.2")}}});
  fib_.install({pfx("2001:db8:1::/48"), {{ip("2001:db8::2")}}});
  RouteMessage foreign = kernelRoute("203.0.113.0/24", {{ip("192.0.2.2")}}, 12);
  kernel_.table.push_back(kernelRoute("192.0.2.64/26", {{ip("192.0.2.2")}}));  // ours, stale
  kernel_.table.push_back(foreign);
  fib_.flush();
  EXPECT_EQ(kernel_.table, std::vector{foreign});
  EXPECT_EQ(fib_.stats().routes, 0u);
  fib_.reconcile();  // nothing desired any more, nothing of ours left
  EXPECT_EQ(kernel_.table, std::vector{foreign});
}

}  // namespace
}  // namespace anycast::fib
