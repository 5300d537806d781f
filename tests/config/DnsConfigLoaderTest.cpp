// DnsConfigLoader: anycast-dns's YAML keys with their defaults, every error's file:line and
// key, relative zone paths, and the benchmark's command-line flags.
#include "config/DnsConfigLoader.h"

#include <gtest/gtest.h>

namespace anycast::config {
namespace {

const char* kFull = R"(listen: ["192.0.2.53:5353", "[2001:db8::53]", 127.0.0.1]
workers: {udp: 2, tcp: 3}
identity: {nsid: fra1, id-server: fra1.example, hostname-bind: hidden, version-bind: "anycast 1"}
zones:
  - {origin: example.com., file: /etc/anycast/example.zone}
  - {origin: example.net, file: zones/net.zone}
rrl: {rate: 20, slip: 3, ipv4-prefix: 16, ipv6-prefix: 48, window: 8s}
limits: {max-qps: 5000}
tcp: {idle-timeout: 2500ms, max-connections: 64}
control: {socket: /run/anycast-dns.sock, metrics: "127.0.0.1:9153"}
)";

TEST(DnsConfigLoader, EveryKey) {
  auto c = loadDnsConfigText(kFull, "/etc/anycast/dns.yaml");
  ASSERT_TRUE(c.ok()) << c.error().str();
  ASSERT_EQ(c->server.listen.size(), 3u);
  EXPECT_EQ(c->server.listen[0].address.str(), "192.0.2.53");
  EXPECT_EQ(c->server.listen[0].port, 5353);
  EXPECT_EQ(c->server.listen[1].address.str(), "2001:db8::53");
  EXPECT_EQ(c->server.listen[1].port, 53);  // the DNS port when none is given
  EXPECT_EQ(c->server.listen[2].port, 53);
  EXPECT_EQ(c->server.udpWorkers, 2u);
  EXPECT_EQ(c->server.tcpWorkers, 3u);
  EXPECT_EQ(c->identity.nsid, "fra1");
  EXPECT_EQ(c->identity.idServer, "fra1.example");
  EXPECT_EQ(c->identity.hostnameBind, std::nullopt);
  EXPECT_EQ(c->identity.versionBind, "anycast 1");
  ASSERT_EQ(c->zones.size(), 2u);
  EXPECT_EQ(c->zones[0].origin.text(), "example.com.");
  EXPECT_EQ(c->zones[0].file, "/etc/anycast/example.zone");
  EXPECT_EQ(c->zones[1].origin.text(), "example.net.");
  EXPECT_EQ(c->zones[1].file, "/etc/anycast/zones/net.zone");  // relative to the config file
  EXPECT_EQ(c->server.rrl.responsesPerSecond, 20u);
  EXPECT_EQ(c->server.rrl.slip, 3u);
  EXPECT_EQ(c->server.rrl.ipv4PrefixLength, 16);
  EXPECT_EQ(c->server.rrl.ipv6PrefixLength, 48);
  EXPECT_EQ(c->server.rrl.windowSeconds, 8u);
  EXPECT_EQ(c->maxQps, 5000u);
  EXPECT_EQ(c->server.tcp.idleTimeout, std::chrono::milliseconds(2500));
  EXPECT_EQ(c->server.tcp.maxConnections, 64u);
  EXPECT_EQ(c->control.socket, "/run/anycast-dns.sock");
  ASSERT_TRUE(c->control.metrics);
  EXPECT_EQ(c->control.metrics->port, 9153);
  EXPECT_EQ(c->path, "/etc/anycast/dns.yaml");
}

TEST(DnsConfigLoader, Defaults) {
  auto c = loadDnsConfigText("listen: [127.0.0.1]\nzones: [{origin: ., file: root.zone}]\n",
                             "dns.yaml");
  ASSERT_TRUE(c.ok()) << c.error().str();
  EXPECT_EQ(c->server.udpWorkers, 0u);  // DnsServer: one per core
  EXPECT_EQ(c->server.tcpWorkers, 1u);
  dns::Identity host = hostIdentity();
  EXPECT_FALSE(host.nsid.empty());
  EXPECT_EQ(c->identity.nsid, host.nsid);
  EXPECT_EQ(c->identity.idServer, host.nsid);
  EXPECT_EQ(c->identity.hostnameBind, host.nsid);
  EXPECT_EQ(c->identity.versionBind, std::nullopt);
  EXPECT_EQ(c->zones[0].file, "root.zone");
  EXPECT_FALSE(c->server.rrl.enabled());
  EXPECT_EQ(c->server.rrl.slip, 2u);
  EXPECT_EQ(c->server.rrl.windowSeconds, 4u);
  EXPECT_EQ(c->maxQps, 0u);
  EXPECT_EQ(c->server.tcp.idleTimeout, std::chrono::seconds(10));
  EXPECT_EQ(c->server.tcp.maxConnections, 1024u);
  EXPECT_TRUE(c->control.socket.empty());
  EXPECT_FALSE(c->control.metrics);
}

TEST(DnsConfigLoader, NsidHiddenIsEmpty) {
  auto c = loadDnsConfigText(
      "listen: [127.0.0.1]\nidentity: {nsid: hidden}\nzones: [{origin: a., file: a}]\n", "d");
  ASSERT_TRUE(c.ok()) << c.error().str();
  EXPECT_EQ(c->identity.nsid, "");
}

TEST(DnsConfigLoader, RestartFingerprintCoversTheFixedSettings) {
  const char* zones = "zones: [{origin: a., file: a}]\n";
  auto a = loadDnsConfigText(std::string("listen: [127.0.0.1]\n") + zones, "d");
  auto b = loadDnsConfigText(std::string("listen: [127.0.0.1]\nidentity: {nsid: x}\n") + zones +
                                 "  # a comment\n",
                             "d");
  auto c = loadDnsConfigText(std::string("listen: [127.0.0.2]\n") + zones, "d");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->restartFingerprint, b->restartFingerprint);
  EXPECT_NE(a->restartFingerprint, c->restartFingerprint);
}

struct ErrorCase {
  const char* text;
  const char* error;
};

class DnsConfigErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(DnsConfigErrors, NameFileLineAndKey) {
  auto c = loadDnsConfigText(GetParam().text, "dns.yaml");
  ASSERT_FALSE(c.ok()) << GetParam().text;
  EXPECT_EQ(c.error().str(), GetParam().error);
}


INSTANTIATE_TEST_SUITE_P(
    Cases, DnsConfigErrors,
    ::testing::Values(
        ErrorCase{"", "dns.yaml: the file is empty"},
        ErrorCase{"zones: [{origin: a., file: a}]\n", "dns.yaml:1: listen: is required"},
        ErrorCase{"listen: [127.0.0.1]\n", "dns.yaml:1: zones: is required"},
        ErrorCase{"listen: [127.0.0.1]\nzones: []\n", "dns.yaml:2: zones: needs at least one zone"},
        ErrorCase{"listen: []\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:1: listen: needs at least one address"},
        ErrorCase{"listen: [127.0.0.1]\nlisten-udp: 1\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: listen-udp: unknown key (known here: control, identity, limits, "
                  "listen, rrl, tcp, workers, zones)"},
        ErrorCase{"listen: [\"127.0.0.1:99999\"]\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:1: listen[0]: must be an address with optional port "
                  "(\"192.0.2.53:53\", \"[2001:db8::53]:53\"), not \"127.0.0.1:99999\""},
        ErrorCase{"listen: [127.0.0.1]\nworkers: {udp: 0}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: workers.udp: must be a number from 1 to 256, not \"0\""},
        ErrorCase{"listen: [127.0.0.1]\nworkers: {threads: 2}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: workers.threads: unknown key (known here: tcp, udp)"},
        ErrorCase{"listen: [127.0.0.1]\nidentity: {nsid: \"\"}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: identity.nsid: must be hidden or a text of 1 to 255 characters"},
        ErrorCase{"listen: [127.0.0.1]\nzones:\n  - {origin: a., file: a}\n"
                  "  - {origin: A., file: b}\n",
                  "dns.yaml:4: zones[1].origin: is listed twice"},
        ErrorCase{"listen: [127.0.0.1]\nzones:\n  - {origin: a..b, file: a}\n",
                  "dns.yaml:3: zones[0].origin: must be a domain name (\"example.com.\"), "
                  "not \"a..b\""},
        ErrorCase{"listen: [127.0.0.1]\nzones:\n  - origin: a.\n",
                  "dns.yaml:3: zones[0].file: is required"},
        ErrorCase{"listen: [127.0.0.1]\nrrl: {window: 1500ms}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: rrl.window: must be whole seconds, from 1s to 60s"},
        ErrorCase{"listen: [127.0.0.1]\nrrl: {slip: -1}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: rrl.slip: must be a number from 0 to 100, not \"-1\""},
        ErrorCase{"listen: [127.0.0.1]\nlimits: {qps: 1}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: limits.qps: unknown key (known here: max-qps)"},
        ErrorCase{"listen: [127.0.0.1]\ntcp: {idle-timeout: 10}\ntcp: {}\n"
                  "zones: [{origin: a., file: a}]\n",
                  "dns.yaml:3: tcp: appears twice"},
        ErrorCase{"listen: [127.0.0.1]\ntcp: {idle-timeout: 50ms}\nzones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: tcp.idle-timeout: must be at least 100ms"},
        ErrorCase{"listen: [127.0.0.1]\ncontrol: {metrics: 127.0.0.1}\n"
                  "zones: [{origin: a., file: a}]\n",
                  "dns.yaml:2: control.metrics: needs a port, such as 127.0.0.1:9153"}));

TEST(DnsConfigLoader, MissingFile) {
  auto c = loadDnsConfigFile("/nonexistent/dns.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().str(), "/nonexistent/dns.yaml: cannot open the file");
}

TEST(DnsConfigFlags, TheBenchmarksFlags) {
  auto c = dnsConfigFromFlags({"--listen", "127.0.0.1:5300", "--listen", "::1", "--udp-workers",
                               "2", "--tcp-workers", "1", "--zone", "example.=/z/e.zone", "--zone",
                               "example.net.=n.zone"});
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->server.listen.size(), 2u);
  EXPECT_EQ(c->server.listen[0].port, 5300);
  EXPECT_EQ(c->server.listen[1].port, 53);
  EXPECT_EQ(c->server.udpWorkers, 2u);
  EXPECT_EQ(c->server.tcpWorkers, 1u);
  ASSERT_EQ(c->zones.size(), 2u);
  EXPECT_EQ(c->zones[0].origin.text(), "example.");
  EXPECT_EQ(c->zones[0].file, "/z/e.zone");
  EXPECT_EQ(c->zones[1].file, "n.zone");
  EXPECT_TRUE(c->path.empty());
}

TEST(DnsConfigFlags, Errors) {
  auto error = [](std::vector<std::string> args) {
    auto c = dnsConfigFromFlags(args);
    return c.ok() ? std::string("ok") : c.error().message;
  };
  EXPECT_EQ(error({"--zone", "a.=a"}), "--listen: at least one is needed");
  EXPECT_EQ(error({"--listen", "127.0.0.1"}), "--zone: at least one is needed");
  EXPECT_EQ(error({"--listen", "localhost", "--zone", "a.=a"}),
            "--listen localhost: must be an address with optional port (127.0.0.1:53)");
  EXPECT_EQ(error({"--listen", "127.0.0.1", "--zone", "a."}),
            "--zone a.: must be ORIGIN=FILE (example.com.=/etc/anycast/example.zone)");
  EXPECT_EQ(error({"--listen", "127.0.0.1", "--zone", "a.=a", "--udp-workers", "0"}),
            "--udp-workers 0: must be a number from 1 to 256");
  EXPECT_EQ(error({"--listen", "127.0.0.1", "--zone", "a.=a", "--tcp-workers"}),
            "--tcp-workers: needs a value");
  EXPECT_EQ(error({"--lisen", "127.0.0.1"}), "unknown option --lisen");
}

}  // namespace
}  // namespace anycast::config
