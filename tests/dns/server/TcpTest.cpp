// DnsServer over TCP (RFC 7766) on loopback: pipelined queries in one write, a query split over
// writes, the idle timeout, malformed lengths, the connection cap, half-close, backpressure.
#include <gtest/gtest.h>

#include "DnsTestClient.h"

namespace anycast::dns::server {
namespace {

using namespace testing;

DnsServerConfig tcpConfig(const std::function<void(TcpOptions&)>& change = {}) {
  DnsServerConfig c = TestServer::loopback(1);
  if (change) change(c.tcp);
  return c;
}

TEST(DnsServerTcp, AnswersTwoPipelinedQueriesInOneWriteInOrder) {
  TestServer t(tcpConfig());
  ASSERT_TRUE(t.server->start().ok());
  for (const Endpoint& to : {t.v4(), t.v6()}) {
    UniqueFd fd = connectTo(SOCK_STREAM, to);
    Bytes both = framed(makeQuery(1));
    Bytes second = framed(makeQuery(2));
    both.insert(both.end(), second.begin(), second.end());
    ASSERT_TRUE(sendAll(fd.get(), both));
    auto a1 = receiveMessage(fd.get());
    auto a2 = receiveMessage(fd.get());
    ASSERT_TRUE(a1 && a2) << toString(to);
    EXPECT_EQ(idOf(*a1), 1);
    EXPECT_EQ(idOf(*a2), 2);
    EXPECT_EQ(a1->size(), makeQuery(1).size());
  }
  EXPECT_EQ(t.handler.tcp.load(), 4);
  EXPECT_EQ(t.server->stats().tcp.responses, 4u);
}

TEST(DnsServerTcp, AnswersAQuerySplitAcrossWrites) {
  TestServer t(tcpConfig());
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_STREAM, t.v4());
  Bytes message = framed(makeQuery(9));
  // One byte of the length, then the rest of the length and part of the query, then the rest;
  // the pauses let each piece arrive as a segment of its own.
  for (auto [from, to] : {std::pair<size_t, size_t>{0, 1}, {1, 10}, {10, message.size()}}) {
    ASSERT_TRUE(sendAll(fd.get(), Bytes(message.begin() + from, message.begin() + to)));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto answer = receiveMessage(fd.get());
  ASSERT_TRUE(answer);
  EXPECT_EQ(idOf(*answer), 9);
  // The connection goes on.
  ASSERT_TRUE(sendAll(fd.get(), framed(makeQuery(10))));
  answer = receiveMessage(fd.get());
  ASSERT_TRUE(answer);
  EXPECT_EQ(idOf(*answer), 10);
}

TEST(DnsServerTcp, IdleTimeoutCloses) {
  TestServer t(tcpConfig([](TcpOptions& o) { o.idleTimeout = std::chrono::milliseconds(100); }));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_STREAM, t.v4());
  ASSERT_TRUE(sendAll(fd.get(), framed(makeQuery(1))));
  ASSERT_TRUE(receiveMessage(fd.get()));
  EXPECT_TRUE(closedByPeer(fd.get()));  // then silence: closed
  ASSERT_TRUE(eventually([&] { return t.server->stats().tcpConnections.closedIdle == 1; }));
  EXPECT_EQ(t.server->stats().tcpConnections.active, 0u);
}

TEST(DnsServerTcp, ZeroOrOversizeLengthCloses) {
  TestServer t(tcpConfig([](TcpOptions& o) { o.maxQueryBytes = 512; }));
  ASSERT_TRUE(t.server->start().ok());
  for (Bytes bad : {Bytes{0, 0}, Bytes{0x02, 0x01}}) {  // 0, and 513 > 512
    UniqueFd fd = connectTo(SOCK_STREAM, t.v4());
    Bytes data = framed(makeQuery(1));
    data.insert(data.end(), bad.begin(), bad.end());
    ASSERT_TRUE(sendAll(fd.get(), data));
    auto answer = receiveMessage(fd.get());  // what came before the bad length is answered
    ASSERT_TRUE(answer);
    EXPECT_EQ(idOf(*answer), 1);
    EXPECT_TRUE(closedByPeer(fd.get()));
  }
  ASSERT_TRUE(eventually([&] { return t.server->stats().tcpConnections.closedMalformed == 2; }));
}

TEST(DnsServerTcp, ConnectionsOverTheCapAreClosed) {
  TestServer t(tcpConfig([](TcpOptions& o) { o.maxConnections = 1; }));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd first = connectTo(SOCK_STREAM, t.v4());
  ASSERT_TRUE(sendAll(first.get(), framed(makeQuery(1))));
  ASSERT_TRUE(receiveMessage(first.get()));  // accepted and served
  UniqueFd second = connectTo(SOCK_STREAM, t.v4());
  EXPECT_TRUE(closedByPeer(second.get()));
  TcpStats s = t.server->stats().tcpConnections;
  EXPECT_EQ(s.accepted, 1u);
  EXPECT_EQ(s.rejected, 1u);
  EXPECT_EQ(s.active, 1u);
}

TEST(DnsServerTcp, AHalfClosedClientGetsItsAnswers) {
  TestServer t(tcpConfig());
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_STREAM, t.v4());
  ASSERT_TRUE(sendAll(fd.get(), framed(makeQuery(4))));
  ::shutdown(fd.get(), SHUT_WR);
  auto answer = receiveMessage(fd.get());
  ASSERT_TRUE(answer);
  EXPECT_EQ(idOf(*answer), 4);
  EXPECT_TRUE(closedByPeer(fd.get()));
}

TEST(DnsServerTcp, PausesReadingAtThePendingCapAndAnswersEverything) {
  TestServer t(tcpConfig([](TcpOptions& o) { o.maxPendingBytes = 64; }));
  ASSERT_TRUE(t.server->start().ok());
  UniqueFd fd = connectTo(SOCK_STREAM, t.v4());
  Bytes all;
  for (uint16_t id = 0; id < 300; ++id) {
    Bytes one = framed(makeQuery(id));
    all.insert(all.end(), one.begin(), one.end());
  }
  ASSERT_TRUE(sendAll(fd.get(), all));
  for (uint16_t id = 0; id < 300; ++id) {
    auto answer = receiveMessage(fd.get());
    ASSERT_TRUE(answer) << "answer " << id;
    ASSERT_EQ(idOf(*answer), id);
  }
}

}  // namespace
}  // namespace anycast::dns::server
