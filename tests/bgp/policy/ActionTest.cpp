#include <gtest/gtest.h>

#include <string>

#include "PolicyTestUtil.h"
#include "bgp/policy/Action.h"

namespace anycast::bgp::policy {
namespace {

using test::AttrSpec;
using test::comm;
using test::ip;
using test::pfx;
using test::seq;

constexpr uint32_t kLocalAs = 64500;
const uint32_t kA = comm(65001, 1), kB = comm(65001, 2), kC = comm(65001, 3);
const LargeCommunity kL1{65001, 1, 1}, kL2{65001, 2, 2}, kL3{65002, 1, 1};

LargeCommunityPattern pattern(const char* text) { return *LargeCommunityPattern::parse(text); }

struct Row {
  const char* name;
  Action action;
  AttrSpec before;
  AttrSpec after;
  bool modified;  // a copy was made
};

const Row kRows[] = {
    {"set-local-pref", SetLocalPref{300}, {}, {.localPref = 300}, true},
    {"set-local-pref-replaces", SetLocalPref{300}, {.localPref = 100}, {.localPref = 300}, true},
    {"set-local-pref-same", SetLocalPref{300}, {.localPref = 300}, {.localPref = 300}, false},
    {"set-med", SetMed{10}, {}, {.med = 10}, true},
    {"set-med-same", SetMed{10}, {.med = 10}, {.med = 10}, false},
    {"add-communities",
     AddCommunities{{kB, kC}},
     {.communities = {kA}},
     {.communities = {kA, kB, kC}},
     true},
    {"add-communities-present",
     AddCommunities{{kA}},
     {.communities = {kA}},
     {.communities = {kA}},
     false},
    {"add-well-known",
     AddCommunities{{community::kNoExport}},
     {},
     {.communities = {community::kNoExport}},
     true},
    {"remove-communities",
     RemoveCommunities{{kA, kC}},
     {.communities = {kA, kB, kC}},
     {.communities = {kB}},
     true},
    {"remove-communities-absent",
     RemoveCommunities{{kC}},
     {.communities = {kA}},
     {.communities = {kA}},
     false},
    {"replace-communities",
     ReplaceCommunities{{kC}},
     {.communities = {kA, kB}},
     {.communities = {kC}},
     true},
    {"replace-communities-clear", ReplaceCommunities{}, {.communities = {kA}}, {}, true},
    {"replace-communities-same",
     ReplaceCommunities{{kA}},
     {.communities = {kA}},
     {.communities = {kA}},
     false},
    {"add-large",
     AddLargeCommunities{{kL2}},
     {.largeCommunities = {kL1}},
     {.largeCommunities = {kL1, kL2}},
     true},
    {"add-large-present",
     AddLargeCommunities{{kL1}},
     {.largeCommunities = {kL1}},
     {.largeCommunities = {kL1}},
     false},
    {"remove-large-exact",
     RemoveLargeCommunities{{pattern("65001:1:1")}},
     {.largeCommunities = {kL1, kL2}},
     {.largeCommunities = {kL2}},
     true},
    {"remove-large-wildcard",
     RemoveLargeCommunities{{pattern("65001:*:*")}},
     {.largeCommunities = {kL1, kL3, kL2}},
     {.largeCommunities = {kL3}},
     true},
    {"remove-large-absent",
     RemoveLargeCommunities{{pattern("65009:*:*")}},
     {.largeCommunities = {kL1}},
     {.largeCommunities = {kL1}},
     false},
    {"replace-large",
     ReplaceLargeCommunities{{kL3}},
     {.largeCommunities = {kL1, kL2}},
     {.largeCommunities = {kL3}},
     true},
    {"prepend-once",
     PrependOwnAs{1},
     {.asPath = seq({65001})},
     {.asPath = seq({kLocalAs, 65001})},
     true},
    {"prepend-three",
     PrependOwnAs{3},
     {.asPath = seq({65001})},
     {.asPath = seq({kLocalAs, kLocalAs, kLocalAs, 65001})},
     true},
    {"prepend-empty-path",
     PrependOwnAs{2},
     {.asPath = {}},
     {.asPath = seq({kLocalAs, kLocalAs})},
     true},
    {"prepend-zero", PrependOwnAs{0}, {}, {}, false},
    {"next-hop", SetNextHop{ip("10.9.9.9")}, {}, {.nextHop = "10.9.9.9"}, true},
    {"next-hop-same", SetNextHop{ip("10.0.0.1")}, {}, {}, false},
    {"next-hop-other-family", SetNextHop{ip("2001:db8::1")}, {}, {}, false},
    {"next-hop-self", SetNextHop{}, {}, {}, false},
};

class Actions : public ::testing::TestWithParam<Row> {};

TEST_P(Actions, Apply) {
  const Row& row = GetParam();
  PathAttributes before = test::makeAttributes(row.before);
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, before);
  apply(row.action, kLocalAs, route);
  EXPECT_EQ(route.attributes.get(), test::makeAttributes(row.after));
  EXPECT_EQ(route.attributes.modified(), row.modified);
  EXPECT_EQ(route.attributes.modified(), &route.attributes.get() != &before);
  EXPECT_EQ(before, test::makeAttributes(row.before)) << "the original is never written";
  EXPECT_EQ(route.nextHopSelf, std::holds_alternative<SetNextHop>(row.action) &&
                                   !std::get<SetNextHop>(row.action).address);
}

INSTANTIATE_TEST_SUITE_P(Rows, Actions, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return test::testName(info.param.name); });

TEST(Action, PrependOpensNewSequenceBeforeSetAndWhenFull) {
  AsPath path{{{AsPathSegment::kSet, {65010, 65011}}}};
  prependAs(path, kLocalAs, 1);
  ASSERT_EQ(path.segments.size(), 2u);
  EXPECT_EQ(path.segments[0], (AsPathSegment{AsPathSegment::kSequence, {kLocalAs}}));

  AsPath full = seq(std::vector<uint32_t>(255, 65001));
  prependAs(full, kLocalAs, 2);
  ASSERT_EQ(full.segments.size(), 2u);
  EXPECT_EQ(full.segments[0].asns, (std::vector<uint32_t>{kLocalAs, kLocalAs}));
  EXPECT_EQ(full.length(), 257u);
}

TEST(Action, NextHopOfIpv6RouteGoesIntoMpReach) {
  PathAttributes before = test::makeAttributes({});
  before.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::1"), std::nullopt, {}};
  Prefix prefix = pfx("2001:db8:1::/48");
  PolicyRoute route(prefix, before);
  apply(SetNextHop{ip("2001:db8::99")}, kLocalAs, route);
  EXPECT_EQ(route.attributes.get().mpReach->nextHop, ip("2001:db8::99"));
  EXPECT_EQ(route.attributes.get().nextHop, ip("10.0.0.1"));
}

TEST(Action, AddressAfterSelfCancelsSelf) {
  PathAttributes before = test::makeAttributes({});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, before);
  apply(SetNextHop{}, kLocalAs, route);
  EXPECT_TRUE(route.nextHopSelf);
  apply(SetNextHop{ip("10.0.0.1")}, kLocalAs, route);
  EXPECT_FALSE(route.nextHopSelf);
  EXPECT_FALSE(route.attributes.modified());
}

}  // namespace
}  // namespace anycast::bgp::policy
