// Actions of a policy term: plain data, built by the config loader. Each action copies the
// attributes only when it really changes them (CowAttributes), so a term that sets a value the
// route already has costs nothing. LOCAL_PREF / MED: RFC 4271 §5.1.5 / §5.1.4; communities:
// RFC 1997; large communities: RFC 8092; AS_PATH prepending: RFC 4271 §5.1.2 (a segment holds
// at most 255 ASes); next hop: RFC 4271 §5.1.3, RFC 4760 §3.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "base/Ip.h"
#include "bgp/policy/CowAttributes.h"
#include "bgp/policy/Match.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp::policy {

struct SetLocalPref {
  uint32_t value = 0;
};
struct SetMed {
  uint32_t value = 0;
};
struct AddCommunities {
  std::vector<uint32_t> values;  // appended when absent
};
struct RemoveCommunities {
  std::vector<uint32_t> values;
};
struct ReplaceCommunities {
  std::vector<uint32_t> values;  // empty: remove all
};
struct AddLargeCommunities {
  std::vector<LargeCommunity> values;  // appended when absent
};
struct RemoveLargeCommunities {
  std::vector<LargeCommunityPattern> patterns;  // "65001:*:*" removes all of 65001's
};
struct ReplaceLargeCommunities {
  std::vector<LargeCommunity> values;  // empty: remove all
};
struct PrependOwnAs {
  uint8_t count = 1;  // the local AS, `count` more times
};
struct SetNextHop {
  // Unset: "self" — the caller puts its own address for the session (it knows it, we do not).
  // Set: used for routes of its family only; routes of the other family are left unchanged.
  std::optional<IpAddress> address;
};

using Action = std::variant<SetLocalPref, SetMed, AddCommunities, RemoveCommunities,
                            ReplaceCommunities, AddLargeCommunities, RemoveLargeCommunities,
                            ReplaceLargeCommunities, PrependOwnAs, SetNextHop>;

// A route while policy runs over it.
struct PolicyRoute {
  PolicyRoute(const Prefix& prefix, const PathAttributes& attributes)
      : prefix(prefix), attributes(attributes) {}
  const Prefix& prefix;
  CowAttributes attributes;
  bool nextHopSelf = false;  // a SetNextHop{self} ran
};

void apply(const Action& action, uint32_t localAs, PolicyRoute& route);

// RFC 4271 §5.1.2: `asn` in front of the leftmost AS_SEQUENCE, `count` times, opening a new
// sequence when the path starts with another segment type or the sequence is full (255).
void prependAs(AsPath& path, uint32_t asn, size_t count);

}  // namespace anycast::bgp::policy
