// UPDATE message body: byte-exact vectors (RFC 4271 §4.3), list-level errors and
// treat-as-withdraw (RFC 7606), AS4 reconciliation (RFC 6793 §4.2.3), packUpdates, End-of-RIB
// (RFC 4724 §2) and the message header helper.
#include <gtest/gtest.h>

#include <algorithm>

#include "bgp/wire/Header.h"
#include "bgp/wire/UpdateMessage.h"

namespace anycast::bgp {
namespace {

constexpr uint32_t kAs4 = 4200000001;
constexpr CodecOptions kFourOctet{true, false};
constexpr CodecOptions kTwoOctet{false, false};

const char* const kOrigin = "40 01 01 00 ";
const char* const kAsPath = "40 02 06 02 01 0000fde9 ";
const char* const kNextHop = "40 03 04 c0000201 ";

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix prefix(const char* s) { return *Prefix::parse(s); }

// An UPDATE body from its three fields, lengths filled in.
Bytes body(const std::string& withdrawn, const std::string& attributes, const std::string& nlri) {
  Bytes w = fromHex(withdrawn), a = fromHex(attributes), n = fromHex(nlri);
  ByteWriter out;
  out.putU16(static_cast<uint16_t>(w.size()));
  out.putBytes(w);
  out.putU16(static_cast<uint16_t>(a.size()));
  out.putBytes(a);
  out.putBytes(n);
  return out.take();
}

PathAttributes basicAttributes() {
  PathAttributes a;
  a.origin = Origin::kIgp;
  a.asPath = AsPath{{{AsPathSegment::kSequence, {65001}}}};
  a.nextHop = ip("192.0.2.1");
  return a;
}

TEST(UpdateMessageTest, ByteExactVector) {
  // Withdraw 198.51.100.0/24, announce 203.0.113.0/24 via 192.0.2.1 from AS 65001.
  const Bytes wire =
      fromHex("0004 18 c63364  0014 40010100 40020602010000fde9 400304c0000201  18 cb0071");
  UpdateMessage u;
  u.withdrawn = {prefix("198.51.100.0/24")};
  u.attributes = basicAttributes();
  u.nlri = {prefix("203.0.113.0/24")};
  EXPECT_EQ(toHex(encodeUpdateBody(u, kFourOctet), 100), toHex(wire, 100));
  auto r = decodeUpdate(wire, kFourOctet);
  ASSERT_TRUE(r.ok()) << r.error().reason;
  EXPECT_EQ(r->update, u);
  EXPECT_FALSE(r->treatAsWithdraw);
  EXPECT_TRUE(r->discarded.empty());
}

TEST(UpdateMessageTest, RoundTripEveryAttribute) {
  UpdateMessage u;
  u.withdrawn = {prefix("198.51.100.0/24"), prefix("0.0.0.0/0")};
  u.attributes = basicAttributes();
  u.attributes.asPath = AsPath{
      {{AsPathSegment::kSequence, {65001, kAs4, 65002}}, {AsPathSegment::kSet, {65003, kAs4 + 1}}}};
  u.attributes.med = 10;
  u.attributes.localPref = 100;
  u.attributes.atomicAggregate = true;
  u.attributes.aggregator = Aggregator{kAs4, ip("192.0.2.9")};
  u.attributes.communities = {community::kNoExport, 65001u << 16 | 7};
  u.attributes.extendedCommunities = {0x0002fde900000064};
  u.attributes.largeCommunities = {{kAs4, 1, 2}};
  u.attributes.onlyToCustomer = 65001;
  u.attributes.mpReach = MpReach{kAfiIpv6,
                                 kSafiUnicast,
                                 ip("2001:db8::1"),
                                 ip("fe80::1"),
                                 {prefix("2001:db8:1::/48"), prefix("2001:db8::1/128")}};
  u.attributes.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {prefix("2001:db8:2::/47")}};
  u.nlri = {prefix("203.0.113.0/24"), prefix("203.0.113.128/25"), prefix("192.0.2.1/32")};
  // A 2-octet session carries the 4-octet ASes in AS4_PATH / AS4_AGGREGATOR.
  for (const auto& options : {kFourOctet, kTwoOctet}) {
    auto r = decodeUpdate(encodeUpdateBody(u, options), options);
    ASSERT_TRUE(r.ok()) << r.error().reason;
    EXPECT_EQ(r->update, u) << options.fourOctetAs;
    EXPECT_TRUE(r->discarded.empty());
  }
}

TEST(PrefixTest, EncodeIsMinimal) {
  struct Case {
    const char* prefix;
    const char* hex;
  } cases[] = {
      {"0.0.0.0/0", "00"},
      {"128.0.0.0/1", "01 80"},
      {"10.1.128.0/17", "11 0a 01 80"},
      {"192.0.2.1/32", "20 c0 00 02 01"},
      {"2001:db8::/32", "20 20 01 0d b8"},
      {"2001:db8::1/128", "80 20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01"},
  };
  for (const auto& c : cases) {
    ByteWriter w;
    Prefix p = prefix(c.prefix);
    encodePrefix(w, p);
    EXPECT_EQ(toHex(w.bytes()), toHex(fromHex(c.hex))) << c.prefix;
    auto back = decodePrefixes(w.bytes(), p.family());
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, std::vector<Prefix>{p});
  }
}

TEST(PrefixTest, TrailingBitsAreCleared) {
  auto r = decodePrefixes(fromHex("0f c0 03"), Family::kV4);  // RFC 4271 §4.3: irrelevant bits
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, std::vector<Prefix>{prefix("192.2.0.0/15")});
}

TEST(PrefixTest, InvalidLengthAndOverrunAreInvalidNetworkField) {
  const std::pair<const char*, Family> cases[] = {{"21 c0000201 00", Family::kV4},
                                                  {"18 c000", Family::kV4},
                                                  {"81 00", Family::kV6},
                                                  {"30 20010db8", Family::kV6}};
  for (auto [hex, family] : cases) {
    auto r = decodePrefixes(fromHex(hex), family);
    ASSERT_FALSE(r.ok()) << hex;
    EXPECT_EQ(r.error().subcode, subcode::kInvalidNetworkField) << hex;
    EXPECT_EQ(r.error().action, ErrorAction::kSessionReset) << hex;
  }
}

// --- Errors in the UPDATE's own structure: the NLRI cannot be located or parsed, so
// RFC 7606 §4 / §5.3 leave only a session reset.
TEST(UpdateErrorTest, StructureErrorsResetTheSession) {
  struct Case {
    const char* name;
    Bytes body;
    uint8_t subcode;
  } cases[] = {
      {"empty body", fromHex(""), subcode::kMalformedAttributeList},
      {"three octets", fromHex("00 00 00"), subcode::kMalformedAttributeList},
      {"withdrawn length past the end", fromHex("00 05 18 c00002 00 00"),
       subcode::kMalformedAttributeList},
      {"attribute length past the end", fromHex("00 00 00 10 40 01 01 00"),
       subcode::kMalformedAttributeList},
      {"withdrawn prefix length 33", body("21 c0000201 00", "", ""), subcode::kInvalidNetworkField},
      {"withdrawn prefix overrun", body("18 c000", "", ""), subcode::kInvalidNetworkField},
      {"nlri prefix length 33",
       body("", std::string(kOrigin) + kAsPath + kNextHop, "21 c0000201 00"),
       subcode::kInvalidNetworkField},
      {"nlri prefix overrun", body("", std::string(kOrigin) + kAsPath + kNextHop, "18 c000"),
       subcode::kInvalidNetworkField},
  };
  for (const auto& c : cases) {
    auto r = decodeUpdate(c.body, kFourOctet);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::kUpdateMessage) << c.name;
    EXPECT_EQ(r.error().subcode, c.subcode) << c.name;
    EXPECT_EQ(r.error().action, ErrorAction::kSessionReset) << c.name;
    EXPECT_TRUE(r.error().data.empty()) << c.name;
  }
}

// RFC 7606 §3 d: missing well-known mandatory attributes => treat-as-withdraw, and only when
// the UPDATE carries reachability.
TEST(UpdateErrorTest, MissingMandatoryAttributes) {
  const std::string mpReach6 =
      "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001 ";
  struct Case {
    const char* name;
    std::string attributes, nlri;
    int missing;  // type code, -1: nothing missing
  } cases[] = {
      {"origin", std::string(kAsPath) + kNextHop, "18 cb0071", attr::kOrigin},
      {"as_path", std::string(kOrigin) + kNextHop, "18 cb0071", attr::kAsPath},
      {"next_hop", std::string(kOrigin) + kAsPath, "18 cb0071", attr::kNextHop},
      {"as_path with MP_REACH", std::string(kOrigin) + mpReach6, "", attr::kAsPath},
      {"no NEXT_HOP needed with MP_REACH only", std::string(kOrigin) + kAsPath + mpReach6, "", -1},
      {"nothing needed without NLRI", "c0 08 04 ffffff01", "", -1},
  };
  for (const auto& c : cases) {
    auto r = decodeUpdate(body("", c.attributes, c.nlri), kFourOctet);
    ASSERT_TRUE(r.ok()) << c.name;
    if (c.missing < 0) {
      EXPECT_FALSE(r->treatAsWithdraw) << c.name;
      continue;
    }
    ASSERT_TRUE(r->treatAsWithdraw) << c.name;
    EXPECT_EQ(r->treatAsWithdraw->subcode, subcode::kMissingWellKnownAttribute) << c.name;
    EXPECT_EQ(r->treatAsWithdraw->action, ErrorAction::kTreatAsWithdraw) << c.name;
    EXPECT_EQ(r->treatAsWithdraw->data, Bytes{static_cast<uint8_t>(c.missing)}) << c.name;
  }
}

TEST(UpdateErrorTest, TreatAsWithdrawMovesEveryAnnouncedPrefixToWithdrawn) {
  // Bad ORIGIN value; the UPDATE announces IPv4 NLRI and IPv6 in MP_REACH, and already
  // withdraws one IPv4 and one IPv6 prefix.
  const std::string attributes = std::string("40 01 01 09 ") + kAsPath + kNextHop +
                                 "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 "
                                 "30 20010db80001 "
                                 "80 0f 0a 0002 01 30 20010db80002";
  auto r = decodeUpdate(body("18 c63364", attributes, "18 cb0071"), kFourOctet);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->treatAsWithdraw);
  EXPECT_EQ(r->treatAsWithdraw->subcode, subcode::kInvalidOriginAttribute);
  const UpdateMessage& u = r->update;
  EXPECT_TRUE(u.nlri.empty());
  EXPECT_FALSE(u.attributes.mpReach);
  EXPECT_EQ(u.withdrawn,
            (std::vector<Prefix>{prefix("198.51.100.0/24"), prefix("203.0.113.0/24")}));
  ASSERT_TRUE(u.attributes.mpUnreach);
  EXPECT_EQ(u.attributes.mpUnreach->withdrawn,
            (std::vector<Prefix>{prefix("2001:db8:2::/48"), prefix("2001:db8:1::/48")}));
}

TEST(UpdateErrorTest, TreatAsWithdrawOfIpv4InMpReach) {
  const std::string attributes = std::string(kOrigin) + "40 02 02 02 00 " +  // zero-length segment
                                 "80 0e 0d 0001 01 04 c0000201 00 18 c00002";
  auto r = decodeUpdate(body("", attributes, ""), kFourOctet);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->treatAsWithdraw);
  EXPECT_EQ(r->treatAsWithdraw->subcode, subcode::kMalformedAsPath);
  EXPECT_EQ(r->update.withdrawn, std::vector<Prefix>{prefix("192.0.2.0/24")});
  EXPECT_FALSE(r->update.attributes.mpReach);
  EXPECT_FALSE(r->update.attributes.mpUnreach);
}

TEST(UpdateErrorTest, AttributeDiscardKeepsTheRoutes) {
  auto r = decodeUpdate(
      body("", std::string(kOrigin) + kAsPath + kNextHop + "40 06 01 00", "18 cb0071"), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->treatAsWithdraw);
  ASSERT_EQ(r->discarded.size(), 1u);
  EXPECT_EQ(r->update.nlri, std::vector<Prefix>{prefix("203.0.113.0/24")});
}

// --- RFC 6793 §4.2.3: a 2-octet speaker's AS_PATH/AGGREGATOR with AS4_PATH/AS4_AGGREGATOR.
TEST(As4ReconcileTest, Cases) {
  struct Case {
    const char* name;
    std::string attributes;
    const char* path;
    uint32_t aggregator;  // 0: none
  } cases[] = {
      {"trailing AS_TRANS replaced", "40 02 06 02 02 fde9 5ba0  c0 11 06 02 01 fa56ea01",
       "65001 4200000001", 0},
      {"AS_PATH shorter than AS4_PATH: AS4_PATH ignored",
       "40 02 04 02 01 5ba0  c0 11 0a 02 02 0000fde9 fa56ea01", "23456", 0},
      {"leading part taken, sets count one",
       "40 02 0e 02 03 fde9 fdea 5ba0 01 02 fdeb 5ba0 "
       "c0 11 10 02 01 fa56ea01 01 02 0000fdeb fa56ea02",
       "65001 65002 4200000001 {65003 4200000002}", 0},
      {"AGGREGATOR is AS_TRANS: AS4_AGGREGATOR used",
       "40 02 06 02 02 fde9 5ba0  c0 07 06 5ba0 c0000209  c0 11 06 02 01 fa56ea01 "
       "c0 12 08 fa56ea01 c0000209",
       "65001 4200000001", kAs4},
      {"AGGREGATOR not AS_TRANS: AS4_AGGREGATOR and AS4_PATH ignored",
       "40 02 06 02 02 fde9 5ba0  c0 07 06 fde9 c0000209  c0 11 06 02 01 fa56ea01 "
       "c0 12 08 fa56ea01 c0000209",
       "65001 23456", 65001},
      {"AS4_AGGREGATOR without AGGREGATOR ignored",
       "40 02 06 02 02 fde9 5ba0  c0 11 06 02 01 fa56ea01  c0 12 08 fa56ea01 c0000209",
       "65001 4200000001", 0},
      {"confederation segments in AS4_PATH dropped (RFC 6793 §3)",
       "40 02 06 02 02 fde9 5ba0  c0 11 0c 03 01 0000fe4c 02 01 fa56ea01", "65001 4200000001", 0},
      {"leading confederation segments of AS_PATH kept",
       "40 02 0a 03 01 fe4c 02 02 fde9 5ba0  c0 11 06 02 01 fa56ea01", "(65100) 65001 4200000001",
       0},
  };
  for (const auto& c : cases) {
    auto r = decodeUpdate(body("", c.attributes, ""), kTwoOctet);
    ASSERT_TRUE(r.ok()) << c.name;
    EXPECT_TRUE(r->discarded.empty()) << c.name;
    const PathAttributes& a = r->update.attributes;
    ASSERT_TRUE(a.asPath) << c.name;
    EXPECT_EQ(a.asPath->str(), c.path) << c.name;
    EXPECT_EQ(a.aggregator ? a.aggregator->asn : 0, c.aggregator) << c.name;
  }
}

TEST(As4ReconcileTest, ReconciledPathIsOneSequence) {
  auto r =
      decodeUpdate(body("", "40 02 06 02 02 fde9 5ba0  c0 11 06 02 01 fa56ea01", ""), kTwoOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->update.attributes.asPath, (AsPath{{{AsPathSegment::kSequence, {65001, kAs4}}}}));
}

// Only the cut AS_PATH sequence and AS4_PATH's first sequence join; AS4_PATH's own segments
// stay as sent, so decoding what we encoded gives the same segments (found by the fuzzer).
TEST(As4ReconcileTest, As4PathSegmentsAreKept) {
  // AS_PATH [65001 65002] [23456]... whole path from AS4_PATH: [65001] [65002 4200000001].
  auto r = decodeUpdate(body("",
                             "40 02 0a 02 01 fde9 02 02 fdea 5ba0  "
                             "c0 11 10 02 01 0000fde9 02 02 0000fdea fa56ea01",
                             ""),
                        kTwoOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(
      *r->update.attributes.asPath,
      (AsPath{{{AsPathSegment::kSequence, {65001}}, {AsPathSegment::kSequence, {65002, kAs4}}}}));
}

TEST(As4ReconcileTest, FourOctetSessionDiscardsAs4Attributes) {
  auto r = decodeUpdate(body("", "40 02 0a 02 02 0000fde9 00005ba0  c0 11 06 02 01 fa56ea01", ""),
                        kFourOctet);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->discarded.size(), 1u);
  EXPECT_EQ(r->discarded[0].action, ErrorAction::kAttributeDiscard);
  EXPECT_EQ(r->update.attributes.asPath->str(), "65001 23456");
}

// --- End-of-RIB (RFC 4724 §2)

TEST(EndOfRibTest, Ipv4IsAnEmptyUpdate) {
  EXPECT_EQ(toHex(encodeUpdateBody(UpdateMessage{}, kFourOctet)), "00 00 00 00");
  auto r = decodeUpdate(fromHex("00000000"), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->update.isEndOfRib());
}

TEST(EndOfRibTest, Ipv6IsAnEmptyMpUnreach) {
  auto r = decodeUpdate(body("", "80 0f 03 0002 01", ""), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->update.isEndOfRib());
}

TEST(EndOfRibTest, AnythingElseIsNot) {
  UpdateMessage withdraws;
  withdraws.withdrawn = {prefix("192.0.2.0/24")};
  UpdateMessage attributeOnly;
  attributeOnly.attributes.origin = Origin::kIgp;
  UpdateMessage unreach6;
  unreach6.attributes.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {prefix("2001:db8::/32")}};
  UpdateMessage unreachAndMore;
  unreachAndMore.attributes.mpUnreach = MpUnreach{};
  unreachAndMore.attributes.communities = {community::kNoExport};
  for (const auto& u : {withdraws, attributeOnly, unreach6, unreachAndMore}) {
    EXPECT_FALSE(u.isEndOfRib());
  }
}

// --- Header

TEST(HeaderTest, WithHeader) {
  Bytes m = withHeader(MessageType::kUpdate, fromHex("00000000"));
  EXPECT_EQ(toHex(m), "ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 17 02 00 00 00 00");
}

// --- packUpdates

std::vector<Prefix> ipv4Prefixes(size_t n) {
  std::vector<Prefix> out;
  for (size_t i = 0; i < n; ++i) {
    // Lengths 8..32 in turn, so encoded sizes vary.
    uint8_t length = static_cast<uint8_t>(8 + i % 25);
    out.emplace_back(IpAddress::v4(0x0a000000u + static_cast<uint32_t>(i << 8)), length);
  }
  return out;
}

std::vector<Prefix> ipv6Prefixes(size_t n) {
  std::vector<Prefix> out;
  for (size_t i = 0; i < n; ++i) {
    uint8_t b[16] = {0x20, 0x01, 0x0d, 0xb8, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    out.emplace_back(IpAddress::v6Bytes(b), static_cast<uint8_t>(48 + i % 81));
  }
  return out;
}

struct Unpacked {
  std::vector<Prefix> announced, withdrawn;
  size_t messages = 0;
};

// Checks every message's framing and size, decodes it, and gathers its prefixes.
Unpacked unpack(const std::vector<Bytes>& messages, const PathAttributes& attributes,
                const CodecOptions& options) {
  Unpacked out;
  for (const auto& m : messages) {
    ++out.messages;
    EXPECT_LE(m.size(), options.maxMessageSize());
    EXPECT_TRUE(std::all_of(m.begin(), m.begin() + 16, [](uint8_t b) { return b == 0xff; }));
    EXPECT_EQ(size_t(m[16] << 8 | m[17]), m.size());
    EXPECT_EQ(m[18], static_cast<uint8_t>(MessageType::kUpdate));
    auto r = decodeUpdate(ByteSpan(m).subspan(kHeaderSize), options);
    EXPECT_TRUE(r.ok() && !r->treatAsWithdraw && r->discarded.empty());
    if (!r.ok()) continue;
    UpdateMessage& u = r->update;
    out.withdrawn.insert(out.withdrawn.end(), u.withdrawn.begin(), u.withdrawn.end());
    out.announced.insert(out.announced.end(), u.nlri.begin(), u.nlri.end());
    if (auto& un = u.attributes.mpUnreach) {
      out.withdrawn.insert(out.withdrawn.end(), un->withdrawn.begin(), un->withdrawn.end());
      u.attributes.mpUnreach.reset();
    }
    PathAttributes expected = attributes;
    expected.mpReach.reset();
    if (!u.nlri.empty()) {
      EXPECT_EQ(u.attributes, expected);
    }
    if (auto& reach = u.attributes.mpReach) {
      EXPECT_EQ(reach->nextHop, attributes.mpReach->nextHop);
      EXPECT_EQ(reach->linkLocalNextHop, attributes.mpReach->linkLocalNextHop);
      out.announced.insert(out.announced.end(), reach->nlri.begin(), reach->nlri.end());
      u.attributes.mpReach.reset();
      expected.nextHop.reset();  // RFC 4760 §3
      EXPECT_EQ(u.attributes, expected);
    }
  }
  std::sort(out.announced.begin(), out.announced.end());
  std::sort(out.withdrawn.begin(), out.withdrawn.end());
  return out;
}

std::vector<Prefix> sorted(std::vector<Prefix> a, const std::vector<Prefix>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end());
  return a;
}

PathAttributes richAttributes() {
  PathAttributes a = basicAttributes();
  a.asPath = AsPath{{{AsPathSegment::kSequence, {65001, kAs4}}}};
  a.communities.assign(40, 65001u << 16 | 1);
  a.largeCommunities = {{65001, 1, 2}};
  a.mpReach = MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::1"), ip("fe80::1"), {}};
  return a;
}

TEST(PackUpdatesTest, SplitsIntoMessagesThatDecodeBackToTheInput) {
  const auto v4 = ipv4Prefixes(5000), v6 = ipv6Prefixes(3000);
  const std::vector<Prefix> announce = sorted(std::vector<Prefix>(v4.begin(), v4.begin() + 3000),
                                              std::vector<Prefix>(v6.begin(), v6.begin() + 2000));
  const std::vector<Prefix> withdraw = sorted(std::vector<Prefix>(v4.begin() + 3000, v4.end()),
                                              std::vector<Prefix>(v6.begin() + 2000, v6.end()));
  const PathAttributes attributes = richAttributes();
  for (const auto& options : {kFourOctet, kTwoOctet, CodecOptions{true, true}}) {
    auto messages = packUpdates(withdraw, attributes, announce, options);
    Unpacked u = unpack(messages, attributes, options);
    EXPECT_EQ(u.announced, announce);
    EXPECT_EQ(u.withdrawn, withdraw);
    if (options.extendedMessage) {
      EXPECT_EQ(u.messages, 4u);  // one per kind
    }
  }
}

TEST(PackUpdatesTest, FillsEachMessage) {
  // 4-octet /24s: 4096 - 19 header - 4 length fields - 1 spare octet leave room for 1018.
  std::vector<Prefix> withdraw;
  for (uint32_t i = 0; i < 3000; ++i) withdraw.emplace_back(IpAddress::v4(i << 8), 24);
  auto messages = packUpdates(withdraw, {}, {}, kFourOctet);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[0].size(), kHeaderSize + 4 + 1018 * 4);
}

TEST(PackUpdatesTest, NothingInNothingOut) {
  EXPECT_TRUE(packUpdates({}, richAttributes(), {}, kFourOctet).empty());
}

TEST(PackUpdatesTest, AttributesTooLargeForAMessageAnnounceNothing) {
  PathAttributes a = basicAttributes();
  a.communities.assign(1100, 1);  // 4400 octets
  auto messages = packUpdates({prefix("192.0.2.0/24")}, a, {prefix("203.0.113.0/24")}, kFourOctet);
  ASSERT_EQ(messages.size(), 1u);
  auto r = decodeUpdate(ByteSpan(messages[0]).subspan(kHeaderSize), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update.withdrawn, std::vector<Prefix>{prefix("192.0.2.0/24")});
}

}  // namespace
}  // namespace anycast::bgp
