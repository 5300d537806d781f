// DnsServer over UDP on loopback: round trips over IPv4 and IPv6 through every worker, a burst
// of 200 datagrams, RRL's drops and slips as a client sees them, handler drops, a clean stop,
// bind errors and the metrics text.
#include <gtest/gtest.h>

#include <set>

#include "DnsTestClient.h"
#include "dns/server/DnsMetrics.h"

namespace anycast::dns::server {
namespace {

using namespace testing;

TEST(DnsServerUdp, AnswersOverIpv4AndIpv6ThroughEveryWorker) {
  TestServer t(TestServer::loopback(2));
  ASSERT_TRUE(t.server->start().ok());
  ASSERT_NE(t.v4().port, 0);
  EXPECT_NE(t.v6().port, 0);  // port 0: one port per address, for every worker and transport
  // Many source ports, so SO_REUSEPORT's hash spreads them over both workers.
  constexpr int kClients = 32;
  uint16_t id = 1;
  for (const Endpoint& to : {t.v4(), t.v6()}) {
    for (int i = 0; i < kClients; ++i, ++id) {
      UniqueFd fd = connectTo(SOCK_DGRAM, to);
      ASSERT_TRUE(sendAll(fd.get(), makeQuery(id)));
      auto answer = receiveDatagram(fd.get());
      ASSERT_TRUE(answer) << "no answer to " << id << " via " << toString(to);
      EXPECT_EQ(idOf(*answer), id);
      EXPECT_EQ((*answer)[2] & 0x80, 0x80);  // QR
    }
  }
  // A worker counts a response after sending it: the client may be quicker.
  ASSERT_TRUE(eventually([&] { return t.udp().responses == 2u * kClients; }));
  DnsServerStats s = t.server->stats();
  ASSERT_EQ(s.udpWorkers.size(), 2u);
  for (const TrafficStats& w : s.udpWorkers) EXPECT_GT(w.queries, 0u);
  TrafficStats udp = t.udp();
  EXPECT_EQ(udp.queries, 2u * kClients);
  EXPECT_EQ(udp.responses, 2u * kClients);
  EXPECT_EQ(udp.rcodes[0], 2u * kClients);
  EXPECT_EQ(udp.bytesIn, udp.bytesOut);  // the echo answers with as many bytes
  EXPECT_EQ(t.handler.udp.load(), 2 * kClients);
}

TEST(DnsServerUdp, AnswersABurstOf200Datagrams) {
  TestServer t(TestServer::loopback(1));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_DGRAM, t.v4());
  for (uint16_t id = 0; id < 200; ++id) ASSERT_TRUE(sendAll(fd.get(), makeQuery(id)));
  std::set<uint16_t> ids;
  for (int i = 0; i < 200; ++i) {
    auto answer = receiveDatagram(fd.get());
    ASSERT_TRUE(answer) << "after " << ids.size() << " answers";
    ids.insert(idOf(*answer));
  }
  EXPECT_EQ(ids.size(), 200u);
  EXPECT_TRUE(eventually([&] { return t.udp().responses == 200; }));
}

TEST(DnsServerUdp, NoAnswerWhenTheHandlerGivesNone) {
  TestServer t(TestServer::loopback(1));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_DGRAM, t.v4());
  ASSERT_TRUE(sendAll(fd.get(), makeQuery(0xff01)));  // the echo handler drops these
  ASSERT_TRUE(sendAll(fd.get(), makeQuery(7)));
  auto answer = receiveDatagram(fd.get());
  ASSERT_TRUE(answer);
  EXPECT_EQ(idOf(*answer), 7);  // the first was not answered
  TrafficStats udp = t.udp();
  EXPECT_EQ(udp.queries, 2u);
  EXPECT_EQ(udp.dropped, 1u);
}

TEST(DnsServerUdp, RrlDropsAndSlipsOnTheWire) {
  DnsServerConfig c = TestServer::loopback(1);
  c.rrl.responsesPerSecond = 1;
  c.rrl.windowSeconds = 1;
  c.rrl.slip = 2;
  TestServer t(c);  // the fake clock stands still: no refill
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_DGRAM, t.v4());
  for (uint16_t id = 1; id <= 5; ++id) ASSERT_TRUE(sendAll(fd.get(), makeQuery(id)));
  // 1 answered; then limited: 2 dropped, 3 slipped, 4 dropped, 5 slipped.
  std::vector<std::pair<uint16_t, bool>> got;
  for (int i = 0; i < 3; ++i) {
    auto answer = receiveDatagram(fd.get());
    ASSERT_TRUE(answer);
    got.emplace_back(idOf(*answer), truncatedBit(*answer));
  }
  EXPECT_EQ(got, (std::vector<std::pair<uint16_t, bool>>{{1, false}, {3, true}, {5, true}}));
  // The worker counts a response after sendmmsg returns, which may be after the client has
  // read it: wait for the counts rather than read them at once.
  ASSERT_TRUE(eventually([&] {
    TrafficStats udp = t.udp();
    return udp.queries == 5 && udp.responses == 3 && udp.dropped == 2 && udp.truncated == 2;
  })) << "queries "
      << t.udp().queries << ", responses " << t.udp().responses << ", dropped " << t.udp().dropped
      << ", truncated " << t.udp().truncated;
  DnsServerStats s = t.server->stats();
  EXPECT_EQ(s.rrl.dropped[0], 2u);
  EXPECT_EQ(s.rrl.slipped[0], 2u);
  // RRL is UDP only: TCP still answers.
  UniqueFd tcp = connectTo(SOCK_STREAM, t.v4());
  ASSERT_TRUE(sendAll(tcp.get(), framed(makeQuery(6))));
  auto answer = receiveMessage(tcp.get());
  ASSERT_TRUE(answer);
  EXPECT_EQ(idOf(*answer), 6);
}

TEST(DnsServerUdp, StopEndsTheWorkersAndClosesTcpConnections) {
  TestServer t(TestServer::loopback(2));
  ASSERT_TRUE(t.server->start().ok());
  Endpoint at = t.v4();
  UniqueFd tcp = connectTo(SOCK_STREAM, at);
  ASSERT_TRUE(sendAll(tcp.get(), framed(makeQuery(1))));
  ASSERT_TRUE(receiveMessage(tcp.get()));
  t.server->stop();
  EXPECT_TRUE(closedByPeer(tcp.get()));
  EXPECT_EQ(t.server->stats().tcp.queries, 1u);  // the counts outlive the threads
  t.server.reset();
  // Nothing listens any more: the connected UDP socket sees the port unreachable.
  UniqueFd udp = connectTo(SOCK_DGRAM, at, std::chrono::milliseconds(500));
  ASSERT_TRUE(sendAll(udp.get(), makeQuery(2)));
  EXPECT_FALSE(receiveDatagram(udp.get()));
}

TEST(DnsServerUdp, StartFailsOnAnAddressThatIsNotOurs) {
  DnsServerConfig c;
  c.listen = {{*IpAddress::parse("192.0.2.1"), 5353}};
  c.udpWorkers = 1;
  TestServer t(c);
  auto started = t.server->start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().message, "bind 192.0.2.1:5353: Cannot assign requested address");
  c.listen.clear();
  EXPECT_EQ(TestServer(c).server->start().error().message, "dns.listen: no address");
}

TEST(DnsServerUdp, MetricsText) {
  TestServer t(TestServer::loopback(1));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_DGRAM, t.v4());
  for (uint16_t id = 1; id <= 2; ++id) {
    ASSERT_TRUE(sendAll(fd.get(), makeQuery(id)));
    ASSERT_TRUE(receiveDatagram(fd.get()));
  }
  UniqueFd tcp = connectTo(SOCK_STREAM, t.v4());
  ASSERT_TRUE(sendAll(tcp.get(), framed(makeQuery(3))));
  ASSERT_TRUE(receiveMessage(tcp.get()));
  ASSERT_TRUE(eventually([&] { return t.udp().responses == 2; }));
  control::MetricsText text;
  writeMetrics(t.server->stats(), text);
  std::string m = text.str();
  for (const char* line : {
           "anycast_dns_queries_total{transport=\"udp\",worker=\"0\"} 2\n",
           "anycast_dns_queries_total{transport=\"tcp\",worker=\"all\"} 1\n",
           "anycast_dns_responses_total{transport=\"udp\",rcode=\"NOERROR\"} 2\n",
           "anycast_dns_responses_total{transport=\"tcp\",rcode=\"NOERROR\"} 1\n",
           "anycast_dns_rrl_dropped_total{class=\"nxdomain\"} 0\n",
           "anycast_dns_tcp_connections 1\n",
           "anycast_dns_tcp_connections_total{event=\"accepted\"} 1\n",
           "# TYPE anycast_dns_dropped_total counter\n",
       })
    EXPECT_NE(m.find(line), std::string::npos) << line << "in\n" << m;
}

}  // namespace
}  // namespace anycast::dns::server
