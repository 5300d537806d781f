// Daemon: anycastd's control plane on one event loop — the BGP peers of the config, the routes
// this speaker originates, the routes received (Adj-RIB-In per peer), and the control API.
// RFC 4271 §9.2 (what is sent on a session coming up and on changes), RFC 8203 (shutdown
// message on Cease), RFC 4760 (IPv6 routes in MP_REACH/MP_UNREACH).
#pragma once

#include <asio.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/Clock.h"
#include "bgp/rib/AdjRibIn.h"
#include "bgp/session/Listener.h"
#include "bgp/session/Peer.h"
#include "config/DaemonConfig.h"
#include "control/ControlServer.h"

namespace anycast::daemon {

class Daemon : public bgp::PeerHandler {
 public:
  Daemon(asio::io_context& io, config::DaemonConfig config);
  ~Daemon() override;

  // Opens the listeners and the control socket and starts every peer. Throws on start-up errors
  // (a port in use, an unwritable socket path).
  void start();
  // Sends Cease/Administrative Shutdown to every established peer, then calls `done` once the
  // messages are written (or after a bounded wait).
  void shutdown(std::function<void()> done);

  // Control API: one JSON request in, one reply out (see docs/anycastctl.md).
  Result<nlohmann::json> handleCommand(const nlohmann::json& request);

  // bgp::PeerHandler
  void onEstablished(bgp::Peer& peer) override;
  void onUpdate(bgp::Peer& peer, const bgp::DecodedUpdate& update) override;
  void onDown(bgp::Peer& peer, const std::string& reason) override;

 private:
  struct PeerState {
    std::unique_ptr<bgp::Peer> peer;
    bgp::AdjRibIn ribIn;
    size_t prefixesSent = 0;
  };

  // The UPDATE messages that tell `peer` about `announce` and `withdraw`.
  std::vector<Bytes> updatesFor(const bgp::Peer& peer,
                                const std::vector<const config::Announcement*>& announce,
                                const std::vector<Prefix>& withdraw) const;
  void sendToEstablished(const std::vector<const config::Announcement*>& announce,
                         const std::vector<Prefix>& withdraw);
  void closeListeners();
  PeerState* findPeer(const std::string& name);

  nlohmann::json peersJson() const;
  nlohmann::json routesJson(const std::optional<Prefix>& only) const;
  Result<nlohmann::json> announce(const nlohmann::json& request);
  Result<nlohmann::json> withdraw(const nlohmann::json& request);

  asio::io_context& io_;
  config::DaemonConfig config_;
  std::unique_ptr<TimerFactory> timers_;
  std::vector<PeerState> peers_;  // before listeners_: listeners hold pointers to the peers
  std::vector<std::unique_ptr<bgp::Listener>> listeners_;
  std::map<Prefix, config::Announcement> originated_;
  std::unique_ptr<control::ControlServer> control_;
  std::chrono::steady_clock::time_point startedAt_;
};

}  // namespace anycast::daemon
