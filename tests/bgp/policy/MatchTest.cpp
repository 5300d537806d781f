#include <gtest/gtest.h>

#include <string>

#include "PolicyTestUtil.h"
#include "bgp/policy/Match.h"

namespace anycast::bgp::policy {
namespace {

using test::AttrSpec;
using test::comm;
using test::ip;
using test::pfx;
using test::seq;

MatchPrefix prefixes(std::initializer_list<const char*> entries) {
  MatchPrefix m;
  for (const char* e : entries) m.list.push_back(*PrefixListEntry::parse(e));
  return m;
}
MatchLargeCommunity large(const char* pattern) { return {*LargeCommunityPattern::parse(pattern)}; }
MatchAsPathRegex regex(const char* pattern) { return {*AsPathRegex::compile(pattern)}; }

AsPath withSet() {
  return AsPath{
      {{AsPathSegment::kSequence, {65001, 65002}}, {AsPathSegment::kSet, {65010, 65011}}}};
}

struct Row {
  const char* name;
  Match match;
  AttrSpec attrs;
  bool holds;
  const char* prefix = "192.0.2.0/24";
};

// Default path: 65001 65002 65003, next hop 10.0.0.1.
const Row kRows[] = {
    {"prefix-in", prefixes({"198.51.100.0/24", "192.0.2.0/23 le 24"}), {}, true},
    {"prefix-out", prefixes({"192.0.2.0/23"}), {}, false},
    {"community-present", MatchCommunity{comm(65001, 7)}, {.communities = {comm(65001, 7)}}, true},
    {"community-absent", MatchCommunity{comm(65001, 7)}, {.communities = {comm(65001, 8)}}, false},
    {"community-well-known",
     MatchCommunity{community::kNoExport},
     {.communities = {comm(65001, 8), community::kNoExport}},
     true},
    {"community-none", MatchCommunity{community::kNoExport}, {}, false},
    {"large-exact", large("65001:1:2"), {.largeCommunities = {{65001, 1, 2}}}, true},
    {"large-exact-miss", large("65001:1:2"), {.largeCommunities = {{65001, 1, 3}}}, false},
    {"large-wildcard",
     large("65001:*:*"),
     {.largeCommunities = {{65002, 0, 0}, {65001, 9, 9}}},
     true},
    {"large-wildcard-miss", large("65001:*:*"), {.largeCommunities = {{65002, 1, 2}}}, false},
    {"large-middle-wildcard", large("65001:*:5"), {.largeCommunities = {{65001, 77, 5}}}, true},
    {"large-middle-wildcard-miss",
     large("65001:*:5"),
     {.largeCommunities = {{65001, 77, 6}}},
     false},
    {"large-all-wildcards", large("*:*:*"), {.largeCommunities = {{1, 2, 3}}}, true},
    {"large-all-wildcards-none", large("*:*:*"), {}, false},
    {"contains-middle", MatchAsPathContains{65002}, {}, true},
    {"contains-in-set", MatchAsPathContains{65011}, {.asPath = withSet()}, true},
    {"contains-absent", MatchAsPathContains{65009}, {}, false},
    {"origin", MatchOriginAs{65003}, {}, true},
    {"origin-not-first", MatchOriginAs{65001}, {}, false},
    {"origin-ends-in-set", MatchOriginAs{65011}, {.asPath = withSet()}, false},
    {"neighbour", MatchNeighbourAs{65001}, {}, true},
    {"neighbour-not-last", MatchNeighbourAs{65003}, {}, false},
    {"length-in", MatchAsPathLength{2, 3}, {}, true},
    {"length-at-min", MatchAsPathLength{3, 10}, {}, true},
    {"length-above-max", MatchAsPathLength{0, 2}, {}, false},
    {"length-below-min", MatchAsPathLength{4}, {}, false},
    {"length-set-counts-one", MatchAsPathLength{3, 3}, {.asPath = withSet()}, true},
    {"length-empty-path", MatchAsPathLength{0, 0}, {.asPath = {}}, true},
    {"regex-substring", regex("6500"), {}, true},
    {"regex-anchored-first", regex("^65001 "), {}, true},
    {"regex-anchored-last", regex(" 65003$"), {}, true},
    {"regex-anchored-miss", regex("^65002"), {}, false},
    {"regex-underscore-whole-as", regex("_65002_"), {}, true},
    {"regex-underscore-start", regex("_65001_"), {}, true},
    {"regex-underscore-end", regex("_65003_"), {}, true},
    {"regex-underscore-not-part", regex("_6500_"), {}, false},
    {"regex-underscore-not-suffix", regex("_5001_"), {.asPath = seq({65001})}, false},
    {"regex-no-underscore-is-substring", regex("5001"), {.asPath = seq({65001})}, true},
    {"regex-underscore-neighbour", regex("^65001_"), {}, true},
    {"regex-underscore-sequence", regex("_65001_65002_"), {}, true},
    {"regex-underscore-set", regex("_65010_"), {.asPath = withSet()}, true},
    {"regex-any-path-from", regex("^65001(_[0-9]+)*$"), {}, true},
    {"regex-empty-path", regex("^$"), {.asPath = {}}, true},
    {"regex-bracket-underscore-literal", regex("^[_]"), {}, false},
    {"regex-alternation", regex("_(64512|65003)$"), {}, true},
    {"next-hop-address", MatchNextHop{pfx("10.0.0.1/32")}, {}, true},
    {"next-hop-prefix", MatchNextHop{pfx("10.0.0.0/8")}, {}, true},
    {"next-hop-miss", MatchNextHop{pfx("10.0.0.2/32")}, {}, false},
    {"family-v4", MatchFamily{Family::kV4}, {}, true},
    {"family-v6", MatchFamily{Family::kV6}, {}, false},
    {"family-v6-route", MatchFamily{Family::kV6}, {}, true, "2001:db8::/32"},
};

class MatchKinds : public ::testing::TestWithParam<Row> {};

TEST_P(MatchKinds, Holds) {
  const Row& row = GetParam();
  PathAttributes attributes = test::makeAttributes(row.attrs);
  CowAttributes cow(attributes);
  Prefix prefix = pfx(row.prefix);
  RouteView view(prefix, cow);
  EXPECT_EQ(holds(row.match, view), std::optional<bool>(row.holds));
}

INSTANTIATE_TEST_SUITE_P(Rows, MatchKinds, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return test::testName(info.param.name); });

TEST(Match, NextHopOfMpReachForIpv6Routes) {
  PathAttributes a = test::makeAttributes({});
  a.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::1"), std::nullopt, {}};
  CowAttributes cow(a);
  Prefix v6 = pfx("2001:db8:1::/48");
  Prefix v4 = pfx("192.0.2.0/24");
  EXPECT_EQ(holds(MatchNextHop{pfx("2001:db8::/64")}, RouteView(v6, cow)), true);
  EXPECT_EQ(holds(MatchNextHop{pfx("10.0.0.1/32")}, RouteView(v6, cow)), false);
  EXPECT_EQ(holds(MatchNextHop{pfx("10.0.0.1/32")}, RouteView(v4, cow)), true);
}

TEST(Match, NoNextHopMatchesNothing) {
  PathAttributes a;
  CowAttributes cow(a);
  Prefix p = pfx("192.0.2.0/24");
  EXPECT_EQ(holds(MatchNextHop{pfx("0.0.0.0/0")}, RouteView(p, cow)), false);
}

TEST(Match, NoAsPathMatchesNoAsCondition) {
  PathAttributes a;
  CowAttributes cow(a);
  Prefix p = pfx("192.0.2.0/24");
  RouteView view(p, cow);
  EXPECT_EQ(holds(MatchAsPathContains{65001}, view), false);
  EXPECT_EQ(holds(MatchOriginAs{0}, view), false);
  EXPECT_EQ(holds(MatchNeighbourAs{0}, view), false);
  EXPECT_EQ(holds(MatchAsPathLength{0, 0}, view), true);
}

TEST(Match, RegexOnTooLongPathIsUndecidable) {
  std::vector<uint32_t> asns(AsPathRegex::kMaxTextLength / 6 + 1, 4200000000u);
  PathAttributes a = test::makeAttributes({.asPath = seq(asns)});
  CowAttributes cow(a);
  Prefix p = pfx("192.0.2.0/24");
  EXPECT_EQ(holds(regex(".*"), RouteView(p, cow)), std::nullopt);
}

TEST(AsPathRegex, RejectsMalformedPatterns) {
  for (const char* bad : {"(65001", "[0-9", "*65001", "65001{2,1}"}) {
    auto compiled = AsPathRegex::compile(bad);
    ASSERT_FALSE(compiled.ok()) << bad;
    EXPECT_NE(compiled.error().message.find(bad), std::string::npos);
  }
}

TEST(AsPathRegex, CacheCompilesEachPatternOnce) {
  AsPathRegexCache cache;
  auto a = cache.get("_65001_");
  auto b = cache.get("_65001_");
  auto c = cache.get("_65002_");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(b->pattern(), "_65001_");
  EXPECT_FALSE(cache.get("(").ok());
  EXPECT_EQ(cache.size(), 2u);
}

struct PatternRow {
  const char* text;
  bool ok;
};

TEST(LargeCommunityPattern, Parses) {
  const PatternRow rows[] = {{"65001:1:2", true},       {"65001:*:*", true},
                             {"*:*:*", true},           {"4294967295:0:0", true},
                             {"4294967296:0:0", false}, {"65001:1", false},
                             {"65001:1:2:3", false},    {"65001::2", false},
                             {"a:1:2", false},          {"65001:**:2", false}};
  for (const auto& row : rows)
    EXPECT_EQ(LargeCommunityPattern::parse(row.text).ok(), row.ok) << row.text;
  auto p = LargeCommunityPattern::parse("65001:*:7");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->globalAdmin, 65001u);
  EXPECT_EQ(p->localData1, std::nullopt);
  EXPECT_EQ(p->localData2, 7u);
}

}  // namespace
}  // namespace anycast::bgp::policy
