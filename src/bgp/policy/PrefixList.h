// PrefixList: prefix filters with ge/le length ranges, IPv4 and IPv6 in one list (the
// Cisco/FRR "ip prefix-list" semantics; BIRD's "prefix set" {192.0.2.0/24{24,32}}).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/Ip.h"
#include "base/Result.h"

namespace anycast::bgp::policy {

// A route prefix P matches when it lies inside `prefix` (same family, P.length >=
// prefix.length, same leading bits) and minLength <= P.length <= maxLength.
struct PrefixListEntry {
  Prefix prefix;
  uint8_t minLength = 0;
  uint8_t maxLength = 0;

  // "192.0.2.0/24" (exactly /24), "192.0.2.0/24 le 32", "2001:db8::/32 ge 48 le 64",
  // "0.0.0.0/0 ge 25". ge alone means up to the family maximum; le alone means from the
  // prefix's own length. Requires length <= ge <= le <= 32/128 (an empty range is an error).
  static Result<PrefixListEntry> parse(std::string_view text);
  bool matches(const Prefix& route) const;
};

using PrefixList = std::vector<PrefixListEntry>;

// True when any entry matches.
bool matchesAny(const PrefixList& list, const Prefix& route);

}  // namespace anycast::bgp::policy
