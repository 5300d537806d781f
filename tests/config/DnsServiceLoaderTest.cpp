// anycastd's `kind: dns` services: anycast-dns's keys under a service (the same reader), the
// listen addresses taken from the service's host addresses, the embedded check added, and
// every error naming file:line and the key.
#include <gtest/gtest.h>

#include "config/ConfigLoader.h"
#include "config/DnsConfigLoader.h"
#include "dns/service/ZoneFiles.h"

namespace anycast::config {
namespace {

// anycast-dns's keys as they stand at the root of its file; a dns service has them too.
const std::string kDnsKeys = R"(workers: {udp: 2, tcp: 3}
identity: {nsid: fra1, id-server: hidden, version-bind: "anycast 1"}
zones:
  - {origin: example.com., file: /etc/anycast/example.zone}
  - {origin: example.net, file: zones/net.zone}
rrl: {rate: 20, slip: 3, window: 8s}
limits: {max-qps: 5000}
tcp: {idle-timeout: 2500ms, max-connections: 64}
)";

// `text` with every line indented by `by`.
std::string indented(const std::string& text, const std::string& by) {
  std::string out;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
    out += by + text.substr(start, end + 1 - start);
  return out;
}

const std::string kSite = R"(router: {as: 65001, router-id: 10.0.0.1}
services:
  - name: dns
    kind: dns
    prefixes: [192.0.2.53/32, 2001:db8::53/128, 198.51.100.0/24]
    port: 5353
    checks:
      - {kind: tcp, port: 5353}
)" + indented(kDnsKeys, "    ") +
                          R"(  - name: auth
    kind: dns
    prefixes: [192.0.2.54/32]
    zones: [{origin: example.org., file: org.zone}]
    checks: [{kind: embedded, name: server}]
  - name: web
    kind: external
    prefixes: [192.0.2.80/32]
)";

TEST(DnsServiceLoader, AServiceOfKindDnsHasAnycastDnsKeysAndListensOnItsAddresses) {
  auto c = loadConfigText(kSite, "/etc/anycast/site.yaml");
  ASSERT_TRUE(c.ok()) << c.error().str();
  ASSERT_EQ(c->services.size(), 3u);
  const site::ServiceConfig& s = c->services[0];
  ASSERT_TRUE(s.dns);
  const dns::service::DnsServiceConfig& d = *s.dns;
  ASSERT_EQ(d.server.listen.size(), 2u);  // the host addresses; not the /24
  EXPECT_EQ(d.server.listen[0].address.str(), "192.0.2.53");
  EXPECT_EQ(d.server.listen[0].port, 5353);
  EXPECT_EQ(d.server.listen[1].address.str(), "2001:db8::53");
  EXPECT_EQ(d.server.udpWorkers, 2u);
  EXPECT_EQ(d.server.tcpWorkers, 3u);
  EXPECT_EQ(d.identity.nsid, "fra1");
  EXPECT_EQ(d.identity.idServer, std::nullopt);
  EXPECT_EQ(d.identity.hostnameBind, hostIdentity().hostnameBind);  // the default
  EXPECT_EQ(d.identity.versionBind, "anycast 1");
  ASSERT_EQ(d.zones.size(), 2u);
  EXPECT_EQ(d.zones[0].file, "/etc/anycast/example.zone");
  EXPECT_EQ(d.zones[1].origin.text(), "example.net.");
  EXPECT_EQ(d.zones[1].file, "/etc/anycast/zones/net.zone");  // relative to the config file
  EXPECT_EQ(d.server.rrl.responsesPerSecond, 20u);
  EXPECT_EQ(d.server.rrl.slip, 3u);
  EXPECT_EQ(d.server.rrl.windowSeconds, 8u);
  EXPECT_EQ(d.maxQps, 5000u);
  EXPECT_EQ(d.server.tcp.idleTimeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(d.server.tcp.maxConnections, 64u);
  EXPECT_TRUE(d.control.socket.empty());  // anycastd's control socket serves it
  // Its own checks, and the embedded one the server reports to.
  ASSERT_EQ(s.checks.size(), 2u);
  EXPECT_EQ(s.checks[1].kind, health::CheckKind::kEmbedded);
  EXPECT_EQ(s.checks[1].name, "dns");

  const site::ServiceConfig& auth = c->services[1];
  ASSERT_TRUE(auth.dns);
  ASSERT_EQ(auth.dns->server.listen.size(), 1u);
  EXPECT_EQ(auth.dns->server.listen[0].port, 53);  // the default port
  EXPECT_EQ(auth.dns->identity.nsid, hostIdentity().nsid);
  ASSERT_EQ(auth.checks.size(), 1u);  // its own embedded check, none added
  EXPECT_EQ(auth.checks[0].name, "server");

  EXPECT_FALSE(c->services[2].dns);
}

// The same keys are read by the same code for anycast-dns's file: the same text at the root
// gives the same server settings.
TEST(DnsServiceLoader, ReadsTheKeysAsAnycastDnsDoes) {
  auto site = loadConfigText(kSite, "/etc/anycast/site.yaml");
  auto file =
      loadDnsConfigText("listen: [\"192.0.2.53:5353\"]\n" + kDnsKeys, "/etc/anycast/dns.yaml");
  ASSERT_TRUE(site.ok()) << site.error().str();
  ASSERT_TRUE(file.ok()) << file.error().str();
  const auto& a = *site->services[0].dns;
  const auto& b = *file;
  EXPECT_EQ(a.identity.nsid, b.identity.nsid);
  EXPECT_EQ(a.identity.idServer, b.identity.idServer);
  EXPECT_EQ(a.identity.versionBind, b.identity.versionBind);
  ASSERT_EQ(a.zones.size(), b.zones.size());
  for (size_t i = 0; i < a.zones.size(); ++i) EXPECT_EQ(a.zones[i].file, b.zones[i].file);
  EXPECT_EQ(a.server.udpWorkers, b.server.udpWorkers);
  EXPECT_EQ(a.server.rrl.responsesPerSecond, b.server.rrl.responsesPerSecond);
  EXPECT_EQ(a.server.rrl.windowSeconds, b.server.rrl.windowSeconds);
  EXPECT_EQ(a.maxQps, b.maxQps);
  EXPECT_EQ(a.server.tcp.maxConnections, b.server.tcp.maxConnections);
}

// The example a user copies loads, zones included.
TEST(DnsServiceLoader, TheExampleSiteLoadsWithItsZone) {
  auto c = loadConfigFile(std::string(ANYCAST_SOURCE_DIR) + "/examples/anycastd-site-dns.yaml");
  ASSERT_TRUE(c.ok()) << c.error().str();
  ASSERT_TRUE(c->services.at(0).dns);
  auto zones = dns::service::loadZones(c->services[0].dns->zones);
  ASSERT_TRUE(zones.ok()) << zones.error().message;
  EXPECT_EQ(zones->info.at(0).origin, "example.com.");
}

struct BadCase {
  const char* name;
  const char* service;   // the service's lines after "  - name: dns\n"
  const char* expected;  // "file:line: key: message" (a prefix of it)
};

// Lines: 1 router, 2 services:, 3 "- name: dns", 4 on: the case's lines.
const BadCase kBadCases[] = {
    {"bad_kind", "    kind: bind\n", "site.yaml:4: services[0].kind: must be external or dns"},
    {"zones_missing", "    kind: dns\n    prefixes: [192.0.2.53/32]\n",
     "site.yaml:3: services[0].zones: is required"},
    {"zone_file_missing",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones:\n      - {origin: example.}\n",
     "site.yaml:7: services[0].zones[0].file: is required"},
    {"zone_origin_twice",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones:\n      - {origin: a., file: a}\n"
     "      - {origin: a., file: b}\n",
     "site.yaml:8: services[0].zones[1].origin: is listed twice"},
    {"nsid_too_long",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    identity: {nsid: \"\"}\n",
     "site.yaml:7: services[0].identity.nsid: must be hidden or a text of 1 to 255 characters"},
    {"identity_unknown_key",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    identity: {server-id: x}\n",
     "site.yaml:7: services[0].identity.server-id: unknown key"},
    {"workers_zero",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    workers: {udp: 0}\n",
     "site.yaml:7: services[0].workers.udp: must be a number from 1 to 256"},
    {"rrl_window_fraction",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    rrl:\n      window: 1500ms\n",
     "site.yaml:8: services[0].rrl.window: must be whole seconds"},
    {"max_qps_not_a_number",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    limits: {max-qps: lots}\n",
     "site.yaml:7: services[0].limits.max-qps: must be a number"},
    {"tcp_idle_too_short",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    tcp: {idle-timeout: 10ms}\n",
     "site.yaml:7: services[0].tcp.idle-timeout: must be at least 100ms"},
    {"port_zero",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    port: 0\n",
     "site.yaml:7: services[0].port: must be a number from 1 to 65535"},
    {"no_host_address",
     "    kind: dns\n    prefixes: [192.0.2.0/24]\n    zones: [{origin: a., file: a}]\n",
     "site.yaml:5: services[0].prefixes: a dns service needs a host address"},
    {"dns_key_on_an_external_service",
     "    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n",
     "site.yaml:5: services[0].zones: unknown key"},
    {"listen_is_not_a_service_key",
     "    kind: dns\n    prefixes: [192.0.2.53/32]\n    zones: [{origin: a., file: a}]\n"
     "    listen: [\"192.0.2.53:53\"]\n",
     "site.yaml:7: services[0].listen: unknown key"},
    {"embedded_check_without_a_server",
     "    prefixes: [192.0.2.53/32]\n    checks:\n      - {kind: embedded}\n",
     "site.yaml:6: services[0].checks[0]: an embedded check is fed by a server anycastd runs"},
};

class DnsServiceErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(DnsServiceErrors, NameFileLineAndKey) {
  std::string text =
      std::string("router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: dns\n") +
      GetParam().service;
  auto result = loadConfigText(text, "site.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().str().rfind(GetParam().expected, 0), 0u)
      << "got: " << result.error().str();
}

INSTANTIATE_TEST_SUITE_P(Cases, DnsServiceErrors, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace anycast::config
