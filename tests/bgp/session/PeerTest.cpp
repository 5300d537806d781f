// Peer + Listener over real TCP on loopback (127.0.0.1-3). Every wait is bounded only to avoid
// hanging; nothing asserts on timing.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "bgp/session/AsioAddress.h"
#include "bgp/session/AsioTimers.h"
#include "bgp/session/Listener.h"
#include "bgp/session/Peer.h"

namespace anycast::bgp {
namespace {

using std::chrono::seconds;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
Prefix prefix(const char* text) { return *Prefix::parse(text); }

// Records what the Peer hands over and keeps the peer's prefixes, as a RIB would.
class RecordingHandler : public PeerHandler {
 public:
  void onEstablished(Peer&) override { ++established; }
  AnnouncedPrefixes onUpdate(Peer&, const DecodedUpdate& u) override {
    updates.push_back(u);
    const PathAttributes& a = u.update.attributes;
    for (const Prefix& p : u.update.withdrawn) held.erase(p);
    if (a.mpUnreach)
      for (const Prefix& p : a.mpUnreach->withdrawn) held.erase(p);
    held.insert(u.update.nlri.begin(), u.update.nlri.end());
    if (a.mpReach) held.insert(a.mpReach->nlri.begin(), a.mpReach->nlri.end());
    AnnouncedPrefixes counts;
    for (const Prefix& p : held) ++(p.family() == Family::kV4 ? counts.ipv4 : counts.ipv6);
    return counts;
  }
  void onDown(Peer&, const std::string& reason) override {
    downs.push_back(reason);
    held.clear();
  }
  void onRouteRefresh(Peer&, const RouteRefreshMessage& m) override { refreshes.push_back(m); }
  int established = 0;
  std::vector<DecodedUpdate> updates;
  std::vector<std::string> downs;
  std::set<Prefix> held;
  std::vector<RouteRefreshMessage> refreshes;
};

// Runs the loop until `done` or a generous bound (a hang guard, not a timing assertion).
bool runUntil(asio::io_context& io, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + seconds(20);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    io.run_for(std::chrono::milliseconds(10));
  }
  return done();
}

PeerConfig baseConfig(const char* name, uint32_t localAs, uint32_t remoteAs, uint32_t id) {
  PeerConfig c;
  c.name = name;
  c.localAs = localAs;
  c.remoteAs = remoteAs;
  c.routerId = id;
  c.connectRetry = seconds(1);
  return c;
}

PathAttributes attributes() {
  PathAttributes a;
  a.origin = Origin::kIgp;
  a.asPath = AsPath{{AsPathSegment{AsPathSegment::kSequence, {65001}}}};
  a.nextHop = ip("127.0.0.2");
  a.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::2"), std::nullopt, {}};
  return a;
}

// A passive peer behind a listener on 127.0.0.1 and an active peer connecting from 127.0.0.2.
class PeerPairTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(listener.open().ok()); }

  void startPair(const std::function<void(PeerConfig&, PeerConfig&)>& change = {}) {
    PeerConfig p = baseConfig("passive", 65002, 65001, 0x02020202);
    p.remoteAddress = ip("127.0.0.2");
    p.passive = true;
    PeerConfig a = baseConfig("active", 65001, 65002, 0x01010101);
    a.remoteAddress = ip("127.0.0.1");
    a.remotePort = listener.port();
    a.localAddress = ip("127.0.0.2");
    if (change) change(p, a);
    passive = std::make_unique<Peer>(io, p, passiveHandler, timers);
    active = std::make_unique<Peer>(io, a, activeHandler, timers);
    ASSERT_TRUE(listener.addPeer(*passive).ok());
    passive->start();
    active->start();
  }

  bool bothEstablished() {
    return runUntil(io, [&] {
      return passive->state() == State::kEstablished && active->state() == State::kEstablished;
    });
  }

  void TearDown() override {
    if (passive) listener.removePeer(*passive);
  }

  asio::io_context io;
  AsioTimerFactory timers{io};
  Listener listener{io, ip("127.0.0.1"), 0};
  RecordingHandler passiveHandler, activeHandler;
  std::unique_ptr<Peer> passive, active;
};

TEST_F(PeerPairTest, EstablishExchangeUpdateAndShutDownWithAMessage) {
  startPair();
  ASSERT_TRUE(bothEstablished());
  EXPECT_EQ(activeHandler.established, 1);
  EXPECT_EQ(passiveHandler.established, 1);

  PeerInfo info = active->info();
  ASSERT_TRUE(info.negotiated);
  EXPECT_EQ(info.negotiated->holdTime, 90);
  EXPECT_EQ(info.negotiated->keepaliveTime, 30);
  EXPECT_EQ(info.negotiated->remote.bgpIdentifier, 0x02020202u);
  EXPECT_TRUE(info.negotiated->options.fourOctetAs);
  EXPECT_TRUE(info.negotiated->options.extendedMessage);
  EXPECT_EQ(info.negotiated->families.size(), 2u);
  EXPECT_EQ(info.localAddress, ip("127.0.0.2"));  // next-hop-self material
  EXPECT_GE(info.sent[MessageType::kOpen], 1u);

  std::vector<Prefix> announce = {prefix("192.0.2.0/24"), prefix("198.51.100.0/24"),
                                  prefix("2001:db8:1::/48")};
  ASSERT_TRUE(active->sendUpdates(packUpdates({}, attributes(), announce, active->codecOptions())));
  ASSERT_TRUE(runUntil(io, [&] { return passiveHandler.held.size() == 3; }));
  ASSERT_FALSE(passiveHandler.updates.empty());
  EXPECT_EQ(passiveHandler.updates[0].update.nlri,
            (std::vector<Prefix>{prefix("192.0.2.0/24"), prefix("198.51.100.0/24")}));
  EXPECT_GE(passive->info().received[MessageType::kUpdate], 1u);

  active->stop(NotificationMessage::cease(subcode::kAdministrativeShutdown, "maintenance window"));
  ASSERT_TRUE(runUntil(io, [&] { return passive->info().lastNotificationReceived.has_value(); }));
  NotificationMessage got = *passive->info().lastNotificationReceived;
  EXPECT_EQ(got.code, ErrorCode::kCease);
  EXPECT_EQ(got.subcode, subcode::kAdministrativeShutdown);
  EXPECT_EQ(got.shutdownCommunication(), "maintenance window");
  ASSERT_TRUE(runUntil(io, [&] { return !passiveHandler.downs.empty(); }));
  EXPECT_EQ(active->state(), State::kIdle);
  EXPECT_FALSE(active->sendUpdates({}));
}

TEST_F(PeerPairTest, MaxPrefixesExceededSendsCease1WithAfiSafiAndLimit) {
  startPair([](PeerConfig& p, PeerConfig&) { p.maxPrefixes = 2; });
  ASSERT_TRUE(bothEstablished());
  std::vector<Prefix> announce = {prefix("192.0.2.0/24"), prefix("198.51.100.0/24"),
                                  prefix("203.0.113.0/24")};
  ASSERT_TRUE(active->sendUpdates(packUpdates({}, attributes(), announce, active->codecOptions())));
  ASSERT_TRUE(runUntil(io, [&] { return active->info().lastNotificationReceived.has_value(); }));
  NotificationMessage got = *active->info().lastNotificationReceived;
  EXPECT_EQ(got.code, ErrorCode::kCease);
  EXPECT_EQ(got.subcode, subcode::kMaxPrefixesReached);
  EXPECT_EQ(got.data, (Bytes{0, 1, 1, 0, 0, 0, 2}));  // RFC 4486 §4: AFI 1, SAFI 1, bound 2
  // The handler applied the offending UPDATE (it counts the prefixes), then was told the
  // session went down, so that it flushes the peer's routes, those of that UPDATE too.
  ASSERT_TRUE(runUntil(io, [&] { return !passiveHandler.downs.empty(); }));
  ASSERT_EQ(passiveHandler.updates.size(), 1u);
  EXPECT_EQ(passiveHandler.updates[0].update.nlri, announce);
  active->stop();
}

// RFC 2918: a ROUTE-REFRESH goes out only for a family the session negotiated, to a peer that
// advertised the capability, and reaches the other side's handler.
TEST_F(PeerPairTest, RouteRefreshIsSentForNegotiatedFamiliesOnly) {
  startPair();
  ASSERT_TRUE(bothEstablished());
  EXPECT_TRUE(active->requestRouteRefresh(kAfiIpv6, kSafiUnicast));
  EXPECT_FALSE(active->requestRouteRefresh(kAfiIpv4, 128));  // not negotiated (MPLS VPN)
  ASSERT_TRUE(runUntil(io, [&] { return !passiveHandler.refreshes.empty(); }));
  EXPECT_EQ(passiveHandler.refreshes,
            (std::vector<RouteRefreshMessage>{{kAfiIpv6, 0, kSafiUnicast}}));
  EXPECT_EQ(active->info().sent[MessageType::kRouteRefresh], 1u);
  active->stop();
  ASSERT_TRUE(runUntil(io, [&] { return active->state() == State::kIdle; }));
  EXPECT_FALSE(active->requestRouteRefresh(kAfiIpv4, kSafiUnicast));  // not Established
}

TEST_F(PeerPairTest, Md5AndGtsmSessionComesUp) {
  startPair([](PeerConfig& p, PeerConfig& a) {
    p.md5Password = a.md5Password = "s3cret";
    p.gtsm = a.gtsm = true;
  });
  ASSERT_TRUE(bothEstablished());
}

TEST_F(PeerPairTest, RoleMismatchIsRefused) {
  startPair([](PeerConfig& p, PeerConfig& a) {
    p.role = Role::kProvider;
    a.role = Role::kProvider;
  });
  // Both sides reject the other's OPEN (and may close before reading the other's NOTIFICATION).
  ASSERT_TRUE(runUntil(io, [&] { return active->info().lastNotificationSent.has_value(); }));
  EXPECT_EQ(active->info().lastNotificationSent->code, ErrorCode::kOpenMessage);
  EXPECT_EQ(active->info().lastNotificationSent->subcode, subcode::kRoleMismatch);
  EXPECT_EQ(activeHandler.established, 0);
  active->stop();
}

// Both sides active and listening: both connect at once, §6.8 leaves one session.
TEST(PeerCollision, TwoActivePeersEndWithOneSession) {
  asio::io_context io;
  AsioTimerFactory timers(io);
  Listener listenerA(io, ip("127.0.0.1"), 0), listenerB(io, ip("127.0.0.2"), 0);
  ASSERT_TRUE(listenerA.open().ok());
  ASSERT_TRUE(listenerB.open().ok());
  PeerConfig a = baseConfig("a", 65001, 65002, 0x01010101);
  a.remoteAddress = ip("127.0.0.2");
  a.remotePort = listenerB.port();
  a.localAddress = ip("127.0.0.1");
  PeerConfig b = baseConfig("b", 65002, 65001, 0x02020202);
  b.remoteAddress = ip("127.0.0.1");
  b.remotePort = listenerA.port();
  b.localAddress = ip("127.0.0.2");
  RecordingHandler ha, hb;
  Peer peerA(io, a, ha, timers), peerB(io, b, hb, timers);
  ASSERT_TRUE(listenerA.addPeer(peerA).ok());
  ASSERT_TRUE(listenerB.addPeer(peerB).ok());
  peerA.start();
  peerB.start();
  ASSERT_TRUE(runUntil(io, [&] {
    return peerA.state() == State::kEstablished && peerB.state() == State::kEstablished;
  }));
  EXPECT_EQ(peerA.info().negotiated->remote.bgpIdentifier, 0x02020202u);
  EXPECT_EQ(peerB.info().negotiated->remote.bgpIdentifier, 0x01010101u);
  EXPECT_EQ(peerA.info().establishedCount, 1u);
  EXPECT_EQ(peerB.info().establishedCount, 1u);
  EXPECT_TRUE(ha.downs.empty());
  EXPECT_TRUE(hb.downs.empty());
  listenerA.removePeer(peerA);
  listenerB.removePeer(peerB);
}

// A raw TCP client from 127.0.0.3 that records everything the peer sends until it closes.
TEST(PeerGarbage, GarbageBytesGetAMessageHeaderError) {
  asio::io_context io;
  AsioTimerFactory timers(io);
  Listener listener(io, ip("127.0.0.1"), 0);
  ASSERT_TRUE(listener.open().ok());
  PeerConfig c = baseConfig("garbage", 65002, 65001, 0x02020202);
  c.remoteAddress = ip("127.0.0.3");
  c.passive = true;
  RecordingHandler handler;
  Peer peer(io, c, handler, timers);
  ASSERT_TRUE(listener.addPeer(peer).ok());
  peer.start();

  asio::ip::tcp::socket client(io);
  client.open(asio::ip::tcp::v4());
  client.bind({asio::ip::make_address("127.0.0.3"), 0});
  client.connect({asio::ip::make_address("127.0.0.1"), listener.port()});
  Bytes garbage(19, 0x00);  // marker not all ones
  garbage[17] = 19;
  garbage[18] = 4;
  asio::write(client, asio::buffer(garbage));
  Bytes received;
  std::array<uint8_t, 4096> chunk{};
  bool closed = false;
  std::function<void()> readMore = [&] {
    client.async_read_some(asio::buffer(chunk), [&](const asio::error_code& ec, size_t n) {
      received.insert(received.end(), chunk.begin(), chunk.begin() + n);
      if (ec)
        closed = true;
      else
        readMore();
    });
  };
  readMore();
  ASSERT_TRUE(runUntil(io, [&] { return closed; }));

  std::vector<Message> messages;
  ByteSpan rest(received);
  while (true) {
    auto length = frameMessage(rest, CodecOptions{});
    ASSERT_TRUE(length.ok());
    if (*length == 0) break;
    auto decoded = decodeMessage(rest.first(*length), CodecOptions{});
    ASSERT_TRUE(decoded.ok());
    messages.push_back(decoded->message);
    rest = rest.subspan(*length);
  }
  ASSERT_EQ(messages.size(), 2u);  // our OPEN, then the NOTIFICATION
  EXPECT_TRUE(std::holds_alternative<OpenMessage>(messages[0]));
  auto* n = std::get_if<NotificationMessage>(&messages[1]);
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->code, ErrorCode::kMessageHeader);
  EXPECT_EQ(n->subcode, subcode::kConnectionNotSynchronized);
  listener.removePeer(peer);
}

TEST(PeerListener, UnknownSourceIsClosed) {
  asio::io_context io;
  Listener listener(io, ip("127.0.0.1"), 0);
  ASSERT_TRUE(listener.open().ok());
  asio::ip::tcp::socket client(io);
  client.connect({asio::ip::make_address("127.0.0.1"), listener.port()});
  std::array<uint8_t, 64> buf{};
  bool closed = false;
  client.async_read_some(asio::buffer(buf), [&](const asio::error_code& ec, size_t) {
    closed = ec == asio::error::eof || ec == asio::error::connection_reset;
  });
  EXPECT_TRUE(runUntil(io, [&] { return closed; }));
}

// io.run() returns only once no wait is pending, so each check below follows every wait to its
// end (expired or aborted): a callback that fires late, twice, or after cancel() is seen.
TEST(AsioTimers, FiresOnceAndRestartReplacesTheDeadline) {
  asio::io_context io;
  AsioTimerFactory factory(io);
  int fired = 0;
  auto timer = factory.create([&] { ++fired; });
  timer->start(std::chrono::milliseconds(1));
  timer->start(std::chrono::milliseconds(2));  // replaces the first
  EXPECT_TRUE(timer->running());
  io.run();
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(timer->running());
  timer->start(std::chrono::milliseconds(1));
  timer->cancel();
  EXPECT_FALSE(timer->running());
  io.restart();
  io.run();
  EXPECT_EQ(fired, 1);
}

TEST(AsioTimers, CancelThenStartFiresOnceForTheNewStart) {
  asio::io_context io;
  AsioTimerFactory factory(io);
  int fired = 0;
  auto timer = factory.create([&] { ++fired; });
  timer->start(std::chrono::milliseconds(1));
  timer->cancel();
  timer->start(std::chrono::milliseconds(1));
  io.run();
  EXPECT_EQ(fired, 1);
  EXPECT_FALSE(timer->running());
}

TEST(AsioTimers, CallbackMayRestartAndThenDestroyItsTimer) {
  asio::io_context io;
  AsioTimerFactory factory(io);
  int fired = 0;
  std::unique_ptr<Timer> timer;
  timer = factory.create([&] {
    if (++fired < 3) {
      timer->start(std::chrono::milliseconds(1));
    } else {
      timer.reset();  // destroyed from inside its own callback
    }
  });
  timer->start(std::chrono::milliseconds(1));
  io.run();
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(timer, nullptr);
}

}  // namespace
}  // namespace anycast::bgp
