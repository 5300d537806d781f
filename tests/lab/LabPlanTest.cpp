#include <gtest/gtest.h>

#include <fstream>

#include "config/ConfigLoader.h"
#include "config/LabLoader.h"
#include "lab/LabPlan.h"
#include "lab/Process.h"
#include "lab/RouterConfig.h"
#include "lab/SiteConfig.h"

namespace anycast::lab {
namespace {

Topology example() {
  auto t = config::loadLabFile(std::string(ANYCAST_SOURCE_DIR) + "/examples/lab/small.yaml");
  if (!t.ok()) throw std::runtime_error(t.error().str());
  return std::move(*t);
}

const Session* sessionTo(const Node& n, const std::string& peer) {
  for (const Session& s : n.sessions)
    if (s.peerNode == peer) return &s;
  return nullptr;
}

TEST(LabPlan, OneNamespacePerNode) {
  Topology t = example();
  LabPlan plan(t);
  EXPECT_EQ(plan.nodes().size(), 5u + 3u + 6u);
  EXPECT_EQ(plan.node("teu1")->netns, "acl-small-teu1");
  EXPECT_EQ(plan.node("fra")->role, NodeRole::kSite);
  EXPECT_EQ(plan.node("c-lyon")->role, NodeRole::kClient);
}

TEST(LabPlan, RelationshipsBecomeLocalRoles) {
  Topology t = example();
  LabPlan plan(t);
  // paris (AS 64530) is a customer of teu1 (AS 64510).
  EXPECT_EQ(sessionTo(*plan.node("paris"), "teu1")->localRole, Relationship::kCustomer);
  EXPECT_EQ(sessionTo(*plan.node("teu1"), "paris")->localRole, Relationship::kProvider);
  EXPECT_EQ(sessionTo(*plan.node("teu1"), "tus1")->localRole, Relationship::kPeer);
  EXPECT_EQ(sessionTo(*plan.node("tus1"), "teu1")->localRole, Relationship::kPeer);
  EXPECT_EQ(sessionTo(*plan.node("teu1"), "teu2")->localRole, Relationship::kInternal);
  // A site is its router's customer, in the operator's AS.
  const Session* site = sessionTo(*plan.node("fra"), "teu2");
  EXPECT_EQ(site->localRole, Relationship::kCustomer);
  EXPECT_EQ(site->remoteAs, 64510u);
  EXPECT_EQ(sessionTo(*plan.node("teu2"), "fra")->remoteAs, 64496u);
  EXPECT_TRUE(plan.node("c-lyon")->sessions.empty());
}

TEST(LabPlan, InterfacesAddressesAndWireLinks) {
  Topology t = example();
  LabPlan plan(t);
  const Node& teu1 = *plan.node("teu1");
  // Links in file order, then the site and client uplinks.
  ASSERT_EQ(teu1.interfaces.size(), 3u + 1u);
  EXPECT_EQ(teu1.interfaces[0].name, "eth0");
  EXPECT_EQ(teu1.interfaces[0].peerNode, "teu2");
  EXPECT_EQ(teu1.interfaces[0].v4.str(), "10.64.0.0");
  EXPECT_EQ(teu1.interfaces[3].peerNode, "c-lyon");
  const Session* toTeu2 = sessionTo(teu1, "teu2");
  EXPECT_EQ(toTeu2->local.str(), "10.64.0.0");
  EXPECT_EQ(toTeu2->remote.str(), "10.64.0.1");
  const Node& lyon = *plan.node("c-lyon");
  EXPECT_EQ(lyon.interfaces[0].name, "eth0");
  EXPECT_EQ(lyon.gateway4->str(), teu1.interfaces[3].v4.str());
  // teu1 originates c-lyon's uplink, both families; teu2 fra's uplink too.
  ASSERT_EQ(teu1.originates.size(), 2u);
  EXPECT_EQ(teu1.originates[0].str(), "10.192.0.8/30");
  ASSERT_EQ(plan.node("teu2")->originates.size(), 2u);
  EXPECT_EQ(plan.node("teu2")->originates[0].str(), "10.128.0.0/30");
  ASSERT_EQ(plan.links().size(), 5u + 3u + 6u);
  const WireLink& first = plan.links()[0];
  EXPECT_EQ(first.name, "teu1-teu2");
  EXPECT_EQ(first.a, "teu1");
  EXPECT_EQ(first.b, "teu2");
  EXPECT_EQ(first.netnsA, "acl-small-teu1");
  EXPECT_EQ(first.ifB, "eth0");
  EXPECT_EQ(first.properties.delay, std::chrono::milliseconds(5));
}

TEST(RouterConfig, EveryRouterConfigLoads) {
  Topology t = example();
  LabPlan plan(t);
  for (const Node& n : plan.nodes()) {
    if (n.role != NodeRole::kRouter) continue;
    auto loaded = config::loadConfigText(anycastdRouterConfig(n, "/run/x"), n.name + ".yaml");
    ASSERT_TRUE(loaded.ok()) << loaded.error().str();
    const config::DaemonConfig& c = *loaded;
    EXPECT_EQ(c.router.as, n.as);
    EXPECT_EQ(c.peers.size(), n.sessions.size());
  }
  auto teu1 = config::loadConfigText(anycastdRouterConfig(*plan.node("teu1"), "/run/x"), "t");
  for (const auto& peer : teu1->peers) {
    bool ibgp = peer.session.name == "teu2";
    EXPECT_EQ(peer.routeReflectorClient, ibgp) << peer.session.name;
    EXPECT_EQ(peer.policy.exportFilter.terms.size(), ibgp ? 1u : 0u) << peer.session.name;
  }
}

TEST(RouterConfig, EveryBirdConfigParses) {
  if (!runIn("", {"sh", "-c", "command -v bird"}).ok()) GTEST_SKIP() << "bird not installed";
  Topology t = example();
  LabPlan plan(t);
  std::string dir = testing::TempDir();
  for (const Node& n : plan.nodes()) {
    if (n.role != NodeRole::kRouter) continue;
    std::string path = dir + "/" + n.name + ".bird.conf";
    std::ofstream(path) << birdRouterConfig(n, dir);
    auto parsed = runIn("", {"bird", "-p", "-c", path});  // BIRD's own parser, nothing started
    EXPECT_TRUE(parsed.ok()) << n.name << ": " << parsed.error().message;
  }
  std::string teu1 = birdRouterConfig(*plan.node("teu1"), dir);
  EXPECT_NE(teu1.find("local role peer;"), std::string::npos);      // to tus1
  EXPECT_NE(teu1.find("local role provider;"), std::string::npos);  // to paris
  EXPECT_NE(teu1.find("rr client;"), std::string::npos);            // to teu2, iBGP
}

TEST(SiteConfig, EverySiteConfigLoadsAndAnnouncesTheService) {
  Topology t = example();
  LabPlan plan(t);
  for (const Site& site : t.sites) {
    const Node& n = *plan.node(site.name);
    auto loaded = config::loadConfigText(anycastdSiteConfig(n, t, "/run/x"), n.name + ".yaml");
    ASSERT_TRUE(loaded.ok()) << loaded.error().str();
    EXPECT_EQ(loaded->router.as, t.siteAs);
    ASSERT_EQ(loaded->peers.size(), 1u);
    EXPECT_EQ(loaded->peers[0].session.name, site.router);
    ASSERT_EQ(loaded->services.size(), 1u);
    const auto& service = loaded->services[0];
    ASSERT_EQ(service.prefixes.size(), 2u);
    EXPECT_EQ(service.prefixes[0], t.service.prefix);
    EXPECT_EQ(service.checks.at(0).address, t.service.address);
  }
}

}  // namespace
}  // namespace anycast::lab
