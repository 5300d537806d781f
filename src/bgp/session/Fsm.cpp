#include "bgp/session/Fsm.h"

#include <algorithm>

#include "base/Log.h"

namespace anycast::bgp {

const char* stateName(State s) {
  switch (s) {
    case State::kIdle:
      return "Idle";
    case State::kConnect:
      return "Connect";
    case State::kActive:
      return "Active";
    case State::kOpenSent:
      return "OpenSent";
    case State::kOpenConfirm:
      return "OpenConfirm";
    case State::kEstablished:
      return "Established";
  }
  return "?";
}

const char* eventName(EventType t) {
  switch (t) {
    case EventType::kManualStart:
      return "ManualStart";
    case EventType::kManualStop:
      return "ManualStop";
    case EventType::kAutomaticStart:
      return "AutomaticStart";
    case EventType::kManualStartPassive:
      return "ManualStart_with_PassiveTcpEstablishment";
    case EventType::kConnectRetryTimerExpires:
      return "ConnectRetryTimer_Expires";
    case EventType::kHoldTimerExpires:
      return "HoldTimer_Expires";
    case EventType::kKeepaliveTimerExpires:
      return "KeepaliveTimer_Expires";
    case EventType::kTcpConnectionUp:
      return "TcpConnectionConfirmed";
    case EventType::kTcpConnectionFails:
      return "TcpConnectionFails";
    case EventType::kBgpOpen:
      return "BGPOpen";
    case EventType::kBgpHeaderErr:
      return "BGPHeaderErr";
    case EventType::kBgpOpenMsgErr:
      return "BGPOpenMsgErr";
    case EventType::kOpenCollisionDump:
      return "OpenCollisionDump";
    case EventType::kNotifMsg:
      return "NotifMsg";
    case EventType::kKeepAliveMsg:
      return "KeepAliveMsg";
    case EventType::kUpdateMsg:
      return "UpdateMsg";
    case EventType::kUpdateMsgErr:
      return "UpdateMsgErr";
    case EventType::kRouteRefreshMsg:
      return "RouteRefreshMsg";
    case EventType::kLocalReset:
      return "LocalReset";
  }
  return "?";
}

Event Event::bgpOpen(OpenMessage m) {
  Event e(EventType::kBgpOpen);
  e.open = std::move(m);
  return e;
}

Event Event::withNotification(EventType type, NotificationMessage m) {
  Event e(type);
  e.notification = std::move(m);
  return e;
}

Event Event::notifMsg(NotificationMessage m) {
  return withNotification(EventType::kNotifMsg, std::move(m));
}

Event Event::manualStop(NotificationMessage m) {
  return withNotification(EventType::kManualStop, std::move(m));
}

Event Event::localReset(NotificationMessage m) {
  return withNotification(EventType::kLocalReset, std::move(m));
}

Event Event::messageError(WireError err) {
  EventType t = err.code == ErrorCode::kMessageHeader ? EventType::kBgpHeaderErr
                : err.code == ErrorCode::kOpenMessage ? EventType::kBgpOpenMsgErr
                                                      : EventType::kUpdateMsgErr;
  Event e(t);
  e.error = std::move(err);
  return e;
}

namespace {

std::vector<AfiSafi> familiesOf(const Capabilities& c) {
  // RFC 4760 §8 / RFC 4271: a speaker that sends no Multiprotocol capability speaks IPv4 unicast.
  if (c.multiprotocol.empty()) return {AfiSafi{kAfiIpv4, kSafiUnicast}};
  return c.multiprotocol;
}

NotificationMessage openError(uint8_t subcode, Bytes data = {}) {
  return NotificationMessage{ErrorCode::kOpenMessage, subcode, std::move(data)};
}

}  // namespace

Negotiated negotiate(const OpenMessage& local, const OpenMessage& remote) {
  Negotiated n;
  n.remote = remote;
  // RFC 4271 §4.2: "use the smaller of its configured Hold Time and the Hold Time received".
  n.holdTime = std::min(local.holdTime, remote.holdTime);
  // RFC 4271 §10: KeepaliveTime is one third of the HoldTime; zero hold time means none.
  n.keepaliveTime = n.holdTime / 3;
  // RFC 6793 §3 / RFC 8654 §3: only what both sides advertised is in effect.
  n.options.fourOctetAs =
      local.capabilities.fourOctetAs.has_value() && remote.capabilities.fourOctetAs.has_value();
  n.options.extendedMessage =
      local.capabilities.extendedMessage && remote.capabilities.extendedMessage;
  auto ours = familiesOf(local.capabilities);
  for (const AfiSafi& f : familiesOf(remote.capabilities)) {
    if (std::find(ours.begin(), ours.end(), f) != ours.end()) n.families.push_back(f);
  }
  return n;
}

OpenMessage makeOpen(const PeerConfig& config) {
  OpenMessage m;
  // RFC 6793 §4.1: an AS that does not fit in 2 octets goes as AS_TRANS.
  m.myAs = config.localAs > 0xffff ? kAsTrans : static_cast<uint16_t>(config.localAs);
  m.holdTime = config.holdTime;
  m.bgpIdentifier = config.routerId;
  Capabilities& c = m.capabilities;
  c.multiprotocol = config.families;
  c.routeRefresh = true;
  c.extendedMessage = config.extendedMessage;
  c.fourOctetAs = config.localAs;
  c.role = config.role;
  if (config.gracefulRestartTime) {
    // RFC 4724 §3: restart time only, no families: we keep no forwarding state across restarts.
    c.gracefulRestart = GracefulRestart{false, false, *config.gracefulRestartTime, {}};
  }
  return m;
}

std::optional<NotificationMessage> checkOpen(const PeerConfig& config, const OpenMessage& open) {
  if (open.version != 4) {
    // RFC 4271 §6.2: data is the largest version we support, 2 octets.
    return openError(subcode::kUnsupportedVersionNumber, {0, 4});
  }
  if (open.asNumber() != config.remoteAs) return openError(subcode::kBadPeerAs);
  // RFC 4271 §6.2: "An implementation MUST reject Hold Time values of one or two seconds."
  if (open.holdTime == 1 || open.holdTime == 2) return openError(subcode::kUnacceptableHoldTime);
  // RFC 6286 §2.2: zero, or our own identifier on an internal session, is a Bad BGP Identifier.
  if (open.bgpIdentifier == 0 || (config.isInternal() && open.bgpIdentifier == config.routerId)) {
    return openError(subcode::kBadBgpIdentifier);
  }
  // RFC 9234 §4.2: roles that do not pair, or no role from the peer in strict mode.
  const auto& theirs = open.capabilities.role;
  if (config.role && theirs && !rolesPair(*config.role, *theirs)) {
    return openError(subcode::kRoleMismatch);
  }
  if (config.role && config.strictRole && !theirs) return openError(subcode::kRoleMismatch);
  return std::nullopt;
}

bool collisionKeepsLocallyInitiated(uint32_t localId, uint32_t remoteId, uint32_t localAs,
                                    uint32_t remoteAs) {
  if (localId != remoteId) return localId > remoteId;
  return localAs > remoteAs;
}

Fsm::Fsm(const PeerConfig& config, FsmActions& actions, TimerFactory& timers)
    : config_(config), actions_(actions) {
  connectRetryTimer_ = timers.create([this] { handle(EventType::kConnectRetryTimerExpires); });
  holdTimer_ = timers.create([this] { handle(EventType::kHoldTimerExpires); });
  keepaliveTimer_ = timers.create([this] { handle(EventType::kKeepaliveTimerExpires); });
  idleHoldTimer_ = timers.create([this] { handle(EventType::kAutomaticStart); });
}

void Fsm::handle(Event event) {
  // Events raised while an event is handled (an action calling back) wait their turn; the
  // common case dispatches at once, without queueing.
  if (dispatching_) {
    pending_.push_back(std::move(event));
    return;
  }
  dispatching_ = true;
  dispatch(event);
  while (!pending_.empty()) {
    Event e = std::move(pending_.front());
    pending_.pop_front();
    dispatch(e);
  }
  dispatching_ = false;
}

void Fsm::dispatch(const Event& e) {
  Transition t{state_, {}};
  switch (state_) {
    case State::kIdle:
      t = onIdle(e);
      break;
    case State::kConnect:
      t = onConnect(e);
      break;
    case State::kActive:
      t = onActive(e);
      break;
    case State::kOpenSent:
      t = onOpenSent(e);
      break;
    case State::kOpenConfirm:
      t = onOpenConfirm(e);
      break;
    case State::kEstablished:
      t = onEstablished(e);
      break;
  }
  enter(t.next, e, t.reason);
}

void Fsm::enter(State next, const Event& e, const std::string& reason) {
  State from = state_;
  if (next == from) return;
  state_ = next;
  LOG_INFO("bgp.fsm.transition", LogFields()
                                     .kv("peer", config_.name)
                                     .kv("from", stateName(from))
                                     .kv("to", stateName(next))
                                     .kv("event", eventName(e.type))
                                     .kv("reason", reason));
  if (next == State::kIdle) {
    // RFC 4271 §8.2.2: every way into Idle stops the timers, drops the connection and releases
    // the session's resources.
    connectRetryTimer_->cancel();
    holdTimer_->cancel();
    keepaliveTimer_->cancel();
    negotiated_.reset();
    actions_.dropConnection();
    actions_.down(from, reason);
    // RFC 4271 §8.1.1: automatic restart after IdleHoldTime (we use the ConnectRetryTime).
    if (autoRestart_) idleHoldTimer_->start(config_.connectRetry);
  } else if (next == State::kEstablished) {
    actions_.established();
  }
}

void Fsm::restartHoldTimer() {
  if (negotiated_ && negotiated_->holdTime > 0) {
    holdTimer_->start(std::chrono::seconds(negotiated_->holdTime));
  }
}

Fsm::Transition Fsm::start(bool passive) {
  idleHoldTimer_->cancel();
  connectRetryTimer_->start(config_.connectRetry);
  if (passive) return {State::kActive, "waiting for the peer to connect"};
  actions_.connect();
  return {State::kConnect, "connecting"};
}

Fsm::Transition Fsm::connectionUp() {
  // RFC 4271 §8.2.2 Connect/Active, Event 16/17: stop ConnectRetryTimer, send OPEN, set the
  // HoldTimer to a large value.
  connectRetryTimer_->cancel();
  actions_.sendOpen(makeOpen(config_));
  holdTimer_->start(kLargeHoldTime);
  return {State::kOpenSent, "TCP connection up, OPEN sent"};
}

Fsm::Transition Fsm::acceptOpen(const OpenMessage& open) {
  if (auto error = checkOpen(config_, open)) {
    actions_.sendNotification(*error);
    return {State::kIdle, "OPEN rejected: " + errorName(error->code, error->subcode)};
  }
  connectRetryTimer_->cancel();
  negotiated_ = negotiate(makeOpen(config_), open);
  actions_.sendKeepalive();
  // RFC 4271 §8.2.2 OpenSent, Event 19: "If the negotiated hold time value is zero, then the
  // HoldTimer and KeepaliveTimer are not started."
  if (negotiated_->holdTime > 0) {
    keepaliveTimer_->start(std::chrono::seconds(negotiated_->keepaliveTime));
    restartHoldTimer();
  } else {
    holdTimer_->cancel();
  }
  return {State::kOpenConfirm,
          "OPEN accepted, hold time " + std::to_string(negotiated_->holdTime) + "s"};
}

Fsm::Transition Fsm::stopByOperator(const Event& e) {
  autoRestart_ = false;
  idleHoldTimer_->cancel();
  if (state_ == State::kOpenSent || state_ == State::kOpenConfirm ||
      state_ == State::kEstablished) {
    actions_.sendNotification(
        e.notification.value_or(NotificationMessage::cease(subcode::kAdministrativeShutdown)));
  }
  return {State::kIdle, "stopped by operator"};
}

Fsm::Transition Fsm::resetWith(const NotificationMessage& n, std::string reason) {
  actions_.sendNotification(n);
  return {State::kIdle, std::move(reason) + ", sent " + errorName(n.code, n.subcode)};
}

Fsm::Transition Fsm::fsmError(const Event& e, uint8_t subcode) {
  // RFC 4271 §6.6 and RFC 6608 §3: an unexpected event is a Finite State Machine Error.
  return resetWith(NotificationMessage{ErrorCode::kFsm, subcode, {}}, unexpected(e));
}

Fsm::Transition Fsm::keepaliveDue() {
  actions_.sendKeepalive();
  keepaliveTimer_->start(std::chrono::seconds(negotiated_->keepaliveTime));
  return {state_, {}};
}

// Start and stop events, handled alike in every state but Idle; nullopt for any other event.
std::optional<Fsm::Transition> Fsm::startOrStop(const Event& e) {
  switch (e.type) {
    case EventType::kManualStart:
    case EventType::kManualStartPassive:
    case EventType::kAutomaticStart:
      return Transition{state_, {}};  // RFC 4271 §8.2.2: start events are ignored outside Idle
    case EventType::kManualStop:
      return stopByOperator(e);
    default:
      return std::nullopt;
  }
}

// RFC 4271 §8.2.2 Connect/Active: any other event releases the resources and goes to Idle (no
// NOTIFICATION: no OPEN has been sent yet).
Fsm::Transition Fsm::unexpectedBeforeOpen(const Event& e) { return {State::kIdle, unexpected(e)}; }

std::string Fsm::unexpected(const Event& e) const {
  return std::string("unexpected ") + eventName(e.type) + " in " + stateName(state_);
}

// Events handled alike in OpenSent, OpenConfirm and Established; nullopt when the state decides.
// (OpenSent handles TcpConnectionFails itself: listenAfterClose.)
std::optional<Fsm::Transition> Fsm::onConnected(const Event& e) {
  if (auto t = startOrStop(e)) return t;
  switch (e.type) {
    case EventType::kHoldTimerExpires:
      return resetWith(NotificationMessage{ErrorCode::kHoldTimerExpired, 0, {}},
                       "hold timer expired");
    case EventType::kBgpHeaderErr:
    case EventType::kBgpOpenMsgErr:
    case EventType::kUpdateMsgErr:
      return resetWith(NotificationMessage::fromError(*e.error), "bad message: " + e.error->reason);
    case EventType::kOpenCollisionDump:
      // RFC 4271 §6.8: the dropped connection is closed with a Cease (RFC 4486 subcode 7).
      return resetWith(NotificationMessage::cease(subcode::kConnectionCollisionResolution),
                       "connection collision");
    case EventType::kLocalReset:
      return resetWith(*e.notification, "local reset");
    case EventType::kNotifMsg:
      return Transition{State::kIdle, "NOTIFICATION received: " +
                                          errorName(e.notification->code, e.notification->subcode)};
    case EventType::kTcpConnectionFails:
      return Transition{State::kIdle, "connection closed"};
    default:
      return std::nullopt;
  }
}

Fsm::Transition Fsm::onIdle(const Event& e) {
  switch (e.type) {
    case EventType::kManualStart:
      autoRestart_ = true;
      return start(config_.passive);
    case EventType::kManualStartPassive:
      autoRestart_ = true;
      return start(true);
    case EventType::kAutomaticStart:
      if (!autoRestart_) return {State::kIdle, {}};
      return start(config_.passive);
    case EventType::kManualStop:
      autoRestart_ = false;
      idleHoldTimer_->cancel();
      return {State::kIdle, {}};
    default:
      // RFC 4271 §8.2.2 Idle: "Any other event ... does not cause change in the state".
      return {State::kIdle, {}};
  }
}

// Events handled alike in Connect and Active (RFC 4271 §8.2.2); nullopt when the state decides.
std::optional<Fsm::Transition> Fsm::onConnecting(const Event& e) {
  if (auto t = startOrStop(e)) return t;
  switch (e.type) {
    case EventType::kTcpConnectionUp:
      return connectionUp();
    case EventType::kTcpConnectionFails:
      return listenAfterClose("connection failed");
    default:
      return std::nullopt;
  }
}

Fsm::Transition Fsm::onConnect(const Event& e) {
  if (auto t = onConnecting(e)) return *t;
  switch (e.type) {
    case EventType::kConnectRetryTimerExpires:
      actions_.dropConnection();
      connectRetryTimer_->start(config_.connectRetry);
      actions_.connect();
      return {State::kConnect, {}};
    case EventType::kOpenCollisionDump:
      return {State::kIdle, "connection collision: the other connection is used"};
    default:
      return unexpectedBeforeOpen(e);
  }
}

Fsm::Transition Fsm::onActive(const Event& e) {
  if (auto t = onConnecting(e)) return *t;
  switch (e.type) {
    case EventType::kConnectRetryTimerExpires:
      connectRetryTimer_->start(config_.connectRetry);
      if (config_.passive) return {State::kActive, {}};
      actions_.connect();
      return {State::kConnect, "connect retry"};
    default:
      return unexpectedBeforeOpen(e);
  }
}

Fsm::Transition Fsm::onOpenSent(const Event& e) {
  if (e.type == EventType::kTcpConnectionFails) return listenAfterClose("connection closed");
  if (auto t = onConnected(e)) return *t;
  switch (e.type) {
    case EventType::kBgpOpen:
      return acceptOpen(*e.open);
    default:
      return fsmError(e, subcode::kUnexpectedInOpenSent);
  }
}

// A connection that fails before the OPEN exchange: close it, restart the ConnectRetryTimer,
// listen for the peer's own connection, Active — RFC 4271 §8.2.2 OpenSent, Event 18, and what
// BIRD and FRR also do in Connect (the RFC's Connect goes Idle unless DelayOpen runs). Idle
// refuses every incoming connection until its restart: two speakers that both connect, each
// refused by the other's Idle, could miss each other for ever — and a peer that never listens
// (a site with `listen: []`) could never reach a router whose own attempts it refuses (both
// seen in the lab).
Fsm::Transition Fsm::listenAfterClose(const char* what) {
  State from = state_;
  holdTimer_->cancel();
  negotiated_.reset();
  actions_.dropConnection();
  actions_.down(from, what);
  connectRetryTimer_->start(config_.connectRetry);
  return {State::kActive, std::string(what) + " in " + stateName(from) +
                              ": listening until the connect retry"};
}

Fsm::Transition Fsm::onOpenConfirm(const Event& e) {
  if (auto t = onConnected(e)) return *t;
  switch (e.type) {
    case EventType::kKeepaliveTimerExpires:
      return keepaliveDue();
    case EventType::kKeepAliveMsg:
      restartHoldTimer();
      return {State::kEstablished, "KEEPALIVE received"};
    default:
      return fsmError(e, subcode::kUnexpectedInOpenConfirm);
  }
}

Fsm::Transition Fsm::onEstablished(const Event& e) {
  if (auto t = onConnected(e)) return *t;
  switch (e.type) {
    case EventType::kKeepaliveTimerExpires:
      return keepaliveDue();
    case EventType::kKeepAliveMsg:
    case EventType::kUpdateMsg:
    case EventType::kRouteRefreshMsg:
      // RFC 4271 §8.2.2 Established, Events 26/27: restart the HoldTimer (ROUTE-REFRESH too: any
      // message proves the peer alive).
      restartHoldTimer();
      return {State::kEstablished, {}};
    default:
      return fsmError(e, subcode::kUnexpectedInEstablished);
  }
}

}  // namespace anycast::bgp
