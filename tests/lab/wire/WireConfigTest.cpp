// WireConfig: the config file's JSON, and errors that name the field.
#include <gtest/gtest.h>

#include "lab/wire/WireConfig.h"

namespace anycast::lab::wire {
namespace {

Json validLink() {
  return Json::parse(R"({"name": "r1-r2",
    "a": {"netns": "r1", "ifname": "eth1", "mac": "02:00:00:00:00:0A"},
    "b": {"netns": "/proc/42/ns/net", "ifname": "eth2", "mtu": 1400},
    "delay-ms": 5, "jitter-ms": 1.5, "jitter-distribution": "normal", "loss": 0.01,
    "rate-mbit": 100, "queue-packets": 500, "queue-bytes": 64000})");
}

TEST(WireConfig, ParsesEveryField) {
  auto config = parseWireConfig(Json{{"seed", 9}, {"pool-frames", 1024}, {"links", {validLink()}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->seed, 9u);
  EXPECT_EQ(config->poolFrames, 1024u);
  ASSERT_EQ(config->links.size(), 1u);
  const LinkConfig& l = config->links[0];
  EXPECT_EQ(l.name, "r1-r2");
  EXPECT_EQ(l.a.netnsPath(), "/run/netns/r1");
  EXPECT_EQ(l.b.netnsPath(), "/proc/42/ns/net");
  EXPECT_EQ(l.a.mtu, 1500u);
  EXPECT_EQ(l.b.mtu, 1400u);
  ASSERT_TRUE(l.a.mac);
  EXPECT_EQ(formatMac(*l.a.mac), "02:00:00:00:00:0a");
  EXPECT_FALSE(l.b.mac);
  EXPECT_EQ(l.params.delayMs, 5);
  EXPECT_EQ(l.params.jitterMs, 1.5);
  EXPECT_EQ(l.params.jitterDistribution, JitterDistribution::kNormal);
  EXPECT_EQ(l.params.loss, 0.01);
  EXPECT_EQ(l.params.rateMbit, 100);
  EXPECT_EQ(l.params.queuePackets, 500u);
  EXPECT_EQ(l.params.queueBytes, 64000u);
}

TEST(WireConfig, DefaultsAreAPerfectLink) {
  Json link = {{"name", "x"},
               {"a", {{"netns", "n1"}, {"ifname", "e0"}}},
               {"b", {{"netns", "n2"}, {"ifname", "e0"}}}};
  auto config = parseWireConfig(Json{{"links", {link}}});
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->links[0].params, LinkParams{});
  EXPECT_EQ(config->seed, 1u);
}

struct BadCase {
  const char* patch;  // merged into a valid config's first link (JSON merge patch)
  const char* error;  // expected start of the message
};

class BadConfig : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfig, NamesTheField) {
  Json link = validLink();
  link.merge_patch(Json::parse(GetParam().patch));
  auto config = parseWireConfig(Json{{"links", {validLink(), link}}});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().message.rfind(GetParam().error, 0), 0u) << config.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfig,
    ::testing::Values(
        BadCase{R"({"delay-ms": -1})", "links[1].delay-ms: must be a number"},
        BadCase{R"({"loss": 1.5})", "links[1].loss: must be a number in [0, 1]"},
        BadCase{R"({"loss": "x"})", "links[1].loss:"},
        BadCase{R"({"queue-packets": 0})", "links[1].queue-packets: must be an integer"},
        BadCase{R"({"jitter-distribution": "pareto"})", "links[1].jitter-distribution:"},
        BadCase{R"({"dealy-ms": 3})", "links[1].dealy-ms: unknown field"},
        BadCase{R"({"name": null})", "links[1].name: missing"},
        BadCase{R"({"name": "r1-r2"})", "links[1].name: \"r1-r2\" twice"},
        BadCase{R"({"a": null})", "links[1].a: missing"},
        BadCase{R"({"a": {"netns": null}})", "links[1].a.netns: missing"},
        BadCase{R"({"b": {"ifname": "much-too-long-name"}})", "links[1].b.ifname:"},
        BadCase{R"({"b": {"mtu": 9000}})", "links[1].b.mtu: must be an integer"},
        BadCase{R"({"a": {"mac": "02:00:00"}})", "links[1].a.mac: must be a MAC"},
        BadCase{R"({"a": {"colour": 1}})", "links[1].a.colour: unknown field"}));

TEST(WireConfig, TopLevelErrors) {
  EXPECT_EQ(parseWireConfig(Json::object()).error().message, "links: missing, or not an array");
  EXPECT_EQ(parseWireConfig(Json{{"links", Json::array()}, {"extra", 1}}).error().message,
            "extra: unknown field");
  EXPECT_EQ(parseWireConfig(Json{{"links", Json::array()}, {"seed", -1}})
                .error()
                .message.rfind("seed:", 0),
            0u);
  EXPECT_EQ(loadWireConfig("/nonexistent/wire.json").error().message,
            "/nonexistent/wire.json: cannot be read");
}

TEST(WireConfig, SetAppliesOnlyThePropertiesGiven) {
  LinkParams p;
  p.delayMs = 5;
  p.rateMbit = 10;
  ASSERT_TRUE(applyLinkParams(Json{{"command", "set"}, {"link", "l"}, {"delay-ms", 20}}, p,
                              {"command", "link"}, "")
                  .ok());
  EXPECT_EQ(p.delayMs, 20);
  EXPECT_EQ(p.rateMbit, 10);
  // One bad property: nothing is applied.
  auto bad = applyLinkParams(Json{{"delay-ms", 1}, {"loss", 2}}, p, {}, "");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(p.delayMs, 20);
}

TEST(WireConfig, ParamsRoundTripThroughJson) {
  LinkParams p;
  p.delayMs = 3.5;
  p.jitterDistribution = JitterDistribution::kNormal;
  p.queueBytes = 100;
  LinkParams q;
  ASSERT_TRUE(applyLinkParams(toJson(p), q, {}, "").ok());
  EXPECT_EQ(p, q);
}

}  // namespace
}  // namespace anycast::lab::wire
