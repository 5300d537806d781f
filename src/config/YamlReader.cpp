#include "config/YamlReader.h"

#include <set>

#include "config/ValueParsers.h"

namespace anycast::config {

void YamlReader::fail(const YAML::Node& node, const std::string& key,
                      const std::string& message) const {
  int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  throw LoadFailure{ConfigError{file_, line, key, message}};
}

void YamlReader::requireMap(const YAML::Node& node, const std::string& key) const {
  if (!node.IsMap()) fail(node, key, "must be a mapping of keys to values");
}

void YamlReader::checkKeys(const YAML::Node& map, const std::string& key,
                           std::initializer_list<const char*> allowed) const {
  requireMap(map, key);
  std::set<std::string> known(allowed.begin(), allowed.end());
  for (const auto& entry : map) {
    auto name = entry.first.as<std::string>();
    if (!known.count(name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      fail(entry.first, join(key, name), "unknown key (known here: " + list + ")");
    }
  }
}

std::string YamlReader::scalar(const YAML::Node& node, const std::string& key) const {
  if (!node.IsScalar()) fail(node, key, "must be a single value");
  return node.Scalar();
}

uint32_t YamlReader::number(const YAML::Node& node, const std::string& key, uint32_t min,
                            uint32_t max) const {
  auto v = parseUint32(scalar(node, key));
  std::string range = "a number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!v || *v < min || *v > max)
    fail(node, key, "must be " + range + ", not \"" + node.Scalar() + "\"");
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

}  // namespace anycast::config
