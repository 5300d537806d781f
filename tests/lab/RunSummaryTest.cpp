#include <gtest/gtest.h>

#include "lab/RunSummary.h"

namespace anycast::lab {
namespace {

// 10 probes/s for `seconds`, answered by `site` (or lost where site is "").
void add(std::vector<ProbeResult>& out, const std::string& client, double from, double to,
         const std::string& site) {
  for (int i = 0; from + i * 0.1 < to - 1e-9; ++i)  // sent at 0.0001 s past each tenth
    out.push_back(
        {from + i * 0.1 + 1e-4, client, site, site.empty() ? 0 : 5.0, site.empty() ? -1 : 0});
}

TEST(RunSummary, CatchmentIsTheSiteThatAnsweredMost) {
  std::vector<ProbeResult> p;
  add(p, "c1", 0, 1, "fra");
  add(p, "c1", 1, 1.3, "nyc");
  add(p, "c2", 0, 2, "");
  auto c = catchments(p, 0, 2);
  EXPECT_EQ(c["c1"], "fra");
  EXPECT_EQ(c["c2"], "");  // probed, never answered
}

TEST(RunSummary, AnEventMovesClientsAndTheirOutageIsMeasured) {
  std::vector<ProbeResult> p;
  add(p, "c1", 0, 5, "fra");  // failover at 5 s: 0.4 s without answers, then nyc
  add(p, "c1", 5, 5.4, "");
  add(p, "c1", 5.4, 10, "nyc");
  add(p, "c2", 0, 10, "nyc");  // unaffected
  auto outcomes = outcomesOf(p, 5, 10);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].client, "c1");
  EXPECT_EQ(outcomes[0].before, "fra");
  EXPECT_EQ(outcomes[0].after, "nyc");
  EXPECT_EQ(outcomes[0].lost, 4u);
  EXPECT_NEAR(outcomes[0].outageMs, 400, 1);
  EXPECT_EQ(outcomes[1].before, "nyc");
  EXPECT_EQ(outcomes[1].after, "nyc");
  EXPECT_EQ(outcomes[1].lost, 0u);
  EXPECT_EQ(outcomes[1].outageMs, 0);
}

TEST(RunSummary, AClientNeverAnsweredAgainIsOutUntilTheWindowEnds) {
  std::vector<ProbeResult> p;
  add(p, "c1", 0, 2, "fra");
  add(p, "c1", 2, 4, "");
  auto outcomes = outcomesOf(p, 2, 4);
  EXPECT_NEAR(outcomes.at(0).outageMs, 2000, 1);
  EXPECT_EQ(outcomes.at(0).after, "");
}

TEST(RunSummary, EachEventKeepsTheClientsItAffectedUntilTheNextEvent) {
  RunResults r;
  r.duration = 10;
  r.events = {{5, "fail-service fra", ""}, {8, "add-site lon", ""}};
  add(r.probes, "c1", 0, 5, "fra");  // moved by the first event
  add(r.probes, "c1", 5, 5.4, "");
  add(r.probes, "c1", 5.4, 10, "nyc");
  add(r.probes, "c2", 0, 8, "nyc");  // moved by the second event only
  add(r.probes, "c2", 8, 10, "lon");
  auto outcomes = eventOutcomes(r);
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0].event, &r.events[0]);
  EXPECT_EQ(outcomes[0].until, 8);
  ASSERT_EQ(outcomes[0].affected.size(), 1u);
  EXPECT_EQ(outcomes[0].affected[0].client, "c1");
  EXPECT_EQ(outcomes[1].until, 10);
  ASSERT_EQ(outcomes[1].affected.size(), 1u);
  EXPECT_EQ(outcomes[1].affected[0].client, "c2");
  EXPECT_EQ(outcomes[1].affected[0].after, "lon");
}

TEST(RunSummary, LoadPerSiteCountsAnswersPerSecondFloodIncluded) {
  RunResults r;
  r.duration = 2;
  add(r.probes, "c1", 0, 2, "fra");
  add(r.flood, "c2", 1, 2, "nyc");
  add(r.probes, "c3", 0, 2, "");
  auto load = loadPerSite(r);
  ASSERT_EQ(load.size(), 2u);
  EXPECT_EQ(load["fra"][0], 10u);
  EXPECT_EQ(load["fra"][1], 10u);
  EXPECT_EQ(load["nyc"][0], 0u);
  EXPECT_EQ(load["nyc"][1], 10u);
}

}  // namespace
}  // namespace anycast::lab
