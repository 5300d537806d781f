#include <gtest/gtest.h>

#include "config/LabLoader.h"
#include "config/ValueParsers.h"

namespace anycast::config {
namespace {

using lab::Relationship;
using lab::RouterKind;
using std::chrono::microseconds;

TEST(LabLoader, ReadsTheExample) {
  auto t = loadLabFile(std::string(ANYCAST_SOURCE_DIR) + "/examples/lab/small.yaml");
  ASSERT_TRUE(t.ok()) << t.error().str();
  EXPECT_EQ(t->name, "small");
  EXPECT_EQ(t->siteAs, 64496u);
  EXPECT_EQ(t->service.prefix.str(), "192.0.2.0/24");
  EXPECT_EQ(t->service.address6->str(), "2001:db8:53::53");
  ASSERT_EQ(t->ases.size(), 4u);
  EXPECT_EQ(t->ases[0].routers.size(), 2u);
  EXPECT_EQ(t->ases[0].routers[1].region, "eu");  // the AS's region
  ASSERT_EQ(t->links.size(), 5u);
  EXPECT_EQ(t->links[0].aIs, Relationship::kInternal);
  EXPECT_EQ(t->links[1].aIs, Relationship::kPeer);
  EXPECT_EQ(t->links[2].aIs, Relationship::kCustomer);
  EXPECT_EQ(t->links[1].properties.delay, microseconds(40'000));
  EXPECT_EQ(t->links[0].line, 22);
  ASSERT_EQ(t->sites.size(), 3u);
  EXPECT_EQ(t->sites[0].uplink.delay, microseconds(1'000));
  EXPECT_EQ(t->sites[0].capacityQps, 2000u);
  EXPECT_FALSE(t->sites[2].up);
  ASSERT_EQ(t->clients.size(), 6u);
  EXPECT_EQ(t->clients[0].region, "eu");  // its router's
  EXPECT_EQ(t->clients[5].region, "us-central");
  EXPECT_EQ(t->clients[5].uplink.delay, microseconds(15'000));
}

TEST(LabLoader, LinkPropertiesAndDefaults) {
  const std::string text = R"(name: t
service: {prefix: 192.0.2.0/24, address: 192.0.2.1}
defaults: {router-kind: bird, link: {delay: 2ms, rate: 100mbit}}
ases:
  - {as: 1, routers: [a, {name: b, kind: frr}]}
sites: [{name: s, router: a, loss: 0.02, rate: 1gbit}]
links:
  - {a: a, b: b, delay: 0.5ms, jitter: 250us, loss: 0.1%}
)";
  auto t = loadLabText(text, "lab.yaml");
  ASSERT_TRUE(t.ok()) << t.error().str();
  EXPECT_EQ(t->ases[0].routers[0].kind, RouterKind::kBird);
  EXPECT_EQ(t->ases[0].routers[1].kind, RouterKind::kFrr);
  const auto& link = t->links[0].properties;
  EXPECT_EQ(link.delay, microseconds(500));
  EXPECT_EQ(link.jitter, microseconds(250));
  EXPECT_DOUBLE_EQ(link.loss, 0.001);
  EXPECT_EQ(link.rateBits, 100'000'000u);  // from defaults
  const auto& uplink = t->sites[0].uplink;
  EXPECT_EQ(uplink.delay, microseconds(2'000));
  EXPECT_DOUBLE_EQ(uplink.loss, 0.02);
  EXPECT_EQ(uplink.rateBits, 1'000'000'000u);

  auto unknown = loadLabText(text + "  - {a: b, b: a2}\n", "lab.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().str(), "lab.yaml:9: links[1].b: no router is named \"a2\"");
}

struct BadLab {
  const char* name;
  const char* text;
  const char* error;
};

// A valid head for the cases below: service, one AS with routers a and b (AS 1), c (AS 2).
constexpr const char* kHead =
    "name: t\nservice: {prefix: 192.0.2.0/24, address: 192.0.2.1}\n"
    "ases:\n  - {as: 1, routers: [a, b]}\n  - {as: 2, routers: [c]}\n";

class LabLoaderErrors : public testing::TestWithParam<BadLab> {};

TEST_P(LabLoaderErrors, NamesFileLineAndKey) {
  const BadLab& c = GetParam();
  std::string text = c.text[0] == '+' ? std::string(kHead) + (c.text + 1) : c.text;
  auto t = loadLabText(text, "lab.yaml");
  ASSERT_FALSE(t.ok()) << c.name;
  EXPECT_EQ(t.error().str(), c.error) << c.name;
}

const BadLab kBadLabs[] = {
    {"no_name", "service: {prefix: 192.0.2.0/24, address: 192.0.2.1}\n",
     "lab.yaml:1: name: is required (the lab's name, e.g. demo)"},
    {"bad_name", "name: My_Lab\n",
     "lab.yaml:1: name: must be lowercase letters, digits and '-', not starting with '-', at "
     "most 12 characters, not \"My_Lab\""},
    {"unknown_key", "name: t\nroutes: []\n",
     "lab.yaml:2: routes: unknown key (known here: addressing, ases, clients, defaults, links, "
     "name, "
     "service, site-as, sites)"},
    {"address_outside_prefix", "name: t\nservice: {prefix: 192.0.2.0/24, address: 198.51.100.1}\n",
     "lab.yaml:2: service.address: must be inside 192.0.2.0/24"},
    {"v6_prefix_for_v4", "name: t\nservice: {prefix: 2001:db8::/32, address: 2001:db8::1}\n",
     "lab.yaml:2: service.prefix: must be IPv4"},
    {"address6_alone",
     "name: t\nservice: {prefix: 192.0.2.0/24, address: 192.0.2.1, address6: 2001:db8::1}\n",
     "lab.yaml:2: service.address6: needs service.prefix6"},
    {"duplicate_as", "+  - {as: 1, routers: [d]}\nsites: [{name: s, router: a}]\n",
     "lab.yaml:6: ases[2].as: AS 1 is already defined (line 4)"},
    {"site_as_used", "+  - {as: 64496, routers: [d]}\n",
     "lab.yaml:6: ases[2].as: is the sites' AS (site-as: 64496)"},
    {"duplicate_node", "+sites: [{name: b, router: a}]\n",
     "lab.yaml:6: sites[0].name: \"b\" is already a node's name (line 4)"},
    {"no_sites", "+sites: []\n", "lab.yaml:6: sites: needs at least one site"},
    {"unknown_router", "+sites: [{name: s, router: z}]\n",
     "lab.yaml:6: sites[0].router: no router is named \"z\""},
    {"relationship_inside_as", "+links: [{a: a, b: b, a-is: peer}]\n",
     "lab.yaml:6: links[0].a-is: is for links between ASes; a and b are both in AS 1 (iBGP)"},
    {"relationship_missing", "+links: [{a: a, b: c}]\n",
     "lab.yaml:6: links[0].a-is: is required between AS 1 and AS 2: customer, provider or peer "
     "(what a's AS is to c's)"},
    {"bad_relationship", "+links: [{a: a, b: c, a-is: sibling}]\n",
     "lab.yaml:6: links[0].a-is: must be customer, provider or peer, not \"sibling\""},
    {"self_link", "+links: [{a: a, b: a}]\n",
     "lab.yaml:6: links[0].b: a link joins two different routers"},
    {"second_link", "+links: [{a: a, b: b}, {a: b, b: a}]\n",
     "lab.yaml:6: links[1]: a second link between b and a (line 6)"},
    {"bad_delay", "+links: [{a: a, b: b, delay: 5 ms}]\n",
     "lab.yaml:6: links[0].delay: must be a duration such as 0.5ms, 20ms or 1s, not \"5 ms\""},
    {"jitter_over_delay", "+links: [{a: a, b: b, delay: 1ms, jitter: 2ms}]\n",
     "lab.yaml:6: links[0].jitter: must not exceed the delay (frames would arrive early)"},
    {"bad_loss", "+links: [{a: a, b: b, loss: 150%}]\n",
     "lab.yaml:6: links[0].loss: must be a probability 0..1 or a percentage such as 0.1%, not "
     "\"150%\""},
    {"bad_rate", "+links: [{a: a, b: b, rate: fast}]\n",
     "lab.yaml:6: links[0].rate: must be a rate such as 100mbit, 1gbit or 64kbit, not \"fast\""},
    {"pool_too_small",
     "name: t\naddressing: {clients: 10.0.0.0/29}\nservice: {prefix: 192.0.2.0/24, address: "
     "192.0.2.1}\nases: [{as: 1, routers: [a]}]\nsites: [{name: s, router: a}]\n"
     "clients: [{name: x, router: a}, {name: y, router: a}, {name: z, router: a}]\n",
     "lab.yaml:6: clients: 3 is more than the lab can address (2)"},
    {"v6_pool_not_32", "name: t\naddressing: {ipv6: \"2001:db8::/48\"}\n",
     "lab.yaml:2: addressing.ipv6: must be an IPv6 prefix of /32 or shorter"},
    {"bad_kind", "+clients: [{name: x, router: a}]\ndefaults: {router-kind: cisco}\n",
     "lab.yaml:7: defaults.router-kind: must be anycastd, bird or frr, not \"cisco\""},
    {"client_without_router", "+sites: [{name: s, router: a}]\nclients: [{name: x}]\n",
     "lab.yaml:7: clients[0].router: is required (the router it is attached to)"},
};

INSTANTIATE_TEST_SUITE_P(Cases, LabLoaderErrors, testing::ValuesIn(kBadLabs),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ValueParsers, Micros) {
  EXPECT_EQ(parseMicros("0.5ms"), microseconds(500));
  EXPECT_EQ(parseMicros("250us"), microseconds(250));
  EXPECT_EQ(parseMicros("1s"), microseconds(1'000'000));
  EXPECT_EQ(parseMicros("2"), microseconds(2'000'000));
  EXPECT_FALSE(parseMicros("-1ms"));
  EXPECT_FALSE(parseMicros("1 ms"));
  EXPECT_FALSE(parseDuration("250us"));  // check intervals stay in milliseconds
  EXPECT_EQ(parseDuration("1.5s"), Duration(1500));
}

TEST(ValueParsers, RatesAndProbabilities) {
  EXPECT_EQ(parseRate("100mbit"), 100'000'000u);
  EXPECT_EQ(parseRate("1.5kbit"), 1'500u);
  EXPECT_EQ(parseRate("9600"), 9'600u);
  EXPECT_FALSE(parseRate("0bit"));
  EXPECT_FALSE(parseRate("10mbps"));
  EXPECT_EQ(parseProbability("0.25"), 0.25);
  EXPECT_EQ(parseProbability("1%"), 0.01);
  EXPECT_FALSE(parseProbability("101%"));
  EXPECT_FALSE(parseProbability("-0.1"));
  EXPECT_FALSE(parseProbability("0.1 %"));
}

}  // namespace
}  // namespace anycast::config
