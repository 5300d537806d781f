// DnsConfigLoader: anycast-dns's YAML keys (listen, workers, identity, zones, rrl, limits,
// tcp, control) and command-line flags into DnsServiceConfig.
#include "config/DnsConfigLoader.h"

#include <unistd.h>

#include <cstdio>

#include "base/Text.h"
#include "config/DnsKeys.h"
#include "config/ValueParsers.h"
#include "config/YamlReader.h"

namespace anycast::config {
namespace {

using dns::service::DnsServiceConfig;
using dns::service::ZoneConfig;

constexpr uint32_t kMaxWorkers = 256;  // as the file's workers.udp/tcp (DnsKeys)

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
  r.checkKeys(root, "", withDnsKeys({"listen", "control"}));
  if (!root["listen"]) r.fail(root, "listen", "is required");
  readListen(r, root["listen"], config);
  readDnsKeys(r, root, "", config);
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
