// BGP Roles (RFC 9234) and the Gao-Rexford route export model they describe.
//
// A Role here is always OUR role toward a neighbour, as configured and sent in OPEN (RFC 9234
// §4.1): local role Provider means the neighbour is our Customer. The RFC's procedures speak
// of the neighbour ("received from a Customer"); bgp::neighbourRole() in wire/Message.h makes
// that translation, and the pairing check of the OPEN (§4.2), bgp::rolesPair, is built on it.
//
// Neighbour classes used below, following §5: Customers and RS-Clients may be sent every route
// and must not send us routes carrying OTC; Providers, Peers and RSes ("upstream or lateral")
// get only our own and our customers' routes, and routes from them are marked with OTC.
#pragma once

#include <cstdint>
#include <optional>

#include "bgp/policy/Action.h"
#include "bgp/policy/Filter.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp::policy {

// Gao-Rexford import preference: routes through customers beat routes through peers, which
// beat routes through providers. Configurable per daemon.
struct RelationshipPreferences {
  uint32_t customer = 200;  // neighbour is a Customer or an RS-Client
  uint32_t peer = 100;      // neighbour is a Peer or an RS
  uint32_t provider = 50;   // neighbour is a Provider
};
uint32_t relationshipLocalPref(Role local, const RelationshipPreferences& preferences);

// RFC 9234 §5 ingress procedure on a route from a neighbour with AS `peerAs`: rejects leaks
// (rules 1 and 2), adds OTC on routes from Providers, Peers and RSes (rule 3).
Decision otcIngress(Role local, uint32_t peerAs, PolicyRoute& route);

// RFC 9234 §5 egress procedure toward a neighbour: routes with OTC do not go to Providers,
// Peers or RSes (rule 2); routes to Customers, Peers and RS-Clients without OTC get OTC =
// `localAs` (rule 1).
Decision otcEgress(Role local, uint32_t localAs, PolicyRoute& route);

// Valley-free export (Gao-Rexford): routes learned from Providers, Peers or RSes go only to
// Customers and RS-Clients; our own routes and our customers' go to everyone. `from` is our
// role toward the neighbour the route came from; unset for our own routes and for routes from
// sessions without a role (iBGP): those are not restricted here — across iBGP the OTC egress
// rule does the same job, since OTC was added where the route entered the AS.
Decision valleyFreeExport(std::optional<Role> from, Role to);

}  // namespace anycast::bgp::policy
