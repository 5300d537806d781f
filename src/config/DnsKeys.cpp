// DnsKeys: the DNS server keys of anycast-dns's file and of anycastd's dns services.
#include "config/DnsKeys.h"

#include <filesystem>
#include <set>

namespace anycast::config {
namespace {

using dns::service::DnsServiceConfig;
using dns::service::ZoneConfig;

constexpr uint32_t kMaxWorkers = 256;
constexpr size_t kMaxIdentityText = 255;  // one TXT <character-string> (RFC 1035 §3.3)

void readWorkers(const YamlReader& r, const YAML::Node& node, const std::string& key,
                 DnsServiceConfig& out) {
  r.checkKeys(node, key, {"udp", "tcp"});
  if (auto n = node["udp"]) out.server.udpWorkers = r.number(n, key + ".udp", 1, kMaxWorkers);
  if (auto n = node["tcp"]) out.server.tcpWorkers = r.number(n, key + ".tcp", 1, kMaxWorkers);
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

void readIdentity(const YamlReader& r, const YAML::Node& node, const std::string& key,
                  dns::Identity& out) {
  r.checkKeys(node, key, {"nsid", "id-server", "hostname-bind", "version-bind"});
  auto field = [&](const char* name) { return key + "." + name; };
  if (auto n = node["nsid"]) out.nsid = identityText(r, n, field("nsid")).value_or("");
  if (auto n = node["id-server"]) out.idServer = identityText(r, n, field("id-server"));
  if (auto n = node["hostname-bind"]) out.hostnameBind = identityText(r, n, field("hostname-bind"));
  if (auto n = node["version-bind"]) out.versionBind = identityText(r, n, field("version-bind"));
}

void readZones(const YamlReader& r, const YAML::Node& node, const std::string& key,
               DnsServiceConfig& out) {
  std::filesystem::path base = std::filesystem::path(r.file()).parent_path();
  std::set<dns::Name> origins;
  r.list(node, key, [&](const YAML::Node& n, const std::string& k) {
    r.checkKeys(n, k, {"origin", "file"});
    for (const char* required : {"origin", "file"})
      if (!n[required]) r.fail(n, YamlReader::join(k, required), "is required");
    auto origin = r.parsed(n["origin"], k + ".origin",
                           dns::Name::fromText(r.scalar(n["origin"], k + ".origin")),
                           "a domain name (\"example.com.\")");
    if (!origins.insert(origin).second) r.fail(n["origin"], k + ".origin", "is listed twice");
    std::filesystem::path file = r.scalar(n["file"], k + ".file");
    if (file.empty()) r.fail(n["file"], k + ".file", "must be a file name");
    out.zones.push_back(ZoneConfig{origin, (file.is_absolute() ? file : base / file).string()});
  });
  if (out.zones.empty()) r.fail(node, key, "needs at least one zone");
}

void readRrl(const YamlReader& r, const YAML::Node& node, const std::string& key,
             dns::rrl::RrlPolicy& out) {
  r.checkKeys(node, key, {"rate", "slip", "ipv4-prefix", "ipv6-prefix", "window"});
  auto field = [&](const char* name) { return key + "." + name; };
  if (auto n = node["rate"]) out.responsesPerSecond = r.number(n, field("rate"), 0, 1'000'000);
  if (auto n = node["slip"]) out.slip = r.number(n, field("slip"), 0, 100);
  if (auto n = node["ipv4-prefix"])
    out.ipv4PrefixLength = static_cast<uint8_t>(r.number(n, field("ipv4-prefix"), 1, 32));
  if (auto n = node["ipv6-prefix"])
    out.ipv6PrefixLength = static_cast<uint8_t>(r.number(n, field("ipv6-prefix"), 1, 128));
  if (auto n = node["window"]) {
    Duration window = r.duration(n, field("window"), std::chrono::seconds(1));
    if (window.count() % 1000 != 0 || window > std::chrono::seconds(60))
      r.fail(n, field("window"), "must be whole seconds, from 1s to 60s");
    out.windowSeconds = static_cast<uint32_t>(window.count() / 1000);
  }
}

void readTcp(const YamlReader& r, const YAML::Node& node, const std::string& key,
             dns::server::TcpOptions& out) {
  r.checkKeys(node, key, {"idle-timeout", "max-connections"});
  if (auto n = node["idle-timeout"])
    out.idleTimeout = r.duration(n, key + ".idle-timeout", std::chrono::milliseconds(100));
  if (auto n = node["max-connections"])
    out.maxConnections = r.number(n, key + ".max-connections", 1, 1'000'000);
}

}  // namespace

std::vector<const char*> withDnsKeys(std::initializer_list<const char*> keys) {
  std::vector<const char*> all(keys);
  all.insert(all.end(), kDnsKeys.begin(), kDnsKeys.end());
  return all;
}

void readDnsKeys(const YamlReader& r, const YAML::Node& map, const std::string& key,
                 DnsServiceConfig& out) {
  auto field = [&](const char* name) { return YamlReader::join(key, name); };
  if (!map["zones"]) r.fail(map, field("zones"), "is required");
  if (auto n = map["workers"]) readWorkers(r, n, field("workers"), out);
  if (auto n = map["identity"]) readIdentity(r, n, field("identity"), out.identity);
  readZones(r, map["zones"], field("zones"), out);
  if (auto n = map["rrl"]) readRrl(r, n, field("rrl"), out.server.rrl);
  if (auto n = map["limits"]) {
    r.checkKeys(n, field("limits"), {"max-qps"});
    if (auto m = n["max-qps"])
      out.maxQps = r.number(m, field("limits") + ".max-qps", 0, 100'000'000);
  }
  if (auto n = map["tcp"]) readTcp(r, n, field("tcp"), out.server.tcp);
}

}  // namespace anycast::config
