#include <gtest/gtest.h>

#include "config/LabLoader.h"
#include "config/ScenarioLoader.h"

namespace anycast::config {
namespace {

using lab::EventKind;
using std::chrono::milliseconds;

lab::Topology example() {
  auto t = loadLabFile(std::string(ANYCAST_SOURCE_DIR) + "/examples/lab/small.yaml");
  if (!t.ok()) throw std::runtime_error(t.error().str());
  return std::move(*t);
}

TEST(ScenarioLoader, ReadsEveryEventInTimeOrder) {
  lab::Topology t = example();
  auto s = loadScenarioText(R"(name: tour
duration: 40s
probe: {rate: 20, timeout: 500ms}
events:
  - {at: 10s, drain: nyc, for: 3s}
  - {at: 2s, fail-service: fra}
  - {at: 5s, restore-service: fra}
  - {at: 12s, add-site: par}
  - {at: 14s, set-link: tus1-teu1, delay: 80ms, loss: 1%}
  - {at: 16s, cut-link: teu1-teu2}
  - {at: 18s, flood: [c-paris-1, c-lyon], rate: 2000, for: 5s}
  - {at: 30s, kill-router: tus1}
)",
                            "s.yaml", t);
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->name, "tour");
  EXPECT_EQ(s->duration, milliseconds(40'000));
  EXPECT_EQ(s->probeRate, 20);
  EXPECT_EQ(s->probeTimeout, milliseconds(500));
  ASSERT_EQ(s->events.size(), 8u);
  EXPECT_EQ(s->events[0].kind, EventKind::kFailService);
  EXPECT_EQ(s->events[0].describe(), "fail-service fra");
  EXPECT_EQ(s->events[2].describe(), "drain nyc for 3 s");
  const auto& setLink = s->events[4];
  EXPECT_EQ(setLink.target, "teu1-tus1");  // the file's own name for it
  EXPECT_EQ(setLink.link->delay, std::chrono::microseconds(80'000));
  EXPECT_DOUBLE_EQ(setLink.link->loss, 0.01);
  EXPECT_EQ(s->events[6].clients, (std::vector<std::string>{"c-paris-1", "c-lyon"}));
  EXPECT_EQ(s->events[6].floodRate, 2000);
  EXPECT_EQ(s->events[6].describe(), "flood from c-paris-1 c-lyon at 2000 q/s for 5 s");
}

TEST(ScenarioLoader, ErrorsNameTheLineAndTheKey) {
  lab::Topology t = example();
  const std::pair<const char*, const char*> cases[] = {
      {"events:\n  - {at: 1s, fail-service: ams}\n",
       "s.yaml:2: events[0].fail-service: no site is named \"ams\""},
      {"events:\n  - {at: 1s, add-site: fra}\n",
       "s.yaml:2: events[0].add-site: site fra is up from the start (add-site is for `up: false` "
       "sites)"},
      {"events:\n  - {at: 1s, cut-link: teu1-boston}\n",
       "s.yaml:2: events[0].cut-link: no link is named \"teu1-boston\" (links are named a-b by "
       "their routers)"},
      {"events:\n  - {at: 1s}\n",
       "s.yaml:2: events[0]: names no event (fail-service, restore-service, drain, undrain, "
       "add-site, kill-site, restart-site, kill-router, restart-router, set-link, cut-link, "
       "restore-link, flood)"},
      {"events:\n  - {at: 1s, drain: fra, undrain: fra}\n",
       "s.yaml:2: events[0]: one event per entry: both drain and undrain"},
      {"events:\n  - {fail-service: fra}\n",
       "s.yaml:2: events[0].at: is required (seconds after "
       "the start, e.g. 5s)"},
      {"duration: 10s\nevents:\n  - {at: 10s, fail-service: fra}\n",
       "s.yaml:3: events[0].at: is not before the scenario's end (duration)"},
      {"events:\n  - {at: 1s, flood: [c-lyon], for: 2s}\n",
       "s.yaml:2: events[0].rate: is required (queries/s from each client)"},
      {"events:\n  - {at: 1s, fail-service: fra, for: 2s}\n",
       "s.yaml:2: events[0].for: unknown key (known here: at, fail-service)"},
  };
  for (const auto& [text, error] : cases) {
    auto s = loadScenarioText(text, "s.yaml", t);
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.error().str(), error);
  }
}

}  // namespace
}  // namespace anycast::config

namespace anycast::config {
namespace {

TEST(ScenarioLoader, TheExamplesAndTheDemoLoad) {
  const std::string dir = std::string(ANYCAST_SOURCE_DIR) + "/examples/lab/";
  for (const auto& [lab, scenario] : {std::pair{"small.yaml", "tour.yaml"},
                                      std::pair{"demo.yaml", "demo-scenario.yaml"}}) {
    auto t = loadLabFile(dir + lab);
    ASSERT_TRUE(t.ok()) << t.error().str();
    auto s = loadScenarioFile(dir + scenario, *t);
    EXPECT_TRUE(s.ok()) << s.error().str();
  }
}

}  // namespace
}  // namespace anycast::config
