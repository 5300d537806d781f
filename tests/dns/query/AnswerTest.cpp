// answerQuery/truncatedReply: byte-exact responses. Every vector marked "knotd" is the byte
// string knotd 3.2 sent for the same query against tests/dns/zones/example.com.zone (identity
// "knot-test-id", NSID "site-a"); ours must be the same octets. Plus the limits: never more
// than the client allows, TC only for answer/authority, additional dropped silently.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../ExampleZone.h"
#include "dns/query/Answer.h"
#include "dns/wire/QueryParser.h"
#include "dns/zone/ZoneLoader.h"

namespace anycast::dns {
namespace {

std::string hex(const std::string& spaced) { return toHex(fromHex(spaced), 100000); }

class AnswerTest : public ::testing::Test {
 protected:
  // The response's hex, "none" when nothing is sent.
  std::string answer(const std::string& query, Transport transport = Transport::kUdp,
                     size_t outSize = 1232) {
    std::vector<uint8_t> out(outSize);
    auto a = answerQuery(fromHex(query), transport, zones_, identity_, out);
    if (!a) return "none";
    EXPECT_LE(a->length, outSize);
    return toHex({out.data(), a->length}, 100000);
  }

  ZoneSet zones_ = testing::exampleZones();
  Identity identity_{"site-a", "knot-test-id", "knot-test-id", "knot-test-version"};
};

TEST_F(AnswerTest, ByteExactAsKnotd) {
  struct Case {
    const char* name;
    const char* query;
    const char* response;
  } cases[] = {
      {"A, question case echoed, owner compressed to it (knotd)",
       "1234 0000 0001 0000 0000 0000 03577757 07 4578416d706c65 03636f6d 00 0001 0001",
       "1234 8400 0001 0002 0000 0000 03577757 07 4578416d706c65 03636f6d 00 0001 0001"
       "c00c 0001 0001 00000e10 0004 c0000250 c00c 0001 0001 00000e10 0004 c0000251"},
      {"MX with additional, names compressed in RDATA (knotd)",
       "1234 0000 0001 0000 0000 0001 076578616d706c6503636f6d00 000f 0001 00 0029 04d0 00000000 "
       "0000",
       "1234 8400 0001 0002 0000 0003 076578616d706c6503636f6d00 000f 0001"
       "c00c 000f 0001 00000e10 0009 000a 046d61696c c00c"
       "c00c 000f 0001 00000e10 0014 0014 046d61696c 076578616d706c65 036e6574 00"
       "c02b 0001 0001 00000e10 0004 c0000219"
       "c02b 001c 0001 00000e10 0010 20010db8000000000000000000000025"
       "00 0029 04d0 00000000 0000"},
      {"NXDOMAIN, SOA with the negative TTL (knotd)",
       "1234 0000 0001 0000 0000 0000 076e6f7468657265076578616d706c6503636f6d00 0001 0001",
       "1234 8403 0001 0000 0001 0000 076e6f7468657265076578616d706c6503636f6d00 0001 0001"
       "c014 0006 0001 0000012c 0027 036e7331c014 0a686f73746d6173746572c014"
       "78a3f175 00001c20 00000e10 00127500 0000012c"},
      {"referral, no AA (knotd)",
       "1234 0000 0001 0000 0000 0000 03737562076578616d706c6503636f6d00 0001 0001",
       "1234 8000 0001 0000 0002 0002 03737562076578616d706c6503636f6d00 0001 0001"
       "c00c 0002 0001 00000e10 0005 026e73c00c"
       "c00c 0002 0001 00000e10 0011 036e7332076578616d706c65036e657400"
       "c02d 0001 0001 00000e10 0004 c00002c8"
       "c02d 001c 0001 00000e10 0010 20010db8000000000000000000000200"},
      {"SRV target written whole but pointed into (knotd)",
       "1234 0000 0001 0000 0000 0000 045f736970045f756470076578616d706c6503636f6d00 0021 0001",
       "1234 8400 0001 0001 0000 0001 045f736970045f756470076578616d706c6503636f6d00 0021 0001"
       "c00c 0021 0001 00000e10 001d 000a 0005 13c4 09736970736572766572076578616d706c6503636f6d00"
       "c039 0001 0001 00000e10 0004 c000023c"},
      {"CHAOS id.server, no AA, TTL 0 (knotd)",
       "1234 0000 0001 0000 0000 0000 026964067365727665720000100003",
       "1234 8000 0001 0001 0000 0000 026964067365727665720000100003"
       "c00c 0010 0003 00000000 000d 0c6b6e6f742d746573742d6964"},
      {"NSID (knotd)",
       "1234 0000 0001 0000 0000 0001 03777777076578616d706c6503636f6d00 0001 0001"
       "00 0029 04d0 00000000 0004 0003 0000",
       "1234 8400 0001 0002 0000 0001 03777777076578616d706c6503636f6d00 0001 0001"
       "c00c 0001 0001 00000e10 0004 c0000250 c00c 0001 0001 00000e10 0004 c0000251"
       "00 0029 04d0 00000000 000a 0003 0006 736974652d61"},
      {"BADVERS: extended RCODE 1 in the OPT TTL, NSID still sent (knotd)",
       "1234 0000 0001 0000 0000 0001 03777777076578616d706c6503636f6d00 0001 0001"
       "00 0029 04d0 00010000 0004 0003 0000",
       "1234 8000 0001 0000 0000 0001 03777777076578616d706c6503636f6d00 0001 0001"
       "00 0029 04d0 01000000 000a 0003 0006 736974652d61"},
      {"FORMERR for two OPT, no OPT back (knotd)",
       "1234 0000 0001 0000 0000 0002 03777777076578616d706c6503636f6d00 0001 0001"
       "00 0029 04d0 00000000 0000 00 0029 04d0 00000000 0000",
       "1234 8001 0001 0000 0000 0000 03777777076578616d706c6503636f6d00 0001 0001"},
      {"REFUSED with Extended DNS Error 20 (knotd)",
       "1234 0000 0001 0000 0000 0001 03777777076578616d706c65036f726700 0001 0001"
       "00 0029 04d0 00000000 0000",
       "1234 8005 0001 0000 0000 0001 03777777076578616d706c65036f726700 0001 0001"
       "00 0029 04d0 00000000 0006 000f 0002 0014"},
      {"NOTIMP for opcode STATUS, RD echoed, CD not (knotd)",
       "1234 1110 0001 0000 0000 0000 076578616d706c6503636f6d00 0001 0001",
       "1234 9104 0001 0000 0000 0000 076578616d706c6503636f6d00 0001 0001"},
      {"AXFR over UDP: NOTIMP (knotd)",
       "1234 0000 0001 0000 0000 0000 076578616d706c6503636f6d00 00fc 0001",
       "1234 8004 0001 0000 0000 0000 076578616d706c6503636f6d00 00fc 0001"},
      {"no question: FORMERR, header only (knotd)", "1234 0000 0000 0000 0000 0000",
       "1234 8001 0000 0000 0000 0000"},
      {"a pointer in the question: FORMERR, header only (knotd drops)",
       "1234 0000 0001 0000 0000 0000 03777777 c00c 0001 0001", "1234 8001 0000 0000 0000 0000"},
  };
  for (const Case& c : cases) EXPECT_EQ(answer(c.query), hex(c.response)) << c.name;
}

TEST_F(AnswerTest, TruncationOverUdp) {
  // big.example.com. TXT is 6 records of ~113 octets: whole RRsets only (RFC 2181 §9).
  const std::string noEdns =
      "1234 0000 0001 0000 0000 0000 03626967076578616d706c6503636f6d00 0010 0001";
  EXPECT_EQ(answer(noEdns),
            hex("1234 8600 0001 0000 0000 0000 03626967076578616d706c6503636f6d00 0010 0001"));
  // Over TCP it fits.
  EXPECT_EQ(answer(noEdns, Transport::kTcp).substr(0, 23), "12 34 84 00 00 01 00 06");
  // EDNS payload 512 (knotd): TC, the OPT kept.
  EXPECT_EQ(answer("1234 0000 0001 0000 0000 0001 03626967076578616d706c6503636f6d00 0010 0001"
                   "00 0029 0200 00000000 0000"),
            hex("1234 8600 0001 0000 0000 0001 03626967076578616d706c6503636f6d00 0010 0001"
                "00 0029 04d0 00000000 0000"));
  // Never more than the buffer either, whatever the payload.
  for (size_t size : {12u, 40u, 100u, 300u, 511u}) {
    std::vector<uint8_t> out(size);
    auto a = answerQuery(fromHex(noEdns), Transport::kTcp, zones_, identity_, out);
    if (a) {
      EXPECT_LE(a->length, size);
    }
    if (size < 33) {
      EXPECT_FALSE(a.has_value()) << size;  // header and question do not fit
    }
  }
}

TEST_F(AnswerTest, AdditionalThatDoesNotFitIsDroppedWithoutTc) {
  auto zone = loadZoneText(
      "$ORIGIN t.\n@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\n@ MX 10 m\n"
      "m AAAA 2001:db8::1\nm AAAA 2001:db8::2\nm AAAA 2001:db8::3\nm AAAA 2001:db8::4\n"
      "m AAAA 2001:db8::5\nm AAAA 2001:db8::6\nm AAAA 2001:db8::7\nm AAAA 2001:db8::8\n"
      "m AAAA 2001:db8::9\nm AAAA 2001:db8::a\nm AAAA 2001:db8::b\nm AAAA 2001:db8::c\n"
      "m AAAA 2001:db8::d\nm AAAA 2001:db8::e\nm AAAA 2001:db8::f\nm AAAA 2001:db8::10\n"
      "m AAAA 2001:db8::11\nm AAAA 2001:db8::12\nm AAAA 2001:db8::13\nm AAAA 2001:db8::14\n"
      "m A 192.0.2.1\n",
      *Name::fromText("t."));
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  ZoneSet zones({std::make_shared<const Zone>(std::move(zone.value()))});
  std::vector<uint8_t> out(4096);
  auto a = answerQuery(fromHex("0001 0000 0001 0000 0000 0000 017400 000f 0001"), Transport::kUdp,
                       zones, identity_, out);
  ASSERT_TRUE(a.has_value());
  EXPECT_LE(a->length, 512u);
  EXPECT_EQ(toHex({out.data(), 12}), "00 01 84 00 00 01 00 01 00 00 00 01");  // no TC; A only
}

TEST_F(AnswerTest, NothingForResponsesAndShortQueries) {
  EXPECT_EQ(answer("1234 8000 0001 0000 0000 0000 017400 0001 0001"), "none");
  EXPECT_EQ(answer("1234 0000 0001 0000 0000"), "none");
  EXPECT_EQ(answer(""), "none");
}

TEST_F(AnswerTest, SlipIsHeaderAndQuestionWithTc) {
  std::vector<uint8_t> out(512);
  auto n = truncatedReply(
      fromHex("1234 0100 0001 0000 0000 0001 03777777076578616d706c6503636f6d00 0001 0001"
              "00 0029 04d0 00000000 0000"),
      out);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(toHex({out.data(), *n}, 1000),
            hex("1234 8300 0001 0000 0000 0000 03777777076578616d706c6503636f6d00 0001 0001"));
  EXPECT_FALSE(truncatedReply(fromHex("1234 8000 0001"), out).has_value());
}

}  // namespace
}  // namespace anycast::dns
