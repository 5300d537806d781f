// Byte-exact vectors for the rtnetlink route codec, captured on Linux 6.18 with
// `strace -e write=all` / `-e read=all` around iproute2 6.1 (`ip route replace|del`, `ip route
// show`), sequence numbers kept as captured.
#include <gtest/gtest.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "fib/RouteMessage.h"

namespace anycast::fib {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }
Prefix pfx(const char* text) { return *Prefix::parse(text); }

constexpr uint16_t kReplaceFlags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE;

RouteMessage ours(const char* prefix, std::vector<NextHop> hops, uint32_t table = kTableMain) {
  RouteMessage r;
  r.prefix = pfx(prefix);
  r.table = table;
  r.protocol = 201;
  r.priority = 32;
  r.nextHops = std::move(hops);
  return r;
}

struct EncodeCase {
  const char* name;  // the ip command that sent these bytes
  NetlinkHeader header;
  RouteMessage route;
  const char* hex;
};

class EncodeTest : public ::testing::TestWithParam<EncodeCase> {};

TEST_P(EncodeTest, MatchesIproute2) {
  const EncodeCase& c = GetParam();
  EXPECT_EQ(toHex(encodeRoute(c.header, c.route), 1024), toHex(fromHex(c.hex), 1024)) << c.name;
}

RouteMessage deleteOf(RouteMessage r) {
  r.scope = kScopeNowhere;
  r.type = kTypeUnspec;
  return r;
}

INSTANTIATE_TEST_SUITE_P(
    Iproute2, EncodeTest,
    ::testing::Values(
        EncodeCase{"replace table 1000 198.51.100.0/24 metric 32 via 192.0.2.2 proto 201",
                   {RTM_NEWROUTE, kReplaceFlags, 0x6b05ced2},
                   ours("198.51.100.0/24", {{ip("192.0.2.2")}}, 1000),
                   "3c000000 18000505 d2ce056b 00000000 02180000 00c90001 00000000"
                   "08000f00 e8030000 08000100 c6336400 08000600 20000000 08000500 c0000202"},
        EncodeCase{"replace 203.0.113.0/24 metric 32 proto 201 nexthop via 192.0.2.2 "
                   "nexthop via 192.0.2.6",
                   {RTM_NEWROUTE, kReplaceFlags, 0x6b05ced3},
                   ours("203.0.113.0/24", {{ip("192.0.2.2")}, {ip("192.0.2.6")}}),
                   "50000000 18000505 d3ce056b 00000000 02180000 fec90001 00000000"
                   "08000100 cb007100 08000600 20000000 24000900"
                   "10000000 00000000 08000500 c0000202 10000000 00000000 08000500 c0000206"},
        EncodeCase{"replace 2001:db8:1::/48 metric 32 via fe80::2 dev va0 proto 201",
                   {RTM_NEWROUTE, kReplaceFlags, 0x6b05ced3},
                   ours("2001:db8:1::/48", {{ip("fe80::2"), 2}}),
                   "54000000 18000505 d3ce056b 00000000 0a300000 fec90001 00000000"
                   "14000100 20010db8 00010000 00000000 00000000 08000600 20000000"
                   "14000500 fe800000 00000000 00000000 00000002 08000400 02000000"},
        EncodeCase{"del table 1000 198.51.100.0/24 metric 32 proto 201",
                   {RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 0x6b05ced3},
                   deleteOf(ours("198.51.100.0/24", {}, 1000)),
                   "34000000 19000500 d3ce056b 00000000 02180000 00c9ff00 00000000"
                   "08000f00 e8030000 08000100 c6336400 08000600 20000000"}));

TEST(RouteMessage, EncodesDumpRequest) {
  EXPECT_EQ(toHex(encodeRouteDump(Family::kV6, 7)),
            toHex(fromHex("1c000000 1a000103 07000000 00000000 0a000000 00000000 00000000")));
}

TEST(RouteMessage, EncodesLookupAsIpRouteGetFibmatch) {
  // `ip route get fibmatch 127.0.0.1`: RTM_GETROUTE, flags RTM_F_FIB_MATCH|RTM_F_LOOKUP_TABLE.
  EXPECT_EQ(toHex(encodeRouteLookup(ip("127.0.0.1"), 0x6b0615cd)),
            toHex(fromHex("24000000 1a000100 cd15066b 00000000 02200000 00000000 00300000"
                          "08000100 7f000001")));
}

// `ip address add 192.0.2.53/32 dev lo`, `ip address del ...`, `ip -6 address add
// 2001:db8::53/128 dev lo nodad` (lo = ifindex 1).
TEST(RouteMessage, EncodesAddressRequestsAsIproute2) {
  EXPECT_EQ(toHex(encodeAddress(AddressOp::kAdd, 0x6b061cad, 1, pfx("192.0.2.53/32"))),
            toHex(fromHex("28000000 14000506 ad1c066b 00000000 02200000 01000000"
                          "08000200 c0000235 08000100 c0000235")));
  EXPECT_EQ(toHex(encodeAddress(AddressOp::kDelete, 0x6b061cad, 1, pfx("192.0.2.53/32"))),
            toHex(fromHex("28000000 15000500 ad1c066b 00000000 02200000 01000000"
                          "08000200 c0000235 08000100 c0000235")));
  EXPECT_EQ(toHex(encodeAddress(AddressOp::kAdd, 0x6b061cad, 1, pfx("2001:db8::53/128")), 128),
            toHex(fromHex("40000000 14000506 ad1c066b 00000000 0a800200 01000000"
                          "14000200 20010db8 00000000 00000000 00000053"
                          "14000100 20010db8 00000000 00000000 00000053"),
                  128));
}

TEST(RouteMessage, EncodesIpv4RouteViaIpv6Gateway) {
  Bytes b =
      encodeRoute({RTM_NEWROUTE, kReplaceFlags, 1}, ours("192.0.2.0/24", {{ip("fe80::1"), 3}}));
  // RTA_VIA (18): length 4 + 2 (family) + 16, then RTA_OIF.
  EXPECT_EQ(
      toHex(ByteSpan(b).subspan(44), 64),
      toHex(fromHex("16001200 0a00fe80 00000000 00000000 00000000 00010000 08000400 03000000")));
  auto decoded = decodeMessages(b);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ((*decoded)[0].route->nextHops, (std::vector<NextHop>{{ip("fe80::1"), 3}}));
}

// `ip -4 route show proto 201` of the multipath route above, then NLMSG_DONE.
constexpr const char* kIpv4Dump =
    "58000000 18002200 d4ce056b 7a2a0000 02180000 fec90001 00000000"
    "08000f00 fe000000 08000100 cb007100 08000600 20000000 24000900"
    "10000000 02000000 08000500 c0000202 10000000 03000000 08000500 c0000206"
    "14000000 03002200 d4ce056b 7a2a0000 00000000";

TEST(RouteMessage, DecodesMultipathDump) {
  auto messages = decodeMessages(fromHex(kIpv4Dump));
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  ASSERT_EQ(messages->size(), 2u);
  const NetlinkMessage& m = (*messages)[0];
  EXPECT_EQ(m.type, RTM_NEWROUTE);
  EXPECT_EQ(m.seq, 0x6b05ced4u);
  EXPECT_EQ(m.flags, NLM_F_MULTI | NLM_F_DUMP_FILTERED);
  ASSERT_TRUE(m.route);
  EXPECT_EQ(*m.route, ours("203.0.113.0/24", {{ip("192.0.2.2"), 2}, {ip("192.0.2.6"), 3}}));
  EXPECT_EQ((*messages)[1].type, NLMSG_DONE);
  EXPECT_EQ((*messages)[1].error, 0);
}

// An rtnexthop with neither gateway nor interface says nothing and is not kept, like a
// single-path route without RTA_GATEWAY/RTA_OIF: what is decoded re-encodes to the same
// (found by the fuzzer).
TEST(RouteMessage, EmptyMultipathNextHopIsNotKept) {
  auto messages =
      decodeMessages(fromHex("40000000 18002200 d4ce056b 7a2a0000 02180000 fec90001 00000000"
                             "08000f00 fe000000 08000100 cb007100 08000600 20000000 0c000900"
                             "08000000 00000000"));
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(*(*messages)[0].route, ours("203.0.113.0/24", {}));
}

TEST(RouteMessage, DecodesIpv6LinkLocalDump) {
  auto messages = decodeMessages(
      fromHex("88000000 18002200 d4ce056b a72a0000 0a300000 fec90001 00000000"
              "08000f00 fe000000 14000100 20010db8 00010000 00000000 00000000"
              "08000600 20000000 14000500 fe800000 00000000 00000000 00000002 08000400 02000000"
              "24000c00 00000000 00000000 00000000 00000000 00000000 00000000 00000000 00000000"
              "05001400 00000000"));
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(*(*messages)[0].route, ours("2001:db8:1::/48", {{ip("fe80::2"), 2}}));
}

TEST(RouteMessage, DecodesErrorWithExtendedAck) {
  // The kernel's answer to `ip route replace 198.51.100.0/24 via 10.9.9.9 proto 201` with no
  // such network: -ENETUNREACH, the whole request echoed, then NLMSGERR_ATTR_MSG.
  auto messages = decodeMessages(
      fromHex("60000000 02000002 dcce056b 0e2b0000 9bffffff 2c000000 18000505 dcce056b 00000000"
              "02180000 fec90001 00000000 08000100 c6336400 08000500 0a090909"
              "20000100 4e657874 686f7020 68617320 696e7661 6c696420 67617465 77617900"));
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  const NetlinkMessage& m = (*messages)[0];
  EXPECT_EQ(m.type, NLMSG_ERROR);
  EXPECT_EQ(m.error, 101);  // ENETUNREACH
  EXPECT_EQ(m.errorText, "Nexthop has invalid gateway");
}

TEST(RouteMessage, RoundTripsDefaultAndDirectRoutes) {
  RouteMessage r = ours("::/0", {{*IpAddress::parse("::"), 4}}, 100000);
  auto messages = decodeMessages(encodeRoute({RTM_NEWROUTE, kReplaceFlags, 9}, r));
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ(*(*messages)[0].route, r);
}

TEST(RouteMessage, SkipsOtherFamiliesAndMessages) {
  // An RTM_NEWROUTE of family AF_BRIDGE (7) and an RTM_NEWLINK header with an empty body.
  auto messages =
      decodeMessages(fromHex("1c000000 18000200 01000000 00000000 07000000 00000000 00000000"
                             "10000000 10000200 01000000 00000000"));
  ASSERT_TRUE(messages.ok()) << messages.error().message;
  ASSERT_EQ(messages->size(), 2u);
  EXPECT_FALSE((*messages)[0].route);
  EXPECT_FALSE((*messages)[1].route);
}

struct MalformedCase {
  const char* name;
  const char* hex;
};

class MalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(MalformedTest, IsRejected) {
  EXPECT_FALSE(decodeMessages(fromHex(GetParam().hex)).ok()) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Framing, MalformedTest,
    ::testing::Values(
        MalformedCase{"header cut short", "10000000 1800"},
        MalformedCase{"nlmsg_len below the header", "08000000 18000200 01000000 00000000"},
        MalformedCase{"nlmsg_len past the buffer", "40000000 18000200 01000000 00000000"},
        MalformedCase{"route body shorter than rtmsg",
                      "14000000 18000200 01000000 00000000 02180000"},
        MalformedCase{
            "attribute past the message",
            "24000000 18000200 01000000 00000000 02180000 00c90001 00000000 0c000100 c6336400"},
        MalformedCase{
            "IPv4 RTA_DST of 3 bytes",
            "24000000 18000200 01000000 00000000 02180000 00c90001 00000000 07000100 c6336400"},
        MalformedCase{"prefix length 33",
                      "1c000000 18000200 01000000 00000000 02210000 00c90001 00000000"},
        MalformedCase{"rtnexthop longer than RTA_MULTIPATH",
                      "2c000000 18000200 01000000 00000000 02180000 00c90001 00000000"
                      "0c000900 20000000 00000000"},
        MalformedCase{"NLMSG_ERROR without errno", "10000000 02000000 01000000 00000000"}));

}  // namespace
}  // namespace anycast::fib
