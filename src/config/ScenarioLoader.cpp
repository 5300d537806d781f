#include "config/ScenarioLoader.h"

#include <algorithm>

#include "config/LinkKeys.h"
#include "config/ValueParsers.h"
#include "config/YamlReader.h"

namespace anycast::config {
namespace {

using lab::EventKind;
using std::chrono::milliseconds;

// Every event: the kind is the key that names its target ("fail-service: fra").
struct KindInfo {
  const char* key;
  EventKind kind;
  enum Target { kSite, kRouter, kLink, kClients } target;
};
constexpr KindInfo kKinds[] = {
    {"fail-service", EventKind::kFailService, KindInfo::kSite},
    {"restore-service", EventKind::kRestoreService, KindInfo::kSite},
    {"drain", EventKind::kDrain, KindInfo::kSite},
    {"undrain", EventKind::kUndrain, KindInfo::kSite},
    {"add-site", EventKind::kAddSite, KindInfo::kSite},
    {"kill-site", EventKind::kKillSite, KindInfo::kSite},
    {"restart-site", EventKind::kRestartSite, KindInfo::kSite},
    {"kill-router", EventKind::kKillRouter, KindInfo::kRouter},
    {"restart-router", EventKind::kRestartRouter, KindInfo::kRouter},
    {"set-link", EventKind::kSetLink, KindInfo::kLink},
    {"cut-link", EventKind::kCutLink, KindInfo::kLink},
    {"restore-link", EventKind::kRestoreLink, KindInfo::kLink},
    {"flood", EventKind::kFlood, KindInfo::kClients},
};

class ScenarioReader {
 public:
  ScenarioReader(const YamlReader& r, const lab::Topology& t, lab::Scenario& s)
      : r_(r), t_(t), s_(s) {}

  void read(const YAML::Node& root) {
    r_.checkKeys(root, "", {"name", "duration", "probe", "events"});
    s_.name = root["name"] ? r_.scalar(root["name"], "name") : "scenario";
    if (auto n = root["duration"]) s_.duration = r_.duration(n, "duration", milliseconds(1000));
    if (auto p = root["probe"]) {
      r_.checkKeys(p, "probe", {"rate", "timeout"});
      if (auto n = p["rate"]) s_.probeRate = r_.number(n, "probe.rate", 1, 1000);
      if (auto n = p["timeout"])
        s_.probeTimeout = r_.duration(n, "probe.timeout", milliseconds(10));
    }
    if (auto events = root["events"])
      r_.list(events, "events",
              [&](const YAML::Node& e, const std::string& k) { readEvent(e, k); });
    std::stable_sort(s_.events.begin(), s_.events.end(),
                     [](const auto& a, const auto& b) { return a.at < b.at; });
  }

 private:
  void readEvent(const YAML::Node& n, const std::string& key) {
    r_.requireMap(n, key);
    lab::ScenarioEvent e;
    e.line = n.Mark().line + 1;
    const KindInfo* info = nullptr;
    for (const auto& entry : n) {
      std::string name = entry.first.as<std::string>();
      for (const KindInfo& k : kKinds)
        if (name == k.key) {
          if (info)
            r_.fail(entry.first, key,
                    std::string("one event per entry: both ") + info->key + " and " + k.key);
          info = &k;
        }
    }
    if (!info)
      r_.fail(n, key,
              "names no event (fail-service, restore-service, drain, undrain, add-site, "
              "kill-site, restart-site, kill-router, restart-router, set-link, cut-link, "
              "restore-link, flood)");
    e.kind = info->kind;
    std::vector<const char*> keys{"at", info->key};
    if (e.kind == EventKind::kDrain) keys.push_back("for");
    if (e.kind == EventKind::kFlood) keys.insert(keys.end(), {"rate", "for"});
    if (e.kind == EventKind::kSetLink) keys.insert(keys.end(), kLinkKeys.begin(), kLinkKeys.end());
    r_.checkKeys(n, key, keys);
    if (!n["at"]) r_.fail(n, key + ".at", "is required (seconds after the start, e.g. 5s)");
    e.at = r_.duration(n["at"], key + ".at", milliseconds(0));
    if (e.at >= s_.duration)
      r_.fail(n["at"], key + ".at", "is not before the scenario's end (duration)");
    const YAML::Node target = n[info->key];
    const std::string targetKey = key + "." + info->key;
    switch (info->target) {
      case KindInfo::kSite:
        e.target = site(target, targetKey, e.kind);
        break;
      case KindInfo::kRouter:
        e.target = router(target, targetKey);
        break;
      case KindInfo::kLink:
        e.target = link(target, targetKey);
        break;
      case KindInfo::kClients:
        e.clients = clients(target, targetKey);
        break;
    }
    if (auto f = n["for"]) e.duration = r_.duration(f, key + ".for", milliseconds(0));
    if (e.kind == EventKind::kFlood) {
      if (!n["rate"]) r_.fail(n, key + ".rate", "is required (queries/s from each client)");
      e.floodRate = r_.number(n["rate"], key + ".rate", 1, 100'000);
      if (!e.duration) r_.fail(n, key + ".for", "is required (how long the flood lasts)");
    }
    if (e.kind == EventKind::kSetLink) {
      const lab::Link* l = linkNamed(e.target);
      e.link = readLinkProperties(r_, n, key, l->properties);
    }
    s_.events.push_back(std::move(e));
  }

  std::string site(const YAML::Node& n, const std::string& key, EventKind kind) const {
    std::string name = r_.scalar(n, key);
    auto it = std::find_if(t_.sites.begin(), t_.sites.end(),
                           [&](const lab::Site& s) { return s.name == name; });
    if (it == t_.sites.end()) r_.fail(n, key, "no site is named \"" + name + "\"");
    if (kind == EventKind::kAddSite && it->up)
      r_.fail(n, key, "site " + name + " is up from the start (add-site is for `up: false` sites)");
    return name;
  }

  std::string router(const YAML::Node& n, const std::string& key) const {
    std::string name = r_.scalar(n, key);
    if (!t_.router(name)) r_.fail(n, key, "no router is named \"" + name + "\"");
    return name;
  }

  const lab::Link* linkNamed(const std::string& name) const {
    for (const lab::Link& l : t_.links)
      if (l.a + "-" + l.b == name || l.b + "-" + l.a == name) return &l;
    return nullptr;
  }

  // "a-b" (either order) names the link between routers a and b.
  std::string link(const YAML::Node& n, const std::string& key) const {
    std::string name = r_.scalar(n, key);
    const lab::Link* l = linkNamed(name);
    if (!l)
      r_.fail(n, key, "no link is named \"" + name + "\" (links are named a-b by their routers)");
    return l->a + "-" + l->b;
  }

  std::vector<std::string> clients(const YAML::Node& n, const std::string& key) const {
    std::vector<std::string> names = r_.strings(n, key);
    if (names.empty()) r_.fail(n, key, "needs at least one client");
    for (const std::string& name : names)
      if (std::none_of(t_.clients.begin(), t_.clients.end(),
                       [&](const lab::Client& c) { return c.name == name; }))
        r_.fail(n, key, "no client is named \"" + name + "\"");
    return names;
  }

  const YamlReader& r_;
  const lab::Topology& t_;
  lab::Scenario& s_;
};

}  // namespace

Result<lab::Scenario, ConfigError> loadScenarioText(const std::string& text,
                                                    const std::string& name,
                                                    const lab::Topology& topology) {
  return readYaml<lab::Scenario>(text, name, [&](const YamlReader& r, const YAML::Node& root) {
    lab::Scenario s;
    s.file = name;
    ScenarioReader(r, topology, s).read(root);
    return s;
  });
}

Result<lab::Scenario, ConfigError> loadScenarioFile(const std::string& path,
                                                    const lab::Topology& topology) {
  auto text = fileText(path);
  if (!text) return fail(text.error());
  return loadScenarioText(*text, path, topology);
}

}  // namespace anycast::config
