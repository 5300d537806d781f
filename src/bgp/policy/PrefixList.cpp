#include "bgp/policy/PrefixList.h"

#include <algorithm>
#include <string>

#include "base/Text.h"

namespace anycast::bgp::policy {
namespace {

std::optional<uint8_t> parseLength(std::string_view text) {
  auto value = strings::parseNumber<uint8_t>(text);
  if (!value || *value > 128) return std::nullopt;
  return value;
}

}  // namespace

Result<PrefixListEntry> PrefixListEntry::parse(std::string_view text) {
  auto parts = strings::split(text, ' ', true);
  auto bad = [&](const std::string& why) {
    return failWith("prefix list entry \"" + std::string(text) + "\": " + why);
  };
  if (parts.empty()) return bad("empty");
  auto prefix = Prefix::parse(parts[0]);
  if (!prefix) return bad("not a prefix (host bits must be clear)");
  std::optional<uint8_t> ge, le;
  for (size_t i = 1; i < parts.size(); i += 2) {
    if (i + 1 >= parts.size()) return bad("\"" + std::string(parts[i]) + "\" needs a length");
    auto length = parseLength(parts[i + 1]);
    if (!length) return bad("bad length \"" + std::string(parts[i + 1]) + "\"");
    if (parts[i] == "ge" && !ge) {
      ge = length;
    } else if (parts[i] == "le" && !le) {
      le = length;
    } else {
      return bad("expected one \"ge N\" and/or one \"le N\"");
    }
  }
  PrefixListEntry e{*prefix, ge.value_or(prefix->length()),
                    le.value_or(ge ? prefix->maxLength() : prefix->length())};
  if (e.minLength < prefix->length() || e.maxLength < e.minLength ||
      e.maxLength > prefix->maxLength())
    return bad("need " + std::to_string(prefix->length()) +
               " <= ge <= le <= " + std::to_string(prefix->maxLength()));
  return e;
}

bool PrefixListEntry::matches(const Prefix& route) const {
  return route.family() == prefix.family() && route.length() >= minLength &&
         route.length() <= maxLength && prefix.contains(route.address());
}

bool matchesAny(const PrefixList& list, const Prefix& route) {
  return std::any_of(list.begin(), list.end(),
                     [&](const PrefixListEntry& e) { return e.matches(route); });
}

}  // namespace anycast::bgp::policy
