#include "bgp/policy/Roles.h"

namespace anycast::bgp::policy {
namespace {

// Providers, Peers and RSes: they get only our own and our customers' routes.
bool upstreamOrLateral(Role neighbour) {
  return neighbour == Role::kProvider || neighbour == Role::kPeer || neighbour == Role::kRs;
}

}  // namespace

uint32_t relationshipLocalPref(Role local, const RelationshipPreferences& preferences) {
  switch (neighbourRole(local)) {
    case Role::kCustomer:
    case Role::kRsClient:
      return preferences.customer;
    case Role::kPeer:
    case Role::kRs:
      return preferences.peer;
    case Role::kProvider:
      return preferences.provider;
  }
  return preferences.peer;  // not reached: every enumerator is handled
}

Decision otcIngress(Role local, uint32_t peerAs, PolicyRoute& route) {
  Role neighbour = neighbourRole(local);
  const std::optional<uint32_t>& otc = route.attributes.get().onlyToCustomer;
  if (otc) {
    // §5 ingress 1: "If a route with the OTC Attribute is received from a Customer or an
    // RS-Client, then it is a route leak and MUST be considered ineligible."
    if (!upstreamOrLateral(neighbour))
      return {false, "route leak: OTC from a customer (RFC 9234 §5)"};
    // §5 ingress 2: "If a route with the OTC Attribute is received from a Peer ... and the
    // Attribute has a value that is not equal to the remote (i.e., Peer's) AS number, then it
    // is a route leak and MUST be considered ineligible."
    if (neighbour == Role::kPeer && *otc != peerAs)
      return {false, "route leak: OTC of another AS from a peer (RFC 9234 §5)"};
    return {true, {}};
  }
  // §5 ingress 3: "If a route is received from a Provider, a Peer, or an RS and the OTC
  // Attribute is not present, then it MUST be added with a value equal to the AS number of the
  // remote AS."
  if (upstreamOrLateral(neighbour)) route.attributes.mutate().onlyToCustomer = peerAs;
  return {true, {}};
}

Decision otcEgress(Role local, uint32_t localAs, PolicyRoute& route) {
  Role neighbour = neighbourRole(local);
  if (route.attributes.get().onlyToCustomer) {
    // §5 egress 2: "If a route already contains the OTC Attribute, it MUST NOT be propagated
    // to Providers, Peers, or RSes."
    if (upstreamOrLateral(neighbour))
      return {false, "OTC: not to providers, peers, RSes (RFC 9234 §5)"};
    return {true, {}};
  }
  // §5 egress 1: "If a route is to be advertised to a Customer, a Peer, or an RS-Client (when
  // the sender is an RS), and the OTC Attribute is not present, then when advertising the
  // route, an OTC Attribute MUST be added with a value equal to the AS number of the local AS."
  // (An RS-Client neighbour means our role is RS.)
  if (neighbour == Role::kCustomer || neighbour == Role::kPeer || neighbour == Role::kRsClient)
    route.attributes.mutate().onlyToCustomer = localAs;
  return {true, {}};
}

Decision valleyFreeExport(std::optional<Role> from, Role to) {
  if (from && upstreamOrLateral(neighbourRole(*from)) && upstreamOrLateral(neighbourRole(to)))
    return {false, "valley-free: provider/peer route only to customers"};
  return {true, {}};
}

}  // namespace anycast::bgp::policy
