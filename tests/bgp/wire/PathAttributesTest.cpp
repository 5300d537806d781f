// Path attributes: the value types' helpers, byte-exact vectors for every attribute (RFC 4271
// §4.3 and the RFCs that define each attribute), and every per-attribute error of RFC 7606.
#include <gtest/gtest.h>

#include "bgp/wire/AttributeCodec.h"
#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp {
namespace {

constexpr uint32_t kAs4 = 4200000001;  // 0xfa56ea01
constexpr CodecOptions kFourOctet{true, false};
constexpr CodecOptions kTwoOctet{false, false};

IpAddress ip(const char* s) { return *IpAddress::parse(s); }
Prefix prefix(const char* s) { return *Prefix::parse(s); }

AsPath sequence(std::vector<uint32_t> asns) { return AsPath{{{AsPathSegment::kSequence, asns}}}; }

Bytes encode(const PathAttributes& a, const CodecOptions& o) {
  ByteWriter w;
  encodeAttributes(a, o, w);
  return w.take();
}

// Decodes an attribute list; a session reset comes back as the error.
Result<DecodedUpdate, WireError> decode(const std::string& hex, const CodecOptions& o) {
  Bytes data = fromHex(hex);
  DecodedUpdate out;
  auto r = decodeAttributes(data, o, out);
  if (!r) return fail(r.error());
  return out;
}

// --- Value helpers ---

TEST(AsPathTest, LengthCountsSetsAsOneAndConfederationsAsZero) {
  AsPath p{{{AsPathSegment::kConfedSequence, {65100, 65101}},
            {AsPathSegment::kSequence, {65001, 65002}},
            {AsPathSegment::kSet, {65003, 65004, 65005}}}};
  EXPECT_EQ(p.length(), 3u);
  EXPECT_EQ(AsPath{}.length(), 0u);
}

TEST(AsPathTest, IsConfedForTheTwoConfederationSegmentTypes) {
  EXPECT_FALSE((AsPathSegment{AsPathSegment::kSet, {65001}}).isConfed());
  EXPECT_FALSE((AsPathSegment{AsPathSegment::kSequence, {65001}}).isConfed());
  EXPECT_TRUE((AsPathSegment{AsPathSegment::kConfedSequence, {65100}}).isConfed());
  EXPECT_TRUE((AsPathSegment{AsPathSegment::kConfedSet, {65100}}).isConfed());
}

TEST(AsPathTest, ContainsSearchesEverySegment) {
  AsPath p{{{AsPathSegment::kSequence, {65001}}, {AsPathSegment::kSet, {65003, 65004}}}};
  EXPECT_TRUE(p.contains(65001));
  EXPECT_TRUE(p.contains(65004));
  EXPECT_FALSE(p.contains(65002));
}

TEST(AsPathTest, OriginAndFirstAs) {
  struct Case {
    AsPath path;
    uint32_t origin, first;
  } cases[] = {
      {sequence({65001, 65002, 65003}), 65003, 65001},
      {AsPath{}, 0, 0},
      {AsPath{{{AsPathSegment::kSequence, {65001}}, {AsPathSegment::kSet, {65003, 65004}}}}, 0,
       65001},  // RFC 6811 §2: an aggregate ending in AS_SET has no single origin
      {AsPath{{{AsPathSegment::kConfedSequence, {65100}}, {AsPathSegment::kSequence, {65001}}}},
       65001, 65001},  // RFC 5065: the neighbour AS is after the confederation segments
      {AsPath{{{AsPathSegment::kSet, {65001, 65002}}}}, 0, 0},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(c.path.originAs(), c.origin) << c.path.str();
    EXPECT_EQ(c.path.firstAs(), c.first) << c.path.str();
  }
}

TEST(AsPathTest, Str) {
  AsPath p{{{AsPathSegment::kConfedSequence, {65100}},
            {AsPathSegment::kConfedSet, {65101, 65102}},
            {AsPathSegment::kSequence, {65001, 65002}},
            {AsPathSegment::kSet, {65003, 65004}}}};
  EXPECT_EQ(p.str(), "(65100) [65101 65102] 65001 65002 {65003 65004}");
  EXPECT_EQ(AsPath{}.str(), "");
}

TEST(CommunityTest, Str) {
  EXPECT_EQ(communityStr(community::kNoExport), "no-export");
  EXPECT_EQ(communityStr(community::kNoAdvertise), "no-advertise");
  EXPECT_EQ(communityStr(community::kNoExportSubconfed), "no-export-subconfed");
  EXPECT_EQ(communityStr(community::kGracefulShutdown), "graceful-shutdown");
  EXPECT_EQ(communityStr(65001u << 16 | 100), "65001:100");
  EXPECT_EQ(communityStr(0), "0:0");
  EXPECT_EQ(largeCommunityStr({kAs4, 1, 2}), "4200000001:1:2");
}

// --- Byte-exact vectors, one attribute each ---

struct VectorCase {
  const char* name;
  CodecOptions options;
  PathAttributes attributes;
  const char* hex;
};

PathAttributes with(void (*set)(PathAttributes&)) {
  PathAttributes a;
  set(a);
  return a;
}

const VectorCase kVectors[] = {
    {"origin igp", kFourOctet, with([](auto& a) { a.origin = Origin::kIgp; }), "40 01 01 00"},
    {"origin egp", kFourOctet, with([](auto& a) { a.origin = Origin::kEgp; }), "40 01 01 01"},
    {"origin incomplete", kFourOctet, with([](auto& a) { a.origin = Origin::kIncomplete; }),
     "40 01 01 02"},
    {"as_path empty (iBGP origination)", kFourOctet, with([](auto& a) { a.asPath = AsPath{}; }),
     "40 02 00"},
    {"as_path 4-octet", kFourOctet, with([](auto& a) {
       a.asPath = sequence({65001, 65002});
     }),
     "40 02 0a 02 02 0000fde9 0000fdea"},
    {"as_path 2-octet", kTwoOctet, with([](auto& a) {
       a.asPath = sequence({65001, 65002});
     }),
     "40 02 06 02 02 fde9 fdea"},
    {"as_path sequence + set", kFourOctet, with([](auto& a) {
       a.asPath =
           AsPath{{{AsPathSegment::kSequence, {65001}}, {AsPathSegment::kSet, {65003, 65004}}}};
     }),
     "40 02 10 02 01 0000fde9 01 02 0000fdeb 0000fdec"},
    {"as_path confederation segments", kTwoOctet, with([](auto& a) {
       a.asPath = AsPath{{{AsPathSegment::kConfedSequence, {65100}},
                          {AsPathSegment::kConfedSet, {65101}},
                          {AsPathSegment::kSequence, {65001}}}};
     }),
     "40 02 0c 03 01 fe4c 04 01 fe4d 02 01 fde9"},
    {"as_path 2-octet with AS4_PATH (RFC 6793 §4.2.2)", kTwoOctet, with([](auto& a) {
       a.asPath = sequence({65001, kAs4});
     }),
     "40 02 06 02 02 fde9 5ba0  c0 11 0a 02 02 0000fde9 fa56ea01"},
    {"next_hop", kFourOctet, with([](auto& a) { a.nextHop = ip("192.0.2.1"); }),
     "40 03 04 c0000201"},
    {"med", kFourOctet, with([](auto& a) { a.med = 100; }), "80 04 04 00000064"},
    {"local_pref", kFourOctet, with([](auto& a) { a.localPref = 200; }), "40 05 04 000000c8"},
    {"atomic_aggregate", kFourOctet, with([](auto& a) { a.atomicAggregate = true; }), "40 06 00"},
    {"aggregator 4-octet", kFourOctet, with([](auto& a) {
       a.aggregator = Aggregator{65001, ip("192.0.2.9")};
     }),
     "c0 07 08 0000fde9 c0000209"},
    {"aggregator 2-octet", kTwoOctet, with([](auto& a) {
       a.aggregator = Aggregator{65001, ip("192.0.2.9")};
     }),
     "c0 07 06 fde9 c0000209"},
    {"aggregator 2-octet with AS4_AGGREGATOR", kTwoOctet, with([](auto& a) {
       a.aggregator = Aggregator{kAs4, ip("192.0.2.9")};
     }),
     "c0 07 06 5ba0 c0000209  c0 12 08 fa56ea01 c0000209"},
    {"aggregator 4-octet AS on a 4-octet session", kFourOctet, with([](auto& a) {
       a.aggregator = Aggregator{kAs4, ip("192.0.2.9")};
     }),
     "c0 07 08 fa56ea01 c0000209"},
    {"communities (RFC 1997)", kFourOctet, with([](auto& a) {
       a.communities = {65001u << 16 | 100, community::kNoExport};
     }),
     "c0 08 08 fde90064 ffffff01"},
    {"originator_id (RFC 4456 §8)", kFourOctet,
     with([](auto& a) { a.originatorId = ip("192.0.2.1").v4HostOrder(); }), "80 09 04 c0000201"},
    {"cluster_list (RFC 4456 §8)", kFourOctet, with([](auto& a) {
       a.clusterList = {ip("10.0.0.1").v4HostOrder(), ip("10.0.0.2").v4HostOrder()};
     }),
     "80 0a 08 0a000001 0a000002"},
    {"mp_reach ipv6 (RFC 4760 §3)", kFourOctet, with([](auto& a) {
       a.mpReach =
           MpReach{kAfiIpv6, kSafiUnicast, ip("2001:db8::1"), {}, {prefix("2001:db8:1::/48")}};
     }),
     "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001"},
    {"mp_reach ipv6 global + link-local (RFC 2545 §3)", kFourOctet, with([](auto& a) {
       a.mpReach = MpReach{kAfiIpv6,
                           kSafiUnicast,
                           ip("2001:db8::1"),
                           ip("fe80::1"),
                           {prefix("2001:db8:1::/48"), prefix("::/0")}};
     }),
     "80 0e 2d 0002 01 20 20010db8000000000000000000000001 fe800000000000000000000000000001 00 "
     "30 20010db80001 00"},
    {"mp_reach ipv4", kFourOctet, with([](auto& a) {
       a.mpReach = MpReach{kAfiIpv4, kSafiUnicast, ip("192.0.2.1"), {}, {prefix("192.0.2.0/24")}};
     }),
     "80 0e 0d 0001 01 04 c0000201 00 18 c00002"},
    {"mp_unreach ipv6 (RFC 4760 §4)", kFourOctet, with([](auto& a) {
       a.mpUnreach = MpUnreach{kAfiIpv6, kSafiUnicast, {prefix("2001:db8:1::/48")}};
     }),
     "80 0f 0a 0002 01 30 20010db80001"},
    {"mp_unreach empty (End-of-RIB)", kFourOctet, with([](auto& a) { a.mpUnreach = MpUnreach{}; }),
     "80 0f 03 0002 01"},
    {"extended communities (RFC 4360)", kFourOctet,
     with([](auto& a) { a.extendedCommunities = {0x0002fde900000064}; }),
     "c0 10 08 0002fde900000064"},
    {"large community (RFC 8092)", kFourOctet, with([](auto& a) {
       a.largeCommunities = {{65001, 1, 2}};
     }),
     "c0 20 0c 0000fde9 00000001 00000002"},
    {"only_to_customer (RFC 9234)", kFourOctet, with([](auto& a) { a.onlyToCustomer = 65001; }),
     "c0 23 04 0000fde9"},
    {"all, in type-code order", kFourOctet, with([](auto& a) {
       a.largeCommunities = {{65001, 1, 2}};
       a.communities = {community::kNoExport};
       a.nextHop = ip("192.0.2.1");
       a.asPath = sequence({65001});
       a.origin = Origin::kIgp;
       a.localPref = 200;
       a.med = 100;
     }),
     "40 01 01 00  40 02 06 02 01 0000fde9  40 03 04 c0000201  80 04 04 00000064 "
     "40 05 04 000000c8  c0 08 04 ffffff01  c0 20 0c 0000fde9 00000001 00000002"},
};

TEST(AttributeVectorTest, EncodeIsByteExact) {
  for (const auto& c : kVectors) {
    EXPECT_EQ(toHex(encode(c.attributes, c.options), 1000), toHex(fromHex(c.hex), 1000)) << c.name;
  }
}

TEST(AttributeVectorTest, DecodeGivesTheAttributes) {
  for (const auto& c : kVectors) {
    auto r = decode(c.hex, c.options);
    ASSERT_TRUE(r.ok()) << c.name << ": " << r.error().reason;
    EXPECT_EQ(r->update.attributes, c.attributes) << c.name;
    EXPECT_FALSE(r->treatAsWithdraw) << c.name;
    EXPECT_TRUE(r->discarded.empty()) << c.name;
  }
}

TEST(AttributeVectorTest, LongValuesUseExtendedLength) {
  PathAttributes a;
  a.communities.assign(64, 65001u << 16 | 1);  // 256 octets
  Bytes bytes = encode(a, kFourOctet);
  ASSERT_EQ(bytes.size(), 4u + 256u);
  EXPECT_EQ(toHex(ByteSpan(bytes).first(4)), "d0 08 01 00");
  auto r = decode(toHex(bytes, bytes.size()), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update.attributes, a);
}

TEST(AttributeVectorTest, ExtendedLengthAcceptedForShortValues) {
  auto r = decode("50 01 0001 02", kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update.attributes.origin, Origin::kIncomplete);
}

TEST(AttributeVectorTest, LongAsPathSegmentsAreSplit) {
  std::vector<uint32_t> asns(300, 65001);
  PathAttributes a;
  a.asPath = sequence(asns);
  Bytes bytes = encode(a, kFourOctet);
  // 2 segments: 255 + 45 ASes, 2 + 1020 + 2 + 180 octets, extended length.
  EXPECT_EQ(toHex(ByteSpan(bytes).first(6)), "50 02 04 b4 02 ff");
  auto r = decode(toHex(bytes, bytes.size()), kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update.attributes.asPath->length(), 300u);
}

TEST(UnknownAttributeTest, OptionalTransitiveKeptAndPassedOnWithPartialBit) {
  auto r = decode("40 01 01 00  c0 63 02 0102  80 64 04 c0000201", kFourOctet);
  ASSERT_TRUE(r.ok());
  const auto& unknown = r->update.attributes.unknown;
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(unknown[0], (RawAttribute{0xc0, 99, {1, 2}}));
  EXPECT_EQ(unknown[1], (RawAttribute{0x80, 100, {0xc0, 0, 2, 1}}));
  // RFC 4271 §5: the transitive one goes on with Partial set, in type-code order; the
  // non-transitive one does not.
  PathAttributes a = r->update.attributes;
  a.communities = {community::kNoExport};
  EXPECT_EQ(toHex(encode(a, kFourOctet)), "40 01 01 00 c0 08 04 ff ff ff 01 e0 63 02 01 02");
}

TEST(UnknownAttributeTest, UnsupportedAfiSafiKeptAsUnknown) {
  // MP_UNREACH for L2VPN EVPN (25/70): not ours, so neither an error nor an End-of-RIB.
  auto r = decode("80 0f 03 0019 46", kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->update.attributes.mpUnreach);
  ASSERT_EQ(r->update.attributes.unknown.size(), 1u);
  EXPECT_EQ(r->update.attributes.unknown[0].type, attr::kMpUnreachNlri);
}

TEST(AttributeTableTest, IsOrderedAndFindable) {
  unsigned previous = 0;
  for (const auto& d : attributeTable()) {
    EXPECT_GT(d.type, previous) << d.name;
    previous = d.type;
    EXPECT_EQ(findAttribute(d.type), &d);
  }
  EXPECT_EQ(findAttribute(99), nullptr);
}

// --- RFC 7606 errors, attribute by attribute ---

struct ErrorCase {
  const char* name;
  CodecOptions options;
  const char* hex;
  uint8_t subcode;
  ErrorAction action;
  const char* data;  // expected NOTIFICATION data, nullptr: not checked
};

constexpr auto kWithdraw = ErrorAction::kTreatAsWithdraw;
constexpr auto kDiscard = ErrorAction::kAttributeDiscard;
constexpr auto kReset = ErrorAction::kSessionReset;

const ErrorCase kErrors[] = {
    // RFC 7606 §7.1
    {"origin undefined value", kFourOctet, "40 01 01 03", subcode::kInvalidOriginAttribute,
     kWithdraw, "40 01 01 03"},
    {"origin length", kFourOctet, "40 01 02 0000", subcode::kAttributeLengthError, kWithdraw,
     "40 01 02 00 00"},
    // RFC 7606 §3 c: flag errors are handled as the attribute's malformations are
    {"origin flags", kFourOctet, "c0 01 01 00", subcode::kAttributeFlagsError, kWithdraw,
     "c0 01 01 00"},
    // RFC 7606 §7.2
    {"as_path segment overrun", kFourOctet, "40 02 06 02 02 0000fde9", subcode::kMalformedAsPath,
     kWithdraw, "40 02 06 02 02 00 00 fd e9"},
    {"as_path zero-length segment", kFourOctet, "40 02 02 02 00", subcode::kMalformedAsPath,
     kWithdraw, nullptr},
    {"as_path bad segment type", kFourOctet, "40 02 06 05 01 0000fde9", subcode::kMalformedAsPath,
     kWithdraw, nullptr},
    {"as_path truncated segment header", kFourOctet, "40 02 01 02", subcode::kMalformedAsPath,
     kWithdraw, nullptr},
    {"as_path 4-octet encoding on a 2-octet session", kTwoOctet, "40 02 06 02 01 0000fde9",
     subcode::kMalformedAsPath, kWithdraw, nullptr},
    {"as_path flags", kFourOctet, "80 02 00", subcode::kAttributeFlagsError, kWithdraw, nullptr},
    // RFC 7606 §7.3
    {"next_hop 0.0.0.0", kFourOctet, "40 03 04 00000000", subcode::kInvalidNextHopAttribute,
     kWithdraw, "40 03 04 00 00 00 00"},
    {"next_hop multicast", kFourOctet, "40 03 04 e0000001", subcode::kInvalidNextHopAttribute,
     kWithdraw, nullptr},
    {"next_hop broadcast", kFourOctet, "40 03 04 ffffffff", subcode::kInvalidNextHopAttribute,
     kWithdraw, nullptr},
    {"next_hop length", kFourOctet, "40 03 05 c000020100", subcode::kAttributeLengthError,
     kWithdraw, nullptr},
    // RFC 7606 §7.4, §7.5
    {"med length", kFourOctet, "80 04 03 000064", subcode::kAttributeLengthError, kWithdraw,
     "80 04 03 00 00 64"},
    {"med flags", kFourOctet, "40 04 04 00000064", subcode::kAttributeFlagsError, kWithdraw,
     nullptr},
    {"local_pref length", kFourOctet, "40 05 02 0064", subcode::kAttributeLengthError, kWithdraw,
     nullptr},
    // RFC 7606 §7.6, §7.7
    {"atomic_aggregate length", kFourOctet, "40 06 01 00", subcode::kAttributeLengthError, kDiscard,
     "40 06 01 00"},
    {"aggregator 6 octets on a 4-octet session", kFourOctet, "c0 07 06 fde9 c0000209",
     subcode::kAttributeLengthError, kDiscard, nullptr},
    {"aggregator 8 octets on a 2-octet session", kTwoOctet, "c0 07 08 0000fde9 c0000209",
     subcode::kAttributeLengthError, kDiscard, nullptr},
    {"aggregator flags", kFourOctet, "40 07 08 0000fde9 c0000209", subcode::kAttributeFlagsError,
     kDiscard, nullptr},
    // RFC 7606 §7.8, §7.14, RFC 8092 §6, RFC 9234 §5
    {"communities length 5", kFourOctet, "c0 08 05 0000000000", subcode::kAttributeLengthError,
     kWithdraw, nullptr},
    {"communities length 0", kFourOctet, "c0 08 00", subcode::kAttributeLengthError, kWithdraw,
     nullptr},
    {"extended communities length 4", kFourOctet, "c0 10 04 00000000",
     subcode::kAttributeLengthError, kWithdraw, nullptr},
    {"large community length 8", kFourOctet, "c0 20 08 0000000000000000",
     subcode::kAttributeLengthError, kWithdraw, nullptr},
    // RFC 7606 §7.9, §7.10
    {"originator_id length 3", kFourOctet, "80 09 03 c00002", subcode::kAttributeLengthError,
     kWithdraw, "80 09 03 c0 00 02"},
    {"originator_id flags", kFourOctet, "c0 09 04 c0000201", subcode::kAttributeFlagsError,
     kWithdraw, nullptr},
    {"cluster_list length 6", kFourOctet, "80 0a 06 0a0000010a00", subcode::kAttributeLengthError,
     kWithdraw, nullptr},
    {"cluster_list length 0", kFourOctet, "80 0a 00", subcode::kAttributeLengthError, kWithdraw,
     nullptr},
    {"only_to_customer length", kFourOctet, "c0 23 02 fde9", subcode::kAttributeLengthError,
     kWithdraw, nullptr},
    {"only_to_customer flags", kFourOctet, "80 23 04 0000fde9", subcode::kAttributeFlagsError,
     kWithdraw, nullptr},
    // RFC 7606 §7.11, §5.3 and RFC 4760 §7
    {"mp_reach next hop length 5", kFourOctet, "80 0e 0b 0002 01 05 0000000000 00 00",
     subcode::kOptionalAttributeError, kReset, nullptr},
    {"mp_reach ipv4 next hop length 16", kFourOctet,
     "80 0e 15 0001 01 10 20010db8000000000000000000000001 00", subcode::kOptionalAttributeError,
     kReset, nullptr},
    {"mp_reach truncated", kFourOctet, "80 0e 02 0002", subcode::kOptionalAttributeError, kReset,
     nullptr},
    {"mp_reach missing reserved octet", kFourOctet,
     "80 0e 14 0002 01 10 20010db8000000000000000000000001", subcode::kOptionalAttributeError,
     kReset, nullptr},
    {"mp_reach prefix length 129", kFourOctet,
     "80 0e 16 0002 01 10 20010db8000000000000000000000001 00 81", subcode::kOptionalAttributeError,
     kReset, nullptr},
    {"mp_reach flags", kFourOctet, "c0 0e 05 0002 01 00 00", subcode::kAttributeFlagsError, kReset,
     nullptr},
    {"mp_unreach prefix overrun", kFourOctet, "80 0f 05 0002 01 30 20",
     subcode::kOptionalAttributeError, kReset, nullptr},
    // RFC 6793 §3 and §6
    {"as4_path on a 4-octet session", kFourOctet, "c0 11 06 02 01 fa56ea01",
     subcode::kOptionalAttributeError, kDiscard, nullptr},
    {"as4_aggregator on a 4-octet session", kFourOctet, "c0 12 08 fa56ea01 c0000209",
     subcode::kOptionalAttributeError, kDiscard, nullptr},
    {"as4_path malformed", kTwoOctet, "c0 11 06 02 02 fa56ea01", subcode::kMalformedAsPath,
     kDiscard, nullptr},
    {"as4_aggregator length", kTwoOctet, "c0 12 06 fde9 c0000209", subcode::kAttributeLengthError,
     kDiscard, nullptr},
    // RFC 4271 §6.3
    {"unrecognized well-known", kFourOctet, "40 63 01 00", subcode::kUnrecognizedWellKnownAttribute,
     kReset, "40 63 01 00"},
    // RFC 7606 §3 g
    {"repeated attribute", kFourOctet, "40 01 01 00  40 01 01 02", subcode::kMalformedAttributeList,
     kDiscard, "40 01 01 02"},
    {"repeated mp_unreach", kFourOctet, "80 0f 03 0002 01  80 0f 03 0002 01",
     subcode::kMalformedAttributeList, kReset, nullptr},
    // RFC 7606 §4
    {"attribute overruns the list", kFourOctet, "40 01 01 00  c0 08 08 0000fde9",
     subcode::kMalformedAttributeList, kWithdraw, ""},
    {"attribute header truncated", kFourOctet, "40 01 01 00  40", subcode::kMalformedAttributeList,
     kWithdraw, ""},
    {"extended length header truncated", kFourOctet, "40 01 01 00  50 08 00",
     subcode::kMalformedAttributeList, kWithdraw, ""},
    {"mp_reach overruns the list", kFourOctet, "80 0e 20 0002 01", subcode::kMalformedAttributeList,
     kReset, ""},
};

TEST(AttributeErrorTest, EachErrorHasItsCodeAndAction) {
  for (const auto& c : kErrors) {
    auto r = decode(c.hex, c.options);
    const WireError* e = nullptr;
    if (!r.ok()) {
      e = &r.error();
    } else if (r->treatAsWithdraw) {
      e = &*r->treatAsWithdraw;
    } else if (!r->discarded.empty()) {
      e = &r->discarded.front();
    }
    ASSERT_NE(e, nullptr) << c.name;
    EXPECT_EQ(e->code, ErrorCode::kUpdateMessage) << c.name;
    EXPECT_EQ(e->subcode, c.subcode) << c.name << ": " << e->reason;
    EXPECT_EQ(e->action, c.action) << c.name << ": " << e->reason;
    EXPECT_FALSE(e->reason.empty()) << c.name;
    if (c.data) {
      EXPECT_EQ(toHex(e->data), toHex(fromHex(c.data))) << c.name;
    }
  }
}

TEST(AttributeErrorTest, ReasonNamesTheAttribute) {
  auto r = decode("80 04 03 000064", kFourOctet);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->treatAsWithdraw);
  EXPECT_EQ(r->treatAsWithdraw->reason, "MULTI_EXIT_DISC: length 3, expected 4");
}

TEST(AttributeErrorTest, DiscardKeepsTheRest) {
  auto r =
      decode("40 01 01 00  40 06 01 00  c0 07 06 fde9 c0000209  80 04 04 00000064", kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->treatAsWithdraw);
  ASSERT_EQ(r->discarded.size(), 2u);
  EXPECT_EQ(r->update.attributes.origin, Origin::kIgp);
  EXPECT_EQ(r->update.attributes.med, 100u);
  EXPECT_FALSE(r->update.attributes.atomicAggregate);
  EXPECT_FALSE(r->update.attributes.aggregator);
}

TEST(AttributeErrorTest, RepeatKeepsTheFirst) {
  auto r = decode("40 01 01 00  40 01 01 02", kFourOctet);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->update.attributes.origin, Origin::kIgp);
}

TEST(AttributeErrorTest, FirstTreatAsWithdrawIsReported) {
  auto r = decode("40 01 01 07  80 04 03 000064", kFourOctet);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->treatAsWithdraw);
  EXPECT_EQ(r->treatAsWithdraw->subcode, subcode::kInvalidOriginAttribute);
}

}  // namespace
}  // namespace anycast::bgp
