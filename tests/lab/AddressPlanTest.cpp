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
  t.links.resize(AddressPlan::kMaxLinks);
  t.clients.resize(AddressPlan::kMaxClients);
  AddressPlan plan(t);
  EXPECT_EQ(plan.link(AddressPlan::kMaxLinks - 1).b4.str(), "10.65.255.255");
  EXPECT_EQ(plan.link(AddressPlan::kMaxLinks - 1).net6.str(), "fd00:a5:0:ffff::/64");
  EXPECT_EQ(plan.clientUplink(AddressPlan::kMaxClients - 1).b4.str(), "10.195.255.254");
}

}  // namespace
}  // namespace anycast::lab
