#include "bgp/rib/RouteReflection.h"

#include <algorithm>

#include "base/Ip.h"

namespace anycast::bgp {

bool isIbgpToIbgp(const RouteSource& from, const RouteSource& to) {
  return !from.local && !from.ebgp && !to.local && !to.ebgp;
}

bool mayReflect(const RouteSource& from, const RouteSource& to) {
  // §6: "A route from a Non-Client IBGP peer: Reflect to all the Clients." "A route from a
  // Client peer: Reflect to all the Non-Client peers and also to the Client peers."
  // The sender itself is excluded by the caller.
  return from.rrClient || to.rrClient;
}

void addReflectionAttributes(PathAttributes& a, const RouteSource& from, const ReflectorIds& ids) {
  // §8: "...the RR MUST create the ORIGINATOR_ID if it does not exist", carrying "the BGP
  // Identifier of the originator of the route in the local AS"; "the RR MUST prepend its own
  // CLUSTER_ID to the CLUSTER_LIST", creating it if absent.
  if (!a.originatorId) a.originatorId = from.routerId;
  a.clusterList.insert(a.clusterList.begin(), ids.clusterId);
}

void stripReflectionAttributes(PathAttributes& a) {
  a.originatorId.reset();
  a.clusterList.clear();
}

std::optional<std::string> reflectionLoop(const PathAttributes& a, const ReflectorIds& ids) {
  // §8: "A BGP speaker SHOULD NOT accept a route with ORIGINATOR_ID equal to its own"; "If the
  // local CLUSTER_ID is found in the CLUSTER_LIST, the advertisement received SHOULD be
  // ignored."
  if (ids.routerId != 0 && a.originatorId == ids.routerId)
    return "ORIGINATOR_ID " + IpAddress::v4(ids.routerId).str() + " is our router id";
  const auto& list = a.clusterList;
  if (ids.clusterId != 0 && std::find(list.begin(), list.end(), ids.clusterId) != list.end())
    return "CLUSTER_LIST holds our cluster id " + IpAddress::v4(ids.clusterId).str();
  return std::nullopt;
}

}  // namespace anycast::bgp
