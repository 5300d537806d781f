// DaemonPeer: one configured BGP neighbour as the daemon holds it — the session (bgp::Peer) and
// its face towards the route exchange (identity for the decision process, route policy,
// next-hop-self addresses, sending).
#pragma once

#include <memory>
#include <optional>

#include "bgp/rib/RouteExchange.h"
#include "bgp/session/Peer.h"
#include "config/DaemonConfig.h"

namespace anycast::daemon {

class DaemonPeer : public bgp::ExchangePeer {
 public:
  // `config` gives the route policy, MRAI, soft reconfiguration and route-reflector-client
  // setting (RFC 4456 §6) of the session.
  DaemonPeer(std::unique_ptr<bgp::Peer> session, const config::NeighbourConfig& config);

  bgp::Peer& session() { return *session_; }
  // NeighbourConfig::fingerprint of the config it was made from (reload compares it).
  const std::string& fingerprint() const { return fingerprint_; }
  const bgp::Peer& session() const { return *session_; }
  // The session is Established: learn the peer's identifier and our next-hop-self addresses.
  void established();

  // bgp::ExchangePeer
  const std::string& name() const override { return session_->name(); }
  const bgp::RouteSource& source() const override { return source_; }
  const bgp::policy::PeerPolicy& policy() const override { return policy_; }
  bool ready() const override;
  bgp::CodecOptions codecOptions() const override { return session_->codecOptions(); }
  std::optional<IpAddress> selfNextHop(Family family) const override;
  void send(std::vector<Bytes> messages) override;
  bool sendBacklogged() const override { return session_->unsentBytes() > 0; }
  Duration mrai() const override { return mrai_; }
  bool keepsReceived() const override { return keepsReceived_; }

 private:
  std::unique_ptr<bgp::Peer> session_;
  bgp::RouteSource source_;
  bgp::policy::PeerPolicy policy_;
  std::optional<IpAddress> selfV4_, selfV6_;
  Duration mrai_;
  bool keepsReceived_ = false;
  std::string fingerprint_;
};

}  // namespace anycast::daemon
