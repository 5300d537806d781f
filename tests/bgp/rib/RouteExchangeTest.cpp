#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "../session/FakeTimers.h"
#include "bgp/policy/WellKnown.h"
#include "bgp/rib/RouteExchange.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }

// Records what would be sent, decoded back into UPDATEs.
class FakePeer : public ExchangePeer {
 public:
  FakePeer(std::string name, const char* address, uint32_t as, bool ebgp, const char* self4,
           const char* self6, std::optional<Role> role = std::nullopt)
      : name_(std::move(name)), self4_(ip(self4)), self6_(ip(self6)) {
    policy_.role = role;
    source_.address = ip(address);
    source_.peerAs = as;
    source_.ebgp = ebgp;
    source_.routerId = ip(address).isV4() ? ip(address).v4HostOrder() : 1;
  }
  const std::string& name() const override { return name_; }
  const RouteSource& source() const override { return source_; }
  const policy::PeerPolicy& policy() const override { return policy_; }
  bool ready() const override { return ready_; }
  CodecOptions codecOptions() const override { return {}; }
  std::optional<IpAddress> selfNextHop(Family f) const override {
    return f == Family::kV4 ? self4_ : self6_;
  }
  Duration mrai() const override { return mrai_; }
  bool keepsReceived() const override { return keepsReceived_; }
  bool sendBacklogged() const override { return backlogged_; }
  // Marks the peer as our route-reflector client (RFC 4456 §6).
  FakePeer& asClient() {
    source_.rrClient = true;
    return *this;
  }
  void send(std::vector<Bytes> messages) override {
    for (const auto& m : messages) {
      auto decoded = decodeMessage(m, codecOptions());
      ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
      sent.push_back(std::get<UpdateMessage>(decoded->message));
    }
  }
  // Announced prefixes (and their attributes) over everything sent, minus withdrawals.
  std::map<Prefix, PathAttributes> held() const {
    std::map<Prefix, PathAttributes> out;
    for (const auto& u : sent) {
      for (const auto& p : u.withdrawn) out.erase(p);
      if (u.attributes.mpUnreach)
        for (const auto& p : u.attributes.mpUnreach->withdrawn) out.erase(p);
      for (const auto& p : u.nlri) out[p] = u.attributes;
      if (u.attributes.mpReach)
        for (const auto& p : u.attributes.mpReach->nlri) out[p] = u.attributes;
    }
    return out;
  }

  bool ready_ = true;
  bool backlogged_ = false;
  Duration mrai_{0};
  bool keepsReceived_ = false;
  std::vector<UpdateMessage> sent;
  policy::PeerPolicy policy_;

 private:
  std::string name_;
  RouteSource source_;
  IpAddress self4_, self6_;
};

UpdateMessage announce(std::vector<uint32_t> path, const char* nextHop, std::vector<Prefix> v4,
                       std::vector<Prefix> v6 = {}, const char* nextHop6 = "2001:db8::99") {
  UpdateMessage u;
  u.attributes.origin = Origin::kIgp;
  u.attributes.asPath = AsPath{{{AsPathSegment::kSequence, std::move(path)}}};
  u.attributes.med = 7;
  u.attributes.nextHop = ip(nextHop);
  u.nlri = std::move(v4);
  if (!v6.empty())
    u.attributes.mpReach =
        MpReach{kAfiIpv6, kSafiUnicast, ip(nextHop6), std::nullopt, std::move(v6)};
  return u;
}

class RouteExchangeTest : public ::testing::Test {
 protected:
  RouteExchange exchange{65000};
  FakePeer a{"a", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1"};
  FakePeer b{"b", "10.0.2.2", 65002, true, "10.0.2.1", "2001:db8:2::1"};
  FakePeer ibgp{"i", "10.0.3.2", 65000, false, "10.0.3.1", "2001:db8:3::1"};
  void SetUp() override {
    exchange.attach(a);
    exchange.attach(b);
    exchange.attach(ibgp);
  }
};

TEST_F(RouteExchangeTest, PassesEbgpRoutesOnWithOurAsAndNextHopSelf) {
  exchange.received(a,
                    announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}, {pfx("2001:db8:a::/48")}));
  auto atB = b.held();
  ASSERT_EQ(atB.size(), 2u);
  const auto& v4 = atB.at(pfx("192.0.2.0/24"));
  EXPECT_EQ(v4.asPath->str(), "65000 65001");
  EXPECT_EQ(v4.nextHop, ip("10.0.2.1"));
  EXPECT_FALSE(v4.med);        // RFC 4271 §5.1.4: not passed to another AS
  EXPECT_FALSE(v4.localPref);  // §5.1.5
  EXPECT_EQ(atB.at(pfx("2001:db8:a::/48")).mpReach->nextHop, ip("2001:db8:2::1"));
  // iBGP peer: our AS not prepended, next hop unchanged, LOCAL_PREF present.
  auto atI = ibgp.held();
  ASSERT_EQ(atI.size(), 2u);
  EXPECT_EQ(atI.at(pfx("192.0.2.0/24")).asPath->str(), "65001");
  EXPECT_EQ(atI.at(pfx("192.0.2.0/24")).nextHop, ip("10.0.1.2"));
  EXPECT_EQ(atI.at(pfx("192.0.2.0/24")).localPref, 100u);
  EXPECT_EQ(atI.at(pfx("2001:db8:a::/48")).mpReach->nextHop, ip("2001:db8::99"));
  // Never back to the peer it came from.
  EXPECT_TRUE(a.held().empty());
}

TEST_F(RouteExchangeTest, SplitHorizonAndWellKnownCommunities) {
  exchange.received(ibgp, announce({65009}, "10.0.3.9", {pfx("198.51.100.0/24")}));
  EXPECT_TRUE(ibgp.held().empty());
  EXPECT_EQ(a.held().size(), 1u);  // iBGP-learned goes to eBGP peers

  auto noExport = announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")});
  noExport.attributes.communities = {community::kNoExport};
  exchange.received(a, noExport);
  EXPECT_FALSE(b.held().count(pfx("203.0.113.0/24")));
  EXPECT_TRUE(ibgp.held().count(pfx("203.0.113.0/24")));

  auto noAdvertise = announce({65001}, "10.0.1.2", {pfx("203.0.114.0/24")});
  noAdvertise.attributes.communities = {community::kNoAdvertise};
  exchange.received(a, noAdvertise);
  EXPECT_FALSE(b.held().count(pfx("203.0.114.0/24")));
  EXPECT_FALSE(ibgp.held().count(pfx("203.0.114.0/24")));
}

TEST_F(RouteExchangeTest, BestPathChangesAndPeerDownMoveTheRoute) {
  exchange.received(a, announce({65001, 65010}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  exchange.received(b, announce({65002}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  // b's path is shorter: a now hears b's route, b hears nothing (its own route is best).
  EXPECT_EQ(a.held().at(pfx("192.0.2.0/24")).asPath->str(), "65000 65002");
  EXPECT_FALSE(b.held().count(pfx("192.0.2.0/24")));
  b.ready_ = false;  // b's session goes down: a is told to use the longer path (none: its own)
  exchange.peerDown(b);
  EXPECT_FALSE(a.held().count(pfx("192.0.2.0/24")));
  b.sent.clear();  // b comes back: it gets the whole table
  b.ready_ = true;
  exchange.peerUp(b);
  EXPECT_EQ(b.held().at(pfx("192.0.2.0/24")).asPath->str(), "65000 65001 65010");
  exchange.received(a, UpdateMessage{{pfx("192.0.2.0/24")}, {}, {}});
  EXPECT_TRUE(b.held().empty());
  EXPECT_EQ(exchange.locRib().prefixCount(), 0u);
}

// RFC 4271 §9.1.2.1: a route whose next hop does not resolve is not a candidate; when it starts
// or stops resolving, the routes through it are selected again and the change sent on.
TEST(RouteExchangeNextHops, RoutesFollowTheReachabilityOfTheirNextHop) {
  std::set<IpAddress> unreachable{ip("10.0.1.2")};
  RouteExchange exchange{
      65000, {}, nullptr, [&](const IpAddress& nextHop) { return !unreachable.count(nextHop); }};
  FakePeer a{"a", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1"};
  FakePeer b{"b", "10.0.2.2", 65002, true, "10.0.2.1", "2001:db8:2::1"};
  FakePeer watcher{"w", "10.0.3.2", 65003, true, "10.0.3.1", "2001:db8:3::1"};
  for (FakePeer* p : {&a, &b, &watcher}) exchange.attach(*p);
  std::vector<std::pair<Prefix, size_t>> fib;  // what onSelectionChanged reported
  exchange.onSelectionChanged = [&](const Prefix& p, std::span<const Path> selected) {
    fib.emplace_back(p, selected.size());
  };

  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  exchange.received(b, announce({65002, 65020}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  // a's shorter path is ineligible: b's is used.
  EXPECT_EQ(watcher.held().at(pfx("192.0.2.0/24")).asPath->str(), "65000 65002 65020");

  unreachable.clear();
  fib.clear();
  exchange.nextHopsChanged([](const IpAddress& nextHop) { return nextHop == ip("10.0.1.2"); });
  EXPECT_EQ(watcher.held().at(pfx("192.0.2.0/24")).asPath->str(), "65000 65001");
  EXPECT_EQ(fib, (std::vector<std::pair<Prefix, size_t>>{{pfx("192.0.2.0/24"), 1}}));

  // Both unreachable: the route is withdrawn and leaves the FIB.
  unreachable = {ip("10.0.1.2"), ip("10.0.2.2")};
  fib.clear();
  exchange.nextHopsChanged([](const IpAddress&) { return true; });
  EXPECT_FALSE(watcher.held().count(pfx("192.0.2.0/24")));
  EXPECT_EQ(fib, (std::vector<std::pair<Prefix, size_t>>{{pfx("192.0.2.0/24"), 0}}));
  EXPECT_EQ(exchange.learnedFrom(a), 1u);  // still held, only not used
}

// The selection stays, but it goes through a next hop whose forwarding changed (another
// gateway to it): the FIB is told again, the peers are not.
TEST_F(RouteExchangeTest, SelectedRouteThroughAChangedNextHopIsReprogrammed) {
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24"), pfx("192.0.3.0/24")}));
  size_t updatesBefore = b.sent.size();
  std::vector<Prefix> reprogrammed;
  exchange.onSelectionChanged = [&](const Prefix& p, std::span<const Path>) {
    reprogrammed.push_back(p);
  };
  exchange.nextHopsChanged([](const IpAddress& nextHop) { return nextHop == ip("10.0.1.2"); });
  std::sort(reprogrammed.begin(), reprogrammed.end());
  EXPECT_EQ(reprogrammed, (std::vector<Prefix>{pfx("192.0.2.0/24"), pfx("192.0.3.0/24")}));
  EXPECT_EQ(b.sent.size(), updatesBefore);
  reprogrammed.clear();
  exchange.nextHopsChanged([](const IpAddress&) { return false; });
  EXPECT_TRUE(reprogrammed.empty());
}

TEST_F(RouteExchangeTest, OriginatedRoutesGoEverywhereAndPeerUpGetsTheTable) {
  PathAttributes attrs;
  attrs.origin = Origin::kIgp;
  attrs.asPath = AsPath{};
  attrs.med = 10;
  a.ready_ = false;
  exchange.originate(pfx("192.0.2.0/24"), attrs);
  exchange.originate(pfx("2001:db8:a::/48"), attrs);
  auto atB = b.held();
  ASSERT_EQ(atB.size(), 2u);
  EXPECT_EQ(atB.at(pfx("192.0.2.0/24")).asPath->str(), "65000");
  EXPECT_EQ(atB.at(pfx("192.0.2.0/24")).med, 10u);  // our own MED is sent
  EXPECT_EQ(atB.at(pfx("2001:db8:a::/48")).mpReach->nextHop, ip("2001:db8:2::1"));
  EXPECT_TRUE(a.held().empty());
  a.ready_ = true;
  exchange.peerUp(a);
  EXPECT_EQ(a.held().size(), 2u);
  exchange.stopOriginating(pfx("192.0.2.0/24"));
  EXPECT_EQ(a.held().size(), 1u);
  EXPECT_EQ(exchange.advertisedTo(a), 1u);
}

// --- Route reflection (RFC 4456): we reflect between two clients and two non-clients.

uint32_t id(const char* s) { return ip(s).v4HostOrder(); }

class RouteReflectionTest : public ::testing::Test {
 protected:
  static constexpr const char* kRouterId = "10.0.0.100";
  static constexpr const char* kClusterId = "10.255.0.1";
  RouteExchange exchange{65000};
  FakePeer client1{"c1", "10.0.4.2", 65000, false, "10.0.4.1", "2001:db8:4::1"};
  FakePeer client2{"c2", "10.0.5.2", 65000, false, "10.0.5.1", "2001:db8:5::1"};
  FakePeer nonClient1{"n1", "10.0.6.2", 65000, false, "10.0.6.1", "2001:db8:6::1"};
  FakePeer nonClient2{"n2", "10.0.7.2", 65000, false, "10.0.7.1", "2001:db8:7::1"};
  FakePeer external{"e", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1"};
  void SetUp() override {
    exchange.setReflectorIds(id(kRouterId), id(kClusterId));
    for (FakePeer* p :
         {&client1.asClient(), &client2.asClient(), &nonClient1, &nonClient2, &external})
      exchange.attach(*p);
  }
  static UpdateMessage route(const char* prefix = "192.0.2.0/24") {
    return announce({65009}, "10.0.9.9", {pfx(prefix)});
  }
  // A route another reflector (cluster 10.255.0.9) reflected, originated by 10.0.8.8.
  static UpdateMessage reflectedElsewhere() {
    auto u = route();
    u.attributes.originatorId = id("10.0.8.8");
    u.attributes.clusterList = {id("10.255.0.9")};
    return u;
  }
};

TEST_F(RouteReflectionTest, ClusterIdDefaultsToTheRouterId) {
  RouteExchange other{65000};
  other.setReflectorIds(id(kRouterId));
  EXPECT_EQ(other.reflectorIds().clusterId, id(kRouterId));
}

// RFC 4456 §6: who hears a route, by who sent it. Counts are for c1, c2, n1, n2, e.
TEST_F(RouteReflectionTest, ReflectsByClientRole) {
  struct Row {
    const char* name;
    FakePeer* from;
    std::vector<size_t> held;
  };
  const Row rows[] = {
      {"client: every other iBGP peer, never back", &client1, {0, 1, 1, 1, 1}},
      {"non-client: clients only, not other non-clients", &nonClient1, {1, 1, 0, 0, 1}},
  };
  for (const auto& row : rows) {
    exchange.received(*row.from, route());
    std::vector<size_t> held;
    for (FakePeer* p : {&client1, &client2, &nonClient1, &nonClient2, &external}) {
      held.push_back(p->held().size());
      p->sent.clear();
    }
    EXPECT_EQ(held, row.held) << row.name;
    exchange.received(*row.from, UpdateMessage{{pfx("192.0.2.0/24")}, {}, {}});
    for (FakePeer* p : {&client1, &client2, &nonClient1, &nonClient2, &external}) p->sent.clear();
  }
}

TEST_F(RouteReflectionTest, ReflectedRouteGetsOriginatorIdAndClusterList) {
  exchange.received(client1, route());
  PathAttributes out = nonClient1.held().at(pfx("192.0.2.0/24"));
  EXPECT_EQ(out.originatorId, id("10.0.4.2"));  // client1's router id
  EXPECT_EQ(out.clusterList, std::vector<uint32_t>{id(kClusterId)});
  EXPECT_EQ(out.nextHop, ip("10.0.9.9"));  // a reflector leaves the next hop alone
  EXPECT_EQ(out.asPath->str(), "65009");
}

TEST_F(RouteReflectionTest, ExistingOriginatorIdKeptAndClusterIdPrepended) {
  auto u = reflectedElsewhere();
  exchange.received(nonClient1, u);
  PathAttributes out = client1.held().at(pfx("192.0.2.0/24"));
  EXPECT_EQ(out.originatorId, id("10.0.8.8"));
  EXPECT_EQ(out.clusterList, (std::vector<uint32_t>{id(kClusterId), id("10.255.0.9")}));
}

TEST_F(RouteReflectionTest, NeverSentTowardsEbgpNorOnEbgpRoutes) {
  auto u = reflectedElsewhere();
  exchange.received(client1, u);
  PathAttributes toEbgp = external.held().at(pfx("192.0.2.0/24"));
  EXPECT_FALSE(toEbgp.originatorId);
  EXPECT_TRUE(toEbgp.clusterList.empty());
  // An eBGP route to iBGP peers is not reflected: nothing of the kind is added (or kept).
  auto fromEbgp = announce({65001}, "10.0.1.2", {pfx("198.51.100.0/24")});
  fromEbgp.attributes.clusterList = {id(kClusterId)};  // would be a loop from an iBGP peer
  fromEbgp.attributes.originatorId = id(kRouterId);
  exchange.received(external, fromEbgp);
  // RFC 7606 §7.9, §7.10: from an external peer they are discarded, the route kept.
  EXPECT_EQ(exchange.loopedUpdatesFrom(external), 0u);
  auto stored = exchange.locRib().selected(pfx("198.51.100.0/24"));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_FALSE(stored.front().attrs().originatorId);
  EXPECT_TRUE(stored.front().attrs().clusterList.empty());
  PathAttributes toIbgp = nonClient1.held().at(pfx("198.51.100.0/24"));
  EXPECT_FALSE(toIbgp.originatorId);
  EXPECT_TRUE(toIbgp.clusterList.empty());
}

TEST_F(RouteReflectionTest, LoopsAreIgnoredAsWithdrawalsAndCountedOncePerUpdate) {
  exchange.received(client1, route("192.0.2.0/24"));
  ASSERT_EQ(exchange.learnedFrom(client1), 1u);
  // ORIGINATOR_ID is ours: both routes of the UPDATE are ignored, the earlier one withdrawn.
  auto ours = announce({65009}, "10.0.9.9", {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")});
  ours.attributes.originatorId = id(kRouterId);
  exchange.received(client1, ours);
  EXPECT_EQ(exchange.learnedFrom(client1), 0u);
  EXPECT_TRUE(nonClient1.held().empty());
  EXPECT_EQ(exchange.loopedUpdatesFrom(client1), 1u);
  // CLUSTER_LIST holds our cluster id.
  auto cluster = route("203.0.113.0/24");
  cluster.attributes.clusterList = {id("10.255.0.9"), id(kClusterId)};
  exchange.received(nonClient1, cluster);
  EXPECT_EQ(exchange.learnedFrom(nonClient1), 0u);
  EXPECT_EQ(exchange.loopedUpdatesFrom(nonClient1), 1u);
  // A withdrawal-only UPDATE with such attributes is nothing to report.
  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("203.0.113.0/24")};
  withdrawal.attributes.clusterList = {id(kClusterId)};
  exchange.received(nonClient1, withdrawal);
  EXPECT_EQ(exchange.loopedUpdatesFrom(client1), 1u);
  EXPECT_EQ(exchange.loopedUpdatesFrom(nonClient1), 1u);
}

TEST_F(RouteReflectionTest, WithoutClientsIbgpSplitHorizonHolds) {
  RouteExchange plain{65000};
  FakePeer n1{"n1", "10.0.6.2", 65000, false, "10.0.6.1", "2001:db8:6::1"};
  FakePeer n2{"n2", "10.0.7.2", 65000, false, "10.0.7.1", "2001:db8:7::1"};
  plain.attach(n1);
  plain.attach(n2);
  plain.received(n1, route());
  EXPECT_TRUE(n2.held().empty());
}

// --- Policy: PeerPolicy on import (before the Loc-RIB) and on export (after RFC 4271 §5.1).

policy::Term term(const char* name, std::vector<policy::Match> matches,
                  std::vector<policy::Action> actions,
                  std::optional<policy::Disposition> disposition = std::nullopt) {
  return {name, std::move(matches), std::move(actions), disposition};
}
policy::Match prefixes(std::initializer_list<const char*> entries) {
  policy::MatchPrefix m;
  for (const char* e : entries) m.list.push_back(*policy::PrefixListEntry::parse(e));
  return m;
}
constexpr auto kAccept = policy::Disposition::kAccept;
constexpr auto kReject = policy::Disposition::kReject;

// The path the Loc-RIB selected for `prefix`, or null.
const Path* bestOf(const RouteExchange& exchange, const char* prefix) {
  auto selected = exchange.locRib().selected(pfx(prefix));
  return selected.empty() ? nullptr : &selected.front();
}

TEST_F(RouteExchangeTest, ImportFilterRejectsAndModifiesBeforeTheLocRib) {
  a.policy_.importFilter.terms = {
      term("bogon", {prefixes({"198.51.100.0/24 le 32"})}, {}, kReject),
      term("tagged", {policy::MatchCommunity{0xFDE90001}}, {}, kReject),
      term("prefer", {prefixes({"192.0.2.0/24"})},
           {policy::SetLocalPref{300}, policy::AddCommunities{{0xFDE80064}}}, kAccept)};
  exchange.received(a,
                    announce({65001}, "10.0.1.2",
                             {pfx("192.0.2.0/24"), pfx("198.51.100.0/25"), pfx("203.0.113.0/24")}));
  EXPECT_FALSE(bestOf(exchange, "198.51.100.0/25"));
  EXPECT_FALSE(b.held().count(pfx("198.51.100.0/25")));
  EXPECT_EQ(exchange.learnedFrom(a), 2u);
  ASSERT_TRUE(bestOf(exchange, "192.0.2.0/24"));
  EXPECT_EQ(bestOf(exchange, "192.0.2.0/24")->attrs().localPref, 300u);
  EXPECT_EQ(ibgp.held().at(pfx("192.0.2.0/24")).localPref, 300u);
  EXPECT_EQ(b.held().at(pfx("192.0.2.0/24")).communities, std::vector<uint32_t>{0xFDE80064});
  // The unchanged route keeps the received set; the changed one has its own.
  EXPECT_EQ(exchange.attributeStore().size(), 2u);
  EXPECT_FALSE(bestOf(exchange, "203.0.113.0/24")->attrs().localPref);

  // Announced again with attributes the filter rejects: treated as a withdrawal.
  auto tagged = announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")});
  tagged.attributes.communities = {0xFDE90001};
  exchange.received(a, tagged);
  EXPECT_FALSE(bestOf(exchange, "203.0.113.0/24"));
  EXPECT_FALSE(b.held().count(pfx("203.0.113.0/24")));
  EXPECT_EQ(exchange.learnedFrom(a), 1u);
}

TEST_F(RouteExchangeTest, ExportFilterRunsAfterTheRfc4271Rules) {
  b.policy_.exportFilter.terms = {
      term("not-this", {prefixes({"192.0.2.0/24"})}, {}, kReject),
      term("shape", {}, {policy::SetMed{50}, policy::PrependOwnAs{2}}, kAccept)};
  ibgp.policy_.exportFilter.terms = {term("nhs", {}, {policy::SetNextHop{}}, kAccept)};
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")},
                                {pfx("2001:db8:a::/48")}));
  auto atB = b.held();
  EXPECT_FALSE(atB.count(pfx("192.0.2.0/24")));
  ASSERT_TRUE(atB.count(pfx("198.51.100.0/24")));
  const auto& shaped = atB.at(pfx("198.51.100.0/24"));
  EXPECT_EQ(shaped.med, 50u);  // set after §5.1.4 removed the received MED
  EXPECT_EQ(shaped.asPath->str(), "65000 65000 65000 65001");
  EXPECT_EQ(shaped.nextHop, ip("10.0.2.1"));
  EXPECT_FALSE(shaped.localPref);
  EXPECT_EQ(exchange.advertisedTo(b), 2u);
  // next-hop self on iBGP resolves to the session's own address, per family.
  auto atI = ibgp.held();
  EXPECT_EQ(atI.at(pfx("192.0.2.0/24")).nextHop, ip("10.0.3.1"));
  EXPECT_EQ(atI.at(pfx("2001:db8:a::/48")).mpReach->nextHop, ip("2001:db8:3::1"));
  EXPECT_EQ(atI.at(pfx("192.0.2.0/24")).localPref, 100u);
}

// Peers around us (AS 65000) by relationship; roles are ours toward them (RFC 9234).
class RouteExchangeRolesTest : public ::testing::Test {
 protected:
  RouteExchange exchange{65000};
  FakePeer customer{"cust", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1", Role::kProvider};
  FakePeer provider{"prov", "10.0.2.2", 65002, true, "10.0.2.1", "2001:db8:2::1", Role::kCustomer};
  FakePeer provider2{"prov2",    "10.0.3.2",      65003,          true,
                     "10.0.3.1", "2001:db8:3::1", Role::kCustomer};
  FakePeer lateral{"peer", "10.0.4.2", 65004, true, "10.0.4.1", "2001:db8:4::1", Role::kPeer};
  FakePeer plain{"plain", "10.0.5.2", 65005, true, "10.0.5.1", "2001:db8:5::1"};
  FakePeer ibgp{"i", "10.0.6.2", 65000, false, "10.0.6.1", "2001:db8:6::1"};
  void SetUp() override {
    for (FakePeer* p : {&customer, &provider, &provider2, &lateral, &plain, &ibgp})
      exchange.attach(*p);
  }
};

TEST_F(RouteExchangeRolesTest, GaoRexfordCustomerRouteBeatsProviderRoute) {
  exchange.received(provider, announce({65002}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  exchange.received(customer, announce({65001, 65010, 65011}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  const Path* best = bestOf(exchange, "192.0.2.0/24");
  ASSERT_TRUE(best);
  EXPECT_EQ(best->source, &customer.source());  // LOCAL_PREF 200 beats 50 and a shorter path
  EXPECT_EQ(best->attrs().localPref, 200u);
  EXPECT_EQ(ibgp.held().at(pfx("192.0.2.0/24")).localPref, 200u);
  EXPECT_EQ(provider.held().at(pfx("192.0.2.0/24")).asPath->str(), "65000 65001 65010 65011");

  // Without relationship preferences the shorter provider path wins.
  customer.policy_.gaoRexford = provider.policy_.gaoRexford = false;
  exchange.received(provider, announce({65002}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  exchange.received(customer, announce({65001, 65010, 65011}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  EXPECT_EQ(bestOf(exchange, "192.0.2.0/24")->source, &provider.source());
}

TEST_F(RouteExchangeRolesTest, ValleyFreeProviderRoutesGoOnlyToCustomers) {
  exchange.received(provider, announce({65002, 65020}, "10.0.2.2", {pfx("198.51.100.0/24")}));
  EXPECT_FALSE(provider2.held().count(pfx("198.51.100.0/24")));
  EXPECT_FALSE(lateral.held().count(pfx("198.51.100.0/24")));
  ASSERT_TRUE(customer.held().count(pfx("198.51.100.0/24")));
  EXPECT_EQ(customer.held().at(pfx("198.51.100.0/24")).onlyToCustomer, 65002u);
  EXPECT_TRUE(plain.held().count(pfx("198.51.100.0/24")));  // no role: no relationship rules
  EXPECT_TRUE(ibgp.held().count(pfx("198.51.100.0/24")));

  // A customer's route goes everywhere; toward a peer OTC is added (RFC 9234 §5 egress 1).
  exchange.received(customer, announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  EXPECT_TRUE(provider.held().count(pfx("203.0.113.0/24")));
  EXPECT_FALSE(provider.held().at(pfx("203.0.113.0/24")).onlyToCustomer);
  EXPECT_EQ(lateral.held().at(pfx("203.0.113.0/24")).onlyToCustomer, 65000u);
}

TEST_F(RouteExchangeRolesTest, OtcAddedFromProvidersAndLeaksFromCustomersRejected) {
  exchange.received(provider, announce({65002}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  ASSERT_TRUE(bestOf(exchange, "192.0.2.0/24"));
  EXPECT_EQ(bestOf(exchange, "192.0.2.0/24")->attrs().onlyToCustomer, 65002u);

  auto leak = announce({65001, 65030}, "10.0.1.2", {pfx("198.51.100.0/24")});
  leak.attributes.onlyToCustomer = 65030;
  exchange.received(customer, leak);
  EXPECT_FALSE(bestOf(exchange, "198.51.100.0/24"));
  EXPECT_EQ(exchange.learnedFrom(customer), 0u);
  EXPECT_FALSE(ibgp.held().count(pfx("198.51.100.0/24")));
}

TEST_F(RouteExchangeTest, GracefulShutdownLowersLocalPrefOnEbgpImport) {
  auto draining = announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")});
  draining.attributes.communities = {community::kGracefulShutdown};
  exchange.received(a, draining);
  exchange.received(b, announce({65002, 65020}, "10.0.2.2", {pfx("192.0.2.0/24")}));
  const Path* best = bestOf(exchange, "192.0.2.0/24");
  ASSERT_TRUE(best);
  EXPECT_EQ(best->source, &b.source());  // a's shorter path lost on LOCAL_PREF 0
  auto candidates = exchange.locRib().candidates(pfx("192.0.2.0/24"));
  ASSERT_EQ(candidates.size(), 2u);
  EXPECT_EQ(candidates[1].attrs().localPref, 0u);

  // Over iBGP the LOCAL_PREF set at the border is kept (RFC 8326 §4.2: eBGP only).
  auto internal = announce({65009}, "10.0.3.9", {pfx("198.51.100.0/24")});
  internal.attributes.communities = {community::kGracefulShutdown};
  internal.attributes.localPref = 120;
  exchange.received(ibgp, internal);
  EXPECT_EQ(bestOf(exchange, "198.51.100.0/24")->attrs().localPref, 120u);
}

// With scheduleFlush set, changes wait for flush(): a prefix that changes several times in one
// batch is sent once, as it is at the flush, and withdrawn routes still reach every peer.
TEST_F(RouteExchangeTest, BatchedChangesAreSentOnceAsTheyAreAtFlush) {
  int scheduled = 0;
  exchange.scheduleFlush = [&] { ++scheduled; };
  std::vector<Prefix> fibChanges;
  exchange.onSelectionChanged = [&](const Prefix& p, std::span<const Path>) {
    fibChanges.push_back(p);
  };
  exchange.received(a,
                    announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}));
  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("192.0.2.0/24")};
  exchange.received(a, withdrawal);
  exchange.received(a, announce({65001, 65010}, "10.0.1.2", {pfx("198.51.100.0/24")}));
  EXPECT_EQ(scheduled, 1);  // once, when the first change became pending
  EXPECT_TRUE(b.sent.empty());
  // The FIB hears of every selection change at once.
  EXPECT_EQ(fibChanges, (std::vector<Prefix>{pfx("192.0.2.0/24"), pfx("198.51.100.0/24"),
                                             pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}));

  exchange.flush();
  ASSERT_EQ(b.sent.size(), 1u);  // 192.0.2.0/24 was never sent, so nothing to withdraw
  EXPECT_EQ(b.sent[0].nlri, std::vector<Prefix>{pfx("198.51.100.0/24")});
  EXPECT_EQ(b.sent[0].attributes.asPath->str(), "65000 65001 65010");

  // A withdrawal in the next batch reaches b, and the emptied entry is collected.
  withdrawal.withdrawn = {pfx("198.51.100.0/24")};
  exchange.received(a, withdrawal);
  exchange.flush();
  EXPECT_TRUE(b.held().empty());
  EXPECT_EQ(b.sent.back().withdrawn, std::vector<Prefix>{pfx("198.51.100.0/24")});
  EXPECT_EQ(exchange.locRib().prefixCount(), 0u);
  EXPECT_EQ(exchange.advertisedTo(b), 0u);
  EXPECT_EQ(scheduled, 2);
}

// Route ids are reused after their entries are collected; an Adj-RIB-Out bit of a reused id
// must not make a peer believe it holds a prefix it was never sent.
TEST_F(RouteExchangeTest, ReusedRouteIdsKeepAdjRibOutRight) {
  b.policy_.exportFilter = policy::Filter{{}, policy::Disposition::kReject};  // b gets nothing
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  EXPECT_EQ(exchange.advertisedTo(ibgp), 1u);
  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("192.0.2.0/24")};
  exchange.received(a, withdrawal);  // frees the id
  EXPECT_EQ(exchange.advertisedTo(ibgp), 0u);
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")}));  // reuses it
  EXPECT_EQ(exchange.advertisedTo(ibgp), 1u);
  EXPECT_EQ(exchange.advertisedTo(b), 0u);
  EXPECT_EQ(ibgp.held().size(), 1u);
  EXPECT_TRUE(ibgp.held().contains(pfx("203.0.113.0/24")));
}

// RFC 4271 §9.2.1.1: after an announcement to a peer with MRAI, further announcements wait
// for the timer and go out as the routes are then; withdrawals are sent at once.
TEST(RouteExchangeMrai, AnnouncementsWaitForTheTimerWithdrawalsDoNot) {
  testing::FakeTimers timers;
  RouteExchange exchange(65000, {}, &timers);
  FakePeer a{"a", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1"};
  FakePeer b{"b", "10.0.2.2", 65002, true, "10.0.2.1", "2001:db8:2::1"};
  b.mrai_ = std::chrono::seconds(5);
  exchange.attach(a);
  exchange.attach(b);

  exchange.received(a,
                    announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}));
  ASSERT_EQ(b.sent.size(), 1u);  // the first announcement goes at once and starts the timer
  EXPECT_EQ(timers.running(), 1u);

  exchange.received(a, announce({65001, 65010}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  exchange.received(a, announce({65001, 65011}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  EXPECT_EQ(b.sent.size(), 1u);  // held
  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("198.51.100.0/24")};
  exchange.received(a, withdrawal);
  ASSERT_EQ(b.sent.size(), 2u);  // not held
  EXPECT_EQ(b.sent[1].withdrawn, std::vector<Prefix>{pfx("198.51.100.0/24")});

  timers.advance(std::chrono::seconds(5));
  auto atB = b.held();
  ASSERT_EQ(atB.size(), 2u);
  EXPECT_EQ(atB.at(pfx("192.0.2.0/24")).asPath->str(), "65000 65001 65011");  // latest only
  EXPECT_TRUE(atB.contains(pfx("203.0.113.0/24")));
  EXPECT_EQ(b.sent.size(), 4u);     // two attribute sets: one UPDATE each
  EXPECT_EQ(timers.running(), 1u);  // announced again: the interval starts again
  EXPECT_EQ(exchange.advertisedTo(b), 2u);
  EXPECT_EQ(exchange.advertisedTo(a), 0u);

  timers.advance(std::chrono::seconds(5));
  EXPECT_EQ(b.sent.size(), 4u);  // nothing waited: nothing sent
  EXPECT_EQ(timers.running(), 0u);
}

// While a peer has not read what it was sent, announcements to it wait and then go out as the
// routes are, packed by attribute set; withdrawals go at once; other peers are not held.
TEST_F(RouteExchangeTest, AnnouncementsWaitWhileThePeerIsBackloggedWithdrawalsDoNot) {
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("198.51.100.0/24")}));
  ASSERT_EQ(b.sent.size(), 1u);
  b.backlogged_ = true;
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  exchange.received(a, announce({65001, 65010}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  EXPECT_EQ(b.sent.size(), 1u);       // held
  EXPECT_EQ(ibgp.held().size(), 3u);  // not backlogged: not held
  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("198.51.100.0/24")};
  exchange.received(a, withdrawal);
  ASSERT_EQ(b.sent.size(), 2u);  // not held
  EXPECT_EQ(b.sent[1].withdrawn, std::vector<Prefix>{pfx("198.51.100.0/24")});

  exchange.sendQueueDrained(b);  // still backlogged: nothing yet
  EXPECT_EQ(b.sent.size(), 2u);
  b.backlogged_ = false;
  exchange.sendQueueDrained(b);
  ASSERT_EQ(b.sent.size(), 3u);  // one attribute set: one UPDATE for both prefixes
  EXPECT_EQ(b.sent[2].nlri.size(), 2u);
  auto atB = b.held();
  ASSERT_EQ(atB.size(), 2u);
  EXPECT_EQ(atB.at(pfx("203.0.113.0/24")).asPath->str(), "65000 65001");  // as it is now
  EXPECT_EQ(exchange.advertisedTo(b), 2u);
  exchange.sendQueueDrained(b);  // nothing waits: nothing sent
  EXPECT_EQ(b.sent.size(), 3u);
}

// RFC 4271 §9.1.2: a route with our AS in its AS_PATH is ignored as a withdrawal of what the
// peer sent before, counted per UPDATE (and logged once per session), not kept as a candidate.
TEST_F(RouteExchangeTest, RoutesWithOurAsAreIgnoredAsWithdrawals) {
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}));
  ASSERT_EQ(b.held().size(), 1u);
  exchange.received(a, announce({65001, 65000, 65003}, "10.0.1.2",
                                {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}));
  exchange.received(a, announce({65001, 65000}, "10.0.1.2", {pfx("203.0.113.0/24")}));
  EXPECT_EQ(exchange.learnedFrom(a), 0u);
  EXPECT_EQ(exchange.locRib().prefixCount(), 0u);
  EXPECT_TRUE(b.held().empty());
  EXPECT_EQ(exchange.loopedUpdatesFrom(a), 2u);
  EXPECT_EQ(exchange.loopedUpdatesFrom(b), 0u);
  // A new session starts a new count.
  exchange.peerDown(a);
  exchange.peerUp(a);
  EXPECT_EQ(exchange.loopedUpdatesFrom(a), 0u);
}

// RFC 2918 §4: a ROUTE-REFRESH for a family makes the peer's Adj-RIB-Out of that family go
// out again, and only that family.
TEST_F(RouteExchangeTest, ResendSendsTheAdjRibOutOfOneFamilyAgain) {
  exchange.received(a,
                    announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}, {pfx("2001:db8:a::/48")}));
  size_t before = b.sent.size();
  exchange.resend(b, Family::kV6);
  ASSERT_EQ(b.sent.size(), before + 1);
  const UpdateMessage& again = b.sent.back();
  EXPECT_TRUE(again.nlri.empty());
  ASSERT_TRUE(again.attributes.mpReach);
  EXPECT_EQ(again.attributes.mpReach->nlri, std::vector<Prefix>{pfx("2001:db8:a::/48")});
  exchange.resend(a, Family::kV4);  // nothing of a's own goes back to it
  EXPECT_TRUE(a.sent.empty());
}

// Soft reconfiguration inbound: the routes as received are kept, and a changed import
// policy is applied to them without the peer sending them again.
TEST(RouteExchangeSoftReconfiguration, ReimportAppliesTheCurrentImportPolicy) {
  RouteExchange exchange(65000);
  FakePeer a{"a", "10.0.1.2", 65001, true, "10.0.1.1", "2001:db8:1::1"};
  FakePeer b{"b", "10.0.2.2", 65002, true, "10.0.2.1", "2001:db8:2::1"};
  FakePeer plain{"p", "10.0.4.2", 65004, true, "10.0.4.1", "2001:db8:4::1"};
  a.keepsReceived_ = true;
  exchange.attach(a);
  exchange.attach(b);
  exchange.attach(plain);
  a.policy_.importFilter = policy::Filter{{}, policy::Disposition::kReject};
  exchange.received(a,
                    announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}));
  EXPECT_EQ(exchange.locRib().prefixCount(), 0u);
  ASSERT_TRUE(exchange.receivedFrom(a));
  EXPECT_EQ(exchange.receivedFrom(a)->size(), 2u);  // kept though rejected
  EXPECT_EQ(exchange.receivedFrom(plain), nullptr);
  EXPECT_FALSE(exchange.reimport(plain));

  policy::Term raise{"raise", {}, {policy::SetLocalPref{300}}, std::nullopt};
  a.policy_.importFilter = policy::Filter{{raise}, policy::Disposition::kAccept};
  EXPECT_TRUE(exchange.reimport(a));
  EXPECT_EQ(exchange.learnedFrom(a), 2u);
  EXPECT_EQ(bestOf(exchange, "192.0.2.0/24")->attrs().localPref, 300u);
  EXPECT_EQ(b.held().size(), 2u);

  UpdateMessage withdrawal;
  withdrawal.withdrawn = {pfx("192.0.2.0/24")};
  exchange.received(a, withdrawal);
  EXPECT_EQ(exchange.receivedFrom(a)->size(), 1u);
  a.policy_.importFilter = policy::Filter{{}, policy::Disposition::kReject};
  exchange.reimport(a);
  EXPECT_EQ(exchange.learnedFrom(a), 0u);
  EXPECT_TRUE(b.held().empty());
  exchange.peerDown(a);
  EXPECT_EQ(exchange.receivedFrom(a)->size(), 0u);
}

}  // namespace
}  // namespace anycast::bgp
