#include "bgp/rib/RouteExchange.h"

#include <gtest/gtest.h>

#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }

// Records what would be sent, decoded back into UPDATEs.
class FakePeer : public ExchangePeer {
 public:
  FakePeer(std::string name, const char* address, uint32_t as, bool ebgp, const char* self4,
           const char* self6)
      : name_(std::move(name)), self4_(ip(self4)), self6_(ip(self6)) {
    source_.address = ip(address);
    source_.peerAs = as;
    source_.ebgp = ebgp;
    source_.routerId = ip(address).isV4() ? ip(address).v4HostOrder() : 1;
  }
  const std::string& name() const override { return name_; }
  const RouteSource& source() const override { return source_; }
  bool ready() const override { return ready_; }
  CodecOptions codecOptions() const override { return {}; }
  std::optional<IpAddress> selfNextHop(Family f) const override {
    return f == Family::kV4 ? self4_ : self6_;
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
  std::vector<UpdateMessage> sent;

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
    u.attributes.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip(nextHop6), std::nullopt, std::move(v6)};
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
  exchange.received(a, announce({65001}, "10.0.1.2", {pfx("192.0.2.0/24")}, {pfx("2001:db8:a::/48")}));
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

}  // namespace
}  // namespace anycast::bgp
