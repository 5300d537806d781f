#include "bgp/rib/AdjRibIn.h"

#include <gtest/gtest.h>

namespace anycast::bgp {
namespace {

Prefix pfx(const char* s) { return *Prefix::parse(s); }
IpAddress ip(const char* s) { return *IpAddress::parse(s); }

UpdateMessage announceV4(std::vector<Prefix> nlri, const char* nextHop) {
  UpdateMessage u;
  u.attributes.origin = Origin::kIgp;
  u.attributes.asPath = AsPath{{{AsPathSegment::kSequence, {65002}}}};
  u.attributes.nextHop = ip(nextHop);
  u.nlri = std::move(nlri);
  return u;
}

TEST(AdjRibIn, AnnouncementsShareOneAttributeSet) {
  AdjRibIn rib;
  EXPECT_EQ(rib.apply(announceV4({pfx("192.0.2.0/24"), pfx("198.51.100.0/24")}, "10.0.0.2")), 2);
  ASSERT_EQ(rib.size(), 2u);
  auto a = rib.routes().at(pfx("192.0.2.0/24"));
  auto b = rib.routes().at(pfx("198.51.100.0/24"));
  EXPECT_EQ(a.attributes.get(), b.attributes.get());
  EXPECT_EQ(a.nextHop, ip("10.0.0.2"));
}

TEST(AdjRibIn, ReplacesAndWithdrawsBothFamilies) {
  AdjRibIn rib;
  rib.apply(announceV4({pfx("192.0.2.0/24")}, "10.0.0.2"));
  UpdateMessage v6;
  v6.attributes = announceV4({}, "10.0.0.2").attributes;
  v6.attributes.nextHop.reset();
  v6.attributes.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::2"), std::nullopt,
                                  {pfx("2001:db8:1::/48")}};
  EXPECT_EQ(rib.apply(v6), 1);
  EXPECT_EQ(rib.routes().at(pfx("2001:db8:1::/48")).nextHop, ip("2001:db8::2"));
  EXPECT_FALSE(rib.routes().at(pfx("2001:db8:1::/48")).attributes->mpReach);

  EXPECT_EQ(rib.apply(announceV4({pfx("192.0.2.0/24")}, "10.0.0.3")), 0);
  EXPECT_EQ(rib.routes().at(pfx("192.0.2.0/24")).nextHop, ip("10.0.0.3"));

  UpdateMessage withdraw;
  withdraw.withdrawn = {pfx("192.0.2.0/24")};
  withdraw.attributes.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {pfx("2001:db8:1::/48")}};
  EXPECT_EQ(rib.apply(withdraw), -2);
  EXPECT_EQ(rib.size(), 0u);
}

}  // namespace
}  // namespace anycast::bgp
