// DnsService: answers through the core, RRL's class and name, the max-qps cap, reload (a swap
// the queries see, a broken zone file that keeps the old zones and names its file:line), the
// control commands, and one run on loopback sockets.
#include "dns/service/DnsService.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "../FakeClock.h"
#include "../server/DnsTestClient.h"
#include "dns/rrl/ResponseClass.h"

namespace anycast::dns::service {
namespace {

using dns::testing::FakeClock;
using server::Endpoint;

// A query for NAME TYPE IN with ID 0x1234, no EDNS.
Bytes query(const char* name, uint16_t type) {
  Bytes q = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0};
  Name owner = *Name::fromText(name);  // kept: wire() points into it
  ByteSpan wire = owner.wire();
  q.insert(q.end(), wire.begin(), wire.end());
  for (uint8_t b : {uint8_t(type >> 8), uint8_t(type), uint8_t{0}, uint8_t{1}}) q.push_back(b);
  return q;
}
uint8_t rcodeOf(const Bytes& m) { return m[3] & 0x0f; }
uint16_t answerCount(const Bytes& m) { return uint16_t(m[6] << 8 | m[7]); }
// The last 4 octets of the message: the RDATA of an A record answered last.
std::string lastAddress(const Bytes& m) {
  size_t n = m.size();
  return std::to_string(m[n - 4]) + "." + std::to_string(m[n - 3]) + "." +
         std::to_string(m[n - 2]) + "." + std::to_string(m[n - 1]);
}

std::string zoneText(uint32_t serial, const char* wwwAddress) {
  return "$ORIGIN example.\n$TTL 300\n@ SOA ns1 admin " + std::to_string(serial) +
         " 7200 3600 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\nwww A " + wwwAddress +
         "\nsub NS ns.sub\nns.sub A 192.0.2.9\n";
}

class DnsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/anycast-dns-test.XXXXXX";
    ASSERT_NE(::mkdtemp(dir), nullptr);
    dir_ = dir;
    zoneFile_ = dir_ + "/example.zone";
    write(zoneText(1, "192.0.2.80"));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void write(const std::string& text) { std::ofstream(zoneFile_, std::ios::trunc) << text; }

  DnsServiceConfig config() {
    DnsServiceConfig c;
    c.server.listen = {{*IpAddress::parse("127.0.0.1"), 0}};
    c.server.udpWorkers = 1;
    c.identity.nsid = "test1";
    c.zones = {{*Name::fromText("example."), zoneFile_}};
    return c;
  }

  // The service's answer to NAME TYPE over `transport`, or nullopt when it sends nothing.
  std::optional<Bytes> ask(DnsService& s, const char* name, uint16_t type,
                           Transport transport = Transport::kUdp) {
    Bytes out(4096);
    auto h = s.handle(query(name, type), Endpoint{}, transport, out);
    if (!h) return std::nullopt;
    out.resize(h->length);
    last_ = *h;
    return out;
  }

  std::string dir_, zoneFile_;
  FakeClock clock_;
  server::HandledQuery last_;
};

TEST_F(DnsServiceTest, AnswersFromItsZones) {
  DnsService s(config(), clock_);
  ASSERT_TRUE(s.start().ok());
  auto a = ask(s, "WWW.example.", 1);
  ASSERT_TRUE(a);
  EXPECT_EQ(rcodeOf(*a), 0);
  EXPECT_TRUE((*a)[2] & 0x04);  // AA
  EXPECT_EQ(answerCount(*a), 1);
  EXPECT_EQ(lastAddress(*a), "192.0.2.80");
  auto refused = ask(s, "www.example.org.", 1);
  ASSERT_TRUE(refused);
  EXPECT_EQ(rcodeOf(*refused), 5);  // REFUSED outside every zone
}

TEST_F(DnsServiceTest, NothingIsAnsweredBeforeTheZonesAreLoaded) {
  DnsService s(config(), clock_);
  EXPECT_FALSE(ask(s, "www.example.", 1));
}

TEST_F(DnsServiceTest, RrlClassAndNameOnlyWhenRrlIsOn) {
  auto c = config();
  c.server.rrl.responsesPerSecond = 100;
  DnsService s(c, clock_);
  ASSERT_TRUE(s.start().ok());
  ASSERT_TRUE(ask(s, "www.example.", 1));
  EXPECT_EQ(last_.kind, rrl::ResponseClass::kAnswer);
  EXPECT_EQ(last_.nameHash, rrl::hashName(Name::fromText("www.example.")->wire()));
  ASSERT_TRUE(ask(s, "nothere.example.", 1));
  EXPECT_EQ(last_.kind, rrl::ResponseClass::kNxdomain);
  EXPECT_EQ(last_.nameHash, rrl::hashName(Name::fromText("example.")->wire()));  // the zone
  ASSERT_TRUE(ask(s, "a.b.sub.example.", 1));
  EXPECT_EQ(last_.kind, rrl::ResponseClass::kReferral);
  EXPECT_EQ(last_.nameHash, rrl::hashName(Name::fromText("sub.example.")->wire()));
  ASSERT_TRUE(ask(s, "www.example.", 16));
  EXPECT_EQ(last_.kind, rrl::ResponseClass::kNodata);

  DnsService off(config(), clock_);
  ASSERT_TRUE(off.start().ok());
  ASSERT_TRUE(ask(off, "www.example.", 1));
  EXPECT_EQ(last_.nameHash, 0u);  // not computed when nothing uses it
}

TEST_F(DnsServiceTest, MaxQpsDropsUdpBeyondTheCapOnly) {
  auto c = config();
  c.maxQps = 3;
  DnsService s(c, clock_);
  ASSERT_TRUE(s.start().ok());
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ask(s, "www.example.", 1)) << i;
  EXPECT_FALSE(ask(s, "www.example.", 1));
  EXPECT_FALSE(ask(s, "www.example.", 1));
  EXPECT_TRUE(ask(s, "www.example.", 1, Transport::kTcp));  // TCP is not capped
  EXPECT_EQ(s.stats()["max-qps-dropped"], 2);
  clock_.advance(std::chrono::milliseconds(340));  // one token per 333 ms
  EXPECT_TRUE(ask(s, "www.example.", 1));
  EXPECT_FALSE(ask(s, "www.example.", 1));
  clock_.advance(std::chrono::seconds(10));  // the bucket holds one second's worth
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ask(s, "www.example.", 1)) << i;
  EXPECT_FALSE(ask(s, "www.example.", 1));
  EXPECT_NE(s.metrics().find("anycast_dns_max_qps_dropped_total 4\n"), std::string::npos);
}

TEST_F(DnsServiceTest, ReloadSwapsTheZonesTheQueriesSee) {
  DnsService s(config(), clock_);
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(lastAddress(*ask(s, "www.example.", 1)), "192.0.2.80");
  write(zoneText(2, "192.0.2.81"));
  auto reply = s.reload();
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_EQ((*reply)["zones"][0]["serial"], 2);
  EXPECT_FALSE(reply->contains("not-applied"));
  EXPECT_EQ(lastAddress(*ask(s, "www.example.", 1)), "192.0.2.81");
  EXPECT_EQ(s.status()["zones"][0]["serial"], 2);
  EXPECT_EQ(s.status()["reloads"], 1);
}

TEST_F(DnsServiceTest, BrokenZoneFileKeepsTheOldZonesAndSaysWhere) {
  DnsService s(config(), clock_);
  ASSERT_TRUE(s.start().ok());
  write(zoneText(2, "192.0.2.81") + "bad A 192.0.2.300\n");
  auto reply = s.reload();
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.error().message.rfind(zoneFile_ + ":9: ", 0), 0u) << reply.error().message;
  EXPECT_NE(reply.error().message.find("(the old zones are kept)"), std::string::npos);
  EXPECT_EQ(lastAddress(*ask(s, "www.example.", 1)), "192.0.2.80");
  Json status = s.status();
  EXPECT_EQ(status["zones"][0]["serial"], 1);
  EXPECT_EQ(status["reload-failures"], 1);
  EXPECT_EQ(status["last-reload-error"].get<std::string>().rfind(zoneFile_ + ":9: ", 0), 0u);
  write(zoneText(3, "192.0.2.82"));
  ASSERT_TRUE(s.reload().ok());
  EXPECT_FALSE(s.status().contains("last-reload-error"));
}

TEST_F(DnsServiceTest, ReloadRereadsTheConfigAndNamesWhatNeedsARestart) {
  auto c = config();
  c.restartFingerprint = "listen 1";
  DnsServiceConfig next = c;
  next.identity.nsid = "test2";
  next.zones.push_back({*Name::fromText("example.net."), zoneFile_ + ".net"});
  std::ofstream(zoneFile_ + ".net") << "$ORIGIN example.net.\n@ SOA ns admin 7 1 1 1 1\n@ NS ns\n";
  next.restartFingerprint = "listen 2";
  bool broken = false;
  DnsService s(c, clock_, [&]() -> Result<DnsServiceConfig> {
    if (broken) return failWith("dns.yaml:3: zones: is required");
    return next;
  });
  ASSERT_TRUE(s.start().ok());
  EXPECT_EQ(rcodeOf(*ask(s, "example.net.", 6)), 5);
  auto reply = s.reload();
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_EQ((*reply)["zones"].size(), 2u);
  EXPECT_TRUE(reply->contains("not-applied"));
  EXPECT_EQ(rcodeOf(*ask(s, "example.net.", 6)), 0);
  broken = true;
  auto refused = s.handleCommand({{"command", "reload"}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, "dns.yaml:3: zones: is required (the old zones are kept)");
  EXPECT_EQ(rcodeOf(*ask(s, "example.net.", 6)), 0);
}

TEST_F(DnsServiceTest, StartFailsOnABrokenZoneFile) {
  write("$ORIGIN example.\n@ SOA ns1 admin 1 1 1 1 1\n");  // no NS at the apex
  DnsService s(config(), clock_);
  auto started = s.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message.rfind(zoneFile_ + ":", 0), 0u) << started.error().message;
}

TEST_F(DnsServiceTest, ControlCommands) {
  DnsService s(config(), clock_);
  ASSERT_TRUE(s.start().ok());
  auto status = s.handleCommand({{"command", "status"}});
  ASSERT_TRUE(status.ok());
  EXPECT_EQ((*status)["zones"][0]["origin"], "example.");
  EXPECT_EQ((*status)["zones"][0]["records"], 6);
  EXPECT_EQ((*status)["listen"].size(), 1u);
  EXPECT_EQ((*status)["udp-workers"], 1);
  ASSERT_TRUE(s.handleCommand({{"command", "stats"}}).ok());
  auto unknown = s.handleCommand({{"command", "show-peers"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message,
            "unknown command 'show-peers' (anycast-dns knows status, stats, reload)");
}

// The workers (other threads) see a reload too, and the stats count what they answered.
TEST_F(DnsServiceTest, OnLoopbackTheWorkersSeeTheSwap) {
  DnsService s(config(), clock_);
  ASSERT_TRUE(s.start().ok());
  auto udp = server::testing::connectTo(SOCK_DGRAM, s.listening()[0]);
  auto askUdp = [&] {
    EXPECT_TRUE(server::testing::sendAll(udp.get(), query("www.example.", 1)));
    auto r = server::testing::receiveDatagram(udp.get());
    return r ? lastAddress(*r) : std::string("timeout");
  };
  EXPECT_EQ(askUdp(), "192.0.2.80");
  write(zoneText(2, "192.0.2.81"));
  ASSERT_TRUE(s.reload().ok());
  EXPECT_EQ(askUdp(), "192.0.2.81");
  auto tcp = server::testing::connectTo(SOCK_STREAM, s.listening()[0]);
  ASSERT_TRUE(server::testing::sendAll(tcp.get(), server::testing::framed(query("www.example.", 1))));
  auto r = server::testing::receiveMessage(tcp.get());
  ASSERT_TRUE(r);
  EXPECT_EQ(lastAddress(*r), "192.0.2.81");
  Json stats = s.stats();
  EXPECT_EQ(stats["udp"]["queries"], 2);
  EXPECT_EQ(stats["udp"]["rcodes"]["NOERROR"], 2);
  EXPECT_TRUE(server::testing::eventually([&] { return s.stats()["tcp"]["responses"] == 1; }));
  EXPECT_NE(s.metrics().find("anycast_dns_zone_serial{zone=\"example.\"} 2"), std::string::npos);
}

}  // namespace
}  // namespace anycast::dns::service
