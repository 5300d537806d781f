#include "config/PolicyLoader.h"

#include <ranges>

#include "base/Text.h"
#include "config/ValueParsers.h"

namespace anycast::config {
namespace {

namespace policy = bgp::policy;

// Reads one filter after another; compiles each distinct AS-path regex once per load.
class FilterReader {
 public:
  explicit FilterReader(const YamlReader& r) : r_(r) {}

  policy::Filter filter(const YAML::Node& node, const std::string& key) {
    r_.checkKeys(node, key, {"terms", "default"});
    policy::Filter f;
    if (auto n = node["terms"])
      r_.list(n, key + ".terms",
              [&](const YAML::Node& t, const std::string& k) { f.terms.push_back(term(t, k)); });
    if (auto n = node["default"]) f.defaultDisposition = disposition(n, key + ".default");
    return f;
  }

 private:
  policy::Term term(const YAML::Node& node, const std::string& key) {
    r_.checkKeys(node, key, {"name", "match", "then"});
    policy::Term t;
    // Unnamed terms are named by their place, so a decision can always say which term made it.
    t.name = node["name"] ? r_.scalar(node["name"], key + ".name") : key.substr(key.rfind('.') + 1);
    if (auto n = node["match"]) matches(n, key + ".match", t.matches);
    if (auto n = node["then"]) actions(n, key + ".then", t);
    return t;
  }

  void matches(const YAML::Node& node, const std::string& key, std::vector<policy::Match>& out) {
    r_.checkKeys(node, key,
                 {"prefix", "community", "large-community", "as-path-contains", "origin-as",
                  "neighbour-as", "as-path-length", "as-path-regex", "next-hop", "family"});
    if (auto n = node["family"]) out.push_back(policy::MatchFamily{family(n, key + ".family")});
    if (auto n = node["prefix"]) {
      policy::MatchPrefix m;
      eachOf(n, key + ".prefix", [&](const YAML::Node& e, const std::string& k) {
        m.list.push_back(checked(e, k, policy::PrefixListEntry::parse(r_.scalar(e, k))));
      });
      out.push_back(std::move(m));
    }
    if (auto n = node["community"])
      for (uint32_t c : communities(n, key + ".community", true))
        out.push_back(policy::MatchCommunity{c});
    if (auto n = node["large-community"])
      for (auto& p : largePatterns(n, key + ".large-community"))
        out.push_back(policy::MatchLargeCommunity{p});
    if (auto n = node["as-path-contains"])
      out.push_back(policy::MatchAsPathContains{r_.asNumber(n, key + ".as-path-contains")});
    if (auto n = node["origin-as"])
      out.push_back(policy::MatchOriginAs{r_.asNumber(n, key + ".origin-as")});
    if (auto n = node["neighbour-as"])
      out.push_back(policy::MatchNeighbourAs{r_.asNumber(n, key + ".neighbour-as")});
    if (auto n = node["as-path-length"]) out.push_back(pathLength(n, key + ".as-path-length"));
    if (auto n = node["as-path-regex"]) {
      std::string k = key + ".as-path-regex";
      out.push_back(policy::MatchAsPathRegex{checked(n, k, regexes_.get(r_.scalar(n, k)))});
    }
    if (auto n = node["next-hop"]) {
      std::string k = key + ".next-hop";
      // An address parses as its host prefix (/32, /128).
      out.push_back(policy::MatchNextHop{
          r_.parsed(n, k, Prefix::parse(r_.scalar(n, k)), "a prefix or an address")});
    }
  }

  policy::MatchAsPathLength pathLength(const YAML::Node& node, const std::string& key) {
    r_.checkKeys(node, key, {"min", "max"});
    policy::MatchAsPathLength m;
    if (auto n = node["min"]) m.min = r_.number(n, key + ".min", 0, UINT32_MAX);
    if (auto n = node["max"]) m.max = r_.number(n, key + ".max", 0, UINT32_MAX);
    if (m.min > m.max) r_.fail(node, key, "min must not be above max");
    return m;
  }

  // Applied in this order, whatever the order in the file (docs/config.md).
  void actions(const YAML::Node& node, const std::string& key, policy::Term& out) {
    r_.checkKeys(node, key,
                 {"local-pref", "med", "replace-communities", "remove-communities",
                  "add-communities", "replace-large-communities", "remove-large-communities",
                  "add-large-communities", "prepend", "next-hop", "action"});
    auto& a = out.actions;
    if (auto n = node["local-pref"])
      a.push_back(policy::SetLocalPref{r_.number(n, key + ".local-pref", 0, UINT32_MAX)});
    if (auto n = node["med"])
      a.push_back(policy::SetMed{r_.number(n, key + ".med", 0, UINT32_MAX)});
    if (auto n = node["replace-communities"])
      a.push_back(policy::ReplaceCommunities{communities(n, key + ".replace-communities", false)});
    if (auto n = node["remove-communities"])
      a.push_back(policy::RemoveCommunities{communities(n, key + ".remove-communities", true)});
    if (auto n = node["add-communities"])
      a.push_back(policy::AddCommunities{communities(n, key + ".add-communities", true)});
    if (auto n = node["replace-large-communities"])
      a.push_back(policy::ReplaceLargeCommunities{
          largeCommunities(n, key + ".replace-large-communities", false)});
    if (auto n = node["remove-large-communities"])
      a.push_back(
          policy::RemoveLargeCommunities{largePatterns(n, key + ".remove-large-communities")});
    if (auto n = node["add-large-communities"])
      a.push_back(
          policy::AddLargeCommunities{largeCommunities(n, key + ".add-large-communities", true)});
    if (auto n = node["prepend"])
      a.push_back(
          policy::PrependOwnAs{static_cast<uint8_t>(r_.number(n, key + ".prepend", 1, 255))});
    if (auto n = node["next-hop"]) {
      std::string k = key + ".next-hop";
      a.push_back(policy::SetNextHop{r_.addressOrSelf(n, k)});
    }
    if (auto n = node["action"]) out.disposition = disposition(n, key + ".action");
  }

  // Calls each(element, key) for every element of a list that must not be empty.
  template <class F>
  void eachOf(const YAML::Node& node, const std::string& key, F&& each) {
    r_.list(node, key, each);
    if (node.size() == 0) r_.fail(node, key, "must not be empty");
  }

  std::vector<uint32_t> communities(const YAML::Node& node, const std::string& key, bool nonEmpty) {
    return nonEmptyIf(nonEmpty, r_.communities(node, key), node, key);
  }

  std::vector<bgp::LargeCommunity> largeCommunities(const YAML::Node& node, const std::string& key,
                                                    bool nonEmpty) {
    return nonEmptyIf(nonEmpty, r_.largeCommunities(node, key), node, key);
  }

  template <class List>
  List nonEmptyIf(bool required, List list, const YAML::Node& node, const std::string& key) {
    if (required && list.empty()) r_.fail(node, key, "must not be empty");
    return list;
  }

  std::vector<policy::LargeCommunityPattern> largePatterns(const YAML::Node& node,
                                                           const std::string& key) {
    std::vector<policy::LargeCommunityPattern> out;
    eachOf(node, key, [&](const YAML::Node& c, const std::string& k) {
      out.push_back(checked(c, k, policy::LargeCommunityPattern::parse(r_.scalar(c, k))));
    });
    return out;
  }

  Family family(const YAML::Node& node, const std::string& key) {
    return r_.oneOf<Family>(node, key, {{"ipv4", Family::kV4}, {"ipv6", Family::kV6}});
  }

  policy::Disposition disposition(const YAML::Node& node, const std::string& key) {
    return r_.oneOf<policy::Disposition>(
        node, key,
        {{"accept", policy::Disposition::kAccept}, {"reject", policy::Disposition::kReject}});
  }

  template <class T>
  T checked(const YAML::Node& node, const std::string& key, Result<T> value) {
    if (!value.ok()) r_.fail(node, key, value.error().message);
    return std::move(value).value();
  }

  const YamlReader& r_;
  policy::AsPathRegexCache regexes_;
};

const policy::Filter& filterNamed(const YamlReader& r, const YAML::Node& node,
                                  const std::string& key, const NamedFilters& filters) {
  auto name = r.scalar(node, key);
  auto it = filters.find(name);
  if (it == filters.end()) {
    std::string known = strings::joinedList(filters | std::views::keys);
    r.fail(node, key,
           "no filter named \"" + name +
               "\" in policy (known: " + (known.empty() ? "none" : known) + ")");
  }
  return it->second;
}

}  // namespace

NamedFilters readFilters(const YamlReader& r, const YAML::Node& node) {
  r.requireMap(node, "policy");
  FilterReader reader(r);
  NamedFilters filters;
  for (const auto& entry : node) {
    auto name = entry.first.as<std::string>();
    if (name.empty()) r.fail(entry.first, "policy", "a filter name must not be empty");
    filters.emplace(name, reader.filter(entry.second, "policy." + name));
  }
  return filters;
}

bgp::policy::PeerPolicy readPeerPolicy(const YamlReader& r, const YAML::Node& peer,
                                       const std::string& key, const NamedFilters& filters,
                                       std::optional<bgp::Role> role) {
  policy::PeerPolicy p;
  p.role = role;
  if (auto n = peer["import"]) p.importFilter = filterNamed(r, n, key + ".import", filters);
  if (auto n = peer["export"]) p.exportFilter = filterNamed(r, n, key + ".export", filters);
  if (auto n = peer["gao-rexford"]) p.gaoRexford = r.boolean(n, key + ".gao-rexford");
  if (auto n = peer["graceful-shutdown-local-pref"]) {
    std::string k = key + ".graceful-shutdown-local-pref";
    if (r.scalar(n, k) == "off") {
      p.gracefulShutdownLocalPref.reset();
    } else {
      p.gracefulShutdownLocalPref = r.number(n, k, 0, UINT32_MAX);
    }
  }
  return p;
}

}  // namespace anycast::config
