#include "config/LabLoader.h"

#include <functional>
#include <map>
#include <set>

#include "base/Text.h"
#include "config/LinkKeys.h"
#include "config/ValueParsers.h"
#include "config/YamlReader.h"
#include "lab/AddressPlan.h"

namespace anycast::config {
namespace {

using lab::LinkProperties;
using lab::Relationship;
using lab::RouterKind;

// A name that can be part of a namespace name and of a hostname.
bool isName(std::string_view name, size_t maxLength) {
  if (name.empty() || name.size() > maxLength || name.front() == '-') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

class LabReader {
 public:
  LabReader(const YamlReader& r, lab::Topology& t) : r_(r), t_(t) {}

  void read(const YAML::Node& root) {
    r_.checkKeys(root, "",
                 {"name", "site-as", "addressing", "service", "defaults", "ases", "links", "sites",
                  "clients"});
    if (!root["name"]) r_.fail(root, "name", "is required (the lab's name, e.g. demo)");
    t_.name = name(root["name"], "name", 12);
    if (auto n = root["site-as"]) t_.siteAs = r_.asNumber(n, "site-as");
    if (auto n = root["addressing"]) readAddressing(n);
    if (!root["service"]) r_.fail(root, "service", "is required (prefix and address)");
    readService(root["service"]);
    if (auto n = root["defaults"]) readDefaults(n);
    if (!root["ases"]) r_.fail(root, "ases", "is required (at least one AS with a router)");
    r_.list(root["ases"], "ases",
            [&](const YAML::Node& n, const std::string& key) { readAs(n, key); });
    if (auto n = root["links"])
      r_.list(n, "links", [&](const auto& e, const auto& k) { readLink(e, k); });
    if (!root["sites"]) r_.fail(root, "sites", "is required (at least one site)");
    r_.list(root["sites"], "sites", [&](const auto& e, const auto& k) { readSite(e, k); });
    if (t_.sites.empty()) r_.fail(root["sites"], "sites", "needs at least one site");
    if (auto n = root["clients"])
      r_.list(n, "clients", [&](const auto& e, const auto& k) { readClient(e, k); });
    checkCapacity(root);
  }

 private:
  std::string name(const YAML::Node& node, const std::string& key, size_t maxLength) const {
    std::string text = r_.scalar(node, key);
    if (!isName(text, maxLength))
      r_.fail(node, key,
              "must be lowercase letters, digits and '-', not starting with '-', at most " +
                  std::to_string(maxLength) + " characters, not \"" + text + "\"");
    return text;
  }

  // A node name: unique across routers, sites and clients (each is a namespace).
  std::string nodeName(const YAML::Node& node, const std::string& key) {
    std::string text = name(node, key, 15);
    auto [at, added] = nodeLines_.emplace(text, node.Mark().line + 1);
    if (!added)
      r_.fail(
          node, key,
          "\"" + text + "\" is already a node's name (line " + std::to_string(at->second) + ")");
    return text;
  }

  // `key.router`: an existing router's name.
  std::string routerRef(const YAML::Node& map, const std::string& key) const {
    const std::string field = key + ".router";
    if (!map["router"]) r_.fail(map, field, "is required (the router it is attached to)");
    std::string text = r_.scalar(map["router"], field);
    if (!t_.router(text)) r_.fail(map["router"], field, "no router is named \"" + text + "\"");
    return text;
  }

  void readAddressing(const YAML::Node& n) {
    r_.checkKeys(n, "addressing", {"router-ids", "links", "sites", "clients", "ipv6"});
    lab::AddressPools& p = t_.pools;
    auto pool = [&](const char* k, Prefix& into, Family family, uint8_t maxLength) {
      if (!n[k]) return;
      std::string key = std::string("addressing.") + k;
      Prefix parsed = r_.parsed(n[k], key, Prefix::parse(r_.scalar(n[k], key)), "a prefix");
      if (parsed.family() != family || parsed.length() > maxLength)
        r_.fail(n[k], key,
                std::string("must be an ") + (family == Family::kV4 ? "IPv4" : "IPv6") +
                    " prefix of /" + std::to_string(maxLength) + " or shorter");
      into = parsed;
    };
    pool("router-ids", p.routerIds, Family::kV4, 30);
    pool("links", p.links, Family::kV4, 31);
    pool("sites", p.sites, Family::kV4, 30);
    pool("clients", p.clients, Family::kV4, 30);
    pool("ipv6", p.ipv6, Family::kV6, 32);
    if (p.ipv6.length() != 32)
      r_.fail(n["ipv6"], "addressing.ipv6", "must be a /32 (pool and index fill the next 32 bits)");
  }

  void readService(const YAML::Node& n) {
    r_.checkKeys(n, "service", {"prefix", "address", "prefix6", "address6", "zone"});
    lab::Service& s = t_.service;
    auto prefix = [&](const char* k, Family family) {
      std::string key = std::string("service.") + k;
      auto p = r_.parsed(n[k], key, Prefix::parse(r_.scalar(n[k], key)), "a prefix");
      if (p.family() != family)
        r_.fail(n[k], key, family == Family::kV4 ? "must be IPv4" : "must be IPv6");
      return p;
    };
    auto addressIn = [&](const char* k, const Prefix& p) {
      std::string key = std::string("service.") + k;
      if (!n[k])
        r_.fail(
            n, key,
            std::string("is required with ") + (p.family() == Family::kV4 ? "prefix" : "prefix6"));
      IpAddress a = r_.address(n[k], key);
      if (!p.contains(a)) r_.fail(n[k], key, "must be inside " + p.str());
      return a;
    };
    if (!n["prefix"]) r_.fail(n, "service.prefix", "is required (the anycast IPv4 prefix)");
    s.prefix = prefix("prefix", Family::kV4);
    s.address = addressIn("address", s.prefix);
    if (n["prefix6"]) {
      s.prefix6 = prefix("prefix6", Family::kV6);
      s.address6 = addressIn("address6", *s.prefix6);
    } else if (n["address6"]) {
      r_.fail(n["address6"], "service.address6", "needs service.prefix6");
    }
    if (auto z = n["zone"]) {
      s.zone = r_.scalar(z, "service.zone");
      if (s.zone.empty() || s.zone.back() != '.') s.zone += '.';
    }
  }

  void readDefaults(const YAML::Node& n) {
    r_.checkKeys(n, "defaults", {"router-kind", "link"});
    if (auto k = n["router-kind"]) defaultKind_ = kind(k, "defaults.router-kind");
    if (auto l = n["link"]) {
      r_.checkKeys(l, "defaults.link", kLinkKeys);
      defaultLink_ = readLinkProperties(r_, l, "defaults.link", LinkProperties{});
    }
  }

  RouterKind kind(const YAML::Node& n, const std::string& key) const {
    return r_.oneOf<RouterKind>(n, key,
                                {{"anycastd", RouterKind::kAnycastd},
                                 {"bird", RouterKind::kBird},
                                 {"frr", RouterKind::kFrr}});
  }

  void readAs(const YAML::Node& n, const std::string& key) {
    r_.checkKeys(n, key, {"as", "name", "region", "routers"});
    lab::As as;
    as.line = n.Mark().line + 1;
    if (!n["as"]) r_.fail(n, key + ".as", "is required (the AS number)");
    as.number = r_.asNumber(n["as"], key + ".as");
    if (as.number == t_.siteAs)
      r_.fail(n["as"], key + ".as",
              "is the sites' AS (site-as: " + std::to_string(t_.siteAs) + ")");
    for (const lab::As& other : t_.ases)
      if (other.number == as.number)
        r_.fail(n["as"], key + ".as",
                "AS " + std::to_string(as.number) + " is already defined (line " +
                    std::to_string(other.line) + ")");
    if (auto m = n["name"]) as.name = r_.scalar(m, key + ".name");
    if (auto m = n["region"]) as.region = r_.scalar(m, key + ".region");
    if (!n["routers"]) r_.fail(n, key + ".routers", "is required (at least one router)");
    r_.list(n["routers"], key + ".routers", [&](const YAML::Node& e, const std::string& k) {
      lab::Router router;
      router.as = as.number;
      router.kind = defaultKind_;
      router.region = as.region;
      router.line = e.Mark().line + 1;
      if (e.IsScalar()) {
        router.name = nodeName(e, k);
      } else {
        r_.checkKeys(e, k, {"name", "kind", "region"});
        if (!e["name"]) r_.fail(e, k + ".name", "is required");
        router.name = nodeName(e["name"], k + ".name");
        if (auto m = e["kind"]) router.kind = kind(m, k + ".kind");
        if (auto m = e["region"]) router.region = r_.scalar(m, k + ".region");
      }
      as.routers.push_back(std::move(router));
    });
    if (as.routers.empty()) r_.fail(n["routers"], key + ".routers", "needs at least one router");
    t_.ases.push_back(std::move(as));
  }

  void readLink(const YAML::Node& n, const std::string& key) {
    r_.checkKeys(n, key, withLinkKeys({"a", "b", "a-is"}));
    lab::Link link;
    link.line = n.Mark().line + 1;
    auto end = [&](const char* k) {
      std::string field = key + "." + k;
      if (!n[k]) r_.fail(n, field, "is required (a router's name)");
      std::string name = r_.scalar(n[k], field);
      const lab::Router* r = t_.router(name);
      if (!r) r_.fail(n[k], field, "no router is named \"" + name + "\"");
      return r;
    };
    const lab::Router* a = end("a");
    const lab::Router* b = end("b");
    if (a == b) r_.fail(n["b"], key + ".b", "a link joins two different routers");
    link.a = a->name;
    link.b = b->name;
    auto pair = std::minmax(link.a, link.b);
    auto [at, added] = linkLines_.emplace(std::make_pair(pair.first, pair.second), link.line);
    if (!added)
      r_.fail(n, key,
              "a second link between " + link.a + " and " + link.b + " (line " +
                  std::to_string(at->second) + ")");
    if (a->as == b->as) {
      if (n["a-is"])
        r_.fail(n["a-is"], key + ".a-is",
                "is for links between ASes; " + link.a + " and " + link.b + " are both in AS " +
                    std::to_string(a->as) + " (iBGP)");
    } else {
      if (!n["a-is"])
        r_.fail(n, key + ".a-is",
                "is required between AS " + std::to_string(a->as) + " and AS " +
                    std::to_string(b->as) + ": customer, provider or peer (what " + link.a +
                    "'s AS is to " + link.b + "'s)");
      link.aIs = r_.oneOf<Relationship>(n["a-is"], key + ".a-is",
                                        {{"customer", Relationship::kCustomer},
                                         {"provider", Relationship::kProvider},
                                         {"peer", Relationship::kPeer}});
    }
    link.properties = readLinkProperties(r_, n, key, defaultLink_);
    t_.links.push_back(std::move(link));
  }

  void readSite(const YAML::Node& n, const std::string& key) {
    r_.checkKeys(n, key, withLinkKeys({"name", "router", "capacity", "up"}));
    lab::Site site;
    site.line = n.Mark().line + 1;
    if (!n["name"]) r_.fail(n, key + ".name", "is required");
    site.name = nodeName(n["name"], key + ".name");
    site.router = routerRef(n, key);
    site.uplink = readLinkProperties(r_, n, key, defaultLink_);
    if (auto c = n["capacity"]) site.capacityQps = r_.number(c, key + ".capacity", 1, 10'000'000);
    if (auto u = n["up"]) site.up = r_.boolean(u, key + ".up");
    t_.sites.push_back(std::move(site));
  }

  void readClient(const YAML::Node& n, const std::string& key) {
    r_.checkKeys(n, key, withLinkKeys({"name", "router", "region"}));
    lab::Client client;
    client.line = n.Mark().line + 1;
    if (!n["name"]) r_.fail(n, key + ".name", "is required");
    client.name = nodeName(n["name"], key + ".name");
    client.router = routerRef(n, key);
    client.region =
        n["region"] ? r_.scalar(n["region"], key + ".region") : t_.router(client.router)->region;
    client.uplink = readLinkProperties(r_, n, key, defaultLink_);
    t_.clients.push_back(std::move(client));
  }

  // The address plan's pools (lab/AddressPlan.h).
  void checkCapacity(const YAML::Node& root) const {
    size_t routers = 0;
    for (const lab::As& as : t_.ases) routers += as.routers.size();
    auto over = [&](const char* key, size_t have, size_t max) {
      if (have > max)
        r_.fail(root[key], key,
                std::to_string(have) + " is more than the lab can address (" + std::to_string(max) +
                    ")");
    };
    lab::AddressPlan::Capacity c = lab::AddressPlan::capacity(t_.pools);
    over("ases", routers, c.routers);
    over("links", t_.links.size(), c.links);
    over("sites", t_.sites.size(), c.sites);
    over("clients", t_.clients.size(), c.clients);
  }

  const YamlReader& r_;
  lab::Topology& t_;
  RouterKind defaultKind_ = RouterKind::kAnycastd;
  LinkProperties defaultLink_;
  std::map<std::string, int> nodeLines_;
  std::map<std::pair<std::string, std::string>, int> linkLines_;
};

lab::Topology readTopology(const YamlReader& r, const YAML::Node& root) {
  lab::Topology t;
  t.file = r.file();
  LabReader(r, t).read(root);
  return t;
}

}  // namespace

Result<lab::Topology, ConfigError> loadLabText(const std::string& text, const std::string& name) {
  return readYaml<lab::Topology>(text, name, readTopology);
}

Result<lab::Topology, ConfigError> loadLabFile(const std::string& path) {
  auto text = fileText(path);
  if (!text) return fail(text.error());
  return loadLabText(*text, path);
}

}  // namespace anycast::config
