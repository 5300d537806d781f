// Path: one route to a prefix as received from one source — the candidate the decision
// process (RFC 4271 §9.1) compares. The prefix is the Loc-RIB key and is not repeated here.
#pragma once

#include <cstdint>

#include "base/Ip.h"
#include "bgp/rib/AttributeStore.h"

namespace anycast::bgp {

// Who a path came from: one per BGP session, plus one for locally originated routes. Owned by
// the caller (the peer, the site controller); it must outlive the paths that point at it.
struct RouteSource {
  IpAddress address;      // peer address; RFC 4271 §9.1.2.2 g)
  uint32_t routerId = 0;  // peer BGP Identifier, host order; §9.1.2.2 f)
  uint32_t peerAs = 0;
  bool ebgp = false;      // §9.1.2.2 d)
  bool local = false;     // locally originated (site controller), not learned from a peer
  bool rrClient = false;  // an iBGP peer that is our route-reflector client (RFC 4456 §6)
};

// 16 bytes: what a Loc-RIB stores per candidate. Next-hop reachability is not stored: the
// decision process asks an injected predicate, so an IGP change needs no rewrite of paths.
struct Path {
  AttrHandle attributes;
  const RouteSource* source = nullptr;

  const PathAttributes& attrs() const { return attributes->attributes(); }
  bool operator==(const Path&) const = default;
};

}  // namespace anycast::bgp
