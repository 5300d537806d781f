// YamlReader: walks anycastd's YAML tree with the dotted key path of each node
// ("peers[0].hold-time"), so every error names file:line and the key. Internal to src/config
// (the only code that knows YAML): the loaders throw LoadFailure, loadConfig* turn it into a
// Result.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/Ip.h"
#include "bgp/wire/PathAttributes.h"
#include "config/ConfigLoader.h"

namespace anycast::config {

struct LoadFailure {
  ConfigError error;
};

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key,
                         const std::string& message) const;
  void requireMap(const YAML::Node& node, const std::string& key) const;
  // Unknown keys are errors: a misspelt key must not silently become a default.
  void checkKeys(const YAML::Node& map, const std::string& key,
                 std::initializer_list<const char*> allowed) const;
  void checkKeys(const YAML::Node& map, const std::string& key,
                 const std::vector<const char*>& allowed) const;

  std::string scalar(const YAML::Node& node, const std::string& key) const;
  // `value` parsed from the node's text; an error saying what was `expected` when unset.
  template <class T>
  T parsed(const YAML::Node& node, const std::string& key, std::optional<T> value,
           const std::string& expected) const {
    if (!value) fail(node, key, "must be " + expected + ", not \"" + node.Scalar() + "\"");
    return *value;
  }
  // The value paired with the node's text in `choices`; else an error listing the names
  // ("must be withdraw or de-prefer, not \"x\"").
  template <class T>
  T oneOf(const YAML::Node& node, const std::string& key,
          std::initializer_list<std::pair<std::string_view, T>> choices) const {
    std::string text = scalar(node, key);
    std::vector<std::string_view> names;
    for (const auto& [name, value] : choices) {
      if (text == name) return value;
      names.push_back(name);
    }
    failChoice(node, key, text, names);
  }
  uint32_t number(const YAML::Node& node, const std::string& key, uint32_t min, uint32_t max) const;
  bool boolean(const YAML::Node& node, const std::string& key) const;
  IpAddress address(const YAML::Node& node, const std::string& key) const;
  // "self" (unset) or an address.
  std::optional<IpAddress> addressOrSelf(const YAML::Node& node, const std::string& key) const;
  // Lists of communities ("65001:100" or a well-known name, RFC 1997) and large communities
  // ("65001:1:2", RFC 8092).
  std::vector<uint32_t> communities(const YAML::Node& node, const std::string& key) const;
  std::vector<bgp::LargeCommunity> largeCommunities(const YAML::Node& node,
                                                    const std::string& key) const;
  uint32_t asNumber(const YAML::Node& node, const std::string& key) const;
  // "250ms", "2s", "1m" or seconds alone (parseDuration), from `min` up.
  Duration duration(const YAML::Node& node, const std::string& key, Duration min) const;
  // A list of strings.
  std::vector<std::string> strings(const YAML::Node& node, const std::string& key) const;

  // Calls each(element, "key[i]") for every element of a list.
  template <class F>
  void list(const YAML::Node& node, const std::string& key, F&& each) const {
    if (!node.IsSequence()) fail(node, key, "must be a list");
    for (size_t i = 0; i < node.size(); ++i) each(node[i], key + "[" + std::to_string(i) + "]");
  }

  static std::string join(const std::string& parent, const std::string& child) {
    return parent.empty() ? child : parent + "." + child;
  }

  const std::string& file() const { return file_; }

 private:
  [[noreturn]] void failChoice(const YAML::Node& node, const std::string& key,
                               const std::string& text,
                               const std::vector<std::string_view>& names) const;

  std::string file_;
};

// Reads `text` as YAML (`name` is the file name in errors) and hands its root to `read`;
// a LoadFailure or a YAML syntax error becomes the ConfigError.
template <class T, class Read>
Result<T, ConfigError> readYaml(const std::string& text, const std::string& name, Read&& read) {
  YamlReader reader(name);
  try {
    return read(reader, YAML::Load(text));
  } catch (const LoadFailure& f) {
    return fail(f.error);
  } catch (const YAML::Exception& e) {
    return fail(ConfigError{name, e.mark.is_null() ? 0 : e.mark.line + 1, "", e.msg});
  }
}

// The whole file, or "cannot open the file".
Result<std::string, ConfigError> fileText(const std::string& path);

}  // namespace anycast::config
