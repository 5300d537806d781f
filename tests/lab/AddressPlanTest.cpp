#include <gtest/gtest.h>

#include "lab/AddressPlan.h"

namespace anycast::lab {
namespace {

Topology threeRouters() {
  Topology t;
  t.ases.push_back(As{1, "", "", {Router{"a", 1}, Router{"b", 1}}});
  t.ases.push_back(As{2, "", "", {Router{"c", 2}}});
  t.links = {Link{"a", "b"}, Link{"b", "c", Relationship::kPeer}};
  t.sites = {Site{"s1", "a"}, Site{"s2", "c"}};
  t.clients = {Client{"x", "b"}};
  return t;
}

TEST(AddressPlan, RouterIdsFollowTheFileOrder) {
  AddressPlan plan(threeRouters());
  EXPECT_EQ(plan.routerId("a").str(), "10.255.0.1");
  EXPECT_EQ(plan.routerId("b").str(), "10.255.0.2");
  EXPECT_EQ(plan.routerId("c").str(), "10.255.0.3");
}

TEST(AddressPlan, LinksGetSlash31sAndSlash64s) {
  AddressPlan plan(threeRouters());
  const LinkAddresses& second = plan.link(1);
  EXPECT_EQ(second.net4.str(), "10.64.0.2/31");
  EXPECT_EQ(second.a4.str(), "10.64.0.2");
  EXPECT_EQ(second.b4.str(), "10.64.0.3");
  EXPECT_EQ(second.net6.str(), "fd00:a5:0:1::/64");
  EXPECT_EQ(second.a6.str(), "fd00:a5:0:1::1");
  EXPECT_EQ(second.b6.str(), "fd00:a5:0:1::2");
}

TEST(AddressPlan, UplinksGetSlash30sFromTheirOwnPools) {
  AddressPlan plan(threeRouters());
  EXPECT_EQ(plan.siteUplink(1).net4.str(), "10.128.0.4/30");
  EXPECT_EQ(plan.siteUplink(1).a4.str(), "10.128.0.5");  // the router's end
  EXPECT_EQ(plan.siteUplink(1).b4.str(), "10.128.0.6");  // the site's
  EXPECT_EQ(plan.siteUplink(1).b6.str(), "fd00:a5:1:1::2");
  EXPECT_EQ(plan.clientUplink(0).net4.str(), "10.192.0.0/30");
  EXPECT_EQ(plan.clientUplink(0).b4.str(), "10.192.0.2");
}

TEST(AddressPlan, TheLastOfEachPoolStaysInsideIt) {
  Topology t;
  AddressPlan::Capacity c = AddressPlan::capacity(t.pools);
  EXPECT_EQ(c.routers, 65534u);
  EXPECT_EQ(c.links, 65536u);  // the IPv6 index bounds it, not 10.64/10's 2M /31s
  t.links.resize(c.links);
  t.clients.resize(c.clients);
  AddressPlan plan(t);
  EXPECT_EQ(plan.link(c.links - 1).b4.str(), "10.65.255.255");
  EXPECT_EQ(plan.link(c.links - 1).net6.str(), "fd00:a5:0:ffff::/64");
  EXPECT_EQ(plan.clientUplink(c.clients - 1).b4.str(), "10.195.255.254");
}

TEST(AddressPlan, PoolsCanBeMovedElsewhere) {
  Topology t = threeRouters();
  t.pools.routerIds = *Prefix::parse("192.168.255.0/24");
  t.pools.links = *Prefix::parse("172.16.0.0/24");
  t.pools.ipv6 = *Prefix::parse("2001:db8::/32");
  AddressPlan plan(t);
  EXPECT_EQ(plan.routerId("c").str(), "192.168.255.3");
  EXPECT_EQ(plan.link(1).a4.str(), "172.16.0.2");
  EXPECT_EQ(plan.link(1).a6.str(), "2001:db8:0:1::1");
  EXPECT_EQ(AddressPlan::capacity(t.pools).links, 128u);
}

}  // namespace
}  // namespace anycast::lab
