#include <gtest/gtest.h>

#include <string>

#include "PolicyTestUtil.h"
#include "bgp/policy/Filter.h"

namespace anycast::bgp::policy {
namespace {

using test::AttrSpec;
using test::comm;
using test::pfx;
using test::seq;

constexpr uint32_t kLocalAs = 64500;
constexpr auto kAccept = Disposition::kAccept;
constexpr auto kReject = Disposition::kReject;

MatchPrefix prefixes(const char* entry) { return {{*PrefixListEntry::parse(entry)}}; }

// An import filter as an operator writes it: bogons out, tag customers, prefer a community,
// too-long paths out, the rest accepted by default.
Filter importFilter() {
  Filter f;
  f.terms = {
      {"bogons", {prefixes("10.0.0.0/8 le 32")}, {}, kReject},
      {"tag", {MatchNeighbourAs{65001}}, {AddCommunities{{comm(64500, 1)}}}, std::nullopt},
      {"prefer", {MatchCommunity{comm(65001, 100)}}, {SetLocalPref{300}}, kAccept},
      {"too-long", {MatchAsPathLength{10}}, {}, kReject},
      {"tagged-and-v6",
       {MatchCommunity{comm(64500, 1)}, MatchFamily{Family::kV6}},
       {SetMed{5}},
       kAccept},
  };
  f.defaultDisposition = kAccept;
  return f;
}

struct Row {
  const char* name;
  const char* prefix;
  AttrSpec attrs;
  bool accepted;
  const char* reason;
  std::optional<uint32_t> localPref = std::nullopt;
  std::vector<uint32_t> communities = {};
  std::optional<uint32_t> med = std::nullopt;
};

const Row kRows[] = {
    {"first-term-wins", "10.1.0.0/16", {.communities = {comm(65001, 100)}}, false, "bogons"},
    {"continue-then-accept",
     "192.0.2.0/24",
     {.communities = {comm(65001, 100)}},
     true,
     "prefer",
     300,
     {comm(65001, 100), comm(64500, 1)}},
    {"unmatched-term-skipped",
     "192.0.2.0/24",
     {.asPath = seq({65009}), .communities = {comm(65001, 100)}},
     true,
     "prefer",
     300,
     {comm(65001, 100)}},
    {"later-term-sees-earlier-action",
     "2001:db8::/32",
     {},
     true,
     "tagged-and-v6",
     std::nullopt,
     {comm(64500, 1)},
     5},
    {"all-conditions-must-hold",
     "192.0.2.0/24",
     {},
     true,
     "default",
     std::nullopt,
     {comm(64500, 1)}},
    {"reject-after-continue",
     "192.0.2.0/24",
     {.asPath = seq({65001, 2, 3, 4, 5, 6, 7, 8, 9, 10})},
     false,
     "too-long"},
    {"default", "192.0.2.0/24", {.asPath = seq({65009})}, true, "default"},
};

class FilterRows : public ::testing::TestWithParam<Row> {};

TEST_P(FilterRows, Evaluate) {
  const Row& row = GetParam();
  Filter filter = importFilter();
  PathAttributes in = test::makeAttributes(row.attrs);
  Prefix prefix = pfx(row.prefix);
  PolicyRoute route(prefix, in);
  Decision d = run(filter, kLocalAs, route);
  EXPECT_EQ(d.accepted, row.accepted);
  EXPECT_EQ(d.reason, row.reason);
  if (!row.accepted) return;
  EXPECT_EQ(route.attributes.get().localPref, row.localPref);
  EXPECT_EQ(route.attributes.get().communities, row.communities);
  EXPECT_EQ(route.attributes.get().med, row.med);
}

INSTANTIATE_TEST_SUITE_P(Rows, FilterRows, ::testing::ValuesIn(kRows),
                         [](const auto& info) { return test::testName(info.param.name); });

TEST(Filter, EmptyFilterUsesDefault) {
  PathAttributes in = test::makeAttributes({});
  Prefix prefix = pfx("192.0.2.0/24");
  for (auto disposition : {kAccept, kReject}) {
    PolicyRoute route(prefix, in);
    Decision d = run(Filter{{}, disposition}, kLocalAs, route);
    EXPECT_EQ(d.accepted, disposition == kAccept);
    EXPECT_EQ(d.reason, "default");
  }
}

TEST(Filter, TermWithoutConditionsAlwaysMatches) {
  PathAttributes in = test::makeAttributes({});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  Filter filter{{{"all", {}, {}, kReject}}, kAccept};  // the reason points into it
  Decision d = run(filter, kLocalAs, route);
  EXPECT_FALSE(d.accepted);
  EXPECT_EQ(d.reason, "all");
}

TEST(Filter, UnmodifiedRouteKeepsTheCallersAttributes) {
  Filter filter = importFilter();
  PathAttributes in = test::makeAttributes({.asPath = seq({65009})});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  ASSERT_TRUE(run(filter, kLocalAs, route).accepted);
  EXPECT_FALSE(route.attributes.modified());
  EXPECT_EQ(&route.attributes.get(), &in);
}

TEST(Filter, ModifyingTermCopiesOnceAndLeavesTheOriginal) {
  Filter filter = importFilter();
  PathAttributes in = test::makeAttributes({.communities = {comm(65001, 100)}});
  PathAttributes original = in;
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  ASSERT_TRUE(run(filter, kLocalAs, route).accepted);
  EXPECT_TRUE(route.attributes.modified());
  EXPECT_NE(&route.attributes.get(), &in);
  EXPECT_EQ(in, original);
}

TEST(Filter, RegexSeesThePathAsChangedByEarlierTerms) {
  Filter filter{{{"prepend", {}, {PrependOwnAs{2}}, std::nullopt},
                 {"prepended",
                  {MatchAsPathRegex{*AsPathRegex::compile("^64500_64500_65001_")}},
                  {},
                  kReject}},
                kAccept};
  PathAttributes in = test::makeAttributes({});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  EXPECT_EQ(run(filter, kLocalAs, route).reason, "prepended");
}

TEST(Filter, UndecidableRegexRejects) {
  Filter filter{
      {{"not-from-65666", {MatchAsPathRegex{*AsPathRegex::compile("_65666_")}}, {}, kReject}},
      kAccept};
  PathAttributes in = test::makeAttributes(
      {.asPath = seq(std::vector<uint32_t>(AsPathRegex::kMaxTextLength / 5, 65001))});
  Prefix prefix = pfx("192.0.2.0/24");
  PolicyRoute route(prefix, in);
  Decision d = run(filter, kLocalAs, route);
  EXPECT_FALSE(d.accepted);
  EXPECT_EQ(d.reason, kUndecidableReason);
}

TEST(Filter, RejectsEverythingOnlyWhenNoRouteCanGetThrough) {
  Filter none;
  none.defaultDisposition = kReject;
  EXPECT_TRUE(rejectsEverything(none));  // BIRD's `export none`
  EXPECT_FALSE(rejectsEverything(Filter{}));  // default accept

  Filter tagThenDrop = none;
  tagThenDrop.terms = {{"tag", {}, {SetMed{5}}, std::nullopt}, {"drop", {}, {}, kReject}};
  tagThenDrop.defaultDisposition = kAccept;
  EXPECT_TRUE(rejectsEverything(tagThenDrop));  // an unconditional reject comes first

  Filter someAccepted = none;
  someAccepted.terms = {{"customers", {MatchNeighbourAs{65001}}, {}, kAccept}};
  EXPECT_FALSE(rejectsEverything(someAccepted));

  Filter someRejected;
  someRejected.terms = {{"bogons", {prefixes("10.0.0.0/8 le 32")}, {}, kReject}};
  EXPECT_FALSE(rejectsEverything(someRejected));  // the default accepts the rest
}

}  // namespace
}  // namespace anycast::bgp::policy
