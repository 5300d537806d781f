// RouteReflection: the rules of BGP route reflection, RFC 4456 — which iBGP peers a route
// learned over iBGP may be reflected to (§6), the ORIGINATOR_ID and CLUSTER_LIST a reflected
// route carries (§8), and the loops they reveal on import (§8). RouteExchange applies them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bgp/rib/Path.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp {

// This router's identity as a route reflector; host order. A cluster of one reflector uses
// its router id as CLUSTER_ID (RFC 4456 §7).
struct ReflectorIds {
  uint32_t routerId = 0;
  uint32_t clusterId = 0;
};

// True when `from` and `to` are both iBGP peers (not local routes, not eBGP).
bool isIbgpToIbgp(const RouteSource& from, const RouteSource& to);

// RFC 4456 §6, for a route learned from iBGP peer `from` and another iBGP peer `to`: from a
// non-client it goes to clients only; from a client to every other iBGP peer. Without route
// reflection (no clients) this is RFC 4271 §9.2.1's iBGP split horizon.
bool mayReflect(const RouteSource& from, const RouteSource& to);

// RFC 4456 §8, when reflecting a route learned from `from`: ORIGINATOR_ID set to its router
// id unless already present, our CLUSTER_ID prepended to CLUSTER_LIST.
void addReflectionAttributes(PathAttributes& a, const RouteSource& from, const ReflectorIds& ids);

// ORIGINATOR_ID and CLUSTER_LIST are never sent outside the AS (RFC 4456 §8: optional
// non-transitive, and only meaningful within it), nor on routes we did not reflect, and are
// discarded when an external peer sends them (RFC 7606 §7.9, §7.10).
void stripReflectionAttributes(PathAttributes& a);

// RFC 4456 §8: why a received route looped back to us (ORIGINATOR_ID is our router id, or
// CLUSTER_LIST holds our CLUSTER_ID); nullopt when it did not. Zero ids are never matched.
std::optional<std::string> reflectionLoop(const PathAttributes& a, const ReflectorIds& ids);

}  // namespace anycast::bgp
