// Bad input on the wire (issue 5): malformed queries sent over real UDP and TCP sockets to a
// running DnsService get FORMERR with the header only, NOTIMP, or nothing (docs/rfc-compliance.md
// lists where we differ from knotd on purpose), and the server answers normally afterwards.
#include <gtest/gtest.h>

#include <random>

#include "../ExampleZone.h"
#include "../FakeClock.h"
#include "../server/DnsTestClient.h"
#include "dns/service/DnsService.h"

namespace anycast::dns::service {
namespace {

using namespace server::testing;

const std::string kHeader = "1234 0000 0001 0000 0000 0000";  // ID 0x1234, QDCOUNT 1
const std::string kQuestion = "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001";
const std::string kOpt = "00 0029 04d0 00000000 0000";

Bytes hex(const std::string& spaced) { return fromHex(spaced); }
Bytes withArcount(uint8_t n, const std::string& rest) {
  return hex("1234 0000 0001 0000 0000 00" + toHex(Bytes{n}) + rest);
}

struct Malformed {
  const char* what;
  Bytes query;
  int rcode;  // -1: no answer at all
  // Octets of the answer: the header only when the question is unreadable, else the header
  // and the question (kWithQuestion); 0: not checked.
  size_t size = 0;
};

constexpr size_t kHeaderOnly = 12, kWithQuestion = 12 + 21;

std::vector<Malformed> cases() {
  std::string tooLong;  // 5 labels of 63 octets: 320 octets, over RFC 1035's 255
  for (int i = 0; i < 5; ++i) tooLong += "3f" + std::string(126, '6') + " ";
  return {
      {"truncated header", hex("1234 0000 0001"), -1},
      {"QR=1 (a response)", hex("1234 8000 0001 0000 0000 0000" + kQuestion), -1},
      {"header only, QDCOUNT 1", hex(kHeader), 1, kHeaderOnly},
      {"label longer than the message", hex(kHeader + "30 7777 00 0001 0001"), 1, kHeaderOnly},
      {"label type 0b01", hex(kHeader + "43 777777 00 0001 0001"), 1, kHeaderOnly},
      {"compression pointer to itself", hex(kHeader + "c00c 0001 0001"), 1, kHeaderOnly},
      {"compression loop", hex(kHeader + "03 777777 c00c 0001 0001"), 1, kHeaderOnly},
      {"name over 255 octets", hex(kHeader + tooLong + "00 0001 0001"), 1, kHeaderOnly},
      {"question cut short", hex(kHeader + "03 777777 07 6578616d706c65 03 636f6d 00 00"), 1, kHeaderOnly},
      {"two questions", hex("1234 0000 0002 0000 0000 0000" + kQuestion + kQuestion), 1, kHeaderOnly},
      {"ARCOUNT beyond the data", withArcount(2, kQuestion + kOpt), 1, kWithQuestion},
      {"two OPT records", withArcount(2, kQuestion + kOpt + kOpt), 1, kWithQuestion},
      {"OPT owner not the root", withArcount(1, kQuestion + "0161 00 0029 04d0 00000000 0000"), 1, kWithQuestion},
      {"EDNS option past RDLENGTH",
       withArcount(1, kQuestion + "00 0029 04d0 00000000 0006 0003 0005 6162"), 1, kWithQuestion},
      {"trailing octets", hex(kHeader + kQuestion + "0000"), 1, kWithQuestion},
      {"opcode NOTIFY", hex("1234 2000 0001 0000 0000 0000" + kQuestion), 4, kWithQuestion},
      {"opcode UPDATE", hex("1234 2800 0001 0000 0000 0000" + kQuestion), 4, kWithQuestion},
  };
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DnsServiceConfig c;
    c.server.listen = {{*IpAddress::parse("127.0.0.1"), 0}, {*IpAddress::parse("::1"), 0}};
    c.server.udpWorkers = 2;
    c.zones = {{*Name::fromText("example.com."), dns::testing::kExampleZoneFile}};
    service_ = std::make_unique<DnsService>(c, clock_);
    ASSERT_TRUE(service_->start().ok());
  }

  // A well-formed query for www.example.com. A is answered NOERROR with two addresses.
  void expectServing(int fd, bool tcp) {
    Bytes q = hex(kHeader + kQuestion);
    ASSERT_TRUE(sendAll(fd, tcp ? framed(q) : q));
    auto r = tcp ? receiveMessage(fd) : receiveDatagram(fd);
    ASSERT_TRUE(r) << "no answer to a good query";
    EXPECT_EQ((*r)[3] & 0x0f, 0);
    EXPECT_EQ((*r)[7], 2);  // ANCOUNT
  }

  dns::testing::FakeClock clock_;
  std::unique_ptr<DnsService> service_;
};

TEST_F(BadInputTest, OverUdp) {
  for (const auto& at : service_->listening()) {
    auto fd = connectTo(SOCK_DGRAM, at, std::chrono::milliseconds(300));
    for (const Malformed& c : cases()) {
      SCOPED_TRACE(c.what);
      ASSERT_TRUE(sendAll(fd.get(), c.query));
      auto r = receiveDatagram(fd.get());
      if (c.rcode < 0) {
        EXPECT_FALSE(r) << "answered";
      } else {
        ASSERT_TRUE(r);
        EXPECT_EQ((*r)[3] & 0x0f, c.rcode);
        EXPECT_TRUE((*r)[2] & 0x80);  // QR
        if (c.size) {
          EXPECT_EQ(r->size(), c.size);
        }
      }
      expectServing(fd.get(), false);
    }
  }
}

TEST_F(BadInputTest, OverTcpOnOneConnection) {
  auto fd = connectTo(SOCK_STREAM, service_->listening()[0], std::chrono::milliseconds(2000));
  // Pipelined: every malformed query, then a good one; the answers come in order and the
  // dropped ones leave no gap.
  Bytes all;
  for (const Malformed& c : cases()) {
    Bytes f = framed(c.query);
    all.insert(all.end(), f.begin(), f.end());
  }
  ASSERT_TRUE(sendAll(fd.get(), all));
  for (const Malformed& c : cases()) {
    if (c.rcode < 0) continue;
    SCOPED_TRACE(c.what);
    auto r = receiveMessage(fd.get());
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)[3] & 0x0f, c.rcode);
  }
  expectServing(fd.get(), true);
}

TEST_F(BadInputTest, ZeroLengthTcpMessageClosesOnlyThatConnection) {
  auto fd = connectTo(SOCK_STREAM, service_->listening()[0]);
  ASSERT_TRUE(sendAll(fd.get(), hex("0000")));
  EXPECT_TRUE(closedByPeer(fd.get()));
  auto again = connectTo(SOCK_STREAM, service_->listening()[0]);
  expectServing(again.get(), true);
  EXPECT_EQ(service_->stats()["tcp-connections"]["closed-malformed"], 1);
}

// Random octets (half of them behind a plausible header): never a crash, never an answer
// larger than the 512 octets a query without EDNS allows, and the server still serves.
TEST_F(BadInputTest, RandomDatagrams) {
  auto fd = connectTo(SOCK_DGRAM, service_->listening()[0], std::chrono::milliseconds(20));
  std::mt19937 random(5);
  for (int i = 0; i < 2000; ++i) {
    Bytes q(random() % 300);
    for (auto& b : q) b = static_cast<uint8_t>(random());
    if (i % 2 && q.size() > 12) {
      q[2] = 0;  // QR=0, opcode QUERY
      q[4] = 0, q[5] = 1, q[10] = 0, q[11] = 0;  // one question, no OPT
    }
    ASSERT_TRUE(sendAll(fd.get(), q));
    if (i % 50 == 49) {  // read what came back for this burst (waits 20 ms once it is all in)
      while (auto r = receiveDatagram(fd.get())) EXPECT_LE(r->size(), 512u);
    }
  }
  auto check = connectTo(SOCK_DGRAM, service_->listening()[0]);
  expectServing(check.get(), false);
}

}  // namespace
}  // namespace anycast::dns::service
