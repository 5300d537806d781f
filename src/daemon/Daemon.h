// Daemon: anycastd's control plane on one event loop — the BGP peers of the config, the route
// exchange between them (Loc-RIB, decision process, Adj-RIB-Out), the routes this speaker
// originates, the kernel FIB, the site's services (with their embedded DNS servers), and the
// control API. RFC 8203 (shutdown message on Cease).
#pragma once

#include <asio.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "base/Clock.h"
#include "bgp/rib/RouteExchange.h"
#include "bgp/session/Listener.h"
#include "config/DaemonConfig.h"
#include "control/ControlServer.h"
#include "control/MetricsServer.h"
#include "daemon/DaemonPeer.h"
#include "daemon/EmbeddedDns.h"
#include "daemon/NextHopTracking.h"
#include "fib/InterfaceAddresses.h"
#include "fib/KernelFib.h"
#include "fib/NetlinkSocket.h"
#include "health/SteadyClock.h"
#include "site/SiteController.h"

namespace anycast::daemon {

class Daemon : public bgp::PeerHandler, public site::RouteOriginator {
 public:
  Daemon(asio::io_context& io, config::DaemonConfig config);
  ~Daemon() override;

  // Opens the listeners and the control socket and starts every peer. Throws on start-up errors
  // (a port in use, an unwritable socket path).
  void start();
  // Sends Cease/Administrative Shutdown to every established peer, then calls `done` once the
  // messages are written (or after a bounded wait).
  void shutdown(std::function<void()> done);

  // Reads the config file again and applies it: peers added, removed, or reset when their
  // config changed (the others untouched), announcements and services changed. An invalid
  // file, or a change of router/kernel/control (which need a restart), is refused and the
  // running config kept. SIGHUP and `anycastctl reload`.
  Result<nlohmann::json> reload();

  // Control API: one JSON request in, one reply out (the commands of `anycastctl --help`).
  Result<nlohmann::json> handleCommand(const nlohmann::json& request);

  // bgp::PeerHandler
  void onEstablished(bgp::Peer& peer) override;
  bgp::AnnouncedPrefixes onUpdate(bgp::Peer& peer, const bgp::DecodedUpdate& update) override;
  void onDown(bgp::Peer& peer, const std::string& reason) override;
  void onRouteRefresh(bgp::Peer& peer, const bgp::RouteRefreshMessage& request) override;
  void onSendQueueDrained(bgp::Peer& peer) override;

  // site::RouteOriginator: the site's services announce through the route exchange.
  void originate(const Prefix& prefix, const bgp::PathAttributes& attributes) override;
  void stopOriginating(const Prefix& prefix) override;
  void whenSent(std::function<void()> done) override;

 private:
  void closeListeners();
  DaemonPeer* findPeer(const std::string& name);
  // The daemon's peer of a session (pointer comparison: called for every UPDATE).
  DaemonPeer* peerOf(const bgp::Peer& session);
  void originate(const config::Announcement& announcement);
  void startSite(std::vector<site::ServiceConfig> services);
  // Calls `fn` on the event loop after `delay` (keeping what it captures alive until then).
  void after(Duration delay, std::function<void()> fn);
  // A peer of `config`, attached to the exchange (not started).
  DaemonPeer& createPeer(const config::NeighbourConfig& config);
  // Stops `peer` with Cease/Administrative Reset (RFC 4486) saying `why`; its routes are
  // withdrawn from the others.
  void retirePeer(std::unique_ptr<DaemonPeer> peer, const std::string& why);
  nlohmann::json reloadPeers(const std::vector<config::NeighbourConfig>& next);
  nlohmann::json reloadAnnouncements(const std::vector<config::Announcement>& next);
  nlohmann::json reloadServices(const std::vector<site::ServiceConfig>& next);
  // The embedded DNS servers' zones again, but for the services `services` (the reply of
  // reloadServices) started anew.
  Result<nlohmann::json> reloadZones(const nlohmann::json& services);
  // Calls `done` once no established peer has unsent bytes, or `attemptsLeft` polls later.
  void pollUnsent(std::function<void()> done, int attemptsLeft);
  void stopSessions(std::function<void()> done);
  nlohmann::json servicesJson() const;
  Result<nlohmann::json> serviceJson(const nlohmann::json& request) const;
  Result<nlohmann::json> drainService(const nlohmann::json& request);
  void openNetlink();
  // RFC 4271 §9.1.2.1: learned routes are used only while the kernel can reach their next hop.
  void trackNextHops();
  void openKernelFib();
  // The Loc-RIB selection of `prefix` changed: the kernel gets the new next hops (ECMP).
  void programFib(const Prefix& prefix, std::span<const bgp::Path> selected);

  nlohmann::json peersJson() const;
  // Prometheus text for /metrics (DaemonMetrics.cpp).
  std::string metricsText() const;
  void openMetrics();
  // Every tracked next hop: reachable or not, through what (`anycastctl show next-hops`).
  nlohmann::json nextHopsJson() const;
  nlohmann::json routesJson(const std::optional<Prefix>& only) const;
  // Every candidate for `prefix` and why it won or lost (`anycastctl show route P --detail`).
  nlohmann::json routeDetailJson(const Prefix& prefix) const;
  Result<nlohmann::json> announce(const nlohmann::json& request);
  Result<nlohmann::json> withdraw(const nlohmann::json& request);
  // A peer's routes as it sent them, before import policy (soft reconfiguration).
  Result<nlohmann::json> receivedRoutesJson(const nlohmann::json& request);
  // Routes in again (re-run import policy, or ask the peer: RFC 2918) and/or out again.
  Result<nlohmann::json> refreshPeer(const nlohmann::json& request);
  // The request's "peer" field as a configured peer, or an error naming the command.
  Result<DaemonPeer*> peerField(const nlohmann::json& request, const std::string& command);

  asio::io_context& io_;
  config::DaemonConfig config_;
  std::unique_ptr<TimerFactory> timers_;
  bgp::RouteExchange exchange_;
  std::vector<std::unique_ptr<DaemonPeer>> peers_;  // before listeners_, which point at them
  std::vector<std::unique_ptr<bgp::Listener>> listeners_;
  std::unique_ptr<fib::NetlinkSocket> netlink_;  // with a FIB or next-hop tracking
  std::unique_ptr<NextHopTracking> nextHops_;    // unless router.next-hop-tracking is off
  std::unique_ptr<fib::Fib> fib_;  // a KernelFib, only with a `kernel:` section in the config
  health::SteadyClock clock_;
  std::unique_ptr<fib::KernelAddresses> addresses_;  // with services
  std::unique_ptr<EmbeddedDns> dns_;                 // with services (before site_: outlives it)
  std::unique_ptr<site::SiteController> site_;       // with services
  std::unique_ptr<control::ControlServer> control_;
  std::unique_ptr<control::MetricsServer> metrics_;  // with control.metrics
  std::chrono::steady_clock::time_point startedAt_;
};

}  // namespace anycast::daemon
