// PeerPolicy: the route policy of one BGP session — default layers the RFCs require or the
// operator expects, around the operator's own import and export filters.
// RFC 1997 §2 (well-known communities), RFC 8326 §4 (GRACEFUL_SHUTDOWN), RFC 9234 §5 (OTC) and
// the Gao-Rexford model (relationship preference, valley-free export) it encodes.
//
// Import, in this order:
//   1. OTC ingress (RFC 9234 §5)          — needs a role; leaks are rejected before anything
//   2. relationship LOCAL_PREF             — needs a role and gaoRexford
//   3. GRACEFUL_SHUTDOWN (RFC 8326)        — eBGP; after 2 so the g-shut value wins
//   4. the import filter                   — last, so the operator can override 2 and 3
// Export, in this order:
//   1. NO_ADVERTISE / NO_EXPORT (RFC 1997) — on the route as selected
//   2. valley-free                         — needs a role and gaoRexford
//   3. OTC egress (RFC 9234 §5)            — needs a role
//   4. the export filter                   — last: communities it adds for the neighbour
//                                            (e.g. NO_EXPORT) are sent, not acted on by us
// The MUSTs come first, so no operator filter can re-admit a route leak. A reject at any step
// ends the evaluation with that step's reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "bgp/policy/Action.h"
#include "bgp/policy/Filter.h"
#include "bgp/policy/Roles.h"

namespace anycast::bgp::policy {

struct PeerPolicy {
  std::optional<Role> role;  // our RFC 9234 role toward the peer (eBGP only); unset: no role
  bool gaoRexford = true;    // relationship LOCAL_PREF and valley-free export (with a role)
  RelationshipPreferences preferences;
  std::optional<uint32_t> gracefulShutdownLocalPref = 0;  // unset: GRACEFUL_SHUTDOWN ignored
  Filter importFilter;
  Filter exportFilter;
};

// The session a route is received on or sent to.
struct SessionContext {
  uint32_t localAs = 0;
  uint32_t peerAs = 0;
  bool ebgp = false;
};

// Where a route to be exported came from.
struct RouteFrom {
  bool local = false;        // originated by this router
  std::optional<Role> role;  // our role toward the peer it was learned from, if it has one
};

struct PolicyResult {
  bool accepted = true;
  std::string_view reason;  // why rejected, or the deciding filter term; see Decision
  PolicyRoute route;        // route.attributes.modified() is false when nothing changed
};

// `prefix` and `attributes` must outlive the result (it refers to them until modified).
PolicyResult importRoute(const PeerPolicy& policy, const SessionContext& session,
                         const Prefix& prefix, const PathAttributes& attributes);
PolicyResult exportRoute(const PeerPolicy& policy, const SessionContext& session,
                         const RouteFrom& from, const Prefix& prefix,
                         const PathAttributes& attributes);

}  // namespace anycast::bgp::policy
