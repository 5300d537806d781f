// DnsConfigLoader: anycast-dns's YAML keys (listen, workers, identity, zones, rrl, limits,
// tcp, control) and command-line flags into DnsServiceConfig.
#include "config/DnsConfigLoader.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>

#include "base/Text.h"
#include "config/ValueParsers.h"
#include "config/YamlReader.h"

namespace anycast::config {
namespace {

using dns::service::DnsServiceConfig;
using dns::service::ZoneConfig;

constexpr uint16_t kDnsPort = 53;
constexpr uint32_t kMaxWorkers = 256;
constexpr size_t kMaxIdentityText = 255;  // one TXT <character-string> (RFC 1035 §3.3)

dns::server::Endpoint toServer(const Endpoint& e) { return {e.address, e.port}; }

std::optional<dns::service::ZoneConfig> parseZone(std::string_view origin, std::string file) {
  auto name = dns::Name::fromText(origin);
  if (!name || file.empty()) return std::nullopt;
  return ZoneConfig{*name, std::move(file)};
}

void readListen(const YamlReader& r, const YAML::Node& node, DnsServiceConfig& out) {
  r.list(node, "listen", [&](const YAML::Node& n, const std::string& key) {
    out.server.listen.push_back(toServer(
        r.parsed(n, key, parseEndpoint(r.scalar(n, key), kDnsPort),
                 "an address with optional port (\"192.0.2.53:53\", \"[2001:db8::53]:53\")")));
  });
  if (out.server.listen.empty()) r.fail(node, "listen", "needs at least one address");
}

void readWorkers(const YamlReader& r, const YAML::Node& node, DnsServiceConfig& out) {
  r.checkKeys(node, "workers", {"udp", "tcp"});
  if (auto n = node["udp"]) out.server.udpWorkers = r.number(n, "workers.udp", 1, kMaxWorkers);
  if (auto n = node["tcp"]) out.server.tcpWorkers = r.number(n, "workers.tcp", 1, kMaxWorkers);
}

// "hidden" or a text of at most 255 characters.
std::optional<std::string> identityText(const YamlReader& r, const YAML::Node& node,
                                        const std::string& key) {
  std::string text = r.scalar(node, key);
  if (text == "hidden") return std::nullopt;
  if (text.empty() || text.size() > kMaxIdentityText)
    r.fail(node, key, "must be hidden or a text of 1 to 255 characters");
  return text;
}

void readIdentity(const YamlReader& r, const YAML::Node& node, dns::Identity& out) {
  r.checkKeys(node, "identity", {"nsid", "id-server", "hostname-bind", "version-bind"});
  if (auto n = node["nsid"]) out.nsid = identityText(r, n, "identity.nsid").value_or("");
  if (auto n = node["id-server"]) out.idServer = identityText(r, n, "identity.id-server");
  if (auto n = node["hostname-bind"])
    out.hostnameBind = identityText(r, n, "identity.hostname-bind");
  if (auto n = node["version-bind"]) out.versionBind = identityText(r, n, "identity.version-bind");
}

void readZones(const YamlReader& r, const YAML::Node& node, DnsServiceConfig& out) {
  std::filesystem::path base = std::filesystem::path(r.file()).parent_path();
  std::set<dns::Name> origins;
  r.list(node, "zones", [&](const YAML::Node& n, const std::string& key) {
    r.checkKeys(n, key, {"origin", "file"});
    for (const char* required : {"origin", "file"})
      if (!n[required]) r.fail(n, YamlReader::join(key, required), "is required");
    auto origin = r.parsed(n["origin"], key + ".origin",
                           dns::Name::fromText(r.scalar(n["origin"], key + ".origin")),
                           "a domain name (\"example.com.\")");
    if (!origins.insert(origin).second)
      r.fail(n["origin"], key + ".origin", "is listed twice");
    std::filesystem::path file = r.scalar(n["file"], key + ".file");
    if (file.empty()) r.fail(n["file"], key + ".file", "must be a file name");
    out.zones.push_back(ZoneConfig{origin, (file.is_absolute() ? file : base / file).string()});
  });
  if (out.zones.empty()) r.fail(node, "zones", "needs at least one zone");
}

void readRrl(const YamlReader& r, const YAML::Node& node, dns::rrl::RrlPolicy& out) {
  r.checkKeys(node, "rrl", {"rate", "slip", "ipv4-prefix", "ipv6-prefix", "window"});
  if (auto n = node["rate"]) out.responsesPerSecond = r.number(n, "rrl.rate", 0, 1'000'000);
  if (auto n = node["slip"]) out.slip = r.number(n, "rrl.slip", 0, 100);
  if (auto n = node["ipv4-prefix"])
    out.ipv4PrefixLength = static_cast<uint8_t>(r.number(n, "rrl.ipv4-prefix", 1, 32));
  if (auto n = node["ipv6-prefix"])
    out.ipv6PrefixLength = static_cast<uint8_t>(r.number(n, "rrl.ipv6-prefix", 1, 128));
  if (auto n = node["window"]) {
    Duration window = r.duration(n, "rrl.window", std::chrono::seconds(1));
    if (window.count() % 1000 != 0 || window > std::chrono::seconds(60))
      r.fail(n, "rrl.window", "must be whole seconds, from 1s to 60s");
    out.windowSeconds = static_cast<uint32_t>(window.count() / 1000);
  }
}

void readTcp(const YamlReader& r, const YAML::Node& node, dns::server::TcpOptions& out) {
  r.checkKeys(node, "tcp", {"idle-timeout", "max-connections"});
  if (auto n = node["idle-timeout"])
    out.idleTimeout = r.duration(n, "tcp.idle-timeout", std::chrono::milliseconds(100));
  if (auto n = node["max-connections"])
    out.maxConnections = r.number(n, "tcp.max-connections", 1, 1'000'000);
}

void readControl(const YamlReader& r, const YAML::Node& node, dns::service::DnsControlConfig& out) {
  r.checkKeys(node, "control", {"socket", "metrics"});
  if (auto n = node["socket"]) {
    out.socket = r.scalar(n, "control.socket");
    if (out.socket.empty()) r.fail(n, "control.socket", "must be a path");
  }
  if (auto n = node["metrics"]) {
    std::string text = r.scalar(n, "control.metrics");
    if (text.find(':') == std::string::npos || text.back() == ']')
      r.fail(n, "control.metrics", "needs a port, such as 127.0.0.1:9153");
    out.metrics = toServer(r.parsed(n, "control.metrics", parseEndpoint(text),
                                    "an address and port such as 127.0.0.1:9153"));
  }
}

DnsServiceConfig readDnsConfig(const YamlReader& r, const YAML::Node& root) {
  DnsServiceConfig config;
  config.path = r.file();
  config.identity = hostIdentity();
  if (!root.IsDefined() || root.IsNull()) r.fail(root, "", "the file is empty");
  r.checkKeys(root, "",
              {"listen", "workers", "identity", "zones", "rrl", "limits", "tcp", "control"});
  for (const char* required : {"listen", "zones"})
    if (!root[required]) r.fail(root, required, "is required");
  readListen(r, root["listen"], config);
  if (auto n = root["workers"]) readWorkers(r, n, config);
  if (auto n = root["identity"]) readIdentity(r, n, config.identity);
  readZones(r, root["zones"], config);
  if (auto n = root["rrl"]) readRrl(r, n, config.server.rrl);
  if (auto n = root["limits"]) {
    r.checkKeys(n, "limits", {"max-qps"});
    if (auto m = n["max-qps"]) config.maxQps = r.number(m, "limits.max-qps", 0, 100'000'000);
  }
  if (auto n = root["tcp"]) readTcp(r, n, config.server.tcp);
  if (auto n = root["control"]) readControl(r, n, config.control);
  for (const char* fixed : {"listen", "workers", "rrl", "limits", "tcp", "control"})
    if (root[fixed]) config.restartFingerprint += std::string(fixed) + YAML::Dump(root[fixed]) + "\n";
  return config;
}

}  // namespace

dns::Identity hostIdentity() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
    std::snprintf(host, sizeof host, "anycast-dns");
  return dns::Identity{host, std::string(host), std::string(host), std::nullopt};
}

Result<DnsServiceConfig, ConfigError> loadDnsConfigText(const std::string& text,
                                                        const std::string& name) {
  return readYaml<DnsServiceConfig>(text, name, readDnsConfig);
}

Result<DnsServiceConfig, ConfigError> loadDnsConfigFile(const std::string& path) {
  auto text = fileText(path);
  if (!text) return fail(text.error());
  return loadDnsConfigText(*text, path);
}

Result<DnsServiceConfig> dnsConfigFromFlags(const std::vector<std::string>& args) {
  DnsServiceConfig config;
  config.identity = hostIdentity();
  for (size_t i = 0; i < args.size(); i += 2) {
    const std::string& flag = args[i];
    if (i + 1 == args.size()) return failWith(flag + ": needs a value");
    const std::string& value = args[i + 1];
    auto bad = [&](const char* expected) {
      return failWith(flag + " " + value + ": must be " + expected);
    };
    if (flag == "--listen") {
      auto e = parseEndpoint(value, kDnsPort);
      if (!e) return bad("an address with optional port (127.0.0.1:53)");
      config.server.listen.push_back(toServer(*e));
    } else if (flag == "--udp-workers" || flag == "--tcp-workers") {
      auto n = strings::parseNumber<uint32_t>(value);
      if (!n || *n < 1 || *n > kMaxWorkers) return bad("a number from 1 to 256");
      (flag == "--udp-workers" ? config.server.udpWorkers : config.server.tcpWorkers) = *n;
    } else if (flag == "--zone") {
      size_t eq = value.find('=');
      auto zone = eq == std::string::npos ? std::nullopt
                                          : parseZone(value.substr(0, eq), value.substr(eq + 1));
      if (!zone) return bad("ORIGIN=FILE (example.com.=/etc/anycast/example.zone)");
      config.zones.push_back(std::move(*zone));
    } else {
      return failWith("unknown option " + flag);
    }
  }
  if (config.server.listen.empty()) return failWith("--listen: at least one is needed");
  if (config.zones.empty()) return failWith("--zone: at least one is needed");
  return config;
}

}  // namespace anycast::config
