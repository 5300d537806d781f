// OPEN and its capabilities: one byte-exact vector per capability (RFC 4760 §8, RFC 2918 §2,
// RFC 8654 §3, RFC 9234 §4.1, RFC 4724 §3 + RFC 8538, RFC 6793 §3, RFC 7313 §2), the RFC 9072
// extended parameters format, and every OPEN Message Error of RFC 4271 §6.2 we raise.
#include <gtest/gtest.h>

#include <string>

#include "MessageTestUtil.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {
namespace {

using wiretest::caseName;
using wiretest::errorOf;
using wiretest::hex;
using wiretest::wire;

// Fixed fields of every OPEN below: version 4, AS 65001, hold time 90, identifier 192.0.2.1.
const std::string kFixed = "04 fde9 005a c0000201";

// An OPEN whose capabilities are `tlvs`, in one Capabilities optional parameter.
Bytes openWith(const std::string& tlvs) {
  Bytes caps = hex(tlvs);
  ByteWriter w;
  w.putU16(static_cast<uint16_t>(kHeaderSize + 10 + (caps.empty() ? 0 : caps.size() + 2)));
  w.putU8(1);
  w.putBytes(hex(kFixed));
  if (caps.empty()) {
    w.putU8(0);
  } else {
    w.putU8(static_cast<uint8_t>(caps.size() + 2));
    w.putU8(2);
    w.putU8(static_cast<uint8_t>(caps.size()));
    w.putBytes(caps);
  }
  return wire(toHex(w.bytes(), 5000));
}

OpenMessage openOf(Capabilities caps) {
  return OpenMessage{4, 65001, 90, 0xc0000201, std::move(caps)};
}

struct CapabilityVector {
  const char* name;
  Capabilities caps;
  std::string tlvs;
};

Capabilities gracefulRestart() {
  Capabilities c;
  c.gracefulRestart = GracefulRestart{true, true, 120, {{{1, 1}, true}, {{2, 1}, false}}};
  return c;
}

const CapabilityVector kCapabilityVectors[] = {
    {"none", {}, ""},
    {"multiprotocol-ipv6", Capabilities{{{2, 1}}}, "01 04 0002 00 01"},
    {"multiprotocol-both", Capabilities{{{1, 1}, {2, 1}}}, "01 04 0001 00 01 01 04 0002 00 01"},
    {"route-refresh", Capabilities{{}, true}, "02 00"},
    {"enhanced-route-refresh", Capabilities{{}, false, true}, "46 00"},
    {"extended-message", Capabilities{{}, false, false, true}, "06 00"},
    {"four-octet-as", Capabilities{{}, false, false, false, 4200000000u}, "41 04 fa56ea00"},
    {"graceful-restart", gracefulRestart(), "40 0a c078 0001 01 80 0002 01 00"},
    {"role-customer", Capabilities{{}, false, false, false, {}, {}, Role::kCustomer}, "09 01 03"},
    {"unknown", Capabilities{{}, false, false, false, {}, {}, {}, {{73, {0x01, 0x61, 0x00}}}},
     "49 03 016100"},
    // Encoding order is capability-code order, unknown ones last.
    {"all",
     Capabilities{{{1, 1}},
                  true,
                  true,
                  true,
                  65001u,
                  GracefulRestart{false, false, 90, {}},
                  Role::kPeer,
                  {{128, {}}}},
     "01 04 0001 00 01 02 00 06 00 09 01 04 40 02 005a 41 04 0000fde9 46 00 80 00"},
};

class CapabilityVectorTest : public ::testing::TestWithParam<CapabilityVector> {};

TEST_P(CapabilityVectorTest, EncodesByteExact) {
  EXPECT_EQ(toHex(encodeMessage(openOf(GetParam().caps), {}), 500),
            toHex(openWith(GetParam().tlvs), 500));
}

TEST_P(CapabilityVectorTest, Decodes) {
  auto decoded = decodeMessage(openWith(GetParam().tlvs), {});
  ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
  EXPECT_EQ(std::get<OpenMessage>(decoded->message), openOf(GetParam().caps));
}

INSTANTIATE_TEST_SUITE_P(Open, CapabilityVectorTest, ::testing::ValuesIn(kCapabilityVectors),
                         caseName<CapabilityVector>);

TEST(OpenMessage, CapabilitiesMayComeInSeveralParameters) {
  // FRR sends each capability in its own optional parameter.
  Bytes open = wire("0029 01" + kFixed + "0c 0206 0104 0001 0001 0202 0200");
  auto decoded = decodeMessage(open, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
  Capabilities expected{{{1, 1}}, true};
  EXPECT_EQ(std::get<OpenMessage>(decoded->message).capabilities, expected);
}

// RFC 9072 §2: Non-Ext OP Len 255, Non-Ext OP Type 255, 2-octet lengths after.
TEST(OpenMessage, DecodesExtendedOptionalParameters) {
  Bytes open = wire("002b 01" + kFixed + "ff ff 000b 02 0008 0104 0001 0001 0200");
  auto decoded = decodeMessage(open, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
  EXPECT_EQ(std::get<OpenMessage>(decoded->message), openOf(Capabilities{{{1, 1}}, true}));
}

TEST(OpenMessage, EncodesLongCapabilitiesInTheExtendedFormat) {
  Capabilities caps;
  caps.unknown = {{200, Bytes(200, 0xaa)}, {201, Bytes(100, 0xbb)}};
  Bytes encoded = encodeMessage(openOf(caps), {});
  ASSERT_EQ(encoded.size(), kHeaderSize + 10 + 3 + 3 + 2 + 200 + 2 + 100);
  EXPECT_EQ(toHex(ByteSpan(encoded).subspan(28, 6)), "ff ff 01 33 02 01");
  auto decoded = decodeMessage(encoded, {});
  ASSERT_TRUE(decoded.ok()) << decoded.error().reason;
  EXPECT_EQ(std::get<OpenMessage>(decoded->message).capabilities, caps);
}

TEST(OpenMessage, AsNumberPrefersTheFourOctetCapability) {
  OpenMessage open = openOf({});
  EXPECT_EQ(open.asNumber(), 65001u);
  open.myAs = kAsTrans;
  open.capabilities.fourOctetAs = 4200000000u;
  EXPECT_EQ(open.asNumber(), 4200000000u);
}

struct OpenErrorCase {
  const char* name;
  Bytes message;
  uint8_t subcode;
  std::string data;
};

const OpenErrorCase kOpenErrors[] = {
    {"version-3", wire("001d 01 03 fde9 005a c0000201 00"), subcode::kUnsupportedVersionNumber,
     "0004"},
    {"hold-time-1", wire("001d 01 04 fde9 0001 c0000201 00"), subcode::kUnacceptableHoldTime, ""},
    {"hold-time-2", wire("001d 01 04 fde9 0002 c0000201 00"), subcode::kUnacceptableHoldTime, ""},
    {"identifier-0", wire("001d 01 04 fde9 005a 00000000 00"), subcode::kBadBgpIdentifier, ""},
    {"authentication-parameter", wire("0020 01" + kFixed + "03 01 01 00"),
     subcode::kUnsupportedOptionalParameter, ""},
    {"parameters-length-short", wire("0021 01" + kFixed + "02 02 02 0200"), 0, ""},
    {"parameters-length-long", wire("001f 01" + kFixed + "04 02 02"), 0, ""},
    {"parameter-overruns", wire("0021 01" + kFixed + "04 02 05 0200"), 0, ""},
    {"capability-overruns", openWith("41 05 0000fde9"), 0, ""},
    {"multiprotocol-length-3", openWith("01 03 0001 01"), 0, ""},
    {"route-refresh-length-1", openWith("02 01 00"), 0, ""},
    {"extended-message-length-1", openWith("06 01 00"), 0, ""},
    {"enhanced-refresh-length-1", openWith("46 01 00"), 0, ""},
    {"four-octet-as-length-2", openWith("41 02 fde9"), 0, ""},
    {"graceful-restart-length-1", openWith("40 01 00"), 0, ""},
    {"graceful-restart-length-5", openWith("40 05 0078 0001 01"), 0, ""},
    {"role-length-0", openWith("09 00"), 0, ""},
    {"role-length-2", openWith("09 02 0300"), 0, ""},
    {"roles-disagree", openWith("09 01 03 09 01 00"), subcode::kRoleMismatch, ""},
    {"extended-length-truncated", wire("001f 01" + kFixed + "ff ff 00"), 0, ""},
    {"extended-length-mismatch", wire("0023 01" + kFixed + "ff ff 0004 02 0000"), 0, ""},
};

class OpenErrorTest : public ::testing::TestWithParam<OpenErrorCase> {};

TEST_P(OpenErrorTest, Reports) {
  auto error = errorOf(decodeMessage(GetParam().message, {}));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, ErrorCode::kOpenMessage) << error->reason;
  EXPECT_EQ(error->subcode, GetParam().subcode) << error->reason;
  EXPECT_EQ(toHex(error->data), toHex(hex(GetParam().data)));
  EXPECT_EQ(error->action, ErrorAction::kSessionReset);
}

INSTANTIATE_TEST_SUITE_P(Open, OpenErrorTest, ::testing::ValuesIn(kOpenErrors),
                         caseName<OpenErrorCase>);

TEST(OpenMessage, AcceptsHoldTimeZeroAndThree) {
  EXPECT_TRUE(decodeMessage(wire("001d 01 04 fde9 0000 c0000201 00"), {}).ok());
  EXPECT_TRUE(decodeMessage(wire("001d 01 04 fde9 0003 c0000201 00"), {}).ok());
}

TEST(OpenMessage, RepeatedRolesThatAgreeAreAccepted) {
  auto decoded = decodeMessage(openWith("09 01 03 09 01 03"), {});
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(std::get<OpenMessage>(decoded->message).capabilities.role, Role::kCustomer);
}

}  // namespace
}  // namespace anycast::bgp
