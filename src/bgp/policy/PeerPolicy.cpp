#include "bgp/policy/PeerPolicy.h"

#include "bgp/policy/WellKnown.h"

namespace anycast::bgp::policy {
namespace {

PolicyResult finish(Decision decision, PolicyRoute route) {
  return {decision.accepted, decision.reason, std::move(route)};
}

}  // namespace

PolicyResult importRoute(const PeerPolicy& policy, const SessionContext& session,
                         const Prefix& prefix, const PathAttributes& attributes) {
  PolicyRoute route(prefix, attributes);
  if (policy.role) {
    Decision otc = otcIngress(*policy.role, session.peerAs, route);
    if (!otc.accepted) return finish(otc, std::move(route));
    if (policy.gaoRexford)
      apply(SetLocalPref{relationshipLocalPref(*policy.role, policy.preferences)}, session.localAs,
            route);
  }
  applyGracefulShutdown(policy.gracefulShutdownLocalPref, session.ebgp, route);
  Decision decision = run(policy.importFilter, session.localAs, route);
  return finish(decision, std::move(route));
}

PolicyResult exportRoute(const PeerPolicy& policy, const SessionContext& session,
                         const RouteFrom& from, const Prefix& prefix,
                         const PathAttributes& attributes) {
  PolicyRoute route(prefix, attributes);
  Decision wellKnown = checkWellKnownExport(attributes, session.ebgp, from.local);
  if (!wellKnown.accepted) return finish(wellKnown, std::move(route));
  if (policy.role) {
    if (policy.gaoRexford) {
      Decision valleyFree = valleyFreeExport(from.local ? std::nullopt : from.role, *policy.role);
      if (!valleyFree.accepted) return finish(valleyFree, std::move(route));
    }
    Decision otc = otcEgress(*policy.role, session.localAs, route);
    if (!otc.accepted) return finish(otc, std::move(route));
  }
  Decision decision = run(policy.exportFilter, session.localAs, route);
  return finish(decision, std::move(route));
}

}  // namespace anycast::bgp::policy
