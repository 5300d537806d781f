#include "bgp/policy/AsPathRegex.h"

namespace anycast::bgp::policy {
namespace {

// What "_" stands for: start, end, the separator, or a segment bracket (see the header).
constexpr std::string_view kBoundary = R"((?:^|$|[ {}()\[\]]))";

std::string translateUnderscores(std::string_view pattern) {
  std::string out;
  bool inBracket = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (inBracket) {
      inBracket = c != ']';
    } else if (c == '[') {
      inBracket = true;
    } else if (c == '_') {
      out += kBoundary;
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Result<AsPathRegex> AsPathRegex::compile(std::string_view pattern) {
  try {
    auto regex = std::make_shared<const std::regex>(
        translateUnderscores(pattern),
        std::regex::ECMAScript | std::regex::optimize | std::regex::nosubs);
    return AsPathRegex(std::string(pattern), std::move(regex));
  } catch (const std::regex_error& e) {
    return failWith("as-path regex \"" + std::string(pattern) + "\": " + e.what());
  }
}

std::optional<bool> AsPathRegex::search(std::string_view pathText) const {
  if (pathText.size() > kMaxTextLength) return std::nullopt;
  return std::regex_search(pathText.begin(), pathText.end(), *regex_);
}

Result<AsPathRegex> AsPathRegexCache::get(std::string_view pattern) {
  std::string key(pattern);
  if (auto it = compiled_.find(key); it != compiled_.end()) return it->second;
  auto compiled = AsPathRegex::compile(pattern);
  if (compiled) compiled_.emplace(std::move(key), *compiled);
  return compiled;
}

}  // namespace anycast::bgp::policy
