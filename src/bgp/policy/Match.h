// Match conditions of a policy term: plain data, built by the config loader. A term matches when
// all of its conditions hold. Communities: RFC 1997 (well-known ones are plain values here, e.g.
// community::kNoExport), large communities: RFC 8092, AS_PATH: RFC 4271 §5.1.2 / RFC 6793,
// next hop: RFC 4271 §5.1.3 and RFC 4760 §3 (MP_REACH next hop for its routes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/Ip.h"
#include "bgp/policy/AsPathRegex.h"
#include "bgp/policy/CowAttributes.h"
#include "bgp/policy/PrefixList.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp::policy {

// A large community with wildcards: unset fields match any value ("65001:*:*").
struct LargeCommunityPattern {
  std::optional<uint32_t> globalAdmin, localData1, localData2;

  // "65001:*:*", "65001:1:2", "*:*:7".
  static Result<LargeCommunityPattern> parse(std::string_view text);
  bool matches(const LargeCommunity& c) const;
};

struct MatchPrefix {
  PrefixList list;  // the route's prefix matches any entry
};
struct MatchCommunity {
  uint32_t value = 0;  // present in COMMUNITIES
};
struct MatchLargeCommunity {
  LargeCommunityPattern pattern;  // some LARGE_COMMUNITY matches
};
struct MatchAsPathContains {
  uint32_t asn = 0;  // anywhere in AS_PATH, sets included
};
struct MatchOriginAs {
  uint32_t asn = 0;  // AsPath::originAs(): last AS of a final AS_SEQUENCE
};
struct MatchNeighbourAs {
  uint32_t asn = 0;  // AsPath::firstAs(): first AS of the first AS_SEQUENCE
};
struct MatchAsPathLength {
  size_t min = 0;  // AsPath::length(): RFC 4271 §9.1.2.2 a) counting; no AS_PATH is 0
  size_t max = std::numeric_limits<size_t>::max();
};
struct MatchAsPathRegex {
  AsPathRegex regex;
};
struct MatchNextHop {
  Prefix prefix;  // an address is a host prefix (/32, /128)
};
struct MatchFamily {
  Family family = Family::kV4;
};

using Match = std::variant<MatchPrefix, MatchCommunity, MatchLargeCommunity, MatchAsPathContains,
                           MatchOriginAs, MatchNeighbourAs, MatchAsPathLength, MatchAsPathRegex,
                           MatchNextHop, MatchFamily>;

// The route as the conditions see it. Attributes may change between terms (actions of a term
// that does not end evaluation); call attributesChanged() then.
class RouteView {
 public:
  RouteView(const Prefix& prefix, const CowAttributes& attributes)
      : prefix_(prefix), attributes_(attributes) {}

  const Prefix& prefix() const { return prefix_; }
  const PathAttributes& attributes() const { return attributes_.get(); }
  // AsPath::str(), built on first use: one string per route however many regexes run.
  const std::string& asPathText() const;
  void attributesChanged() { asPathText_.reset(); }

 private:
  const Prefix& prefix_;
  const CowAttributes& attributes_;
  mutable std::optional<std::string> asPathText_;
};

// Whether routes of `family` use MP_REACH's next hop (it carries that family, RFC 4760 §3) rather
// than NEXT_HOP.
bool usesMpReachNextHop(const PathAttributes& attributes, Family family);
// The next hop routes of `family` use; null when there is none.
const IpAddress* nextHopFor(const PathAttributes& attributes, Family family);

// Whether `match` holds for `route`; nullopt when it cannot be decided safely (an AS path too
// long to search with a regex, see AsPathRegex), which the filter treats as a reject.
std::optional<bool> holds(const Match& match, const RouteView& route);

}  // namespace anycast::bgp::policy
