#include "config/ConfigLoader.h"

#include <set>
#include <sstream>

#include "config/PolicyLoader.h"
#include "config/ServiceLoader.h"
#include "config/YamlReader.h"

namespace anycast::config {
namespace {

void readRouter(const YamlReader& r, const YAML::Node& node, RouterConfig& out) {
  r.checkKeys(node, "router",
              {"as", "router-id", "cluster-id", "listen", "always-compare-med", "multipath",
               "next-hop-tracking", "resolve-via-default"});
  if (!node["as"]) r.fail(node, "router.as", "is required");
  out.as = r.asNumber(node["as"], "router.as");
  if (!node["router-id"]) r.fail(node, "router.router-id", "is required");
  out.routerId = r.address(node["router-id"], "router.router-id");
  if (!out.routerId.isV4() || out.routerId.isUnspecified())
    r.fail(node["router-id"], "router.router-id", "must be a non-zero IPv4-style identifier");
  if (auto n = node["cluster-id"])
    out.clusterId =
        r.parsed(n, "router.cluster-id", parseIdentifier(r.scalar(n, "router.cluster-id")),
                 "a non-zero identifier in IPv4 form (\"10.255.0.1\") or a number");
  if (auto n = node["always-compare-med"])
    out.alwaysCompareMed = r.boolean(n, "router.always-compare-med");
  if (auto n = node["multipath"]) out.multipath = r.number(n, "router.multipath", 1, 64);
  if (auto n = node["next-hop-tracking"])
    out.nextHopTracking = r.boolean(n, "router.next-hop-tracking");
  if (auto n = node["resolve-via-default"])
    out.resolveViaDefault = r.boolean(n, "router.resolve-via-default");
  if (node["listen"]) {
    out.listen.clear();
    r.list(node["listen"], "router.listen", [&](const YAML::Node& n, const std::string& key) {
      out.listen.push_back(r.parsed(n, key, parseEndpoint(r.scalar(n, key)),
                                    "an address with optional port (\"[::]:179\")"));
    });
  }
}

void readControl(const YamlReader& r, const YAML::Node& node, ControlConfig& out) {
  r.checkKeys(node, "control", {"socket", "mode", "metrics"});
  if (node["socket"]) out.socket = r.scalar(node["socket"], "control.socket");
  if (auto n = node["metrics"]) {
    out.metrics = r.parsed(n, "control.metrics", parseEndpoint(r.scalar(n, "control.metrics")),
                           "an address and port such as 127.0.0.1:9180 or [::1]:9180");
    if (n.Scalar().find(':') == std::string::npos || n.Scalar().back() == ']')
      r.fail(n, "control.metrics", "needs a port, such as 127.0.0.1:9180");
  }
  if (node["mode"]) {
    auto text = r.scalar(node["mode"], "control.mode");
    char* end = nullptr;
    unsigned long mode = std::strtoul(text.c_str(), &end, 8);
    if (text.empty() || *end || mode > 0777)
      r.fail(node["mode"], "control.mode", "must be an octal file mode such as 0660");
    out.mode = static_cast<unsigned>(mode);
  }
}

void readLog(const YamlReader& r, const YAML::Node& node, LogConfig& out) {
  r.checkKeys(node, "log", {"level"});
  if (auto n = node["level"])
    out.level = r.oneOf<LogLevel>(n, "log.level",
                                  {{"debug", LogLevel::kDebug},
                                   {"info", LogLevel::kInfo},
                                   {"warn", LogLevel::kWarn},
                                   {"error", LogLevel::kError}});
}

std::optional<bgp::Role> parseRole(const std::string& text) {
  if (text == "provider") return bgp::Role::kProvider;
  if (text == "customer") return bgp::Role::kCustomer;
  if (text == "peer") return bgp::Role::kPeer;
  if (text == "rs") return bgp::Role::kRs;
  if (text == "rs-client") return bgp::Role::kRsClient;
  return std::nullopt;
}

bgp::PeerConfig readSession(const YamlReader& r, const YAML::Node& node, const std::string& key,
                            const RouterConfig& router) {
  bgp::PeerConfig p;
  p.localAs = router.as;
  p.routerId = router.routerId.v4HostOrder();
  for (const char* required : {"name", "address", "as"})
    if (!node[required]) r.fail(node, YamlReader::join(key, required), "is required");
  p.name = r.scalar(node["name"], key + ".name");
  p.remoteAddress = r.address(node["address"], key + ".address");
  p.remoteAs = r.asNumber(node["as"], key + ".as");
  if (auto n = node["local-address"]) {
    p.localAddress = r.address(n, key + ".local-address");
    if (p.localAddress->family() != p.remoteAddress.family())
      r.fail(n, key + ".local-address", "must be of the same family as address");
  }
  if (auto n = node["port"])
    p.remotePort = static_cast<uint16_t>(r.number(n, key + ".port", 1, 65535));
  if (auto n = node["local-port"])
    p.localPort = static_cast<uint16_t>(r.number(n, key + ".local-port", 0, 65535));
  if (auto n = node["passive"]) p.passive = r.boolean(n, key + ".passive");
  if (auto n = node["hold-time"]) {
    // RFC 4271 §4.2: zero, or at least three seconds.
    uint32_t hold = r.number(n, key + ".hold-time", 0, 65535);
    if (hold == 1 || hold == 2) r.fail(n, key + ".hold-time", "must be 0 or at least 3 seconds");
    p.holdTime = static_cast<uint16_t>(hold);
  }
  if (auto n = node["connect-retry"])
    p.connectRetry = std::chrono::seconds(r.number(n, key + ".connect-retry", 1, 3600));
  if (auto n = node["password"]) {
    p.md5Password = r.scalar(n, key + ".password");
    if (p.md5Password.size() > 80)  // TCP_MD5SIG_MAXKEYLEN
      r.fail(n, key + ".password", "must be at most 80 characters");
  }
  if (auto n = node["ttl-security"]) p.gtsm = r.boolean(n, key + ".ttl-security");
  if (auto n = node["max-prefixes"])
    p.maxPrefixes = r.number(n, key + ".max-prefixes", 0, UINT32_MAX);
  if (auto n = node["role"]) {
    p.role = r.parsed(n, key + ".role", parseRole(r.scalar(n, key + ".role")),
                      "one of provider, customer, peer, rs, rs-client");
    // RFC 9234 §4: roles describe the relationship between two ASes.
    if (p.isInternal())
      r.fail(n, key + ".role", "must not be set on an iBGP peer (as is router.as)");
  }
  return p;
}

NeighbourConfig readPeer(const YamlReader& r, const YAML::Node& node, const std::string& key,
                         const RouterConfig& router, const NamedFilters& filters) {
  r.checkKeys(node, key,
              {"name",
               "address",
               "as",
               "local-address",
               "port",
               "local-port",
               "passive",
               "hold-time",
               "connect-retry",
               "password",
               "ttl-security",
               "max-prefixes",
               "role",
               "import",
               "export",
               "gao-rexford",
               "graceful-shutdown-local-pref",
               "advertisement-interval",
               "route-reflector-client",
               "soft-reconfiguration"});
  NeighbourConfig peer;
  peer.session = readSession(r, node, key, router);
  peer.policy = readPeerPolicy(r, node, key, filters, peer.session.role);
  if (auto n = node["advertisement-interval"])
    peer.mrai = std::chrono::seconds(r.number(n, key + ".advertisement-interval", 0, 600));
  if (auto n = node["soft-reconfiguration"])
    peer.softReconfiguration = r.boolean(n, key + ".soft-reconfiguration");
  if (auto n = node["route-reflector-client"]) {
    // RFC 4456 §6: reflection is between iBGP peers.
    if (!peer.session.isInternal())
      r.fail(n, key + ".route-reflector-client",
             "must not be set on an eBGP peer (as is not router.as)");
    peer.routeReflectorClient = r.boolean(n, key + ".route-reflector-client");
  }
  return peer;
}

Announcement readAnnouncement(const YamlReader& r, const YAML::Node& node, const std::string& key) {
  r.checkKeys(node, key, {"prefix", "next-hop", "communities", "large-communities", "med"});
  Announcement a;
  if (!node["prefix"]) r.fail(node, key + ".prefix", "is required");
  a.prefix = r.parsed(node["prefix"], key + ".prefix",
                      Prefix::parse(r.scalar(node["prefix"], key + ".prefix")),
                      "a prefix with no host bits set (\"192.0.2.0/24\")");
  if (auto n = node["next-hop"]) a.nextHop = r.addressOrSelf(n, key + ".next-hop");
  if (auto n = node["communities"]) a.communities = r.communities(n, key + ".communities");
  if (auto n = node["large-communities"])
    a.largeCommunities = r.largeCommunities(n, key + ".large-communities");
  if (auto n = node["med"]) a.med = r.number(n, key + ".med", 0, UINT32_MAX);
  return a;
}

fib::KernelFibConfig readKernel(const YamlReader& r, const YAML::Node& node) {
  r.checkKeys(node, "kernel", {"table", "protocol", "metric", "reconcile-interval"});
  fib::KernelFibConfig k;
  if (auto n = node["table"]) k.table = r.number(n, "kernel.table", 1, UINT32_MAX - 1);
  if (auto n = node["protocol"])
    k.protocol = static_cast<uint8_t>(r.number(n, "kernel.protocol", 5, 255));  // 0-4: kernel's own
  if (auto n = node["metric"]) k.metric = r.number(n, "kernel.metric", 0, UINT32_MAX);
  if (auto n = node["reconcile-interval"])
    k.reconcileInterval = std::chrono::seconds(r.number(n, "kernel.reconcile-interval", 1, 86400));
  return k;
}

DaemonConfig readDaemonConfig(const YamlReader& r, const YAML::Node& root) {
  DaemonConfig config;
  config.path = r.file();
  if (!root.IsDefined() || root.IsNull()) r.fail(root, "", "the file is empty");
  r.checkKeys(
      root, "",
      {"router", "control", "log", "kernel", "policy", "peers", "announce", "services", "site"});
  if (!root["router"]) r.fail(root, "router", "is required");
  readRouter(r, root["router"], config.router);
  if (root["control"]) readControl(r, root["control"], config.control);
  if (root["log"]) readLog(r, root["log"], config.log);
  if (root["kernel"]) config.kernel = readKernel(r, root["kernel"]);
  NamedFilters filters;
  if (root["policy"]) filters = readFilters(r, root["policy"]);
  std::set<std::string> names;
  std::set<IpAddress> addresses;
  if (root["peers"])
    r.list(root["peers"], "peers", [&](const YAML::Node& n, const std::string& key) {
      auto peer = readPeer(r, n, key, config.router, filters);
      peer.fingerprint = YAML::Dump(n);
      for (const char* use : {"import", "export"})
        if (n[use]) peer.fingerprint += "\n" + YAML::Dump(root["policy"][n[use].Scalar()]);
      if (!names.insert(peer.session.name).second)
        r.fail(n["name"], key + ".name", "is used by another peer");
      if (!addresses.insert(peer.session.remoteAddress).second)
        r.fail(n["address"], key + ".address", "is used by another peer");
      config.peers.push_back(std::move(peer));
    });
  std::set<Prefix> prefixes;
  if (root["announce"])
    r.list(root["announce"], "announce", [&](const YAML::Node& n, const std::string& key) {
      auto a = readAnnouncement(r, n, key);
      if (!prefixes.insert(a.prefix).second)
        r.fail(n["prefix"], key + ".prefix", "is announced twice");
      config.announce.push_back(std::move(a));
    });
  if (root["services"]) config.services = readServices(r, root["services"]);
  for (const auto& service : config.services)
    for (const Prefix& p : service.prefixes)
      if (prefixes.count(p))
        r.fail(root["services"], "services",
               p.str() + " of service " + service.name + " is also in announce:");
  if (auto site = root["site"]) {
    r.checkKeys(site, "site", {"on-exit"});
    if (auto n = site["on-exit"])
      config.withdrawOnExit =
          r.oneOf<bool>(n, "site.on-exit", {{"withdraw", true}, {"keep", false}});
  }
  return config;
}

}  // namespace

std::string ConfigError::str() const {
  std::ostringstream out;
  out << file;
  if (line > 0) out << ':' << line;
  out << ": ";
  if (!key.empty()) out << key << ": ";
  out << message;
  return out.str();
}

Result<DaemonConfig, ConfigError> loadConfigText(const std::string& text, const std::string& name) {
  return readYaml<DaemonConfig>(text, name, readDaemonConfig);
}

Result<DaemonConfig, ConfigError> loadConfigFile(const std::string& path) {
  auto text = fileText(path);
  if (!text) return fail(text.error());
  return loadConfigText(*text, path);
}

}  // namespace anycast::config
