#include <gtest/gtest.h>

#include <fstream>

#include "lab/ResultsFile.h"

namespace anycast::lab {
namespace {

TEST(ResultsFile, ARunComesBackAsItWasWritten) {
  RunResults r;
  r.duration = 3.5;
  r.probes = {{0.1, "c1", "fra", 12.5, 0}, {0.2, "c1", "", 0, -1}};
  r.flood = {{1.0, "c2", "nyc", 3, 0}, {1.1, "c2", "", 0, -1}};  // lost flood queries not kept
  r.events = {{2.0, "fail-service fra", ""}, {3.0, "cut-link a-b", "no such link"}};
  Scenario s;
  s.name = "t";
  s.probeRate = 20;
  std::string path = testing::TempDir() + "results-test.json";
  std::ofstream(path) << resultsJson(r, s, "/tmp/lab.yaml");
  auto saved = loadResults(path);
  ASSERT_TRUE(saved.ok()) << saved.error().message;
  EXPECT_EQ(saved->topologyFile, "/tmp/lab.yaml");
  EXPECT_EQ(saved->scenario.name, "t");
  EXPECT_EQ(saved->scenario.probeRate, 20);
  EXPECT_EQ(saved->results.duration, 3.5);
  ASSERT_EQ(saved->results.probes.size(), 2u);
  EXPECT_EQ(saved->results.probes[0].site, "fra");
  EXPECT_EQ(saved->results.probes[0].rttMs, 12.5);
  EXPECT_EQ(saved->results.probes[1].rcode, -1);
  ASSERT_EQ(saved->results.flood.size(), 1u);
  ASSERT_EQ(saved->results.events.size(), 2u);
  EXPECT_EQ(saved->results.events[1].error, "no such link");
}

TEST(ResultsFile, OtherFilesAreRefusedClearly) {
  std::string path = testing::TempDir() + "not-results.json";
  std::ofstream(path) << "{\"name\": 1}";
  auto saved = loadResults(path);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().message, path + ": not the results of anycast-lab run");
}

}  // namespace
}  // namespace anycast::lab
