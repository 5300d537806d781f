// Fsm: the BGP finite state machine of one connection, pure (no sockets, no asio).
// RFC 4271 §8 (states, events, ConnectRetry/Hold/Keepalive timers, §8.2.2 transitions),
// §4.2 + §10 (hold time negotiation), §6.2 (OPEN checks), §6.8 (collision resolution rule),
// RFC 6286 §2.2-2.3 (BGP Identifier checks and tie-break), RFC 6608 (FSM Error subcodes),
// RFC 6793 / RFC 8654 / RFC 4760 (negotiated codec options and families), RFC 9234 §4.2 (roles).
//
// One handler per state returns {next state, reason}; every state change is logged once with
// peer, from, to, event and reason. Timers come from an injected TimerFactory and everything the
// FSM wants done goes out through FsmActions, so tests drive it with fakes.
// Events are handled in order; an event raised while another is being handled (from an action
// or a timer) is queued, never handled re-entrantly.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "bgp/session/PeerConfig.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

enum class State : uint8_t { kIdle, kConnect, kActive, kOpenSent, kOpenConfirm, kEstablished };
const char* stateName(State s);

// RFC 4271 §8.1 events (numbers in comments) that this implementation uses.
enum class EventType : uint8_t {
  kManualStart,               // 1
  kManualStop,                // 2  carries the NOTIFICATION to send (Cease/2 by default)
  kAutomaticStart,            // 3  raised by the idle hold timer after a failure
  kManualStartPassive,        // 4  ManualStart_with_PassiveTcpEstablishment
  kConnectRetryTimerExpires,  // 9
  kHoldTimerExpires,          // 10
  kKeepaliveTimerExpires,     // 11
  kTcpConnectionUp,           // 16/17 TcpCRAcked / TcpConnectionConfirmed
  kTcpConnectionFails,        // 18
  kBgpOpen,                   // 19 carries the decoded OPEN
  kBgpHeaderErr,              // 21 carries the WireError
  kBgpOpenMsgErr,             // 22 carries the WireError
  kOpenCollisionDump,         // 23
  kNotifMsg,                  // 25 carries the NOTIFICATION received
  kKeepAliveMsg,              // 26
  kUpdateMsg,                 // 27
  kUpdateMsgErr,              // 28 carries the WireError
  kRouteRefreshMsg,           // RFC 2918 ROUTE-REFRESH received
  kLocalReset,                // ours: reset with this NOTIFICATION, restart later (max-prefix)
};
const char* eventName(EventType t);

struct Event {
  EventType type;
  std::optional<OpenMessage> open;                  // kBgpOpen
  std::optional<NotificationMessage> notification;  // kManualStop, kNotifMsg, kLocalReset
  std::optional<WireError> error;                   // k*Err

  Event(EventType t) : type(t) {}  // NOLINT: events without payload convert implicitly
  static Event bgpOpen(OpenMessage m);
  static Event notifMsg(NotificationMessage m);
  static Event manualStop(NotificationMessage m);
  static Event localReset(NotificationMessage m);
  static Event withNotification(EventType type, NotificationMessage m);
  // kBgpHeaderErr / kBgpOpenMsgErr / kUpdateMsgErr according to e.code.
  static Event messageError(WireError e);
};

// RFC 4271 §4.2: the large initial hold time used in OpenSent, "4 minutes is suggested" (§8.2.2).
constexpr Duration kLargeHoldTime = std::chrono::minutes(4);

// What the FSM asks its owner to do. All calls happen inside Fsm::handle.
class FsmActions {
 public:
  virtual ~FsmActions() = default;
  virtual void connect() = 0;         // start an outgoing TCP connection (never for passive)
  virtual void dropConnection() = 0;  // close the TCP connection (after queued writes flush)
  virtual void sendOpen(const OpenMessage& m) = 0;
  virtual void sendKeepalive() = 0;
  virtual void sendNotification(const NotificationMessage& m) = 0;
  virtual void established() = 0;
  // Entered Idle from `from` (never called for Idle -> Idle).
  virtual void down(State from, const std::string& reason) = 0;
};

// What both OPENs agreed on; set from OpenConfirm on.
struct Negotiated {
  OpenMessage remote;          // the peer's OPEN: capabilities, router id, restart time
  uint16_t holdTime = 0;       // seconds; 0 = no hold timer and no keepalives (RFC 4271 §4.2)
  uint16_t keepaliveTime = 0;  // seconds, holdTime / 3 (RFC 4271 §10)
  CodecOptions options;
  std::vector<AfiSafi> families;  // advertised by both (RFC 4760 §8)
};

// RFC 4271 §4.2: hold time = min(ours, theirs); keepalive = hold / 3; 0 stays 0.
Negotiated negotiate(const OpenMessage& local, const OpenMessage& remote);

// The OPEN we send for this configuration.
OpenMessage makeOpen(const PeerConfig& config);

// RFC 4271 §6.2 + RFC 6286 §2.2 + RFC 9234 §4.2 checks that need the configuration.
// Returns the OPEN Message Error to send, or nothing when the OPEN is acceptable.
std::optional<NotificationMessage> checkOpen(const PeerConfig& config, const OpenMessage& open);

// RFC 4271 §6.8: the connection initiated by the speaker with the higher BGP Identifier
// (compared as 4-octet unsigned integers) is kept; RFC 6286 §2.3: on equal identifiers, the
// one initiated by the speaker with the larger AS number. True when the connection we initiated
// is the one to keep.
bool collisionKeepsLocallyInitiated(uint32_t localId, uint32_t remoteId, uint32_t localAs,
                                    uint32_t remoteAs);

class Fsm {
 public:
  Fsm(const PeerConfig& config, FsmActions& actions, TimerFactory& timers);

  void handle(Event event);

  State state() const { return state_; }
  // Set in OpenConfirm and Established.
  const std::optional<Negotiated>& negotiated() const { return negotiated_; }
  // False after ManualStop: no automatic restart until the next ManualStart.
  bool autoRestart() const { return autoRestart_; }

 private:
  struct Transition {
    State next;
    std::string reason;
  };

  void dispatch(const Event& e);
  Transition onIdle(const Event& e);
  Transition onConnect(const Event& e);
  Transition onActive(const Event& e);
  Transition onOpenSent(const Event& e);
  Transition listenAfterClose(const char* what);
  Transition onOpenConfirm(const Event& e);
  Transition onEstablished(const Event& e);
  std::optional<Transition> startOrStop(const Event& e);   // every state but Idle
  std::optional<Transition> onConnecting(const Event& e);  // Connect and Active
  std::optional<Transition> onConnected(const Event& e);   // OpenSent, OpenConfirm, Established

  // Shared steps of the state handlers.
  Transition start(bool passive);
  Transition connectionUp();
  Transition acceptOpen(const OpenMessage& open);
  Transition stopByOperator(const Event& e);
  Transition resetWith(const NotificationMessage& n, std::string reason);
  Transition fsmError(const Event& e, uint8_t subcode);
  // "unexpected <event> in <state>": the reason of an FSM error or of leaving Connect/Active.
  std::string unexpected(const Event& e) const;
  Transition unexpectedBeforeOpen(const Event& e);
  Transition keepaliveDue();
  void enter(State next, const Event& e, const std::string& reason);
  void restartHoldTimer();

  const PeerConfig& config_;
  FsmActions& actions_;
  State state_ = State::kIdle;
  bool autoRestart_ = false;
  std::optional<Negotiated> negotiated_;
  std::unique_ptr<Timer> connectRetryTimer_;
  std::unique_ptr<Timer> holdTimer_;
  std::unique_ptr<Timer> keepaliveTimer_;
  std::unique_ptr<Timer> idleHoldTimer_;  // RFC 4271 §8.1.1 IdleHoldTime: delays AutomaticStart
  std::deque<Event> pending_;
  bool dispatching_ = false;
};

}  // namespace anycast::bgp
