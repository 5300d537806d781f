#include "config/ServiceLoader.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "config/DnsConfigLoader.h"
#include "config/DnsKeys.h"
#include "config/ValueParsers.h"

namespace anycast::config {
namespace {

using health::CheckConfig;
using health::CheckKind;

std::vector<const char*> checkKeysFor(CheckKind kind) {
  std::vector<const char*> keys{"name", "kind", "interval", "timeout", "rise", "fall"};
  auto add = [&](std::initializer_list<const char*> more) { keys.insert(keys.end(), more); };
  switch (kind) {
    case CheckKind::kDns:
      add({"address", "port", "query", "type", "class", "rcode", "expect", "recursion-desired"});
      break;
    case CheckKind::kHttp:
      add({"address", "port", "path", "host", "status", "body"});
      break;
    case CheckKind::kTcp:
      add({"address", "port"});
      break;
    case CheckKind::kExec:
      add({"command"});
      break;
    case CheckKind::kProcess:
      add({"pidfile", "command-name"});
      break;
    case CheckKind::kEmbedded:
      break;
  }
  return keys;
}

CheckConfig readCheck(const YamlReader& r, const YAML::Node& node, const std::string& key) {
  r.requireMap(node, key);
  if (!node["kind"]) r.fail(node, key + ".kind", "is required (dns, http, tcp, exec, process)");
  CheckKind kind = r.parsed(node["kind"], key + ".kind",
                            health::kindFromName(r.scalar(node["kind"], key + ".kind")),
                            "one of dns, http, tcp, exec, process, embedded");
  r.checkKeys(node, key, checkKeysFor(kind));
  CheckConfig c = CheckConfig::forKind(kind);
  c.name =
      node["name"] ? r.scalar(node["name"], key + ".name") : std::string(health::kindName(kind));
  auto field = [&](const char* name) { return key + "." + name; };
  if (auto n = node["address"]) c.address = r.address(n, field("address"));
  if (auto n = node["port"]) c.port = static_cast<uint16_t>(r.number(n, field("port"), 1, 65535));
  if (auto n = node["interval"])
    c.interval = r.duration(n, field("interval"), health::kMinInterval);
  if (auto n = node["timeout"]) c.timeout = r.duration(n, field("timeout"), Duration(1));
  if (auto n = node["rise"]) c.rise = r.number(n, field("rise"), 1, 100);
  if (auto n = node["fall"]) c.fall = r.number(n, field("fall"), 1, 100);
  if (auto n = node["query"]) c.dns.name = r.scalar(n, field("query"));
  if (auto n = node["type"])
    c.dns.type = r.parsed(n, field("type"), health::typeFromText(r.scalar(n, field("type"))),
                          "an RR type such as A, AAAA, SOA or TYPE65");
  if (auto n = node["class"])
    c.dns.klass = r.parsed(n, field("class"), health::classFromText(r.scalar(n, field("class"))),
                           "a class such as IN or CH");
  if (auto n = node["rcode"])
    c.dns.rcode = r.parsed(n, field("rcode"), health::rcodeFromText(r.scalar(n, field("rcode"))),
                           "an rcode such as NOERROR or NXDOMAIN");
  if (auto n = node["expect"]) c.dns.expect = r.scalar(n, field("expect"));
  if (auto n = node["recursion-desired"])
    c.dns.recursionDesired = r.boolean(n, field("recursion-desired"));
  if (auto n = node["path"]) c.http.path = r.scalar(n, field("path"));
  if (auto n = node["host"]) c.http.host = r.scalar(n, field("host"));
  if (auto n = node["status"])
    c.http.status = static_cast<uint16_t>(r.number(n, field("status"), 100, 599));
  if (auto n = node["body"]) c.http.body = r.scalar(n, field("body"));
  if (auto n = node["command"]) c.exec.argv = r.strings(n, field("command"));
  if (auto n = node["pidfile"]) c.process.pidfile = r.scalar(n, field("pidfile"));
  if (auto n = node["command-name"]) c.process.command = r.scalar(n, field("command-name"));
  if (auto valid = c.validate(); !valid) {
    const auto& e = valid.error();
    // The YAML key of the field the error is about (else it is about the check as a whole).
    static const std::map<std::string, std::string> kKeyOfField{
        {"dns.name", "query"}, {"exec.argv", "command"}, {"process.command", "command-name"}};
    auto known = kKeyOfField.find(e.field);
    std::string yamlKey =
        known != kKeyOfField.end() ? known->second : e.field.substr(e.field.find('.') + 1);
    YAML::Node at = node[yamlKey] ? node[yamlKey] : node;
    r.fail(at, node[yamlKey] ? field(yamlKey.c_str()) : key, e.message);
  }
  return c;
}

std::vector<CheckConfig> readChecks(const YamlReader& r, const YAML::Node& node,
                                    const std::string& key) {
  std::vector<CheckConfig> checks;
  std::set<std::string> names;
  r.list(node, key, [&](const YAML::Node& n, const std::string& k) {
    checks.push_back(readCheck(r, n, k));
    if (!names.insert(checks.back().name).second)
      r.fail(n, k + ".name",
             "another check of this service has the name \"" + checks.back().name +
                 "\" (give each a name:)");
  });
  return checks;
}

site::AnnounceAttributes readAnnounce(const YamlReader& r, const YAML::Node& node,
                                      const std::string& key) {
  r.checkKeys(node, key, {"communities", "large-communities", "med", "prepend"});
  site::AnnounceAttributes a;
  if (auto n = node["communities"]) a.communities = r.communities(n, key + ".communities");
  if (auto n = node["large-communities"])
    a.largeCommunities = r.largeCommunities(n, key + ".large-communities");
  if (auto n = node["med"]) a.med = r.number(n, key + ".med", 0, UINT32_MAX);
  if (auto n = node["prepend"]) a.prepend = r.number(n, key + ".prepend", 0, 10);
  return a;
}

// kind: dns — the server's keys (those of anycast-dns's file), listening on every host address
// of the service at `port`.
dns::service::DnsServiceConfig readDnsService(const YamlReader& r, const YAML::Node& node,
                                              const std::string& key,
                                              const site::ServiceConfig& s) {
  dns::service::DnsServiceConfig d;
  d.path = r.file();
  d.identity = hostIdentity();
  readDnsKeys(r, node, key, d);
  uint16_t port = kDnsPort;
  if (auto n = node["port"]) port = static_cast<uint16_t>(r.number(n, key + ".port", 1, 65535));
  for (const Prefix& a : s.addresses)
    if (a.length() == a.maxLength()) d.server.listen.push_back({a.address(), port});
  if (d.server.listen.empty()) {
    const char* from = node["addresses"] ? "addresses" : "prefixes";
    r.fail(node[from], key + "." + from,
           "a dns service needs a host address (/32 or /128) to listen on");
  }
  return d;
}

// A dns service's server reports to its embedded checks; it gets one ("dns") unless it lists
// one. Any other service has no such server, so an embedded check would never conclude.
void checkEmbedded(const YamlReader& r, const YAML::Node& node, const std::string& key,
                   site::ServiceConfig& s) {
  auto embedded = std::find_if(s.checks.begin(), s.checks.end(),
                               [](const CheckConfig& c) { return c.kind == CheckKind::kEmbedded; });
  if (s.dns && embedded == s.checks.end()) {
    CheckConfig dns = CheckConfig::forKind(CheckKind::kEmbedded);
    dns.name = "dns";
    s.checks.push_back(dns);
  }
  if (!s.dns && embedded != s.checks.end()) {
    auto i = static_cast<size_t>(embedded - s.checks.begin());
    r.fail(node["checks"][i], key + ".checks[" + std::to_string(i) + "]",
           "an embedded check is fed by a server anycastd runs: only a kind: dns service has one");
  }
  for (const auto& c : s.overloadChecks)
    if (c.kind == CheckKind::kEmbedded)
      r.fail(node["overload-checks"], key + ".overload-checks", "cannot be embedded");
}

site::ServiceConfig readService(const YamlReader& r, const YAML::Node& node,
                                const std::string& key) {
  r.requireMap(node, key);
  auto field = [&](const char* name) { return key + "." + name; };
  bool dns = node["kind"] &&
             r.oneOf<bool>(node["kind"], field("kind"), {{"external", false}, {"dns", true}});
  std::vector<const char*> keys = dns ? withDnsKeys({"port"}) : std::vector<const char*>{};
  keys.insert(keys.end(),
              {"name", "kind", "prefixes", "addresses", "interface", "manage-addresses", "checks",
               "combine", "overload-checks", "depends-on", "announce", "on-failure", "de-prefer",
               "on-overload", "drain", "flap", "drain-file"});
  r.checkKeys(node, key, keys);
  site::ServiceConfig s;
  if (!node["name"]) r.fail(node, field("name"), "is required");
  s.name = r.scalar(node["name"], field("name"));
  if (!node["prefixes"]) r.fail(node, field("prefixes"), "is required: what the service announces");
  auto prefixList = [&](const YAML::Node& list, const std::string& listKey) {
    std::vector<Prefix> out;
    r.list(list, listKey, [&](const YAML::Node& n, const std::string& k) {
      out.push_back(r.parsed(n, k, Prefix::parse(r.scalar(n, k)),
                             "a prefix such as 192.0.2.53/32 or 2001:db8::53/128"));
    });
    return out;
  };
  s.prefixes = prefixList(node["prefixes"], field("prefixes"));
  if (s.prefixes.empty()) r.fail(node["prefixes"], field("prefixes"), "must not be empty");
  if (auto n = node["addresses"]) {
    s.addresses = prefixList(n, field("addresses"));
  } else {
    for (const Prefix& p : s.prefixes)
      if (p.length() == p.maxLength()) s.addresses.push_back(p);
  }
  if (auto n = node["interface"]) s.interface = r.scalar(n, field("interface"));
  if (auto n = node["manage-addresses"])
    s.manageAddresses = r.boolean(n, field("manage-addresses"));
  if (auto n = node["checks"]) s.checks = readChecks(r, n, field("checks"));
  if (auto n = node["combine"])
    s.combine = r.oneOf<health::Combine>(
        n, field("combine"), {{"all", health::Combine::kAll}, {"any", health::Combine::kAny}});
  if (auto n = node["overload-checks"])
    s.overloadChecks = readChecks(r, n, field("overload-checks"));
  if (auto n = node["depends-on"]) s.dependsOn = r.strings(n, field("depends-on"));
  if (auto n = node["announce"]) s.announce = readAnnounce(r, n, field("announce"));
  if (auto n = node["on-failure"])
    s.onFailure = r.oneOf<site::FailureAction>(n, field("on-failure"),
                                               {{"withdraw", site::FailureAction::kWithdraw},
                                                {"de-prefer", site::FailureAction::kDeprefer}});
  if (auto n = node["de-prefer"]) s.deprefer = readAnnounce(r, n, field("de-prefer"));
  if (auto n = node["on-overload"])
    s.onOverload = r.oneOf<site::OverloadAction>(
        n, field("on-overload"),
        {{"absorb", site::OverloadAction::kAbsorb}, {"withdraw", site::OverloadAction::kWithdraw}});
  if (auto n = node["drain"]) {
    std::string k = field("drain");
    r.checkKeys(n, k, {"graceful-shutdown", "prepend", "duration"});
    if (auto m = n["graceful-shutdown"])
      s.drain.gracefulShutdown = r.boolean(m, k + ".graceful-shutdown");
    if (auto m = n["prepend"]) s.drain.prepend = r.number(m, k + ".prepend", 0, 10);
    if (auto m = n["duration"]) s.drain.duration = r.duration(m, k + ".duration", Duration(0));
  }
  if (auto n = node["flap"]) {
    std::string k = field("flap");
    r.checkKeys(n, k, {"hold-down", "max-hold-down", "stable-after"});
    if (auto m = n["hold-down"]) s.flap.holdDown = r.duration(m, k + ".hold-down", Duration(0));
    if (auto m = n["max-hold-down"])
      s.flap.maxHoldDown = r.duration(m, k + ".max-hold-down", s.flap.holdDown);
    if (auto m = n["stable-after"])
      s.flap.stableAfter = r.duration(m, k + ".stable-after", Duration(0));
  }
  if (auto n = node["drain-file"]) s.drainFile = r.scalar(n, field("drain-file"));
  if (dns) s.dns = readDnsService(r, node, key, s);
  checkEmbedded(r, node, key, s);
  return s;
}

}  // namespace

std::vector<site::ServiceConfig> readServices(const YamlReader& r, const YAML::Node& node) {
  std::vector<site::ServiceConfig> services;
  std::set<std::string> names;
  std::set<Prefix> prefixes;
  r.list(node, "services", [&](const YAML::Node& n, const std::string& key) {
    services.push_back(readService(r, n, key));
    services.back().fingerprint = YAML::Dump(n);
    const auto& s = services.back();
    if (!names.insert(s.name).second)
      r.fail(n["name"], key + ".name", "is used by another service");
    for (const Prefix& p : s.prefixes)
      if (!prefixes.insert(p).second)
        r.fail(n["prefixes"], key + ".prefixes", p.str() + " is announced by another service");
  });
  // Dependencies: known, and no cycle (a service would wait for itself).
  std::map<std::string, const site::ServiceConfig*> byName;
  for (const auto& s : services) byName[s.name] = &s;
  for (size_t i = 0; i < services.size(); ++i) {
    const YAML::Node deps = node[i]["depends-on"];
    std::string depsKey = "services[" + std::to_string(i) + "].depends-on";
    for (const auto& d : services[i].dependsOn)
      if (!byName.count(d)) r.fail(deps, depsKey, "no service is named \"" + d + "\"");
    std::set<std::string> seen;
    std::function<bool(const std::string&)> reaches = [&](const std::string& from) {
      if (from == services[i].name) return true;
      if (!seen.insert(from).second) return false;
      for (const auto& d : byName[from]->dependsOn)
        if (reaches(d)) return true;
      return false;
    };
    for (const auto& d : services[i].dependsOn)
      if (reaches(d)) r.fail(deps, depsKey, "depending on " + d + " makes a cycle");
  }
  return services;
}

}  // namespace anycast::config
