// NextHopResolver over a fake kernel table: which next hops resolve (RFC 4271 §9.1.2.1), through
// what, and which answers a refresh reports as changed.
#include <gtest/gtest.h>

#include "FakeRouteNetlink.h"
#include "fib/NextHopResolver.h"

namespace anycast::fib {
namespace {

using testing::FakeRouteNetlink;

constexpr uint8_t kKernel = 2, kStatic = 4, kOurs = 201;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

RouteMessage route(const char* prefix, uint8_t protocol, std::vector<NextHop> hops,
                   uint8_t type = kTypeUnicast) {
  RouteMessage r;
  r.prefix = *Prefix::parse(prefix);
  r.protocol = protocol;
  r.type = type;
  r.nextHops = std::move(hops);
  return r;
}

// The connected network 10.0.0.0/24 on interface 3.
RouteMessage connected() { return route("10.0.0.0/24", kKernel, {{ip("0.0.0.0"), 3}}); }

class NextHopResolverTest : public ::testing::Test {
 protected:
  FakeRouteNetlink kernel;
  NextHopResolver resolver{kernel, {.ownProtocol = kOurs}};
};

TEST_F(NextHopResolverTest, NextHopOnAConnectedNetworkIsItsOwnGateway) {
  kernel.table = {connected()};
  const Resolution& r = resolver.resolve(ip("10.0.0.7"));
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(r.via, (std::vector<NextHop>{{ip("10.0.0.7"), 3}}));
}

TEST_F(NextHopResolverTest, FartherNextHopGoesThroughTheCoveringRoutesGateways) {
  kernel.table = {connected(),
                  route("10.9.0.0/16", kStatic, {{ip("10.0.0.1"), 3}, {ip("10.0.0.2"), 3}})};
  const Resolution& r = resolver.resolve(ip("10.9.1.1"));
  EXPECT_TRUE(r.reachable);
  EXPECT_EQ(r.via, (std::vector<NextHop>{{ip("10.0.0.1"), 3}, {ip("10.0.0.2"), 3}}));
}

TEST_F(NextHopResolverTest, IPv6NextHopResolves) {
  kernel.table = {route("2001:db8:1::/64", kKernel, {{ip("::"), 4}})};
  EXPECT_TRUE(resolver.reachable(ip("2001:db8:1::9")));
  EXPECT_FALSE(resolver.reachable(ip("2001:db8:2::9")));
}

struct UnreachableCase {
  const char* name;
  RouteMessage covering;
  const char* why;
};

class UnreachableTest : public NextHopResolverTest,
                        public ::testing::WithParamInterface<UnreachableCase> {};

TEST_P(UnreachableTest, IsNotReachable) {
  kernel.table = {connected(), GetParam().covering};
  const Resolution& r = resolver.resolve(ip("10.9.1.1"));
  EXPECT_FALSE(r.reachable);
  EXPECT_TRUE(r.via.empty());
  EXPECT_EQ(r.why, GetParam().why);
}

INSTANTIATE_TEST_SUITE_P(
    Kernel, UnreachableTest,
    ::testing::Values(
        UnreachableCase{"NoRoute", route("10.8.0.0/16", kStatic, {{ip("10.0.0.1"), 3}}),
                        "no route"},
        UnreachableCase{"OnlyOurOwnBgpRoute", route("10.9.0.0/16", kOurs, {{ip("10.0.0.1"), 3}}),
                        "only via our own route 10.9.0.0/16"},
        UnreachableCase{"OnlyTheDefaultRoute", route("0.0.0.0/0", kStatic, {{ip("10.0.0.1"), 3}}),
                        "only via the default route"},
        UnreachableCase{"ALocalAddress",
                        route("10.9.1.1/32", kKernel, {{ip("0.0.0.0"), 1}}, kTypeLocal),
                        "a local address"},
        UnreachableCase{"AnUnreachableRoute", route("10.9.0.0/16", kStatic, {}, kTypeUnreachable),
                        "no route"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(NextHopResolverTest, DefaultRouteResolvesWhenAllowed) {
  NextHopResolver viaDefault{kernel, {.ownProtocol = kOurs, .resolveViaDefault = true}};
  kernel.table = {connected(), route("0.0.0.0/0", kStatic, {{ip("10.0.0.1"), 3}})};
  EXPECT_TRUE(viaDefault.reachable(ip("10.9.1.1")));
}

TEST_F(NextHopResolverTest, AsksTheKernelOncePerNextHop) {
  kernel.table = {connected()};
  for (int i = 0; i < 3; ++i) {
    resolver.reachable(ip("10.0.0.7"));
    resolver.reachable(ip("10.0.0.8"));
  }
  EXPECT_EQ(kernel.lookups, 2);
  EXPECT_EQ(resolver.size(), 2u);
}

TEST_F(NextHopResolverTest, RefreshReportsOnlyTheNextHopsWhoseAnswerChanged) {
  kernel.table = {connected()};
  ASSERT_TRUE(resolver.reachable(ip("10.0.0.7")));
  ASSERT_FALSE(resolver.reachable(ip("10.9.1.1")));
  EXPECT_TRUE(resolver.refresh().empty());

  kernel.table.push_back(route("10.9.0.0/16", kStatic, {{ip("10.0.0.1"), 3}}));
  EXPECT_EQ(resolver.refresh(), std::vector<IpAddress>{ip("10.9.1.1")});
  EXPECT_TRUE(resolver.reachable(ip("10.9.1.1")));

  // Same reachability, another gateway: forwarding moved, so it is a change too.
  kernel.table.back().nextHops = {{ip("10.0.0.2"), 3}};
  EXPECT_EQ(resolver.refresh(), std::vector<IpAddress>{ip("10.9.1.1")});
  EXPECT_EQ(resolver.resolve(ip("10.9.1.1")).via, (std::vector<NextHop>{{ip("10.0.0.2"), 3}}));

  kernel.table = {};
  auto changed = resolver.refresh();
  EXPECT_EQ(changed.size(), 2u);
  EXPECT_FALSE(resolver.reachable(ip("10.0.0.7")));
}

TEST_F(NextHopResolverTest, FailedLookupKeepsTheLastAnswer) {
  kernel.table = {connected()};
  ASSERT_FALSE(resolver.reachable(ip("10.9.1.1")));
  kernel.lookupErrno = ETIMEDOUT;
  EXPECT_TRUE(resolver.refresh().empty());
  EXPECT_FALSE(resolver.reachable(ip("10.9.1.1")));
  // Never asked before: assumed reachable rather than withdrawn on a netlink hiccup.
  EXPECT_TRUE(resolver.reachable(ip("10.7.0.1")));
}

}  // namespace
}  // namespace anycast::fib
