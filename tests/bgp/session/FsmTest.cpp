// Fsm tests: every state with its main events, driven by fake timers and recorded actions.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "FakeTimers.h"
#include "bgp/session/Fsm.h"

namespace anycast::bgp {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// Records every action as a short string: "connect", "drop", "open", "keepalive",
// "notification 4/0", "established", "down Established".
class RecordingActions : public FsmActions {
 public:
  void connect() override { log.push_back("connect"); }
  void dropConnection() override { log.push_back("drop"); }
  void sendOpen(const OpenMessage& m) override {
    log.push_back("open");
    lastOpen = m;
  }
  void sendKeepalive() override { log.push_back("keepalive"); }
  void sendNotification(const NotificationMessage& m) override {
    log.push_back("notification " + std::to_string(int(m.code)) + "/" + std::to_string(m.subcode));
    lastNotification = m;
  }
  void established() override { log.push_back("established"); }
  void down(State from, const std::string& reason) override {
    log.push_back(std::string("down ") + stateName(from));
    lastDownReason = reason;
  }
  std::vector<std::string> take() { return std::exchange(log, {}); }

  std::vector<std::string> log;
  OpenMessage lastOpen;
  NotificationMessage lastNotification;
  std::string lastDownReason;
};

PeerConfig config() {
  PeerConfig c;
  c.name = "test";
  c.remoteAs = 65002;
  c.localAs = 65001;
  c.routerId = 0x0a000001;
  c.holdTime = 90;
  c.connectRetry = seconds(5);
  return c;
}

OpenMessage peerOpen(uint16_t hold = 90) {
  OpenMessage m;
  m.myAs = 65002;
  m.holdTime = hold;
  m.bgpIdentifier = 0x0a000002;
  m.capabilities.fourOctetAs = 65002;
  m.capabilities.multiprotocol = {{kAfiIpv4, kSafiUnicast}, {kAfiIpv6, kSafiUnicast}};
  return m;
}

class FsmTest : public ::testing::Test {
 protected:
  // Drives a fresh FSM into `target` through the normal path, then clears the action log.
  void reach(State target, uint16_t peerHold = 90) {
    fsm.handle(EventType::kManualStart);
    if (target == State::kConnect) return (void)actions.take();
    fsm.handle(EventType::kTcpConnectionUp);
    if (target == State::kOpenSent) return (void)actions.take();
    fsm.handle(Event::bgpOpen(peerOpen(peerHold)));
    if (target == State::kOpenConfirm) return (void)actions.take();
    fsm.handle(EventType::kKeepAliveMsg);
    actions.take();
  }

  PeerConfig cfg = config();
  testing::FakeTimers timers;
  RecordingActions actions;
  Fsm fsm{cfg, actions, timers};
};

using Log = std::vector<std::string>;

TEST_F(FsmTest, ActiveStartConnects) {
  fsm.handle(EventType::kManualStart);
  EXPECT_EQ(fsm.state(), State::kConnect);
  EXPECT_EQ(actions.take(), Log{"connect"});
}

TEST_F(FsmTest, PassiveStartWaitsAndNeverConnects) {
  cfg.passive = true;
  fsm.handle(EventType::kManualStart);
  EXPECT_EQ(fsm.state(), State::kActive);
  timers.advance(seconds(30));  // ConnectRetryTimer expiries keep a passive peer in Active
  EXPECT_EQ(fsm.state(), State::kActive);
  EXPECT_EQ(actions.take(), Log{});
}

TEST_F(FsmTest, IdleIgnoresEverythingButStart) {
  for (EventType t : {EventType::kTcpConnectionFails, EventType::kKeepAliveMsg,
                      EventType::kHoldTimerExpires, EventType::kAutomaticStart}) {
    fsm.handle(t);
    EXPECT_EQ(fsm.state(), State::kIdle) << eventName(t);
  }
  EXPECT_EQ(actions.take(), Log{});
}

TEST_F(FsmTest, ConnectRetryTimerRetriesTheConnection) {
  reach(State::kConnect);
  timers.advance(seconds(5));
  EXPECT_EQ(fsm.state(), State::kConnect);
  EXPECT_EQ(actions.take(), (Log{"drop", "connect"}));
}

TEST_F(FsmTest, ConnectionFailureListensAndRetriesAfterConnectRetry) {
  reach(State::kConnect);
  fsm.handle(EventType::kTcpConnectionFails);
  EXPECT_EQ(fsm.state(), State::kActive);  // the peer's own connection is accepted meanwhile
  EXPECT_EQ(actions.take(), (Log{"drop", "down Connect"}));
  timers.advance(seconds(5));
  EXPECT_EQ(fsm.state(), State::kConnect);
  EXPECT_EQ(actions.take(), Log{"connect"});
}

TEST(FsmBeforeOpen, ConnectAndActiveIgnoreStartsAndDropOnAnythingElseWithoutNotification) {
  for (bool passive : {false, true}) {
    PeerConfig cfg = config();
    cfg.passive = passive;
    testing::FakeTimers timers;
    RecordingActions actions;
    Fsm fsm(cfg, actions, timers);
    fsm.handle(EventType::kManualStart);
    const State waiting = passive ? State::kActive : State::kConnect;
    ASSERT_EQ(fsm.state(), waiting);
    for (EventType t :
         {EventType::kManualStart, EventType::kManualStartPassive, EventType::kAutomaticStart}) {
      fsm.handle(t);
      EXPECT_EQ(fsm.state(), waiting) << eventName(t);
    }
    actions.take();
    // RFC 4271 §8.2.2 Connect/Active: any other event goes to Idle; no OPEN was sent, so no
    // NOTIFICATION either.
    fsm.handle(EventType::kKeepAliveMsg);
    EXPECT_EQ(fsm.state(), State::kIdle);
    EXPECT_EQ(actions.take(),
              (std::vector<std::string>{"drop", std::string("down ") + stateName(waiting)}));
    EXPECT_EQ(actions.lastDownReason,
              std::string("unexpected KeepAliveMsg in ") + stateName(waiting));
  }
}

TEST_F(FsmTest, ConnectionUpSendsOpenFromConfig) {
  reach(State::kConnect);
  fsm.handle(EventType::kTcpConnectionUp);
  EXPECT_EQ(fsm.state(), State::kOpenSent);
  EXPECT_EQ(actions.take(), Log{"open"});
  EXPECT_EQ(actions.lastOpen.myAs, 65001);
  EXPECT_EQ(actions.lastOpen.holdTime, 90);
  EXPECT_EQ(actions.lastOpen.bgpIdentifier, 0x0a000001u);
  EXPECT_EQ(actions.lastOpen.capabilities.fourOctetAs, 65001u);
  EXPECT_EQ(actions.lastOpen.capabilities.multiprotocol, cfg.families);
}

TEST_F(FsmTest, OpenSentUsesTheLargeHoldTimer) {
  reach(State::kOpenSent);
  timers.advance(kLargeHoldTime - seconds(1));
  EXPECT_EQ(fsm.state(), State::kOpenSent);
  timers.advance(seconds(1));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), (Log{"notification 4/0", "drop", "down OpenSent"}));
}

TEST_F(FsmTest, OpenThenKeepaliveReachesEstablished) {
  reach(State::kOpenSent);
  fsm.handle(Event::bgpOpen(peerOpen()));
  EXPECT_EQ(fsm.state(), State::kOpenConfirm);
  EXPECT_EQ(actions.take(), Log{"keepalive"});
  fsm.handle(EventType::kKeepAliveMsg);
  EXPECT_EQ(fsm.state(), State::kEstablished);
  EXPECT_EQ(actions.take(), Log{"established"});
}

TEST_F(FsmTest, HoldTimerExpiryInEstablishedSendsCode4) {
  reach(State::kEstablished, 30);
  timers.advance(seconds(30));
  EXPECT_EQ(fsm.state(), State::kIdle);
  Log log = actions.take();
  ASSERT_GE(log.size(), 3u);
  EXPECT_EQ(Log(log.end() - 3, log.end()), (Log{"notification 4/0", "drop", "down Established"}));
}

TEST_F(FsmTest, MessagesRestartTheHoldTimer) {
  reach(State::kEstablished, 30);
  for (int i = 0; i < 5; ++i) {
    timers.advance(seconds(25));
    fsm.handle(i % 2 ? EventType::kUpdateMsg : EventType::kKeepAliveMsg);
  }
  EXPECT_EQ(fsm.state(), State::kEstablished);
}

TEST_F(FsmTest, KeepalivesEveryThirdOfTheHoldTime) {
  reach(State::kEstablished, 30);
  timers.advance(seconds(10));
  fsm.handle(EventType::kKeepAliveMsg);
  timers.advance(seconds(10));
  fsm.handle(EventType::kKeepAliveMsg);
  EXPECT_EQ(actions.take(), (Log{"keepalive", "keepalive"}));
}

TEST_F(FsmTest, ZeroHoldTimeMeansNoKeepalivesAndNoExpiry) {
  reach(State::kEstablished, 0);
  ASSERT_TRUE(fsm.negotiated());
  EXPECT_EQ(fsm.negotiated()->holdTime, 0);
  timers.advance(minutes(60));
  EXPECT_EQ(fsm.state(), State::kEstablished);
  EXPECT_EQ(actions.take(), Log{});
}

struct NegotiationCase {
  uint16_t local, remote, hold, keepalive;
};

TEST(Negotiate, HoldTimeIsTheMinimumAndKeepaliveAThird) {
  for (auto c : std::vector<NegotiationCase>{
           {90, 30, 30, 10}, {30, 90, 30, 10}, {90, 0, 0, 0}, {0, 90, 0, 0}, {3, 90, 3, 1}}) {
    PeerConfig cfg = config();
    cfg.holdTime = c.local;
    Negotiated n = negotiate(makeOpen(cfg), peerOpen(c.remote));
    EXPECT_EQ(n.holdTime, c.hold) << c.local << "/" << c.remote;
    EXPECT_EQ(n.keepaliveTime, c.keepalive) << c.local << "/" << c.remote;
  }
}

TEST(Negotiate, CodecOptionsNeedBothSides) {
  PeerConfig cfg = config();
  OpenMessage remote = peerOpen();
  remote.capabilities.extendedMessage = true;
  Negotiated n = negotiate(makeOpen(cfg), remote);
  EXPECT_TRUE(n.options.fourOctetAs);
  EXPECT_TRUE(n.options.extendedMessage);

  remote.capabilities.fourOctetAs.reset();
  remote.capabilities.extendedMessage = false;
  n = negotiate(makeOpen(cfg), remote);
  EXPECT_FALSE(n.options.fourOctetAs);
  EXPECT_FALSE(n.options.extendedMessage);

  cfg.extendedMessage = false;
  remote.capabilities.extendedMessage = true;
  EXPECT_FALSE(negotiate(makeOpen(cfg), remote).options.extendedMessage);
}

TEST(Negotiate, FamiliesAreTheIntersection) {
  PeerConfig cfg = config();
  OpenMessage remote = peerOpen();
  remote.capabilities.multiprotocol = {{kAfiIpv6, kSafiUnicast}, {kAfiIpv4, 2}};
  EXPECT_EQ(negotiate(makeOpen(cfg), remote).families,
            (std::vector<AfiSafi>{{kAfiIpv6, kSafiUnicast}}));
  // No Multiprotocol capability at all: IPv4 unicast only.
  remote.capabilities.multiprotocol.clear();
  EXPECT_EQ(negotiate(makeOpen(cfg), remote).families,
            (std::vector<AfiSafi>{{kAfiIpv4, kSafiUnicast}}));
}

TEST(MakeOpen, FourOctetAsGoesAsAsTrans) {
  PeerConfig cfg = config();
  cfg.localAs = 4200000001;
  cfg.role = Role::kCustomer;
  cfg.gracefulRestartTime = 120;
  OpenMessage m = makeOpen(cfg);
  EXPECT_EQ(m.myAs, kAsTrans);
  EXPECT_EQ(m.capabilities.fourOctetAs, 4200000001u);
  EXPECT_EQ(m.capabilities.role, Role::kCustomer);
  ASSERT_TRUE(m.capabilities.gracefulRestart);
  EXPECT_EQ(m.capabilities.gracefulRestart->restartTime, 120);
}

struct OpenCheckCase {
  const char* name;
  std::function<void(PeerConfig&, OpenMessage&)> change;
  std::optional<uint8_t> subcode;  // OPEN Message Error subcode, nullopt = accepted
};

TEST(CheckOpen, Table) {
  std::vector<OpenCheckCase> cases = {
      {"valid", [](PeerConfig&, OpenMessage&) {}, std::nullopt},
      {"version 3", [](PeerConfig&, OpenMessage& m) { m.version = 3; },
       subcode::kUnsupportedVersionNumber},
      {"wrong AS", [](PeerConfig& c, OpenMessage&) { c.remoteAs = 65009; }, subcode::kBadPeerAs},
      {"AS_TRANS without 4-octet capability",
       [](PeerConfig& c, OpenMessage& m) {
         c.remoteAs = 4200000002;
         m.myAs = kAsTrans;
         m.capabilities.fourOctetAs.reset();
       },
       subcode::kBadPeerAs},
      {"4-octet AS",
       [](PeerConfig& c, OpenMessage& m) {
         c.remoteAs = 4200000002;
         m.myAs = kAsTrans;
         m.capabilities.fourOctetAs = 4200000002;
       },
       std::nullopt},
      {"hold time 1", [](PeerConfig&, OpenMessage& m) { m.holdTime = 1; },
       subcode::kUnacceptableHoldTime},
      {"hold time 2", [](PeerConfig&, OpenMessage& m) { m.holdTime = 2; },
       subcode::kUnacceptableHoldTime},
      {"hold time 3", [](PeerConfig&, OpenMessage& m) { m.holdTime = 3; }, std::nullopt},
      {"zero identifier", [](PeerConfig&, OpenMessage& m) { m.bgpIdentifier = 0; },
       subcode::kBadBgpIdentifier},
      {"own identifier on iBGP",
       [](PeerConfig& c, OpenMessage& m) {
         c.remoteAs = c.localAs = 65002;
         m.bgpIdentifier = c.routerId;
       },
       subcode::kBadBgpIdentifier},
      {"own identifier on eBGP (RFC 6286 allows it)",
       [](PeerConfig& c, OpenMessage& m) { m.bgpIdentifier = c.routerId; }, std::nullopt},
      {"roles provider/customer",
       [](PeerConfig& c, OpenMessage& m) {
         c.role = Role::kProvider;
         m.capabilities.role = Role::kCustomer;
       },
       std::nullopt},
      {"roles rs/rs-client",
       [](PeerConfig& c, OpenMessage& m) {
         c.role = Role::kRs;
         m.capabilities.role = Role::kRsClient;
       },
       std::nullopt},
      {"roles peer/peer",
       [](PeerConfig& c, OpenMessage& m) {
         c.role = Role::kPeer;
         m.capabilities.role = Role::kPeer;
       },
       std::nullopt},
      {"roles provider/provider",
       [](PeerConfig& c, OpenMessage& m) {
         c.role = Role::kProvider;
         m.capabilities.role = Role::kProvider;
       },
       subcode::kRoleMismatch},
      {"roles customer/peer",
       [](PeerConfig& c, OpenMessage& m) {
         c.role = Role::kCustomer;
         m.capabilities.role = Role::kPeer;
       },
       subcode::kRoleMismatch},
      {"no remote role, lax", [](PeerConfig& c, OpenMessage&) { c.role = Role::kCustomer; },
       std::nullopt},
      {"no remote role, strict",
       [](PeerConfig& c, OpenMessage&) {
         c.role = Role::kCustomer;
         c.strictRole = true;
       },
       subcode::kRoleMismatch},
  };
  for (const auto& c : cases) {
    PeerConfig cfg = config();
    OpenMessage open = peerOpen();
    c.change(cfg, open);
    auto result = checkOpen(cfg, open);
    if (!c.subcode) {
      EXPECT_FALSE(result) << c.name;
      continue;
    }
    ASSERT_TRUE(result) << c.name;
    EXPECT_EQ(result->code, ErrorCode::kOpenMessage) << c.name;
    EXPECT_EQ(result->subcode, *c.subcode) << c.name;
  }
}

TEST_F(FsmTest, RejectedOpenSendsTheErrorAndGoesIdle) {
  reach(State::kOpenSent);
  OpenMessage bad = peerOpen();
  bad.capabilities.fourOctetAs = 65009;
  fsm.handle(Event::bgpOpen(bad));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), (Log{"notification 2/2", "drop", "down OpenSent"}));
}

struct UnexpectedCase {
  State state;
  EventType event;
  uint8_t subcode;
};

TEST(FsmUnexpected, MessagesOutOfPlaceAreFsmErrorsWithRfc6608Subcodes) {
  for (auto c : std::vector<UnexpectedCase>{
           {State::kOpenSent, EventType::kKeepAliveMsg, subcode::kUnexpectedInOpenSent},
           {State::kOpenSent, EventType::kUpdateMsg, subcode::kUnexpectedInOpenSent},
           {State::kOpenSent, EventType::kRouteRefreshMsg, subcode::kUnexpectedInOpenSent},
           {State::kOpenConfirm, EventType::kUpdateMsg, subcode::kUnexpectedInOpenConfirm},
           {State::kOpenConfirm, EventType::kBgpOpen, subcode::kUnexpectedInOpenConfirm},
           {State::kEstablished, EventType::kBgpOpen, subcode::kUnexpectedInEstablished},
       }) {
    PeerConfig cfg = config();
    testing::FakeTimers timers;
    RecordingActions actions;
    Fsm fsm(cfg, actions, timers);
    fsm.handle(EventType::kManualStart);
    fsm.handle(EventType::kTcpConnectionUp);
    if (c.state != State::kOpenSent) fsm.handle(Event::bgpOpen(peerOpen()));
    if (c.state == State::kEstablished) fsm.handle(EventType::kKeepAliveMsg);
    ASSERT_EQ(fsm.state(), c.state);
    actions.take();
    Event e(c.event);
    if (c.event == EventType::kBgpOpen) e = Event::bgpOpen(peerOpen());
    fsm.handle(e);
    EXPECT_EQ(fsm.state(), State::kIdle) << stateName(c.state) << " " << eventName(c.event);
    EXPECT_EQ(actions.log.at(0), "notification 5/" + std::to_string(c.subcode))
        << stateName(c.state) << " " << eventName(c.event);
  }
}

TEST_F(FsmTest, WireErrorsSendTheirNotification) {
  reach(State::kEstablished);
  WireError e;
  e.code = ErrorCode::kUpdateMessage;
  e.subcode = subcode::kMalformedAsPath;
  fsm.handle(Event::messageError(e));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), (Log{"notification 3/11", "drop", "down Established"}));
}

TEST_F(FsmTest, HeaderErrorInOpenSent) {
  reach(State::kOpenSent);
  WireError e;
  e.code = ErrorCode::kMessageHeader;
  e.subcode = subcode::kConnectionNotSynchronized;
  fsm.handle(Event::messageError(e));
  EXPECT_EQ(actions.take(), (Log{"notification 1/1", "drop", "down OpenSent"}));
}

TEST_F(FsmTest, ManualStopSendsTheGivenCeaseAndStaysDown) {
  reach(State::kEstablished);
  fsm.handle(Event::manualStop(NotificationMessage{ErrorCode::kCease, 2, {3, 'b', 'y', 'e'}}));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), (Log{"notification 6/2", "drop", "down Established"}));
  EXPECT_EQ(actions.lastNotification.data, (Bytes{3, 'b', 'y', 'e'}));
  EXPECT_FALSE(fsm.autoRestart());
  timers.advance(minutes(10));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), Log{});
  fsm.handle(EventType::kManualStart);
  EXPECT_EQ(fsm.state(), State::kConnect);
}

TEST_F(FsmTest, ConnectionClosedInOpenSentListensThenRetries) {
  reach(State::kOpenSent);
  actions.take();
  fsm.handle(EventType::kTcpConnectionFails);
  EXPECT_EQ(fsm.state(), State::kActive);  // the peer's own connection is accepted now
  EXPECT_EQ(actions.take(), (Log{"drop", "down OpenSent"}));
  timers.advance(seconds(5));  // the ConnectRetryTimer: our next attempt
  EXPECT_EQ(fsm.state(), State::kConnect);
  EXPECT_EQ(actions.take(), Log{"connect"});
}

TEST_F(FsmTest, ManualStopBeforeTheConnectionSendsNothing) {
  reach(State::kConnect);
  fsm.handle(Event::manualStop(NotificationMessage{}));
  EXPECT_EQ(actions.take(), (Log{"drop", "down Connect"}));
}

TEST_F(FsmTest, ManualStopDuringIdleHoldCancelsTheRestart) {
  reach(State::kEstablished);
  fsm.handle(EventType::kTcpConnectionFails);
  ASSERT_EQ(fsm.state(), State::kIdle);
  ASSERT_EQ(timers.running(), 1u);  // the IdleHold timer, which would raise AutomaticStart
  fsm.handle(Event::manualStop(NotificationMessage{}));
  EXPECT_EQ(timers.running(), 0u);
  timers.advance(minutes(1));
  EXPECT_EQ(fsm.state(), State::kIdle);
}

TEST_F(FsmTest, NotificationReceivedGoesIdleThenRestarts) {
  reach(State::kEstablished);
  fsm.handle(Event::notifMsg(NotificationMessage{ErrorCode::kCease, 2, {}}));
  EXPECT_EQ(fsm.state(), State::kIdle);
  EXPECT_EQ(actions.take(), (Log{"drop", "down Established"}));
  timers.advance(cfg.connectRetry);
  EXPECT_EQ(fsm.state(), State::kConnect);
}

TEST_F(FsmTest, LocalResetSendsItsNotificationAndRestarts) {
  reach(State::kEstablished);
  fsm.handle(Event::localReset(NotificationMessage{ErrorCode::kCease, 1, {0, 1, 1, 0, 0, 0, 2}}));
  EXPECT_EQ(actions.take(), (Log{"notification 6/1", "drop", "down Established"}));
  EXPECT_TRUE(fsm.autoRestart());
  timers.advance(cfg.connectRetry);
  EXPECT_EQ(fsm.state(), State::kConnect);
}

TEST_F(FsmTest, CollisionDumpSendsCease7) {
  reach(State::kOpenConfirm);
  fsm.handle(EventType::kOpenCollisionDump);
  EXPECT_EQ(actions.take(), (Log{"notification 6/7", "drop", "down OpenConfirm"}));
}

TEST_F(FsmTest, PassiveStartEventGoesActiveEvenForAnActivePeer) {
  fsm.handle(EventType::kManualStartPassive);
  EXPECT_EQ(fsm.state(), State::kActive);
  fsm.handle(EventType::kTcpConnectionUp);
  EXPECT_EQ(fsm.state(), State::kOpenSent);
  EXPECT_EQ(actions.take(), Log{"open"});
}

struct CollisionCase {
  uint32_t localId, remoteId, localAs, remoteAs;
  bool keepLocal;
};

TEST(Collision, HigherIdentifierKeepsTheConnectionItInitiated) {
  for (auto c : std::vector<CollisionCase>{
           {2, 1, 65001, 65002, true},
           {1, 2, 65001, 65002, false},
           {0x80000000, 0x7fffffff, 1, 2, true},  // unsigned comparison
           {5, 5, 65003, 65002, true},            // RFC 6286 §2.3: equal ids, larger AS wins
           {5, 5, 65001, 65002, false},
       }) {
    EXPECT_EQ(collisionKeepsLocallyInitiated(c.localId, c.remoteId, c.localAs, c.remoteAs),
              c.keepLocal)
        << c.localId << " vs " << c.remoteId;
  }
}

}  // namespace
}  // namespace anycast::bgp
