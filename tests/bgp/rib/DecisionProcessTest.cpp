#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "RibTestUtil.h"
#include "bgp/rib/DecisionProcess.h"

namespace anycast::bgp {
namespace {

using test::AttrSpec;
using test::ebgpPeer;
using test::ibgpPeer;
using test::ip;
using test::makeAttributes;
using test::seq;
using Winner = Comparison::Winner;
using Status = Verdict::Status;

const RouteSource kPeerA = ebgpPeer("10.0.0.1", "1.1.1.1", 65001);
const RouteSource kPeerB = ebgpPeer("10.0.0.2", "2.2.2.2", 65002);
const RouteSource kPeerC = ebgpPeer("10.0.0.3", "3.3.3.3", 65003);
const RouteSource kIbgpA = ibgpPeer("10.0.1.1", "1.1.1.1", 65000);
const RouteSource kSameIdLowAddr = ebgpPeer("10.0.0.1", "9.9.9.9", 65001);
const RouteSource kSameIdHighAddr = ebgpPeer("10.0.0.9", "9.9.9.9", 65001);
const RouteSource kLowIdHighAddr = ebgpPeer("10.0.0.9", "1.1.1.1", 65001);
const RouteSource kLocal = test::localSource();
const uint32_t kOriginator = test::routerId("1.0.0.1");
const uint32_t kCluster1 = test::routerId("10.255.0.1");
const uint32_t kCluster2 = test::routerId("10.255.0.2");

struct Candidate {
  AttrSpec attrs;
  const RouteSource* source = &kPeerA;
};

class DecisionTest : public ::testing::Test {
 protected:
  Path path(const Candidate& c) {
    return {store_.intern(makeAttributes(c.attrs), NlriField::kNlri), c.source};
  }
  std::vector<Path> paths(const std::vector<Candidate>& cs) {
    std::vector<Path> out;
    for (const auto& c : cs) out.push_back(path(c));
    return out;
  }
  AttributeStore store_;
};

struct PairRow {
  const char* name;
  Candidate winner;
  Candidate loser;
  const char* step;
  const char* reason;
  DecisionOptions options = {};
};

// One row per step deciding a pair, then rows showing each step outranks the next one.
const PairRow kPairRows[] = {
    {"local-pref", {{.localPref = 200}}, {{}, &kPeerB}, "local-pref", "local-pref 200 > 100"},
    {"local-origin",
     {{.asPath = {}}, &kLocal},
     {{}, &kPeerB},
     "local-origin",
     "locally originated over learned"},
    {"as-path",
     {{.asPath = seq({65001})}},
     {{.asPath = seq({65002, 65003})}, &kPeerB},
     "as-path",
     "as-path length 1 < 2"},
    {"as-path: AS_SET counts 1",
     {{.asPath = AsPath{{{AsPathSegment::kSequence, {65001}}, {AsPathSegment::kSet, {1, 2, 3}}}}}},
     {{.asPath = seq({65002, 65003, 65004})}, &kPeerB},
     "as-path",
     "as-path length 2 < 3"},
    {"as-path: confederation segments count 0",
     {{.asPath = AsPath{{{AsPathSegment::kConfedSequence, {64512, 64513}},
                         {AsPathSegment::kSequence, {65001}}}}}},
     {{.asPath = seq({65002, 65003})}, &kPeerB},
     "as-path",
     "as-path length 1 < 2"},
    {"origin",
     {{.origin = Origin::kIgp}},
     {{.origin = Origin::kIncomplete}, &kPeerB},
     "origin",
     "origin igp < incomplete"},
    {"origin egp",
     {{.origin = Origin::kEgp}, &kPeerB},
     {{.origin = Origin::kIncomplete}},
     "origin",
     "origin egp < incomplete"},
    {"med, same neighbour AS",
     {{.med = 10}, &kPeerB},
     {{.med = 20}},
     "med",
     "med 10 < 20 (neighbour AS 65001)"},
    {"med absent counts 0",
     {{.med = std::nullopt}, &kPeerB},
     {{.med = 5}},
     "med",
     "med 0 < 5 (neighbour AS 65001)"},
    {"med not compared across neighbour ASes",
     {{.med = 50}},
     {{.asPath = seq({65002}), .med = 10}, &kPeerB},
     "router-id",
     "router-id 1.1.1.1 < 2.2.2.2"},
    {"always-compare-med",
     {{.asPath = seq({65002}), .med = 10}, &kPeerB},
     {{.med = 50}},
     "med",
     "med 10 < 50 (always-compare-med)",
     {.alwaysCompareMed = true}},
    {"ebgp", {{}, &kPeerB}, {{}, &kIbgpA}, "ebgp", "ebgp over ibgp"},
    {"router-id", {{}, &kPeerA}, {{}, &kPeerB}, "router-id", "router-id 1.1.1.1 < 2.2.2.2"},
    {"router-id: ORIGINATOR_ID stands in for the peer's (RFC 4456 §9)",
     {{.originatorId = kOriginator}, &kPeerB},
     {{}, &kPeerA},
     "router-id",
     "router-id 1.0.0.1 (originator-id) < 1.1.1.1"},
    {"cluster-list-length",
     {{.originatorId = kOriginator, .clusterList = {kCluster1}}, &kPeerB},
     {{.originatorId = kOriginator, .clusterList = {kCluster2, kCluster1}}, &kPeerA},
     "cluster-list-length",
     "cluster-list length 1 < 2"},
    {"cluster-list-length: absent counts 0",
     {{.originatorId = kOriginator}, &kPeerB},
     {{.originatorId = kOriginator, .clusterList = {kCluster1}}, &kPeerA},
     "cluster-list-length",
     "cluster-list length 0 < 1"},
    {"peer-address",
     {{}, &kSameIdLowAddr},
     {{}, &kSameIdHighAddr},
     "peer-address",
     "peer address 10.0.0.1 < 10.0.0.9"},
    // Precedence: the earlier step decides although the later one prefers the loser.
    {"local-pref before local-origin",
     {{.localPref = 200}, &kPeerB},
     {{.asPath = {}}, &kLocal},
     "local-pref",
     "local-pref 200 > 100"},
    {"local-origin before as-path",
     {{.asPath = seq({1, 2, 3})}, &kLocal},
     {{}, &kPeerB},
     "local-origin",
     "locally originated over learned"},
    {"local-origin off",
     {{}, &kPeerB},
     {{.asPath = seq({1, 2, 3})}, &kLocal},
     "as-path",
     "as-path length 1 < 3",
     {.preferLocalOrigin = false}},
    {"as-path before origin",
     {{.origin = Origin::kIncomplete}, &kPeerB},
     {{.asPath = seq({65001, 65009})}},
     "as-path",
     "as-path length 1 < 2"},
    {"origin before med",
     {{.med = 100}, &kPeerB},
     {{.origin = Origin::kEgp, .med = 0}},
     "origin",
     "origin igp < egp"},
    {"med before ebgp",
     {{.med = 0}, &kIbgpA},
     {{.med = 10}, &kPeerB},
     "med",
     "med 0 < 10 (neighbour AS 65001)"},
    {"ebgp before router-id", {{}, &kPeerC}, {{}, &kIbgpA}, "ebgp", "ebgp over ibgp"},
    {"router-id before peer-address",
     {{}, &kLowIdHighAddr},
     {{}, &kPeerB},
     "router-id",
     "router-id 1.1.1.1 < 2.2.2.2"},
    {"router-id before cluster-list-length",
     {{.clusterList = {kCluster2, kCluster1}}, &kPeerA},
     {{}, &kPeerB},
     "router-id",
     "router-id 1.1.1.1 < 2.2.2.2"},
    {"cluster-list-length before peer-address",
     {{}, &kSameIdHighAddr},
     {{.clusterList = {kCluster1}}, &kSameIdLowAddr},
     "cluster-list-length",
     "cluster-list length 0 < 1"},
};

TEST_F(DecisionTest, EachStepDecidesAPairAndOutranksTheNext) {
  for (const auto& row : kPairRows) {
    DecisionProcess decision(row.options);
    Path w = path(row.winner), l = path(row.loser);
    Comparison c = decision.compare(w, l);
    EXPECT_EQ(c.winner, Winner::kFirst) << row.name;
    EXPECT_EQ(c.step, row.step) << row.name;
    EXPECT_EQ(c.reason, row.reason) << row.name;
    EXPECT_FALSE(c.reference.empty()) << row.name;
    Comparison swapped = decision.compare(l, w);
    EXPECT_EQ(swapped.winner, Winner::kSecond) << row.name;
    EXPECT_EQ(swapped.step, row.step) << row.name;
    EXPECT_EQ(swapped.reason, row.reason) << row.name;
  }
}

TEST_F(DecisionTest, StepTableOrderAndReferences) {
  std::vector<std::string_view> names;
  for (const auto& step : DecisionProcess::steps()) {
    names.push_back(step.name);
    EXPECT_FALSE(step.reference.empty()) << step.name;
  }
  EXPECT_EQ(names, (std::vector<std::string_view>{"local-pref", "local-origin", "as-path", "origin",
                                                  "med", "ebgp", "router-id", "cluster-list-length",
                                                  "peer-address"}));
}

TEST_F(DecisionTest, EqualPathsTie) {
  DecisionProcess decision;
  Path a = path({{}, &kPeerA});
  Comparison c = decision.compare(a, a);
  EXPECT_EQ(c.winner, Winner::kNeither);
  EXPECT_TRUE(c.step.empty());
}

TEST_F(DecisionTest, IneligibleRoutes) {
  struct Row {
    const char* name;
    Candidate candidate;
    std::optional<std::string> reason;
  };
  const Row rows[] = {
      {"eligible", {{}}, std::nullopt},
      {"AS loop",
       {{.asPath = seq({65001, 65000, 65002})}},
       "AS path contains local AS 65000 (loop)"},
      {"unreachable next hop", {{.nextHop = "10.9.9.9"}}, "next hop 10.9.9.9 unreachable"},
      {"local route: next hop not checked",
       {{.asPath = {}, .nextHop = "10.9.9.9"}, &kLocal},
       std::nullopt},
  };
  DecisionProcess decision({.localAs = 65000},
                           [](const IpAddress& nh) { return nh != ip("10.9.9.9"); });
  for (const auto& row : rows) {
    EXPECT_EQ(decision.ineligibility(path(row.candidate)), row.reason) << row.name;
  }

  // An ineligible route loses to any eligible one, whatever its attributes.
  Path loop = path({{.asPath = seq({65000}), .localPref = 500}});
  Path plain = path({{}, &kPeerB});
  Comparison c = decision.compare(loop, plain);
  EXPECT_EQ(c.winner, Winner::kSecond);
  EXPECT_EQ(c.step, "eligibility");
  EXPECT_EQ(c.reason, "AS path contains local AS 65000 (loop)");
  EXPECT_EQ(decision.compare(loop, loop).winner, Winner::kNeither);

  std::vector<Path> onlyIneligible = {loop, path({{.nextHop = "10.9.9.9"}, &kPeerB})};
  EXPECT_TRUE(decision.select(onlyIneligible).selected.empty());
  auto verdicts = decision.explain(onlyIneligible);
  EXPECT_EQ(verdicts[0].status, Status::kIneligible);
  EXPECT_EQ(verdicts[1].reason, "next hop 10.9.9.9 unreachable");
}

// RFC 4271 §9.1.2.2 c): MED is only compared within a neighbour AS, so pairwise preference is
// not transitive. a (AS 65001, MED 10, id 3.3.3.3), b (AS 65001, MED 20, id 1.1.1.1),
// c (AS 65002, id 2.2.2.2): a beats b on MED, b beats c on router-id, c beats a on
// router-id — a cycle, so the winner of pairwise folding depends on input order. The RFC
// removes b first (same AS, higher MED), then c beats a: c, in every order.
TEST_F(DecisionTest, MedEliminationIsOrderIndependent) {
  DecisionProcess decision;
  Path a = path({{.med = 10}, &kPeerC});
  Path b = path({{.med = 20}, &kPeerA});
  Path c = path({{.asPath = seq({65002})}, &kPeerB});
  EXPECT_EQ(decision.compare(a, b).winner, Winner::kFirst);
  EXPECT_EQ(decision.compare(b, c).winner, Winner::kFirst);
  EXPECT_EQ(decision.compare(c, a).winner, Winner::kFirst);

  std::vector<Path> order = {a, b, c};
  std::sort(order.begin(), order.end(),
            [](const Path& x, const Path& y) { return x.attributes.get() < y.attributes.get(); });
  do {
    Selection s = decision.select(order);
    ASSERT_EQ(s.selected.size(), 1u);
    EXPECT_EQ(order[s.selected[0]], c);
  } while (std::next_permutation(order.begin(), order.end(), [](const Path& x, const Path& y) {
    return x.attributes.get() < y.attributes.get();
  }));

  std::vector<Path> abc = {a, b, c};
  auto verdicts = decision.explain(abc);
  EXPECT_EQ(verdicts[0].status, Status::kLost);
  EXPECT_EQ(verdicts[0].step, "router-id");
  EXPECT_EQ(verdicts[0].reason, "router-id 2.2.2.2 < 3.3.3.3");
  EXPECT_EQ(verdicts[1].step, "med");
  EXPECT_EQ(verdicts[1].reason, "med 10 < 20 (neighbour AS 65001)");
  EXPECT_EQ(verdicts[2].status, Status::kBest);
}

TEST_F(DecisionTest, MultipathSetIsEqualUpToRouterId) {
  struct Row {
    const char* name;
    size_t maxPaths;
    std::vector<size_t> expected;  // indices into the candidates below
  };
  const Row rows[] = {
      {"multipath off", 1, {1}},
      {"two paths", 2, {1, 0}},
      {"room for more than are equal", 8, {1, 0, 2}},
  };
  // 0..2 tie through the ebgp step (different neighbour ASes, so MED is not compared);
  // 3 has a longer AS path, 4 is iBGP.
  std::vector<Path> candidates = paths({
      {{.med = 5}, &kPeerB},
      {{.asPath = seq({65003})}, &kPeerA},
      {{.asPath = seq({65002})}, &kPeerC},
      {{.asPath = seq({65004, 65005})}, &kLowIdHighAddr},
      {{.asPath = seq({65009})}, &kIbgpA},
  });
  for (const auto& row : rows) {
    DecisionProcess decision({.maxPaths = row.maxPaths});
    EXPECT_EQ(decision.select(candidates).selected, row.expected) << row.name;
  }

  DecisionProcess decision({.maxPaths = 2});
  auto verdicts = decision.explain(candidates);
  EXPECT_EQ(verdicts[1].status, Status::kBest);
  EXPECT_EQ(verdicts[0].status, Status::kMultipath);
  EXPECT_EQ(verdicts[0].reason, "multipath; router-id 1.1.1.1 < 2.2.2.2");
  EXPECT_EQ(verdicts[2].status, Status::kLost);
  EXPECT_EQ(verdicts[2].step, "router-id");
  EXPECT_EQ(verdicts[3].step, "as-path");
  EXPECT_EQ(verdicts[4].step, "ebgp");
}

}  // namespace
}  // namespace anycast::bgp
