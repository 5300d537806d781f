// NOTIFICATION helpers and error names: RFC 8203/9003 shutdown communication, RFC 4271 §4.5
// and IANA names.
#include <gtest/gtest.h>

#include <string>

#include "MessageTestUtil.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

using wiretest::hex;

TEST(ShutdownCommunication, CeaseCarriesLengthThenUtf8) {
  auto n = NotificationMessage::cease(subcode::kAdministrativeReset, "maintenance é");
  EXPECT_EQ(n.code, ErrorCode::kCease);
  EXPECT_EQ(n.subcode, subcode::kAdministrativeReset);
  EXPECT_EQ(toHex(n.data, 100), "0e 6d 61 69 6e 74 65 6e 61 6e 63 65 20 c3 a9");
  EXPECT_EQ(n.shutdownCommunication(), "maintenance é");
}

TEST(ShutdownCommunication, OnlyForShutdownAndResetAndOnlyWhenGiven) {
  EXPECT_TRUE(NotificationMessage::cease(subcode::kPeerDeconfigured, "bye").data.empty());
  EXPECT_TRUE(NotificationMessage::cease(subcode::kAdministrativeShutdown, "").data.empty());
  EXPECT_TRUE(NotificationMessage::cease(subcode::kAdministrativeShutdown).data.empty());
}

struct TruncationCase {
  std::string message;
  size_t expectedLength;
};

// RFC 9003 §2: at most 255 octets, never cutting a UTF-8 character.
TEST(ShutdownCommunication, TruncatesAtAUtf8Boundary) {
  const TruncationCase cases[] = {
      {std::string(255, 'a'), 255},
      {std::string(300, 'a'), 255},
      {std::string(254, 'a') + "é", 254},                 // 2-octet character across octet 255
      {std::string(253, 'a') + "€", 253},                 // 3-octet character
      {std::string(252, 'a') + "\xf0\x9f\x98\x80", 252},  // 4-octet character
      {std::string(253, 'a') + "é", 255},                 // ends exactly at 255
  };
  for (const auto& c : cases) {
    auto n = NotificationMessage::cease(subcode::kAdministrativeShutdown, c.message);
    ASSERT_EQ(n.data.size(), c.expectedLength + 1) << c.message.size();
    EXPECT_EQ(n.data[0], c.expectedLength);
    EXPECT_EQ(n.shutdownCommunication(), c.message.substr(0, c.expectedLength));
  }
}

TEST(ShutdownCommunication, EmptyWhenAbsentOrMalformed) {
  NotificationMessage overrun{ErrorCode::kCease, subcode::kAdministrativeShutdown, hex("05 6869")};
  EXPECT_EQ(overrun.shutdownCommunication(), "");
  NotificationMessage empty{ErrorCode::kCease, subcode::kAdministrativeShutdown, {}};
  EXPECT_EQ(empty.shutdownCommunication(), "");
  NotificationMessage zero{ErrorCode::kCease, subcode::kAdministrativeShutdown, hex("00")};
  EXPECT_EQ(zero.shutdownCommunication(), "");
  NotificationMessage otherSubcode{ErrorCode::kCease, subcode::kPeerDeconfigured, hex("02 6869")};
  EXPECT_EQ(otherSubcode.shutdownCommunication(), "");
  NotificationMessage otherCode{ErrorCode::kOpenMessage, 2, hex("02 6869")};
  EXPECT_EQ(otherCode.shutdownCommunication(), "");
  // Octets after the communication are ignored.
  NotificationMessage trailing{ErrorCode::kCease, subcode::kAdministrativeShutdown,
                               hex("02 6869 ff")};
  EXPECT_EQ(trailing.shutdownCommunication(), "hi");
}

TEST(Notification, FromErrorCopiesCodeSubcodeAndData) {
  WireError e{ErrorCode::kMessageHeader, subcode::kBadMessageLength, hex("0012"),
              ErrorAction::kSessionReset, "short"};
  EXPECT_EQ(
      NotificationMessage::fromError(e),
      (NotificationMessage{ErrorCode::kMessageHeader, subcode::kBadMessageLength, hex("0012")}));
}

TEST(ErrorNames, CodesSubcodesAndActions) {
  EXPECT_EQ(errorName(ErrorCode::kCease, subcode::kAdministrativeShutdown),
            "Cease/Administrative Shutdown");
  EXPECT_EQ(errorName(ErrorCode::kUpdateMessage, subcode::kMalformedAsPath),
            "UPDATE Message Error/Malformed AS_PATH");
  EXPECT_EQ(errorName(ErrorCode::kMessageHeader, subcode::kBadMessageLength),
            "Message Header Error/Bad Message Length");
  EXPECT_EQ(errorName(ErrorCode::kOpenMessage, subcode::kRoleMismatch),
            "OPEN Message Error/Role Mismatch");
  EXPECT_EQ(errorName(ErrorCode::kRouteRefresh, subcode::kInvalidRouteRefreshLength),
            "ROUTE-REFRESH Message Error/Invalid Message Length");
  EXPECT_EQ(errorName(ErrorCode::kFsm, 2),
            "Finite State Machine Error/Receive Unexpected Message in OpenConfirm State");
  EXPECT_EQ(errorName(ErrorCode::kHoldTimerExpired, 0), "Hold Timer Expired");
  EXPECT_EQ(errorName(ErrorCode::kOpenMessage, 0), "OPEN Message Error");
  EXPECT_EQ(errorName(ErrorCode::kCease, 99), "Cease/subcode 99");
  EXPECT_EQ(errorName(static_cast<ErrorCode>(9), 1), "Unknown Error Code 9/subcode 1");
  EXPECT_STREQ(errorCodeName(ErrorCode::kCease), "Cease");
  EXPECT_STREQ(errorActionName(ErrorAction::kTreatAsWithdraw), "treat-as-withdraw");
  EXPECT_STREQ(errorActionName(ErrorAction::kAttributeDiscard), "attribute-discard");
  EXPECT_STREQ(errorActionName(ErrorAction::kSessionReset), "session-reset");
}

}  // namespace
}  // namespace anycast::bgp
