#include <gtest/gtest.h>

#include "RibTestUtil.h"
#include "bgp/rib/LocRib.h"

namespace anycast::bgp {
namespace {

using test::AttrSpec;
using test::ebgpPeer;
using test::makeAttributes;
using test::pfx;

const RouteSource kPeerA = ebgpPeer("10.0.0.1", "1.1.1.1", 65001);
const RouteSource kPeerB = ebgpPeer("10.0.0.2", "2.2.2.2", 65002);
const RouteSource kPeerC = ebgpPeer("10.0.0.3", "3.3.3.3", 65003);

// One step of a script run against one prefix, and what it must report.
struct Step {
  const char* name;
  const RouteSource* source;
  std::optional<AttrSpec> attrs;  // nullopt = withdraw
  bool bestChanged;
  bool multipathChanged;
  std::vector<const RouteSource*> selected;  // after the step, best first
};

class LocRibTest : public ::testing::Test {
 protected:
  void run(LocRib& rib, const Prefix& prefix, const std::vector<Step>& script) {
    for (const auto& step : script) {
      RibChange change =
          step.attrs ? rib.update(prefix, *step.source,
                                  store_.intern(makeAttributes(*step.attrs), NlriField::kNlri))
                     : rib.withdraw(prefix, *step.source);
      EXPECT_EQ(change.bestChanged, step.bestChanged) << step.name;
      EXPECT_EQ(change.multipathChanged, step.multipathChanged) << step.name;
      std::vector<const RouteSource*> selected;
      for (const auto& p : change.selected) selected.push_back(p.source);
      EXPECT_EQ(selected, step.selected) << step.name;
      EXPECT_EQ(rib.selected(prefix).size(), step.selected.size()) << step.name;
    }
  }
  AttributeStore store_;
};

TEST_F(LocRibTest, ReportsBestPathChanges) {
  LocRib rib;
  run(rib, pfx("192.0.2.0/24"),
      {
          {"first path", &kPeerB, AttrSpec{}, true, true, {&kPeerB}},
          {"worse path", &kPeerC, AttrSpec{}, false, false, {&kPeerB}},
          {"better path", &kPeerA, AttrSpec{}, true, true, {&kPeerA}},
          {"same attributes again", &kPeerA, AttrSpec{}, false, false, {&kPeerA}},
          {"best gets worse attributes",
           &kPeerA,
           AttrSpec{.asPath = test::seq({1, 2})},
           true,
           true,
           {&kPeerB}},
          {"non-best changes, still loses", &kPeerC, AttrSpec{.med = 7}, false, false, {&kPeerB}},
          {"withdraw non-best", &kPeerC, std::nullopt, false, false, {&kPeerB}},
          {"withdraw unknown source", &kPeerC, std::nullopt, false, false, {&kPeerB}},
          {"withdraw best", &kPeerB, std::nullopt, true, true, {&kPeerA}},
          {"withdraw last", &kPeerA, std::nullopt, true, true, {}},
          {"withdraw from empty", &kPeerA, std::nullopt, false, false, {}},
      });
  EXPECT_EQ(rib.prefixCount(), 0u);
  EXPECT_EQ(rib.pathCount(), 0u);
  EXPECT_EQ(store_.size(), 0u);  // the last route released its attribute set
}

TEST_F(LocRibTest, ReportsMultipathChanges) {
  LocRib rib(DecisionProcess({.maxPaths = 2}));
  run(rib, pfx("2001:db8::/32"),
      {
          {"first path", &kPeerB, AttrSpec{}, true, true, {&kPeerB}},
          {"equal path joins the set", &kPeerC, AttrSpec{}, false, true, {&kPeerB, &kPeerC}},
          {"equal path with lower router-id", &kPeerA, AttrSpec{}, true, true, {&kPeerA, &kPeerB}},
          {"member leaves, third fills in", &kPeerB, std::nullopt, false, true, {&kPeerA, &kPeerC}},
          {"member gets a longer path",
           &kPeerC,
           AttrSpec{.asPath = test::seq({1, 2})},
           false,
           true,
           {&kPeerA}},
      });
}

TEST_F(LocRibTest, IneligibleOnlyPrefixHasNoSelection) {
  LocRib rib(DecisionProcess({}, [](const IpAddress&) { return false; }));
  run(rib, pfx("192.0.2.0/24"), {{"unreachable", &kPeerA, AttrSpec{}, false, false, {}}});
  EXPECT_EQ(rib.candidates(pfx("192.0.2.0/24")).size(), 1u);
  EXPECT_EQ(rib.prefixCount(), 1u);
}

TEST_F(LocRibTest, PrefixesAreDistinctAcrossLengthsAndFamilies) {
  LocRib rib;
  const char* prefixes[] = {"192.0.2.0/24",  "192.0.2.0/25",  "0.0.0.0/0",        "::/0",
                            "2001:db8::/32", "2001:db8::/48", "2001:db8:0:1::/64"};
  AttrHandle attrs = store_.intern(makeAttributes({}), NlriField::kNlri);
  for (const char* p : prefixes) EXPECT_TRUE(rib.update(pfx(p), kPeerA, attrs).bestChanged) << p;
  EXPECT_EQ(rib.prefixCount(), std::size(prefixes));
  for (const char* p : prefixes) EXPECT_EQ(rib.selected(pfx(p)).size(), 1u) << p;
  EXPECT_TRUE(rib.selected(pfx("2001:db8::/33")).empty());
  EXPECT_EQ(attrs->refCount(), 1u + std::size(prefixes));
}

TEST_F(LocRibTest, ExplainListsEveryCandidateBestFirst) {
  LocRib rib;
  Prefix p = pfx("192.0.2.0/24");
  rib.update(p, kPeerC, store_.intern(makeAttributes({.localPref = 50}), NlriField::kNlri));
  rib.update(p, kPeerB, store_.intern(makeAttributes({}), NlriField::kNlri));
  rib.update(p, kPeerA,
             store_.intern(makeAttributes({.asPath = test::seq({1, 2})}), NlriField::kNlri));
  auto explained = rib.explain(p);
  ASSERT_EQ(explained.size(), 3u);
  EXPECT_EQ(explained[0].path.source, &kPeerB);
  EXPECT_EQ(explained[0].verdict.status, Verdict::Status::kBest);
  EXPECT_EQ(explained[1].verdict.step, "local-pref");
  EXPECT_EQ(explained[1].verdict.reason, "local-pref 100 > 50");
  EXPECT_EQ(explained[2].verdict.step, "as-path");
  EXPECT_EQ(explained[2].verdict.reason, "as-path length 1 < 2");
  EXPECT_EQ(rib.pathCount(), 3u);
  EXPECT_TRUE(rib.explain(pfx("198.51.100.0/24")).empty());
}

}  // namespace
}  // namespace anycast::bgp
