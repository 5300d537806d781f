#include "config/YamlReader.h"

#include <fstream>
#include <set>
#include <sstream>

#include "base/Text.h"
#include "config/ValueParsers.h"

namespace anycast::config {

void YamlReader::fail(const YAML::Node& node, const std::string& key,
                      const std::string& message) const {
  int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  throw LoadFailure{ConfigError{file_, line, key, message}};
}

void YamlReader::requireMap(const YAML::Node& node, const std::string& key) const {
  if (!node.IsMap()) fail(node, key, "must be a mapping of keys to values");
  // yaml-cpp keeps one of two equal keys and drops the other without a word.
  std::set<std::string> seen;
  for (const auto& entry : node) {
    auto name = entry.first.as<std::string>();
    if (!seen.insert(name).second) fail(entry.first, join(key, name), "appears twice");
  }
}

void YamlReader::failChoice(const YAML::Node& node, const std::string& key, const std::string& text,
                            const std::vector<std::string_view>& names) const {
  std::string list;
  for (size_t i = 0; i < names.size(); ++i)
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
  fail(node, key, "must be " + list + ", not \"" + text + "\"");
}

void YamlReader::checkKeys(const YAML::Node& map, const std::string& key,
                           std::initializer_list<const char*> allowed) const {
  checkKeys(map, key, std::vector<const char*>(allowed));
}

void YamlReader::checkKeys(const YAML::Node& map, const std::string& key,
                           const std::vector<const char*>& allowed) const {
  requireMap(map, key);
  std::set<std::string> known(allowed.begin(), allowed.end());
  for (const auto& entry : map) {
    auto name = entry.first.as<std::string>();
    if (!known.count(name))
      fail(entry.first, join(key, name),
           "unknown key (known here: " + strings::joinedList(known) + ")");
  }
}

std::string YamlReader::scalar(const YAML::Node& node, const std::string& key) const {
  if (!node.IsScalar()) fail(node, key, "must be a single value");
  return node.Scalar();
}

Duration YamlReader::duration(const YAML::Node& node, const std::string& key, Duration min) const {
  Duration d =
      parsed(node, key, parseDuration(scalar(node, key)), "a duration such as 100ms, 2s or 1m");
  if (d < min) fail(node, key, "must be at least " + std::to_string(min.count()) + "ms");
  return d;
}

std::vector<std::string> YamlReader::strings(const YAML::Node& node, const std::string& key) const {
  std::vector<std::string> out;
  list(node, key, [&](const YAML::Node& n, const std::string& k) { out.push_back(scalar(n, k)); });
  return out;
}

uint32_t YamlReader::number(const YAML::Node& node, const std::string& key, uint32_t min,
                            uint32_t max) const {
  auto v = parseUint32(scalar(node, key));
  if (!v || *v < min || *v > max)
    fail(node, key,
         "must be a number from " + std::to_string(min) + " to " + std::to_string(max) +
             ", not \"" + node.Scalar() + "\"");
  return *v;
}

bool YamlReader::boolean(const YAML::Node& node, const std::string& key) const {
  auto text = scalar(node, key);
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  fail(node, key, "must be true or false, not \"" + text + "\"");
}

IpAddress YamlReader::address(const YAML::Node& node, const std::string& key) const {
  return parsed(node, key, IpAddress::parse(scalar(node, key)), "an IPv4 or IPv6 address");
}

uint32_t YamlReader::asNumber(const YAML::Node& node, const std::string& key) const {
  return parsed(node, key, parseAsNumber(scalar(node, key)),
                "an AS number (1-4294967295, or asdot)");
}

std::optional<IpAddress> YamlReader::addressOrSelf(const YAML::Node& node,
                                                   const std::string& key) const {
  if (scalar(node, key) == "self") return std::nullopt;
  return address(node, key);
}

std::vector<uint32_t> YamlReader::communities(const YAML::Node& node,
                                              const std::string& key) const {
  std::vector<uint32_t> out;
  list(node, key, [&](const YAML::Node& c, const std::string& k) {
    out.push_back(parsed(c, k, parseCommunity(scalar(c, k)),
                         "a community (\"65001:100\" or a well-known name)"));
  });
  return out;
}

std::vector<bgp::LargeCommunity> YamlReader::largeCommunities(const YAML::Node& node,
                                                              const std::string& key) const {
  std::vector<bgp::LargeCommunity> out;
  list(node, key, [&](const YAML::Node& c, const std::string& k) {
    out.push_back(
        parsed(c, k, parseLargeCommunity(scalar(c, k)), "a large community (\"65001:1:2\")"));
  });
  return out;
}

Result<std::string, ConfigError> fileText(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail(ConfigError{path, 0, "", "cannot open the file"});
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace anycast::config
