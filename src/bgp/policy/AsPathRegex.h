// AsPathRegex: a regular expression over the AS_PATH as text, compiled once when the filter is
// built. The text is AsPath::str(): "65001 65002 {65003 65004}" (AS_SET in {}, confederation
// segments in () and []).
//
// Flavour: std::regex ECMAScript (what libstdc++ and libc++ both implement fully), searched —
// not anchored — so "65001" matches any path containing those digits; anchor with ^ and $.
// Cisco-style "_" is supported since operators write it: an unescaped "_" outside a bracket
// expression is a boundary matching the start or end of the text, a space, or a segment
// bracket. So "_65001_" matches the AS 65001 but not 165001, and "^65001_" means "learned from
// 65001". A literal underscore cannot occur in path text, so nothing is lost.
//
// Safety: libstdc++'s matcher recurses once per character for repetitions and overflows the
// stack on texts of tens of kilobytes, which a peer can send (65535-octet UPDATEs, RFC 8654).
// Paths whose text is longer than kMaxTextLength are therefore not searched: search() returns
// nullopt and the filter rejects the route (fail closed; no real path is that long).
#pragma once

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/Result.h"

namespace anycast::bgp::policy {

class AsPathRegex {
 public:
  static constexpr size_t kMaxTextLength = 2048;

  // Translates "_" and compiles; a malformed pattern is an error (config load time).
  static Result<AsPathRegex> compile(std::string_view pattern);

  // Whether the pattern occurs in `pathText`; nullopt when the text is too long to search.
  std::optional<bool> search(std::string_view pathText) const;
  const std::string& pattern() const { return pattern_; }

 private:
  AsPathRegex(std::string pattern, std::shared_ptr<const std::regex> regex)
      : pattern_(std::move(pattern)), regex_(std::move(regex)) {}
  std::string pattern_;
  std::shared_ptr<const std::regex> regex_;  // immutable; shared by copies of the filter
};

// Compiles each distinct pattern once, so the same regex used by many peers' filters costs one
// compilation and one automaton. Owned by the config loader for the duration of a load.
class AsPathRegexCache {
 public:
  Result<AsPathRegex> get(std::string_view pattern);
  size_t size() const { return compiled_.size(); }

 private:
  std::unordered_map<std::string, AsPathRegex> compiled_;
};

}  // namespace anycast::bgp::policy
