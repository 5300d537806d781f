#include "daemon/DaemonPeer.h"

#include "base/Log.h"
#include "daemon/NextHopSelf.h"

namespace anycast::daemon {

DaemonPeer::DaemonPeer(std::unique_ptr<bgp::Peer> session, const config::NeighbourConfig& config)
    : session_(std::move(session)),
      policy_(config.policy),
      mrai_(config.mrai),
      keepsReceived_(config.softReconfiguration),
      fingerprint_(config.fingerprint) {
  const auto& sessionConfig = session_->config();
  source_.address = sessionConfig.remoteAddress;
  source_.peerAs = sessionConfig.remoteAs;
  source_.ebgp = !sessionConfig.isInternal();
  source_.rrClient = config.routeReflectorClient;
}

void DaemonPeer::established() {
  auto info = session_->info();
  if (info.negotiated) source_.routerId = info.negotiated->remote.bgpIdentifier;
  selfV4_.reset();
  selfV6_.reset();
  if (info.localAddress) {
    selfV4_ = daemon::selfNextHop(*info.localAddress, Family::kV4);
    selfV6_ = daemon::selfNextHop(*info.localAddress, Family::kV6);
  }
  // Logged once per session, not per route: without a next hop of a family, no route of that
  // family can be sent to an eBGP peer (RFC 4271 §5.1.3).
  for (auto [family, self] : {std::pair{"ipv4", selfV4_}, std::pair{"ipv6", selfV6_}})
    if (!self)
      LOG_WARN("no-next-hop-self",
               LogFields()
                   .kv("peer", name())
                   .kv("family", family)
                   .kv("effect", "routes of this family that need next-hop self are not sent"));
}

bool DaemonPeer::ready() const { return session_->state() == bgp::State::kEstablished; }

std::optional<IpAddress> DaemonPeer::selfNextHop(Family family) const {
  return family == Family::kV4 ? selfV4_ : selfV6_;
}

void DaemonPeer::send(std::vector<Bytes> messages) { session_->sendUpdates(std::move(messages)); }

}  // namespace anycast::daemon
