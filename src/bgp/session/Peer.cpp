#include "bgp/session/Peer.h"

#include "base/Log.h"
#include "bgp/session/AsioAddress.h"
#include "bgp/session/Connection.h"
#include "bgp/session/SocketOptions.h"

namespace anycast::bgp {

// One connection and the FSM driving it (RFC 4271 §8: "one FSM per connection"; a peer has two
// only while a collision is resolved, §6.8).
class Peer::Session : public FsmActions {
 public:
  explicit Session(Peer& peer) : peer_(peer), fsm(peer.config_, *this, peer.timers_) {}
  ~Session() override { dropConnection(); }

  void connect() override { peer_.connect(*this); }
  void dropConnection() override {
    if (connecting) {
      asio::error_code ignored;
      connecting->close(ignored);
      connecting.reset();
    }
    if (conn) {
      conn->close();
      conn.reset();
    }
  }
  void sendOpen(const OpenMessage& m) override { send(m); }
  void sendKeepalive() override { send(KeepaliveMessage{}); }
  void sendRouteRefresh(const RouteRefreshMessage& m) { send(m); }
  void sendNotification(const NotificationMessage& m) override {
    if (!conn) return;
    LOG_WARN("bgp.notification.sent", LogFields()
                                          .kv("peer", peer_.name())
                                          .kv("error", errorName(m.code, m.subcode))
                                          .kv("data", toHex(m.data)));
    peer_.info_.lastNotificationSent = m;
    send(m);
  }
  void established() override { peer_.onEstablished(*this); }
  void down(State from, const std::string& reason) override {
    peer_.onSessionDown(*this, from, reason);
  }

  CodecOptions options() const {
    return fsm.negotiated() ? fsm.negotiated()->options : CodecOptions{};
  }

  Peer& peer_;
  Fsm fsm;
  std::shared_ptr<Connection> conn;
  std::shared_ptr<asio::ip::tcp::socket> connecting;  // outgoing attempt in progress

 private:
  void send(const Message& m) {
    if (!conn) return;
    conn->send(encodeMessage(m, options()));
    peer_.info_.sent.count(typeOf(m));
  }
};

namespace {

// Opens the outgoing socket with TCP-MD5, GTSM and the configured source address/port.
Result<Ok> prepareOutgoing(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& remote,
                           const PeerConfig& c) {
  asio::error_code ec;
  socket.open(remote.protocol(), ec);
  if (ec) return failWith("socket: " + ec.message());
  if (!c.md5Password.empty()) {
    auto md5 = setTcpMd5(socket.native_handle(), c.remoteAddress, c.md5Password);
    if (!md5) return md5;
  }
  if (c.gtsm) {
    auto gtsm = setGtsm(socket.native_handle());
    if (!gtsm) return gtsm;
  }
  if (c.localAddress || c.localPort != 0) {
    asio::ip::address local = c.localAddress ? toAsio(*c.localAddress)
                              : remote.address().is_v4()
                                  ? asio::ip::address(asio::ip::address_v4::any())
                                  : asio::ip::address(asio::ip::address_v6::any());
    socket.set_option(asio::socket_base::reuse_address(true), ec);
    socket.bind({local, c.localPort}, ec);
    if (ec) return failWith("bind " + local.to_string() + ": " + ec.message());
  }
  return Ok{};
}

}  // namespace

Peer::Peer(asio::io_context& io, PeerConfig config, PeerHandler& handler, TimerFactory& timers)
    : io_(io), config_(std::move(config)), handler_(handler), timers_(timers) {
  main_ = std::make_unique<Session>(*this);
}

Peer::~Peer() = default;

void Peer::start() { main_->fsm.handle(EventType::kManualStart); }

void Peer::stop(NotificationMessage notification) {
  if (other_) other_->fsm.handle(Event::manualStop(notification));
  main_->fsm.handle(Event::manualStop(std::move(notification)));
}

size_t Peer::unsentBytes() const { return main_->conn ? main_->conn->queuedBytes() : 0; }

bool Peer::sendUpdates(std::vector<Bytes> messages) {
  if (main_->fsm.state() != State::kEstablished || !main_->conn) return false;
  if (main_->conn->queuedBytes() > kMaxQueuedBytes) {
    main_->fsm.handle(Event::localReset(NotificationMessage::cease(subcode::kOutOfResources)));
    return false;
  }
  for (size_t i = 0; i < messages.size(); ++i) info_.sent.count(MessageType::kUpdate);
  main_->conn->send(messages);
  return true;
}

bool Peer::requestRouteRefresh(uint16_t afi, uint8_t safi) {
  const auto& negotiated = main_->fsm.negotiated();
  if (main_->fsm.state() != State::kEstablished || !main_->conn || !negotiated ||
      !negotiated->remote.capabilities.routeRefresh)
    return false;
  const auto& families = negotiated->families;
  if (std::find(families.begin(), families.end(), AfiSafi{afi, safi}) == families.end())
    return false;
  main_->sendRouteRefresh(RouteRefreshMessage{afi, 0, safi});
  return true;
}

CodecOptions Peer::codecOptions() const { return main_->options(); }

State Peer::state() const { return main_->fsm.state(); }

PeerInfo Peer::info() const {
  PeerInfo i = info_;
  i.state = main_->fsm.state();
  i.negotiated = main_->fsm.negotiated();
  if (i.state == State::kEstablished && main_->conn) {
    i.localAddress = main_->conn->localAddress();
  }
  return i;
}

void Peer::connect(Session& s) {
  asio::ip::tcp::endpoint remote(toAsio(config_.remoteAddress), config_.remotePort);
  auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
  s.connecting = socket;
  auto done = [this, alive = std::weak_ptr<int>(alive_), socket](const std::string& error) {
    if (!alive.lock()) return;
    Session* owner = main_->connecting == socket              ? main_.get()
                     : other_ && other_->connecting == socket ? other_.get()
                                                              : nullptr;
    if (!owner) return;  // abandoned attempt
    owner->connecting.reset();
    if (!error.empty()) {
      info_.lastError = error;
      LOG_INFO("bgp.peer.connect_failed", LogFields().kv("peer", name()).kv("reason", error));
      owner->fsm.handle(EventType::kTcpConnectionFails);
      return;
    }
    attach(*owner, std::make_shared<Connection>(std::move(*socket), true, timers_));
    owner->fsm.handle(EventType::kTcpConnectionUp);
  };
  auto prepared = prepareOutgoing(*socket, remote, config_);
  if (!prepared) {
    asio::post(io_, [done, error = prepared.error().message] { done(error); });
    return;
  }
  socket->async_connect(remote, [done](const asio::error_code& ec) {
    done(ec ? "connect: " + ec.message() : std::string());
  });
}

void Peer::accept(asio::ip::tcp::socket socket) {
  // RFC 5082: the minimum TTL is per connection. The outgoing TTL / hop limit is inherited from
  // the listener (Linux clones it into the accepted socket), but the Listener sets it only for
  // GTSM peers added after open(), so it is set here too rather than relied upon.
  if (config_.gtsm) {
    if (auto r = setGtsm(socket.native_handle()); !r) {
      return refuse(std::move(socket), r.error().message.c_str(), std::nullopt);
    }
  }
  auto conn = [&] { return std::make_shared<Connection>(std::move(socket), false, timers_); };
  switch (main_->fsm.state()) {
    case State::kIdle:
      // RFC 4271 §8.2.2 Idle: "refuses all incoming BGP connections for this peer".
      return refuse(std::move(socket), "peer is idle", std::nullopt);
    case State::kActive:
      // RFC 4271 §8.2.2 Active, Event 17: no attempt of ours in progress, use this connection.
      attach(*main_, conn());
      main_->fsm.handle(EventType::kTcpConnectionUp);
      return;
    case State::kConnect:  // our own attempt may already be up at the other end
    case State::kOpenSent:
    case State::kOpenConfirm:
      if (other_) {
        return refuse(std::move(socket), "collision already being resolved",
                      NotificationMessage::cease(subcode::kConnectionCollisionResolution));
      }
      // RFC 4271 §6.8: both connections proceed (each with its FSM) until an OPEN tells whose
      // identifier wins, or one of them is Established.
      other_ = std::make_unique<Session>(*this);
      attach(*other_, conn());
      other_->fsm.handle(EventType::kManualStartPassive);
      other_->fsm.handle(EventType::kTcpConnectionUp);
      return;
    case State::kEstablished:
      // RFC 4271 §6.8: "collision with an existing BGP connection that is in the Established
      // state causes closing of the newly created connection".
      return refuse(std::move(socket), "already established",
                    NotificationMessage::cease(subcode::kConnectionCollisionResolution));
  }
}

void Peer::refuse(asio::ip::tcp::socket socket, const char* why,
                  std::optional<NotificationMessage> notification) {
  LOG_INFO("bgp.peer.connection_refused", LogFields().kv("peer", name()).kv("reason", why));
  auto conn = std::make_shared<Connection>(std::move(socket), false, timers_);
  conn->start({});  // closed below, so the handlers are never called
  if (notification) conn->send(encodeMessage(*notification, CodecOptions{}));
  conn->close();
}

void Peer::attach(Session& s, std::shared_ptr<Connection> conn) {
  s.conn = conn;
  Connection* c = conn.get();  // the handlers live in *c and die with it
  conn->start({
      .onMessage = [this, c](ByteSpan bytes) { onMessage(*c, bytes); },
      .onFramingError =
          [this, c](const WireError& e, ByteSpan bytes) {
            logReceiveError(e, bytes);
            if (Session* owner = sessionOf(*c)) owner->fsm.handle(Event::messageError(e));
          },
      .onClosed =
          [this, c](const std::string& reason) {
            if (Session* owner = sessionOf(*c)) {
              info_.lastError = reason;
              owner->fsm.handle(EventType::kTcpConnectionFails);
            }
          },
      .onDrained =
          [this, c] {
            if (main_->conn.get() == c && main_->fsm.state() == State::kEstablished)
              handler_.onSendQueueDrained(*this);
          },
  });
}

Peer::Session* Peer::sessionOf(const Connection& conn) {
  if (main_->conn.get() == &conn) return main_.get();
  if (other_ && other_->conn.get() == &conn) return other_.get();
  return nullptr;
}

void Peer::onMessage(Connection& conn, ByteSpan bytes) {
  Session* s = sessionOf(conn);
  if (!s) return;
  auto decoded = decodeMessage(bytes, s->options());
  if (!decoded) {
    logReceiveError(decoded.error(), bytes);
    s->fsm.handle(Event::messageError(decoded.error()));
    return;
  }
  Message& m = decoded->message;
  info_.received.count(typeOf(m));
  if (auto* open = std::get_if<OpenMessage>(&m)) {
    if (resolveCollision(*s, *open)) return;
    s->fsm.handle(Event::bgpOpen(*open));
    // RFC 6793 / RFC 8654: what was negotiated changes how the following messages are read.
    if (s->conn && s->fsm.negotiated()) s->conn->setOptions(s->fsm.negotiated()->options);
  } else if (auto* update = std::get_if<UpdateMessage>(&m)) {
    s->fsm.handle(EventType::kUpdateMsg);
    if (s->fsm.state() != State::kEstablished) return;
    onUpdate(*s,
             DecodedUpdate{std::move(*update), std::move(decoded->treatAsWithdraw),
                           std::move(decoded->discarded)},
             bytes);
  } else if (auto* n = std::get_if<NotificationMessage>(&m)) {
    LOG_WARN("bgp.notification.received", LogFields()
                                              .kv("peer", name())
                                              .kv("error", errorName(n->code, n->subcode))
                                              .kv("message", n->shutdownCommunication())
                                              .kv("data", toHex(n->data)));
    info_.lastNotificationReceived = *n;
    s->fsm.handle(Event::notifMsg(*n));
  } else if (std::holds_alternative<KeepaliveMessage>(m)) {
    s->fsm.handle(EventType::kKeepAliveMsg);
  } else if (auto* refresh = std::get_if<RouteRefreshMessage>(&m)) {
    s->fsm.handle(EventType::kRouteRefreshMsg);
    if (s->fsm.state() == State::kEstablished) handler_.onRouteRefresh(*this, *refresh);
  }
}

void Peer::onUpdate(Session& s, DecodedUpdate update, ByteSpan bytes) {
  if (update.treatAsWithdraw || !update.discarded.empty()) {
    // RFC 7606 §8: log the error; one line per UPDATE.
    const WireError& first = update.treatAsWithdraw ? *update.treatAsWithdraw : update.discarded[0];
    std::string errors;
    if (update.treatAsWithdraw) errors = "treat-as-withdraw: " + update.treatAsWithdraw->reason;
    for (const WireError& e : update.discarded) {
      errors += (errors.empty() ? "" : "; ") + std::string("attribute-discard: ") + e.reason;
    }
    LOG_WARN("bgp.update.error", LogFields()
                                     .kv("peer", name())
                                     .kv("errors", errors)
                                     .kv("bytes", toHex(first.data.empty() ? bytes : first.data)));
  }
  enforceMaxPrefixes(s, handler_.onUpdate(*this, update));
}

void Peer::enforceMaxPrefixes(Session& s, const AnnouncedPrefixes& announced) {
  if (config_.maxPrefixes == 0) return;
  for (auto [afi, count] : {std::pair{kAfiIpv4, announced.ipv4}, {kAfiIpv6, announced.ipv6}}) {
    if (count <= config_.maxPrefixes) continue;
    // RFC 4486 §4: Cease/1 data is AFI (2 octets), SAFI (1 octet), upper bound (4 octets).
    ByteWriter data;
    data.putU16(afi);
    data.putU8(kSafiUnicast);
    data.putU32(config_.maxPrefixes);
    LOG_WARN("bgp.peer.max_prefixes", LogFields()
                                          .kv("peer", name())
                                          .kv("afi", afi)
                                          .kv("received", count)
                                          .kv("limit", config_.maxPrefixes));
    s.fsm.handle(Event::localReset(
        NotificationMessage{ErrorCode::kCease, subcode::kMaxPrefixesReached, data.take()}));
    return;
  }
}

bool Peer::resolveCollision(Session& s, const OpenMessage& open) {
  Session* rival = &s == main_.get() ? other_.get() : main_.get();
  if (!rival || !rival->conn) return false;
  State rivalState = rival->fsm.state();
  Session* loser = nullptr;
  if (rivalState == State::kEstablished) {
    loser = &s;  // RFC 4271 §6.8: the Established connection stays
  } else if (rivalState == State::kOpenSent || rivalState == State::kOpenConfirm) {
    bool sLocal = s.conn->locallyInitiated();
    if (sLocal == rival->conn->locallyInitiated()) {
      loser = other_.get();  // both from the same side: the rule cannot pick, keep the older
    } else {
      bool keepLocal = collisionKeepsLocallyInitiated(config_.routerId, open.bgpIdentifier,
                                                      config_.localAs, open.asNumber());
      loser = sLocal == keepLocal ? rival : &s;
    }
  } else {
    return false;
  }
  LOG_INFO("bgp.peer.collision",
           LogFields()
               .kv("peer", name())
               .kv("local_id", IpAddress::v4(config_.routerId).str())
               .kv("remote_id", IpAddress::v4(open.bgpIdentifier).str())
               .kv("dropped", loser->conn->locallyInitiated() ? "outgoing" : "incoming"));
  loser->fsm.handle(EventType::kOpenCollisionDump);
  return loser == &s;
}

void Peer::onEstablished(Session& s) {
  // RFC 4271 §6.8: a connection still in collision is closed once one is Established. When
  // that is main_ (still connecting), onSessionDown makes `s` the main session.
  if (Session* rival = &s == main_.get() ? other_.get() : main_.get()) {
    rival->fsm.handle(EventType::kOpenCollisionDump);
  }
  info_.establishedSince = std::chrono::steady_clock::now();
  ++info_.establishedCount;
  const Negotiated& n = *s.fsm.negotiated();
  LOG_INFO("bgp.peer.established", LogFields()
                                       .kv("peer", name())
                                       .kv("remote_id", IpAddress::v4(n.remote.bgpIdentifier).str())
                                       .kv("hold_time", n.holdTime)
                                       .kv("four_octet_as", n.options.fourOctetAs)
                                       .kv("extended_message", n.options.extendedMessage)
                                       .kv("families", n.families.size()));
  handler_.onEstablished(*this);
}

void Peer::onSessionDown(Session& s, State from, const std::string& reason) {
  if (&s == other_.get()) return retire(std::move(other_));
  info_.lastError = reason;
  if (from == State::kEstablished) {
    info_.establishedSince.reset();
    handler_.onDown(*this, reason);
  }
  if (other_ && s.fsm.autoRestart()) {
    // RFC 4271 §6.8: the other connection of the collision carries on as the session.
    retire(std::move(main_));
    main_ = std::move(other_);
  }
}

void Peer::retire(std::unique_ptr<Session> s) {
  // It may be the caller's own FSM, still on the stack: destroy it on the next loop turn.
  retired_.push_back(std::move(s));
  asio::post(io_, [this, alive = std::weak_ptr<int>(alive_)] {
    if (alive.lock()) retired_.clear();
  });
}

void Peer::logReceiveError(const WireError& e, ByteSpan bytes) {
  LOG_WARN("bgp.peer.receive_error", LogFields()
                                         .kv("peer", name())
                                         .kv("error", errorName(e.code, e.subcode))
                                         .kv("reason", e.reason)
                                         .kv("bytes", toHex(bytes)));
}

}  // namespace anycast::bgp
