// QueryParser: byte-exact queries and what each becomes — RFC 1035 §4.1 header and question,
// RFC 6891 EDNS(0) (FORMERR and BADVERS cases), RFC 5001 NSID, drops.
#include <gtest/gtest.h>

#include <string>

#include "dns/wire/QueryParser.h"

namespace anycast::dns {
namespace {

// Header: id 1234, flags, QD AN NS AR; "www.example.com. A IN" question; then `rest`.
const std::string kQuestion = "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001";
const std::string kOpt = "00 0029 04d0 00000000 0000";  // payload 1232, version 0, no options

std::string header(const std::string& flags, int qd, int an, int ns, int ar) {
  char buf[64];
  snprintf(buf, sizeof buf, "1234 %s %04x %04x %04x %04x ", flags.c_str(), qd, an, ns, ar);
  return buf;
}

TEST(QueryParserTest, PlainQuery) {
  Query q = parseQuery(fromHex(header("0100", 1, 0, 0, 0) + kQuestion));
  EXPECT_EQ(q.status, QueryStatus::kOk);
  EXPECT_EQ(q.id, 0x1234);
  EXPECT_TRUE(q.recursionDesired());
  EXPECT_TRUE(q.hasQuestion);
  EXPECT_EQ(q.qname.text(), "www.example.com.");
  EXPECT_EQ(q.qtype, kTypeA);
  EXPECT_EQ(q.qclass, kClassIn);
  EXPECT_FALSE(q.hasEdns);
}

TEST(QueryParserTest, Edns) {
  struct Case {
    std::string name, opt;
    QueryStatus status;
    uint16_t payload;
    uint8_t version;
    bool dnssecOk, nsid;
  } cases[] = {
      {"payload", kOpt, QueryStatus::kOk, 1232, 0, false, false},
      {"small payload is 512", "00 0029 0064 00000000 0000", QueryStatus::kOk, 512, 0, false,
       false},
      {"DO", "00 0029 1000 00008000 0000", QueryStatus::kOk, 4096, 0, true, false},
      {"NSID", "00 0029 04d0 00000000 0004 0003 0000", QueryStatus::kOk, 1232, 0, false, true},
      {"NSID with data", "00 0029 04d0 00000000 0006 0003 0002 6162", QueryStatus::kOk, 1232, 0,
       false, true},
      {"other option", "00 0029 04d0 00000000 0008 000a 0004 01020304", QueryStatus::kOk, 1232, 0,
       false, false},
      {"version 1", "00 0029 04d0 00010000 0000", QueryStatus::kBadVers, 1232, 1, false, false},
  };
  for (const Case& c : cases) {
    Query q = parseQuery(fromHex(header("0000", 1, 0, 0, 1) + kQuestion + c.opt));
    EXPECT_EQ(q.status, c.status) << c.name;
    EXPECT_TRUE(q.hasEdns) << c.name;
    EXPECT_EQ(q.edns.payload, c.payload) << c.name;
    EXPECT_EQ(q.edns.version, c.version) << c.name;
    EXPECT_EQ(q.edns.dnssecOk, c.dnssecOk) << c.name;
    EXPECT_EQ(q.edns.nsidRequested, c.nsid) << c.name;
  }
}

TEST(QueryParserTest, Failures) {
  struct Case {
    std::string name, hex;
    QueryStatus status;
    bool hasQuestion;
  } cases[] = {
      {"short header", "1234 0000 0001 0000 0000 00", QueryStatus::kDrop, false},
      {"response", header("8000", 1, 0, 0, 0) + kQuestion, QueryStatus::kDrop, false},
      {"no question", header("0000", 0, 0, 0, 0), QueryStatus::kFormErr, false},
      {"two questions", header("0000", 2, 0, 0, 0) + kQuestion + kQuestion, QueryStatus::kFormErr,
       false},
      {"header only", header("0000", 1, 0, 0, 0), QueryStatus::kFormErr, false},
      {"cut question", header("0000", 1, 0, 0, 0) + "03 777777 00 00", QueryStatus::kFormErr,
       false},
      {"pointer", header("0000", 1, 0, 0, 0) + "03 777777 c00c 0001 0001", QueryStatus::kFormErr,
       false},
      {"label type 01", header("0000", 1, 0, 0, 0) + "43 777777 00 0001 0001",
       QueryStatus::kFormErr, false},
      {"trailing octets", header("0000", 1, 0, 0, 0) + kQuestion + "0000", QueryStatus::kFormErr,
       true},
      {"two OPT", header("0000", 1, 0, 0, 2) + kQuestion + kOpt + kOpt, QueryStatus::kFormErr,
       true},
      {"OPT in answer", header("0000", 1, 1, 0, 0) + kQuestion + kOpt, QueryStatus::kFormErr, true},
      {"OPT owner not root",
       header("0000", 1, 0, 0, 1) + kQuestion + "0161 00 0029 04d0 00000000 0000",
       QueryStatus::kFormErr, true},
      {"option past RDLENGTH",
       header("0000", 1, 0, 0, 1) + kQuestion + "00 0029 04d0 00000000 0006 0003 0005 6162",
       QueryStatus::kFormErr, true},
      {"ARCOUNT beyond data", header("0000", 1, 0, 0, 2) + kQuestion + kOpt, QueryStatus::kFormErr,
       true},
      {"opcode STATUS", header("1000", 1, 0, 0, 0) + kQuestion, QueryStatus::kNotImp, true},
      {"opcode UPDATE", header("2800", 1, 0, 0, 0) + kQuestion, QueryStatus::kNotImp, true},
  };
  for (const Case& c : cases) {
    Query q = parseQuery(fromHex(c.hex));
    EXPECT_EQ(q.status, c.status) << c.name;
    EXPECT_EQ(q.hasQuestion, c.hasQuestion) << c.name;
  }
}

TEST(QueryParserTest, CompressedOwnersAfterTheQuestion) {
  // An IXFR query (RFC 1995 §3): the SOA in the authority section has its owner compressed,
  // a pointer to the question's name. Read past (and then answered NOTAUTH, as knotd does).
  Query q = parseQuery(fromHex(header("0000", 1, 0, 1, 0) + "03 777777 00 00fb 0001" +
                               "c00c 0006 0001 00000000 0016 00 00 00000001 00000000 00000000 "
                               "00000000 00000000"));
  EXPECT_EQ(q.status, QueryStatus::kOk);
  EXPECT_EQ(q.qtype, 251);
  // A pointer cut short, and a reserved label type, are still malformed.
  EXPECT_EQ(parseQuery(fromHex(header("0000", 1, 0, 1, 0) + kQuestion + "c0")).status,
            QueryStatus::kFormErr);
  EXPECT_EQ(parseQuery(fromHex(header("0000", 1, 0, 1, 0) + kQuestion +
                               "4000 0001 0001 00000000 0000"))
                .status,
            QueryStatus::kFormErr);
}

TEST(QueryParserTest, OtherAdditionalRecordsAreSkipped) {
  // A TXT record before the OPT in the additional section.
  Query q = parseQuery(
      fromHex(header("0000", 1, 0, 0, 2) + kQuestion + "00 0010 0001 00000000 0002 0161" + kOpt));
  EXPECT_EQ(q.status, QueryStatus::kOk);
  EXPECT_TRUE(q.hasEdns);
}

}  // namespace
}  // namespace anycast::dns
