#include <gtest/gtest.h>

#include "health/DnsMessage.h"
#include "health/DnsProbe.h"

namespace anycast::health {
namespace {

// www.example.test A IN, id 0x1234, as Knot DNS 3.2 answered it (192.0.2.10, AA, RD echoed),
// the answer's owner compressed to the question (c0 0c).
const char* kKnotAnswer =
    "1234 8500 0001 0001 0000 0000"
    " 03 777777 07 6578616d706c65 04 74657374 00 0001 0001"
    " c00c 0001 0001 0000003c 0004 c000020a";

TEST(DnsQuery, EncodesByteExact) {
  auto q = encodeQuery(0x1234, DnsQuestion{"www.example.test", kTypeA, kClassIn}, false);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(toHex(*q, 100), toHex(fromHex("1234 0000 0001 0000 0000 0000"
                                          " 03 777777 07 6578616d706c65 04 74657374 00 0001 0001"),
                                  100));
}

TEST(DnsQuery, RecursionDesiredTrailingDotAndRoot) {
  auto rd = encodeQuery(0xbeef, DnsQuestion{"hostname.bind.", kTypeTxt, kClassCh}, true);
  ASSERT_TRUE(rd.ok());
  EXPECT_EQ(*rd, fromHex("beef 0100 0001 0000 0000 0000 08 686f73746e616d65 04 62696e64 00"
                         " 0010 0003"));
  auto root = encodeQuery(1, DnsQuestion{".", kTypeSoa, kClassIn}, false);
  ASSERT_TRUE(root.ok());
  EXPECT_EQ(*root, fromHex("0001 0000 0001 0000 0000 0000 00 0006 0001"));
}

TEST(DnsQuery, RejectsNamesThatCannotBeEncoded) {
  for (std::string bad : {std::string(""), std::string("a..b"), std::string(64, 'x') + ".test",
                          std::string("a\\.b"), std::string(".leading")}) {
    EXPECT_FALSE(encodeQuery(1, DnsQuestion{bad}, false).ok()) << bad;
  }
  std::string longName;
  for (int i = 0; i < 5; ++i) longName += std::string(60, 'a') + ".";
  EXPECT_FALSE(validateName(longName).ok());
  EXPECT_TRUE(validateName(std::string(63, 'a') + ".example").ok());
}

TEST(DnsResponse, ParsesAKnotAnswerWithCompression) {
  auto r = parseResponse(fromHex(kKnotAnswer));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->id, 0x1234);
  EXPECT_TRUE(r->authoritative);
  EXPECT_FALSE(r->truncated);
  EXPECT_EQ(r->rcode, 0);
  ASSERT_TRUE(r->question);
  EXPECT_EQ(r->question->name, "www.example.test.");
  ASSERT_EQ(r->answers.size(), 1u);
  EXPECT_EQ(r->answers[0].name, "www.example.test.");
  EXPECT_EQ(r->answers[0].ttl, 60u);
  EXPECT_EQ(r->answers[0].data, "192.0.2.10");
  EXPECT_TRUE(matchesQuery(*r, 0x1234, DnsQuestion{"WWW.Example.TEST"}).ok());
}

TEST(DnsQuery, AsksForTheNsid) {
  auto q = encodeQuery(7, DnsQuestion{"t.", kTypeA, kClassIn}, false, true);
  ASSERT_TRUE(q.ok());
  // ARCOUNT 1; OPT: root, type 41, payload 1232, ttl 0, rdlength 4, NSID option (3) empty.
  EXPECT_EQ(*q, fromHex("0007 0000 0001 0000 0000 0001 01 74 00 0001 0001"
                        " 00 0029 04d0 00000000 0004 0003 0000"));
}

TEST(DnsResponse, ReadsTheNsidOfTheOptRecord) {
  // The Knot answer with an NS record in authority and, in additional, an A record and an OPT
  // with a padding-like option (12) before NSID "fra".
  Bytes wire = fromHex(
      "1234 8500 0001 0001 0001 0002"
      " 03 777777 07 6578616d706c65 04 74657374 00 0001 0001"
      " c00c 0001 0001 0000003c 0004 c000020a"
      " c010 0002 0001 0000003c 0002 c00c"
      " c00c 0001 0001 0000003c 0004 c000020b"
      " 00 0029 04d0 00000000 000d 000c 0002 0000 0003 0003 667261");
  auto r = parseResponse(wire);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->answers.size(), 1u);
  EXPECT_EQ(r->nsid, "fra");
  // No OPT, no NSID; a cut OPT loses the NSID but not the answer.
  EXPECT_FALSE(parseResponse(fromHex(kKnotAnswer))->nsid);
  Bytes cut(wire.begin(), wire.end() - 2);
  auto partial = parseResponse(cut);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->answers.size(), 1u);
  EXPECT_FALSE(partial->nsid);
}

// One response per record type: header (id 1, QR|AA, 1 question, 1 answer), question
// "t." ANY-ish (type as given), then the answer owned by the question name (c00c).
Bytes withAnswer(uint16_t type, const std::string& rdataHex) {
  Bytes rdata = fromHex(rdataHex);
  ByteWriter w;
  w.putBytes(fromHex("0001 8400 0001 0001 0000 0000 01 74 00"));
  w.putU16(type);
  w.putU16(1);
  w.putBytes(fromHex("c00c"));
  w.putU16(type);
  w.putU16(1);
  w.putU32(300);
  w.putU16(static_cast<uint16_t>(rdata.size()));
  w.putBytes(rdata);
  return w.take();
}

TEST(DnsResponse, PresentsRecordData) {
  struct Case {
    uint16_t type;
    const char* rdata;
    const char* text;
  };
  const Case cases[] = {
      {kTypeAaaa, "20010db8000000000000000000000001", "2001:db8::1"},
      {kTypeTxt, "05 68656c6c6f 06 20776f726c64", "hello world"},
      {kTypeNs, "02 6e73 c00c", "ns.t."},  // pointer back to the question's "t."
      {kTypeMx, "000a 02 6d78 00", "10 mx."},
      {kTypeSrv, "0001 0002 0035 00", "1 2 53 ."},
      {kTypeTxt, "03 610a5c", "a\\010\\092"},  // control characters and '\' escaped
      {kTypeSoa, "c00c c00c 00000001 00000e10 00000258 00015180 0000003c",
       "t. t. 1 3600 600 86400 60"},
      {99, "0a0b", "\\# 2 0a 0b"},
  };
  for (const Case& c : cases) {
    auto r = parseResponse(withAnswer(c.type, c.rdata));
    ASSERT_TRUE(r.ok()) << typeText(c.type) << ": " << r.error().message;
    ASSERT_EQ(r->answers.size(), 1u);
    EXPECT_EQ(r->answers[0].data, c.text) << typeText(c.type);
  }
}

TEST(DnsResponse, MalformedIsAnErrorNotACrash) {
  struct Case {
    const char* hex;
    const char* error;
  };
  const Case cases[] = {
      {"1234 8500 0001", "shorter than the 12-octet header"},
      {"1234 0000 0000 0000 0000 0000", "is a query"},
      {"1234 8500 0002 0000 0000 0000", "2 questions"},
      {"1234 8500 0001 0000 0000 0000 03 7777", "runs past the end"},
      {"1234 8500 0001 0000 0000 0000 c00c 0001 0001", "does not point backwards"},  // to itself
      {"1234 8500 0001 0000 0000 0000 01 61 00 0001", "question runs past"},
      {"1234 8500 0001 0001 0000 0000 01 61 00 0001 0001 c00c 0001 0001 0000003c 0008 c000020a",
       "record data runs past"},
      {"1234 8500 0001 0001 0000 0000 01 61 00 0001 0001 c00c 0001 0001 0000003c 0003 c00002",
       "A record with 3 octets"},
      {"1234 8500 0001 0001 0000 0000 01 61 00 0002 0001 c00c 0002 0001 0000003c 0004 01 61 00 00",
       "malformed NS record data"},
      {"1234 8500 0001 0001 0000 0000 01 61 00 0010 0001 c00c 0010 0001 0000003c 0002 05 61",
       "TXT string runs past"},
      {"1234 8500 0001 0000 0000 0000 41 61 00 0001 0001", "reserved type bits"},
  };
  for (const Case& c : cases) {
    auto r = parseResponse(fromHex(c.hex));
    ASSERT_FALSE(r.ok()) << c.hex;
    EXPECT_NE(r.error().message.find(c.error), std::string::npos)
        << c.hex << " -> " << r.error().message;
  }
  // Every prefix of a good answer is an error (or, cut at the question, a shorter message).
  Bytes good = fromHex(kKnotAnswer);
  for (size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(parseResponse(ByteSpan(good.data(), n)).ok()) << n;
  }
}

TEST(DnsResponse, PointerChainsCannotLoop) {
  // Two pointers pointing at each other, and a pointer to a later offset.
  EXPECT_FALSE(parseResponse(fromHex("1234 8500 0001 0000 0000 0000 c00e c00c 0001 0001")).ok());
  EXPECT_FALSE(parseResponse(fromHex("1234 8500 0001 0000 0000 0000 c00e 00 0001 0001")).ok());
}

TEST(DnsResponse, MatchesOnlyItsQuery) {
  auto r = parseResponse(fromHex(kKnotAnswer));
  ASSERT_TRUE(r.ok());
  auto wrongId = matchesQuery(*r, 0x1235, DnsQuestion{"www.example.test"});
  ASSERT_FALSE(wrongId.ok());
  EXPECT_EQ(wrongId.error().message, "response id 0x1234, query id 0x1235");
  auto wrongName = matchesQuery(*r, 0x1234, DnsQuestion{"ftp.example.test"});
  ASSERT_FALSE(wrongName.ok());
  EXPECT_NE(wrongName.error().message.find("www.example.test. IN A, not the question"),
            std::string::npos);
  EXPECT_FALSE(matchesQuery(*r, 0x1234, DnsQuestion{"www.example.test", kTypeAaaa}).ok());
  auto noQuestion = parseResponse(fromHex("1234 8005 0000 0000 0000 0000"));  // REFUSED
  ASSERT_TRUE(noQuestion.ok());
  EXPECT_TRUE(matchesQuery(*noQuestion, 0x1234, DnsQuestion{"x"}).ok());
  auto noQuestionNoError = parseResponse(fromHex("1234 8000 0000 0000 0000 0000"));
  EXPECT_FALSE(matchesQuery(*noQuestionNoError, 0x1234, DnsQuestion{"x"}).ok());
}

TEST(DnsResponse, DataMatching) {
  EXPECT_TRUE(dataMatches(DnsRecord{"a.", kTypeAaaa, 1, 0, "2001:db8::1"}, "2001:0db8:0::1"));
  EXPECT_FALSE(dataMatches(DnsRecord{"a.", kTypeA, 1, 0, "192.0.2.1"}, "192.0.2.10"));
  EXPECT_TRUE(dataMatches(DnsRecord{"a.", kTypeCname, 1, 0, "Target.Example."}, "target.example"));
  EXPECT_TRUE(dataMatches(DnsRecord{"a.", kTypeTxt, 1, 0, "site1"}, "site1"));
  EXPECT_FALSE(dataMatches(DnsRecord{"a.", kTypeTxt, 1, 0, "site1"}, "Site1"));
}

TEST(DnsNames, TypesClassesRcodes) {
  EXPECT_EQ(typeFromText("aaaa"), kTypeAaaa);
  EXPECT_EQ(typeFromText("TYPE65"), 65);
  EXPECT_EQ(typeFromText("BOGUS"), std::nullopt);
  EXPECT_EQ(typeText(65), "TYPE65");
  EXPECT_EQ(classFromText("ch"), kClassCh);
  EXPECT_EQ(classText(kClassIn), "IN");
  EXPECT_EQ(rcodeFromText("servfail"), 2);
  EXPECT_EQ(rcodeFromText("RCODE16"), std::nullopt);
  EXPECT_EQ(rcodeText(3), "NXDOMAIN");
}

TEST(DnsEvaluate, RcodeAndExpectedAnswer) {
  DnsCheckConfig config{"www.example.test"};
  Bytes wire = fromHex(kKnotAnswer);
  ProbeResult plain = evaluateDnsResponse(wire, 0x1234, config);
  EXPECT_TRUE(plain.ok);
  EXPECT_EQ(plain.detail, "NOERROR, 1 answer");

  config.expect = "192.0.2.10";
  EXPECT_TRUE(evaluateDnsResponse(wire, 0x1234, config).ok);
  config.expect = "192.0.2.99";
  ProbeResult wrong = evaluateDnsResponse(wire, 0x1234, config);
  EXPECT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.detail, "NOERROR, A answers 192.0.2.10, expected 192.0.2.99");

  config.expect.clear();
  config.rcode = 3;
  ProbeResult rcode = evaluateDnsResponse(wire, 0x1234, config);
  EXPECT_FALSE(rcode.ok);
  EXPECT_EQ(rcode.detail, "rcode NOERROR, expected NXDOMAIN");

  EXPECT_EQ(evaluateDnsResponse(wire, 0x4321, config).detail,
            "response id 0x1234, query id 0x4321");
  EXPECT_EQ(
      evaluateDnsResponse(fromHex("12"), 0x1234, config).detail.rfind("malformed response: ", 0),
      0u);
}

}  // namespace
}  // namespace anycast::health
