// Message framing and the non-UPDATE messages: byte-exact vectors derived from RFC 4271 §4,
// RFC 2918, RFC 7313, RFC 8203/9003, and every header error of RFC 4271 §6.1.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "MessageTestUtil.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

using wiretest::caseName;
using wiretest::errorOf;
using wiretest::hex;
using wiretest::wire;

// ---- byte-exact vectors, both directions ----

struct Vector {
  const char* name;
  Message message;
  std::string wire;  // after the marker
};

OpenMessage exampleOpen() {
  OpenMessage open;
  open.myAs = 65001;
  open.holdTime = 90;
  open.bgpIdentifier = 0xc0000201;  // 192.0.2.1
  open.capabilities.multiprotocol = {{1, 1}};
  open.capabilities.routeRefresh = true;
  open.capabilities.fourOctetAs = 65001;
  return open;
}

const Vector kVectors[] = {
    {"keepalive", KeepaliveMessage{}, "0013 04"},
    {"open", exampleOpen(),
     "002d 01 04 fde9 005a c0000201 10 020e 0104 0001 0001 0200 4104 0000fde9"},
    {"open-without-capabilities", OpenMessage{4, 23456, 0, 0x0a000001, {}},
     "001d 01 04 5ba0 0000 0a000001 00"},
    {"notification-hold-timer", NotificationMessage{ErrorCode::kHoldTimerExpired, 0, {}},
     "0015 03 04 00"},
    {"notification-bad-length",
     NotificationMessage{ErrorCode::kMessageHeader, subcode::kBadMessageLength, {0x00, 0x12}},
     "0017 03 01 02 0012"},
    {"notification-shutdown", NotificationMessage::cease(subcode::kAdministrativeShutdown, "bye"),
     "0019 03 06 02 03 627965"},
    {"route-refresh-ipv6", RouteRefreshMessage{2, 0, 1}, "0017 05 0002 00 01"},
    {"route-refresh-borr", RouteRefreshMessage{1, 1, 1}, "0017 05 0001 01 01"},
    {"route-refresh-eorr", RouteRefreshMessage{1, 2, 1}, "0017 05 0001 02 01"},
    {"update-end-of-rib", UpdateMessage{}, "0017 02 0000 0000"},
};

class VectorTest : public ::testing::TestWithParam<Vector> {};

TEST_P(VectorTest, EncodesByteExact) {
  EXPECT_EQ(toHex(encodeMessage(GetParam().message, {}), 200), toHex(wire(GetParam().wire), 200));
}

TEST_P(VectorTest, Decodes) {
  Bytes bytes = wire(GetParam().wire);
  auto framed = frameMessage(bytes, {});
  ASSERT_TRUE(framed.ok()) << framed.error().reason;
  EXPECT_EQ(*framed, bytes.size());
  auto decoded = decodeMessage(bytes, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
  EXPECT_EQ(decoded->message, GetParam().message);
  EXPECT_FALSE(decoded->treatAsWithdraw);
  EXPECT_TRUE(decoded->discarded.empty());
}

INSTANTIATE_TEST_SUITE_P(Messages, VectorTest, ::testing::ValuesIn(kVectors), caseName<Vector>);

// ---- framing ----

TEST(FrameMessage, NeedsMoreBytes) {
  Bytes keepalive = wire("0013 04");
  for (size_t n = 0; n < keepalive.size(); ++n) {
    auto framed = frameMessage(ByteSpan(keepalive).first(n), {});
    ASSERT_TRUE(framed.ok()) << n;
    EXPECT_EQ(*framed, 0u) << n;
  }
  Bytes partialOpen = wire("002d 01 04 fde9");
  auto framed = frameMessage(partialOpen, {});
  ASSERT_TRUE(framed.ok());
  EXPECT_EQ(*framed, 0u);
}

TEST(FrameMessage, ReturnsTheFirstMessageOfAStream) {
  Bytes stream = wire("0013 04");
  Bytes second = wire("0015 03 04 00");
  stream.insert(stream.end(), second.begin(), second.end());
  auto framed = frameMessage(stream, {});
  ASSERT_TRUE(framed.ok());
  EXPECT_EQ(*framed, 19u);
}

struct HeaderErrorCase {
  const char* name;
  Bytes message;
  bool extended;
  ErrorCode code;
  uint8_t subcode;
  std::string data;
};

Bytes withByte(Bytes b, size_t at, uint8_t v) {
  b[at] = v;
  return b;
}

Bytes longMessage(uint8_t type, size_t length) {
  Bytes b = wire("0000");
  b[16] = static_cast<uint8_t>(length >> 8);
  b[17] = static_cast<uint8_t>(length);
  b.push_back(type);
  b.resize(length, 0);
  return b;
}

const HeaderErrorCase kHeaderErrors[] = {
    {"marker", withByte(wire("0013 04"), 3, 0xfe), false, ErrorCode::kMessageHeader,
     subcode::kConnectionNotSynchronized, ""},
    {"length-18", wire("0012 04"), false, ErrorCode::kMessageHeader, subcode::kBadMessageLength,
     "0012"},
    {"length-over-4096", longMessage(2, 4097), false, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "1001"},
    // RFC 8654 §4: extended messages never apply to OPEN or KEEPALIVE.
    {"open-over-4096-extended", longMessage(1, 4097), true, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "1001"},
    {"keepalive-20", wire("0014 04 00"), false, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "0014"},
    {"keepalive-over-4096-extended", longMessage(4, 4097), true, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "1001"},
    {"open-28", longMessage(1, 28), false, ErrorCode::kMessageHeader, subcode::kBadMessageLength,
     "001c"},
    {"update-22", longMessage(2, 22), false, ErrorCode::kMessageHeader, subcode::kBadMessageLength,
     "0016"},
    {"notification-20", wire("0014 03 06"), false, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "0014"},
    {"route-refresh-22", wire("0016 05 0001 00"), false, ErrorCode::kMessageHeader,
     subcode::kBadMessageLength, "0016"},
    {"type-0", wire("0013 00"), false, ErrorCode::kMessageHeader, subcode::kBadMessageType, "00"},
    {"type-6", wire("0013 06"), false, ErrorCode::kMessageHeader, subcode::kBadMessageType, "06"},
};

class HeaderErrorTest : public ::testing::TestWithParam<HeaderErrorCase> {};

TEST_P(HeaderErrorTest, FrameAndDecodeReport) {
  const HeaderErrorCase& c = GetParam();
  CodecOptions options;
  options.extendedMessage = c.extended;
  for (const auto& result :
       {errorOf(frameMessage(c.message, options)), errorOf(decodeMessage(c.message, options))}) {
    ASSERT_TRUE(result.has_value());
    EXPECT_EQ(result->code, c.code);
    EXPECT_EQ(result->subcode, c.subcode);
    EXPECT_EQ(toHex(result->data), toHex(hex(c.data)));
    EXPECT_EQ(result->action, ErrorAction::kSessionReset);
  }
}

INSTANTIATE_TEST_SUITE_P(Header, HeaderErrorTest, ::testing::ValuesIn(kHeaderErrors),
                         caseName<HeaderErrorCase>);

TEST(FrameMessage, ExtendedMessageAllowsLongUpdates) {
  CodecOptions extended;
  extended.extendedMessage = true;
  Bytes update = longMessage(2, 4097);
  auto framed = frameMessage(update, extended);
  ASSERT_TRUE(framed.ok()) << framed.error().reason;
  EXPECT_EQ(*framed, 4097u);
  Bytes tooLong = longMessage(2, 65535);
  EXPECT_TRUE(frameMessage(tooLong, extended).ok());
}

TEST(DecodeMessage, RejectsALengthFieldThatDoesNotMatchTheSpan) {
  Bytes trailing = wire("0013 04 00");
  auto decoded = decodeMessage(trailing, {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().subcode, subcode::kBadMessageLength);
  EXPECT_EQ(toHex(decoded.error().data), "00 13");

  Bytes truncated = wire("0015 03 04");
  decoded = decodeMessage(truncated, {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().subcode, subcode::kBadMessageLength);
  EXPECT_EQ(toHex(decoded.error().data), "00 15");
}

// RFC 7313 §5: code 7 subcode 1, the whole message as data.
TEST(DecodeMessage, RouteRefreshOfTheWrongLength) {
  Bytes refresh = wire("0018 05 0001 01 01 00");
  auto decoded = decodeMessage(refresh, {});
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, ErrorCode::kRouteRefresh);
  EXPECT_EQ(decoded.error().subcode, subcode::kInvalidRouteRefreshLength);
  EXPECT_EQ(decoded.error().data, refresh);
}

// RFC 7313 §5: unknown subtypes are ignored by the session, so they decode as they are.
TEST(DecodeMessage, RouteRefreshKeepsAnUnknownSubtype) {
  auto decoded = decodeMessage(wire("0017 05 0001 07 01"), {});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::get<RouteRefreshMessage>(decoded->message).subtype, 7);
}

TEST(DecodeMessage, NotificationKeepsUnknownCodesAndData) {
  auto decoded = decodeMessage(wire("0018 03 0c 2a 010203"), {});
  ASSERT_TRUE(decoded.ok());
  const auto& n = std::get<NotificationMessage>(decoded->message);
  EXPECT_EQ(static_cast<int>(n.code), 12);
  EXPECT_EQ(n.subcode, 42);
  EXPECT_EQ(toHex(n.data), "01 02 03");
}

TEST(Names, MessageTypesAndRoles) {
  EXPECT_STREQ(messageTypeName(MessageType::kRouteRefresh), "ROUTE-REFRESH");
  EXPECT_STREQ(messageTypeName(static_cast<MessageType>(9)), "unknown");
  EXPECT_STREQ(roleName(Role::kRsClient), "RS-Client");
  EXPECT_STREQ(roleName(static_cast<Role>(5)), "unknown");
}

// RFC 9234 §4.2 table, both ways round.
TEST(Roles, NeighbourRoleIsTheRoleThatPairs) {
  const std::pair<Role, Role> kPairs[] = {{Role::kProvider, Role::kCustomer},
                                          {Role::kCustomer, Role::kProvider},
                                          {Role::kRs, Role::kRsClient},
                                          {Role::kRsClient, Role::kRs},
                                          {Role::kPeer, Role::kPeer}};
  for (auto [local, neighbour] : kPairs) {
    EXPECT_EQ(neighbourRole(local), neighbour) << roleName(local);
    EXPECT_TRUE(rolesPair(local, neighbour)) << roleName(local);
    EXPECT_FALSE(rolesPair(local, static_cast<Role>(7))) << roleName(local);
  }
}

}  // namespace
}  // namespace anycast::bgp
