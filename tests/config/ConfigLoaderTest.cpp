#include <gtest/gtest.h>

#include "config/ConfigLoader.h"

namespace anycast::config {
namespace {

IpAddress ip(const char* s) { return *IpAddress::parse(s); }

const char* kGood = R"(router:
  as: 65001
  router-id: 10.0.0.1
  listen: ["10.0.0.1:1179", "[2001:db8::1]"]
  always-compare-med: true
  multipath: 4
  next-hop-tracking: false
  resolve-via-default: true
control:
  socket: /tmp/a.sock
  mode: "0600"
log:
  level: debug
kernel:
  table: 1000
  metric: 64
  reconcile-interval: 10
peers:
  - name: bird
    address: 10.0.0.2
    as: 65002
    local-address: 10.0.0.1
    hold-time: 30
    connect-retry: 1
    password: s3cret
    ttl-security: true
    max-prefixes: 1000
    advertisement-interval: 5
    soft-reconfiguration: true
    role: provider
    import: from-upstream
    export: to-upstream
    gao-rexford: false
    graceful-shutdown-local-pref: 10
  - name: frr
    address: 2001:db8::2
    as: 1.10
    passive: true
    graceful-shutdown-local-pref: off
policy:
  from-upstream:
    terms:
      - name: bogons
        match:
          prefix: ["192.0.2.0/24 le 32", "2001:db8::/32 ge 48 le 64"]
        then: {action: reject}
      - name: tag
        match:
          community: ["65002:1", no-export]
          large-community: ["65002:*:*"]
          as-path-contains: 65003
          origin-as: 65004
          neighbour-as: 65002
          as-path-length: {min: 1, max: 5}
          as-path-regex: "_65002$"
          next-hop: 10.0.0.2
          family: ipv4
        then:
          local-pref: 150
          med: 5
          replace-communities: []
          remove-communities: ["65002:1"]
          add-communities: ["65001:2"]
          replace-large-communities: ["65001:0:0"]
          remove-large-communities: ["65002:*:*"]
          add-large-communities: ["65001:1:1"]
          prepend: 2
          next-hop: self
      - match: {next-hop: 10.0.0.0/8}
        then: {next-hop: 10.0.0.9, action: accept}
    default: reject
  to-upstream: {}
announce:
  - prefix: 192.0.2.0/24
    communities: ["65001:100", no-export, graceful-shutdown]
    large-communities: ["65001:1:2"]
    med: 10
  - prefix: 2001:db8:a::/48
    next-hop: 2001:db8::1
)";

TEST(ConfigLoader, ReadsEveryKey) {
  auto result = loadConfigText(kGood, "good.yaml");
  ASSERT_TRUE(result.ok()) << result.error().str();
  const DaemonConfig& c = *result;
  EXPECT_EQ(c.router.as, 65001u);
  EXPECT_EQ(c.router.routerId.str(), "10.0.0.1");
  ASSERT_EQ(c.router.listen.size(), 2u);
  EXPECT_EQ(c.router.listen[0].str(), "10.0.0.1:1179");
  EXPECT_EQ(c.router.listen[1].str(), "[2001:db8::1]:179");
  EXPECT_TRUE(c.router.alwaysCompareMed);
  EXPECT_EQ(c.router.multipath, 4u);
  EXPECT_FALSE(c.router.nextHopTracking);
  EXPECT_TRUE(c.router.resolveViaDefault);
  EXPECT_EQ(c.control.socket, "/tmp/a.sock");
  EXPECT_EQ(c.control.mode, 0600u);
  EXPECT_EQ(c.log.level, LogLevel::kDebug);
  ASSERT_TRUE(c.kernel);
  EXPECT_EQ(c.kernel->table, 1000u);
  EXPECT_EQ(c.kernel->metric, 64u);
  EXPECT_EQ(c.kernel->protocol, fib::kProtocolAnycast);
  EXPECT_EQ(c.kernel->reconcileInterval, std::chrono::seconds(10));
  ASSERT_EQ(c.peers.size(), 2u);
  const auto& bird = c.peers[0].session;
  EXPECT_EQ(bird.name, "bird");
  EXPECT_EQ(bird.remoteAs, 65002u);
  EXPECT_EQ(bird.localAs, 65001u);
  EXPECT_EQ(bird.holdTime, 30);
  EXPECT_EQ(bird.connectRetry, std::chrono::seconds(1));
  EXPECT_EQ(bird.md5Password, "s3cret");
  EXPECT_TRUE(bird.gtsm);
  EXPECT_EQ(bird.maxPrefixes, 1000u);
  EXPECT_EQ(c.peers[0].mrai, std::chrono::seconds(5));
  EXPECT_EQ(c.peers[1].mrai, Duration::zero());  // default: off
  EXPECT_TRUE(c.peers[0].softReconfiguration);
  EXPECT_FALSE(c.peers[1].softReconfiguration);
  EXPECT_EQ(bird.role, bgp::Role::kProvider);
  EXPECT_EQ(c.peers[1].session.remoteAs, 65546u);  // asdot 1.10
  EXPECT_TRUE(c.peers[1].session.passive);
  EXPECT_EQ(c.peers[0].policy.role, bgp::Role::kProvider);
  EXPECT_FALSE(c.peers[0].policy.gaoRexford);
  EXPECT_EQ(c.peers[0].policy.gracefulShutdownLocalPref, 10u);
  EXPECT_TRUE(c.peers[1].policy.gaoRexford);  // the library's defaults
  EXPECT_FALSE(c.peers[1].policy.gracefulShutdownLocalPref);
  EXPECT_TRUE(c.peers[1].policy.importFilter.terms.empty());
  EXPECT_EQ(c.peers[1].policy.importFilter.defaultDisposition, bgp::policy::Disposition::kAccept);
  const auto& in = c.peers[0].policy.importFilter;
  EXPECT_EQ(in.defaultDisposition, bgp::policy::Disposition::kReject);
  ASSERT_EQ(in.terms.size(), 3u);
  EXPECT_EQ(in.terms[0].name, "bogons");
  ASSERT_EQ(in.terms[0].matches.size(), 1u);
  EXPECT_EQ(std::get<bgp::policy::MatchPrefix>(in.terms[0].matches[0]).list.size(), 2u);
  EXPECT_EQ(in.terms[0].disposition, bgp::policy::Disposition::kReject);
  EXPECT_EQ(in.terms[1].matches.size(), 10u);  // two communities, one of each other kind
  EXPECT_EQ(in.terms[1].actions.size(), 10u);
  EXPECT_FALSE(in.terms[1].disposition);
  EXPECT_EQ(std::get<bgp::policy::PrependOwnAs>(in.terms[1].actions[8]).count, 2);
  EXPECT_FALSE(std::get<bgp::policy::SetNextHop>(in.terms[1].actions[9]).address);  // self
  EXPECT_EQ(in.terms[2].name, "terms[2]");
  EXPECT_EQ(std::get<bgp::policy::SetNextHop>(in.terms[2].actions[0]).address, ip("10.0.0.9"));
  EXPECT_EQ(std::get<bgp::policy::MatchNextHop>(in.terms[2].matches[0]).prefix.str(), "10.0.0.0/8");
  EXPECT_TRUE(c.peers[0].policy.exportFilter.terms.empty());
  ASSERT_EQ(c.announce.size(), 2u);
  EXPECT_EQ(c.announce[0].communities, (std::vector<uint32_t>{0xFDE90064, bgp::community::kNoExport,
                                                              bgp::community::kGracefulShutdown}));
  EXPECT_EQ(c.announce[0].largeCommunities[0], (bgp::LargeCommunity{65001, 1, 2}));
  EXPECT_EQ(c.announce[0].med, 10u);
  EXPECT_FALSE(c.announce[0].nextHop);
  EXPECT_EQ(c.announce[1].nextHop->str(), "2001:db8::1");
}

// RFC 4456: the cluster id (IPv4 form or a number; default the router id) and which iBGP
// peers are our route-reflector clients (default none).
TEST(ConfigLoader, ReadsRouteReflection) {
  const char* text = R"(router:
  as: 65001
  router-id: 10.0.0.1
  cluster-id: 10.255.0.1
peers:
  - {name: client, address: 10.0.0.2, as: 65001, route-reflector-client: true}
  - {name: core, address: 10.0.0.3, as: 65001}
)";
  auto result = loadConfigText(text, "rr.yaml");
  ASSERT_TRUE(result.ok()) << result.error().str();
  EXPECT_EQ(result->router.clusterId, ip("10.255.0.1").v4HostOrder());
  ASSERT_EQ(result->peers.size(), 2u);
  EXPECT_TRUE(result->peers[0].routeReflectorClient);
  EXPECT_FALSE(result->peers[1].routeReflectorClient);

  auto numeric = loadConfigText("router: {as: 1, router-id: 1.1.1.1, cluster-id: 42}\n", "n.yaml");
  ASSERT_TRUE(numeric.ok()) << numeric.error().str();
  EXPECT_EQ(numeric->router.clusterId, 42u);
  auto unset = loadConfigText("router: {as: 1, router-id: 1.1.1.1}\n", "u.yaml");
  ASSERT_TRUE(unset.ok()) << unset.error().str();
  EXPECT_FALSE(unset->router.clusterId);  // the daemon uses the router id
}

struct BadCase {
  const char* name;
  const char* text;
  const char* expected;  // the whole "file:line: key: message" must contain this
};

class ConfigErrors : public ::testing::TestWithParam<BadCase> {};

TEST_P(ConfigErrors, NameFileLineAndKey) {
  auto result = loadConfigText(GetParam().text, "site.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().str().find(GetParam().expected), std::string::npos)
      << "got: " << result.error().str();
}

const BadCase kBadCases[] = {
    {"empty", "", "site.yaml: the file is empty"},
    {"no_router", "peers: []\n", "router: is required"},
    {"unknown_top", "router: {as: 1, router-id: 1.1.1.1}\nrouterr: 1\n",
     "site.yaml:2: routerr: unknown key"},
    {"bad_as", "router:\n  as: sixty\n  router-id: 1.1.1.1\n",
     "site.yaml:2: router.as: must be an AS number"},
    {"zero_as", "router:\n  as: 0\n  router-id: 1.1.1.1\n", "router.as: must be an AS number"},
    {"v6_router_id", "router:\n  as: 1\n  router-id: 2001:db8::1\n",
     "site.yaml:3: router.router-id: must be a non-zero IPv4"},
    {"bad_listen", "router:\n  as: 1\n  router-id: 1.1.1.1\n  listen: [\"1.2.3:179\"]\n",
     "router.listen[0]: must be an address"},
    {"peer_missing_as",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - name: x\n    address: 10.0.0.1\n",
     "site.yaml:3: peers[0].as: is required"},
    {"peer_bad_hold",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - name: x\n    address: 10.0.0.1\n    as: 2\n"
     "    hold-time: 2\n",
     "site.yaml:6: peers[0].hold-time: must be 0 or at least 3 seconds"},
    {"router_bad_multipath", "router:\n  as: 1\n  router-id: 1.1.1.1\n  multipath: 0\n",
     "site.yaml:4: router.multipath: must be a number from 1 to 64"},
    {"peer_bad_mrai",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - name: x\n    address: 10.0.0.1\n    as: 2\n"
     "    advertisement-interval: 601\n",
     "site.yaml:6: peers[0].advertisement-interval: must be a number from 0 to 600"},
    {"peer_typo",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - name: x\n    address: 10.0.0.1\n    as: 2\n"
     "    pasive: true\n",
     "site.yaml:6: peers[0].pasive: unknown key"},
    {"peer_dup_name",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - {name: x, address: 10.0.0.1, as: 2}\n"
     "  - {name: x, address: 10.0.0.2, as: 2}\n",
     "site.yaml:4: peers[1].name: is used by another peer"},
    {"peer_family_mismatch",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - {name: x, address: 10.0.0.1, as: 2, "
     "local-address: \"2001:db8::1\"}\n",
     "peers[0].local-address: must be of the same family"},
    {"peer_bad_role",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n  - {name: x, address: 10.0.0.1, as: 2, "
     "role: boss}\n",
     "peers[0].role: must be one of provider"},
    {"prefix_host_bits",
     "router: {as: 1, router-id: 1.1.1.1}\nannounce:\n  - prefix: 192.0.2.1/24\n",
     "site.yaml:3: announce[0].prefix: must be a prefix with no host bits set"},
    {"bad_community",
     "router: {as: 1, router-id: 1.1.1.1}\nannounce:\n  - prefix: 192.0.2.0/24\n"
     "    communities: [\"70000:1\"]\n",
     "site.yaml:4: announce[0].communities[0]: must be a community"},
    {"bad_large",
     "router: {as: 1, router-id: 1.1.1.1}\nannounce:\n  - prefix: 192.0.2.0/24\n"
     "    large-communities: [\"1:2\"]\n",
     "announce[0].large-communities[0]: must be a large community"},
    {"dup_prefix",
     "router: {as: 1, router-id: 1.1.1.1}\nannounce:\n  - prefix: 192.0.2.0/24\n"
     "  - prefix: 192.0.2.0/24\n",
     "site.yaml:4: announce[1].prefix: is announced twice"},
    {"yaml_syntax", "router: {as: 1\n", "site.yaml:"},
    {"kernel_protocol_reserved", "router: {as: 1, router-id: 1.1.1.1}\nkernel: {protocol: 2}\n",
     "site.yaml:2: kernel.protocol: must be a number from 5 to 255"},
    {"bad_log_level", "router: {as: 1, router-id: 1.1.1.1}\nlog: {level: loud}\n",
     "site.yaml:2: log.level: must be debug, info, warn or error"},
    // policy: and the policy keys of peers
    {"policy_not_a_map", "router: {as: 1, router-id: 1.1.1.1}\npolicy: [a]\n",
     "site.yaml:2: policy: must be a mapping"},
    {"policy_defined_twice",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f: {default: accept}\n"
     "  f: {default: reject}\n",
     "site.yaml:4: policy.f: appears twice"},
    {"filter_typo", "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f: {term: []}\n",
     "site.yaml:3: policy.f.term: unknown key"},
    {"term_typo",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n      - nme: x\n",
     "site.yaml:5: policy.f.terms[0].nme: unknown key"},
    {"match_typo",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {prefixes: []}\n",
     "site.yaml:5: policy.f.terms[0].match.prefixes: unknown key"},
    {"then_typo",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {localpref: 1}\n",
     "site.yaml:5: policy.f.terms[0].then.localpref: unknown key"},
    {"bad_prefix_entry",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  from-upstream:\n"
     "    terms:\n      - match:\n          prefix:\n            - 192.0.2.0/24 le 32\n"
     "            - 192.0.2.0/24 le 16\n",
     "site.yaml:8: policy.from-upstream.terms[0].match.prefix[1]: prefix list entry"},
    {"empty_prefix_list",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {prefix: []}\n",
     "site.yaml:5: policy.f.terms[0].match.prefix: must not be empty"},
    {"bad_match_community",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {community: [\"1:2:3\"]}\n",
     "site.yaml:5: policy.f.terms[0].match.community[0]: must be a community"},
    {"bad_large_pattern",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {large-community: [\"65001:*\"]}\n",
     "policy.f.terms[0].match.large-community[0]: large community"},
    {"bad_origin_as",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {origin-as: 0}\n",
     "site.yaml:5: policy.f.terms[0].match.origin-as: must be an AS number"},
    {"bad_path_length",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {as-path-length: {min: 5, max: 2}}\n",
     "policy.f.terms[0].match.as-path-length: min must not be above max"},
    {"bad_regex",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {as-path-regex: \"(65001\"}\n",
     "site.yaml:5: policy.f.terms[0].match.as-path-regex: as-path regex"},
    {"bad_match_next_hop",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {next-hop: self}\n",
     "policy.f.terms[0].match.next-hop: must be a prefix or an address"},
    {"bad_family",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - match: {family: ipx}\n",
     "site.yaml:5: policy.f.terms[0].match.family: must be ipv4 or ipv6"},
    {"bad_local_pref",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {local-pref: high}\n",
     "site.yaml:5: policy.f.terms[0].then.local-pref: must be a number"},
    {"bad_prepend",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {prepend: 300}\n",
     "policy.f.terms[0].then.prepend: must be a number from 1 to 255"},
    {"bad_then_next_hop",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {next-hop: me}\n",
     "site.yaml:5: policy.f.terms[0].then.next-hop: must be an IPv4 or IPv6 address"},
    {"bad_add_large",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {add-large-communities: [\"1:*:2\"]}\n",
     "policy.f.terms[0].then.add-large-communities[0]: must be a large community"},
    {"bad_action",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f:\n    terms:\n"
     "      - then: {action: drop}\n",
     "site.yaml:5: policy.f.terms[0].then.action: must be accept or reject"},
    {"bad_default", "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f: {default: deny}\n",
     "site.yaml:3: policy.f.default: must be accept or reject"},
    {"unknown_import",
     "router: {as: 1, router-id: 1.1.1.1}\npolicy:\n  f: {}\npeers:\n"
     "  - {name: x, address: 10.0.0.1, as: 2, import: g}\n",
     "site.yaml:5: peers[0].import: no filter named \"g\" in policy (known: f)"},
    {"unknown_export",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - {name: x, address: 10.0.0.1, as: 2, export: g}\n",
     "site.yaml:3: peers[0].export: no filter named \"g\" in policy (known: none)"},
    {"bad_gao_rexford",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - {name: x, address: 10.0.0.1, as: 2, gao-rexford: maybe}\n",
     "peers[0].gao-rexford: must be true or false"},
    {"bad_gshut_local_pref",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - {name: x, address: 10.0.0.1, as: 2, graceful-shutdown-local-pref: low}\n",
     "peers[0].graceful-shutdown-local-pref: must be a number"},
    {"role_on_ibgp",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - name: x\n    address: 10.0.0.1\n    as: 1\n    role: customer\n",
     "site.yaml:6: peers[0].role: must not be set on an iBGP peer"},
    {"route_reflector_client_on_ebgp",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - name: x\n    address: 10.0.0.1\n    as: 2\n    route-reflector-client: true\n",
     "site.yaml:6: peers[0].route-reflector-client: must not be set on an eBGP peer"},
    {"route_reflector_client_not_boolean",
     "router: {as: 1, router-id: 1.1.1.1}\npeers:\n"
     "  - name: x\n    address: 10.0.0.1\n    as: 1\n    route-reflector-client: yes-please\n",
     "site.yaml:6: peers[0].route-reflector-client: must be true or false"},
    {"bad_cluster_id", "router:\n  as: 1\n  router-id: 1.1.1.1\n  cluster-id: 2001:db8::1\n",
     "site.yaml:4: router.cluster-id: must be a non-zero identifier"},
    {"zero_cluster_id", "router:\n  as: 1\n  router-id: 1.1.1.1\n  cluster-id: 0.0.0.0\n",
     "site.yaml:4: router.cluster-id: must be a non-zero identifier"},
    {"service_without_prefixes", "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: dns\n",
     "site.yaml:3: services[0].prefixes: is required"},
    {"service_bad_prefix",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: dns\n    prefixes: "
     "[192.0.2.1/33]\n",
     "site.yaml:4: services[0].prefixes[0]: must be a prefix"},
    {"service_twice",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - {name: a, prefixes: [192.0.2.1/32]}\n"
     "  - {name: a, prefixes: [192.0.2.2/32]}\n",
     "site.yaml:4: services[1].name: is used by another service"},
    {"service_prefix_twice",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - {name: a, prefixes: [192.0.2.1/32]}\n"
     "  - {name: b, prefixes: [192.0.2.1/32]}\n",
     "services[1].prefixes: 192.0.2.1/32 is announced by another service"},
    {"check_unknown_kind",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: a\n    prefixes: [192.0.2.1/32]\n"
     "    checks:\n      - {kind: ping}\n",
     "site.yaml:6: services[0].checks[0].kind: must be one of dns, http, tcp, exec, process"},
    {"check_key_of_another_kind",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: a\n    prefixes: [192.0.2.1/32]\n"
     "    checks:\n      - {kind: tcp, port: 53, query: example.}\n",
     "services[0].checks[0].query: unknown key"},
    {"check_bad_interval",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: a\n    prefixes: [192.0.2.1/32]\n"
     "    checks:\n      - kind: tcp\n        port: 53\n        interval: 1ms\n",
     "site.yaml:8: services[0].checks[0].interval: must be at least 10ms"},
    {"check_dns_without_query",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: a\n    prefixes: [192.0.2.1/32]\n"
     "    checks:\n      - kind: dns\n",
     "site.yaml:6: services[0].checks[0]: a dns check needs a query name"},
    {"check_names_clash",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n  - name: a\n    prefixes: [192.0.2.1/32]\n"
     "    checks:\n      - {kind: tcp, port: 1}\n      - {kind: tcp, port: 2}\n",
     "services[0].checks[1].name: another check of this service has the name \"tcp\""},
    {"unknown_dependency",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n"
     "  - {name: a, prefixes: [192.0.2.1/32], depends-on: [b]}\n",
     "services[0].depends-on: no service is named \"b\""},
    {"dependency_cycle",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n"
     "  - {name: a, prefixes: [192.0.2.1/32], depends-on: [b]}\n"
     "  - {name: b, prefixes: [192.0.2.2/32], depends-on: [a]}\n",
     "services[0].depends-on: depending on b makes a cycle"},
    {"bad_on_failure",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n"
     "  - {name: a, prefixes: [192.0.2.1/32], on-failure: panic}\n",
     "site.yaml:3: services[0].on-failure: must be withdraw or de-prefer"},
    {"bad_drain_duration",
     "router: {as: 1, router-id: 1.1.1.1}\nservices:\n"
     "  - name: a\n    prefixes: [192.0.2.1/32]\n    drain: {duration: soon}\n",
     "site.yaml:5: services[0].drain.duration: must be a duration such as 100ms, 2s or 1m"},
    {"duplicate_key",
     "router: {as: 1, router-id: 1.1.1.1}\nlog: {level: info}\nlog: {level: debug}\n",
     "site.yaml:3: log: appears twice"},
    {"bad_on_exit", "router: {as: 1, router-id: 1.1.1.1}\nsite: {on-exit: linger}\n",
     "site.yaml:2: site.on-exit: must be withdraw or keep"},
};

TEST(ConfigLoader, ReadsServicesWithTheirChecksAndBehaviour) {
  auto result = loadConfigText(R"(router: {as: 65010, router-id: 10.0.0.1}
site: {on-exit: keep}
services:
  - name: dns
    prefixes: [192.0.2.53/32, 2001:db8::53/128, 198.51.100.0/24]
    checks:
      - kind: dns
        address: 127.0.0.1
        port: 5353
        query: example.com.
        type: SOA
        rcode: NOERROR
        interval: 250ms
        timeout: 0.2s
        rise: 2
        fall: 1
      - {name: server, kind: process, pidfile: /run/knot/knot.pid}
    overload-checks:
      - {name: load, kind: exec, command: [/usr/local/bin/load-ok, "--max", "0.9"]}
    announce: {communities: ["65010:53"], med: 10}
    on-failure: de-prefer
    de-prefer: {med: 500, prepend: 2}
    on-overload: withdraw
    drain: {graceful-shutdown: false, prepend: 3, duration: 2m}
    flap: {hold-down: 2s, max-hold-down: 1m, stable-after: 1m}
    drain-file: /run/anycastd/drain-dns
  - name: web
    prefixes: [192.0.2.80/32]
    depends-on: [dns]
    interface: anycast0
    manage-addresses: false
)",
                               "site.yaml");
  ASSERT_TRUE(result.ok()) << result.error().str();
  const auto& c = *result;
  EXPECT_FALSE(c.withdrawOnExit);
  ASSERT_EQ(c.services.size(), 2u);
  const site::ServiceConfig& dns = c.services[0];
  EXPECT_EQ(dns.prefixes.size(), 3u);
  // The host prefixes are the addresses; the /24 is only announced.
  EXPECT_EQ(dns.addresses, (std::vector<Prefix>{*Prefix::parse("192.0.2.53/32"),
                                                *Prefix::parse("2001:db8::53/128")}));
  EXPECT_EQ(dns.interface, "lo");
  ASSERT_EQ(dns.checks.size(), 2u);
  EXPECT_EQ(dns.checks[0].name, "dns");
  EXPECT_EQ(dns.checks[0].port, 5353);
  EXPECT_EQ(dns.checks[0].dns.name, "example.com.");
  EXPECT_EQ(dns.checks[0].dns.type, health::kTypeSoa);
  EXPECT_EQ(dns.checks[0].interval, Duration(250));
  EXPECT_EQ(dns.checks[0].timeout, Duration(200));
  EXPECT_EQ(dns.checks[0].rise, 2u);
  EXPECT_EQ(dns.checks[1].process.pidfile, "/run/knot/knot.pid");
  ASSERT_EQ(dns.overloadChecks.size(), 1u);
  EXPECT_EQ(dns.overloadChecks[0].exec.argv.size(), 3u);
  EXPECT_EQ(dns.announce.med, 10u);
  EXPECT_EQ(dns.onFailure, site::FailureAction::kDeprefer);
  EXPECT_EQ(dns.deprefer.prepend, 2u);
  EXPECT_EQ(dns.onOverload, site::OverloadAction::kWithdraw);
  EXPECT_FALSE(dns.drain.gracefulShutdown);
  EXPECT_EQ(dns.drain.duration, std::chrono::minutes(2));
  EXPECT_EQ(dns.flap.maxHoldDown, std::chrono::minutes(1));
  EXPECT_EQ(dns.drainFile, "/run/anycastd/drain-dns");
  EXPECT_EQ(c.services[1].dependsOn, std::vector<std::string>{"dns"});
  EXPECT_FALSE(c.services[1].manageAddresses);
}

INSTANTIATE_TEST_SUITE_P(Cases, ConfigErrors, ::testing::ValuesIn(kBadCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigLoader, MissingFileIsAClearError) {
  auto result = loadConfigFile("/nonexistent/anycastd.yaml");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().str(), "/nonexistent/anycastd.yaml: cannot open the file");
}

TEST(ValueParsers, Communities) {
  EXPECT_EQ(parseCommunity("65535:65535"), 0xFFFFFFFFu);
  EXPECT_EQ(parseCommunity("no-advertise"), bgp::community::kNoAdvertise);
  EXPECT_EQ(parseCommunity("no-export"), 0xFFFFFF01u);  // RFC 1997
  EXPECT_EQ(parseCommunity("no-export-subconfed"), 0xFFFFFF03u);
  EXPECT_EQ(parseCommunity("graceful-shutdown"), 0xFFFF0000u);  // RFC 8326
  EXPECT_FALSE(parseCommunity("65536:1"));
  EXPECT_FALSE(parseCommunity("1:2:3"));
  EXPECT_FALSE(parseCommunity("a:b"));
  EXPECT_EQ(parseLargeCommunity("4294967295:0:1"), (bgp::LargeCommunity{4294967295u, 0, 1}));
  EXPECT_FALSE(parseLargeCommunity("4294967296:0:1"));
}

TEST(ValueParsers, Identifiers) {
  EXPECT_EQ(parseIdentifier("10.255.0.1"), 0x0aff0001u);
  EXPECT_EQ(parseIdentifier("4294967295"), 0xffffffffu);
  EXPECT_FALSE(parseIdentifier("0"));
  EXPECT_FALSE(parseIdentifier("0.0.0.0"));
  EXPECT_FALSE(parseIdentifier("4294967296"));
  EXPECT_FALSE(parseIdentifier("2001:db8::1"));
  EXPECT_FALSE(parseIdentifier("ten"));
}

TEST(ValueParsers, Endpoints) {
  EXPECT_EQ(parseEndpoint("[::]:1179")->str(), "[::]:1179");
  EXPECT_EQ(parseEndpoint("2001:db8::1")->str(), "[2001:db8::1]:179");
  EXPECT_EQ(parseEndpoint("127.0.0.1:80")->str(), "127.0.0.1:80");
  EXPECT_FALSE(parseEndpoint("127.0.0.1:99999"));
  EXPECT_FALSE(parseEndpoint("[::1"));
}

// The configs users copy (examples/) are valid.
TEST(ConfigLoader, ExamplesAreValid) {
  for (const char* name :
       {"anycastd-site.yaml", "anycastd-router.yaml", "anycastd-site-dns.yaml"}) {
    auto result = loadConfigFile(std::string(ANYCAST_SOURCE_DIR) + "/examples/" + name);
    EXPECT_TRUE(result.ok()) << name << ": " << (result.ok() ? "" : result.error().str());
  }
}

}  // namespace
}  // namespace anycast::config
