// Peer: one configured BGP neighbour — its FSM(s), TCP connections, counters — on one asio
// io_context thread. RFC 4271 §8 (FSM, automatic restart), §6.8 (connection collision),
// §6 (errors -> NOTIFICATION), RFC 7606 (treat-as-withdraw / attribute-discard are passed on),
// RFC 4486 §4 (Cease/1 maximum number of prefixes reached, with AFI/SAFI/upper bound data),
// RFC 8203/9003 (shutdown communication in Cease/2 and Cease/4), RFC 2385, RFC 5082.
//
// Use from the daemon (all calls on the io_context's thread):
//   AsioTimerFactory timers(io);
//   Peer peer(io, config, handler, timers);
//   listener.addPeer(peer);      // passive side and collisions: incoming connections
//   peer.start();                // connects (or waits, if config.passive), restarts by itself
//   ... handler.onEstablished(peer) -> peer.sendUpdates(packUpdates(..., peer.codecOptions()));
//   peer.stop(NotificationMessage::cease(subcode::kAdministrativeShutdown, "maintenance"));
//   listener.removePeer(peer);   // before destroying the Peer
#pragma once

#include <array>
#include <asio.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Clock.h"
#include "bgp/session/Fsm.h"
#include "bgp/session/PeerConfig.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

class Connection;
class Peer;

constexpr size_t kMaxQueuedBytes = 64 << 20;

// How many prefixes a peer announces now (its Adj-RIB-In), per family. The RIB behind the
// handler knows it; the Peer checks it against the max-prefix limit (RFC 4486).
struct AnnouncedPrefixes {
  uint64_t ipv4 = 0, ipv6 = 0;
};

// What the daemon is told. Called on the io_context's thread; may call back into the Peer.
class PeerHandler {
 public:
  virtual ~PeerHandler() = default;
  virtual void onEstablished(Peer&) {}
  // An UPDATE received in Established, to be applied; returns the peer's prefix counts after
  // it. RFC 7606 outcomes travel in it: with treatAsWithdraw set, every prefix it carries is
  // to be withdrawn. When the counts exceed the max-prefix limit the Peer then resets the
  // session (Cease/1), and onDown flushes what the offending UPDATE added.
  virtual AnnouncedPrefixes onUpdate(Peer&, const DecodedUpdate&) { return {}; }
  // The session left Established (the Adj-RIB-In of this peer is to be flushed).
  virtual void onDown(Peer&, const std::string& /*reason*/) {}
  virtual void onRouteRefresh(Peer&, const RouteRefreshMessage&) {}
  // In Established, every UPDATE queued with sendUpdates has been handed to the kernel: a
  // sender that held routes back while the peer read slowly may send them now.
  virtual void onSendQueueDrained(Peer&) {}
};

// Messages counted by type, indexed by MessageType.
struct MessageCounters {
  std::array<uint64_t, 6> byType{};
  uint64_t operator[](MessageType t) const { return byType[static_cast<size_t>(t)]; }
  void count(MessageType t) { ++byType[static_cast<size_t>(t)]; }
};

struct PeerInfo {
  State state = State::kIdle;
  std::optional<std::chrono::steady_clock::time_point> establishedSince;  // uptime = now - this
  uint64_t establishedCount = 0;  // how many times the session came up
  // Set in OpenConfirm/Established: negotiated hold and keepalive times, codec options and
  // families, and the peer's OPEN (its capabilities, router id, graceful-restart time).
  std::optional<Negotiated> negotiated;
  // The established TCP connection's local address (next-hop-self).
  std::optional<IpAddress> localAddress;
  MessageCounters received, sent;  // updates in/out: received[MessageType::kUpdate], ...
  std::string lastError;           // why the session last went down, or failed to come up
  std::optional<NotificationMessage> lastNotificationSent, lastNotificationReceived;
};

class Peer {
 public:
  // `handler` and `timers` must outlive the Peer.
  Peer(asio::io_context& io, PeerConfig config, PeerHandler& handler, TimerFactory& timers);
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  // ManualStart: connect (or wait for the peer if passive); after any failure the Peer restarts
  // by itself after config.connectRetry, until stop().
  void start();
  // ManualStop: sends `notification` if a connection is up, closes, stays Idle until start().
  void stop(NotificationMessage notification =
                NotificationMessage::cease(subcode::kAdministrativeShutdown));
  // Queues already-packed UPDATE messages (with header). False, and nothing sent, unless
  // Established. A peer that stops reading while kMaxQueuedBytes are queued is reset with
  // Cease/8 Out of Resources (RFC 4486) instead of letting the queue grow.
  bool sendUpdates(std::vector<Bytes> messages);
  // RFC 2918: asks the peer to send its routes of (afi, safi) again. False, and nothing sent,
  // unless Established with a peer that advertised the Route Refresh capability, over a
  // session that negotiated (afi, safi) (§4).
  bool requestRouteRefresh(uint16_t afi, uint8_t safi);
  // An incoming connection from config().remoteAddress (the Listener calls this).
  void accept(asio::ip::tcp::socket socket);

  // Bytes queued on the session's connection and not yet handed to the kernel; 0 without one.
  size_t unsentBytes() const;
  // Negotiated options for packUpdates/encode; defaults before Established.
  CodecOptions codecOptions() const;
  State state() const;
  PeerInfo info() const;
  const std::string& name() const { return config_.name; }
  const PeerConfig& config() const { return config_; }

 private:
  class Session;
  friend class Session;

  void connect(Session& s);
  void attach(Session& s, std::shared_ptr<Connection> conn);
  void refuse(asio::ip::tcp::socket socket, const char* why,
              std::optional<NotificationMessage> notification);
  void onMessage(Connection& conn, ByteSpan bytes);
  void onUpdate(Session& s, DecodedUpdate update, ByteSpan bytes);
  bool resolveCollision(Session& s, const OpenMessage& open);
  // RFC 4486: over the max-prefix limit in a family, resets the session with Cease/1.
  void enforceMaxPrefixes(Session& s, const AnnouncedPrefixes& announced);
  void onEstablished(Session& s);
  void onSessionDown(Session& s, State from, const std::string& reason);
  void logReceiveError(const WireError& e, ByteSpan bytes);
  Session* sessionOf(const Connection& conn);
  void retire(std::unique_ptr<Session> s);

  asio::io_context& io_;
  const PeerConfig config_;
  PeerHandler& handler_;
  TimerFactory& timers_;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);  // async callbacks hold a weak_ptr
  std::unique_ptr<Session> main_;
  std::unique_ptr<Session> other_;  // a second connection during OpenSent/OpenConfirm (§6.8)
  std::vector<std::unique_ptr<Session>> retired_;  // destroyed on the next loop turn
  PeerInfo info_;
};

}  // namespace anycast::bgp
