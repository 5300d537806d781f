// QueryProcessor: every rule of the processor, table-driven over
// tests/dns/zones/example.com.zone. Expected verdicts are those knotd 3.2 gives for the same
// zone (checked with kdig and raw queries against a knotd on loopback, see
// docs/rfc-compliance.md), written as "RCODE flags answer | authority | additional".
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../ExampleZone.h"
#include "dns/query/QueryProcessor.h"
#include "dns/zone/RRType.h"

namespace anycast::dns {
namespace {

const char* kRcodes[] = {"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP",
                         "REFUSED", "6",       "7",        "8",        "NOTAUTH"};
const char* kKinds[] = {"answer", "nxdomain", "nodata", "referral", "error"};

template <class List>
std::string section(const List& list, const Query& q) {
  std::string out;
  for (const RecordRef& ref : list) {
    std::string owner =
        ref.owner ? Name::fromWire({ref.owner, ref.ownerSize})->text() : q.qname.text();
    std::string type = ref.text ? "TXT=" + *ref.text : rrTypeName(ref.rrset->type);
    out += (out.empty() ? "" : ", ") + owner + " " + type + " " + std::to_string(ref.ttl);
  }
  return out;
}

std::string render(const Verdict& v, const Query& q) {
  const auto rcode = static_cast<size_t>(v.rcode);
  std::string out = rcode < 10 ? kRcodes[rcode] : std::to_string(rcode);
  out += v.authoritative ? " aa" : "";
  out += v.wildcard ? " wildcard" : "";
  out += std::string(" ") + kKinds[static_cast<int>(v.kind)];
  return out + ": " + section(v.answer, q) + " | " + section(v.authority, q) + " | " +
         section(v.additional, q);
}

class QueryProcessorTest : public ::testing::Test {
 protected:
  std::string ask(const std::string& name, uint16_t type, uint16_t klass = kClassIn,
                  Transport transport = Transport::kUdp) {
    Query q;
    q.status = QueryStatus::kOk;
    q.hasQuestion = true;
    q.qname = *Name::fromText(name);
    q.qtype = type;
    q.qclass = klass;
    return render(processQuery(q, transport, zones_, identity_), q);
  }

  ZoneSet zones_ = testing::exampleZones();
  Identity identity_{"site-a", "site-a.example", std::nullopt, "anycast-dns 1"};
};

// The referral to sub.example.com.: its NS in authority, the in-bailiwick glue in additional.
const char* const kReferral =
    "NOERROR referral:  | sub.example.com. NS 3600 | ns.sub.example.com. A 3600, "
    "ns.sub.example.com. AAAA 3600";

TEST_F(QueryProcessorTest, EveryRule) {
  struct Case {
    const char* rule;
    const char* name;
    uint16_t type;
    const char* verdict;
  } cases[] = {
      {"exact match, AA", "www.example.com.", kTypeA,
       "NOERROR aa answer: www.example.com. A 3600 |  | "},
      {"case-insensitive, the query's case kept", "MIXED.Example.COM.", kTypeA,
       "NOERROR aa answer: MIXED.Example.COM. A 3600 |  | "},
      {"NODATA with SOA, negative TTL min(3600, 300)", "www.example.com.", kTypeMx,
       "NOERROR aa nodata:  | example.com. SOA 300 | "},
      {"NXDOMAIN with SOA", "nothere.example.com.", kTypeA,
       "NXDOMAIN aa nxdomain:  | example.com. SOA 300 | "},
      {"NXDOMAIN below a missing name", "a.nothere.example.com.", kTypeA,
       "NXDOMAIN aa nxdomain:  | example.com. SOA 300 | "},
      {"empty non-terminal: NODATA", "c.ent.example.com.", kTypeA,
       "NOERROR aa nodata:  | example.com. SOA 300 | "},
      {"CNAME followed", "alias.example.com.", kTypeA,
       "NOERROR aa answer: alias.example.com. CNAME 3600, www.example.com. A 3600 |  | "},
      {"CNAME asked for", "alias.example.com.", kTypeCname,
       "NOERROR aa answer: alias.example.com. CNAME 3600 |  | "},
      {"CNAME chain", "chain1.example.com.", kTypeAaaa,
       "NOERROR aa answer: chain1.example.com. CNAME 3600, chain2.example.com. CNAME 3600, "
       "www.example.com. AAAA 3600 |  | "},
      {"CNAME loop ends", "loop1.example.com.", kTypeA,
       "NOERROR aa answer: loop1.example.com. CNAME 3600, loop2.example.com. CNAME 3600 |  | "},
      {"CNAME to a missing name: NXDOMAIN (RFC 6604)", "dangling.example.com.", kTypeA,
       "NXDOMAIN aa answer: dangling.example.com. CNAME 3600 | example.com. SOA 300 | "},
      {"CNAME to NODATA", "alias.example.com.", kTypeMx,
       "NOERROR aa answer: alias.example.com. CNAME 3600 | example.com. SOA 300 | "},
      {"CNAME out of the zone: not followed", "outside.example.com.", kTypeA,
       "NOERROR aa answer: outside.example.com. CNAME 3600 |  | "},
      {"CNAME to a delegation", "cnamesub.example.com.", kTypeA,
       "NOERROR aa answer: cnamesub.example.com. CNAME 3600 | sub.example.com. NS 3600 | "
       "ns.sub.example.com. A 3600, ns.sub.example.com. AAAA 3600"},
      {"wildcard", "x.y.wild.example.com.", kTypeA,
       "NOERROR aa wildcard answer: x.y.wild.example.com. A 3600 |  | "},
      {"wildcard NODATA", "x.wild.example.com.", kTypeMx,
       "NOERROR aa wildcard nodata:  | example.com. SOA 300 | "},
      {"the wildcard itself", "*.wild.example.com.", kTypeTxt,
       "NOERROR aa answer: *.wild.example.com. TXT 3600 |  | "},
      {"no wildcard through an existing name", "a.sub.wild.example.com.", kTypeA,
       "NXDOMAIN aa nxdomain:  | example.com. SOA 300 | "},
      {"the existing name itself", "sub.wild.example.com.", kTypeA,
       "NOERROR aa answer: sub.wild.example.com. A 3600 |  | "},
      {"wildcard CNAME", "foo.cwild.example.com.", kTypeA,
       "NOERROR aa wildcard answer: foo.cwild.example.com. CNAME 3600, www.example.com. A 3600 "
       "|  | "},
      {"wildcard CNAME loop ends", "cwildloop.example.com.", kTypeA,
       "NOERROR aa answer: cwildloop.example.com. CNAME 3600, a.wloop.example.com. CNAME 3600, "
       "b.wloop.example.com. CNAME 3600 |  | "},
      {"the wildcard's own name asked for counts as a use of it (knotd)", "*.wloop.example.com.",
       kTypeA,
       "NOERROR aa answer: *.wloop.example.com. CNAME 3600, b.wloop.example.com. CNAME 3600 |  | "},
      {"NSEC at a CNAME: the CNAME's node answers (RFC 4035 §2.5, knotd)", "alias.example.com.",
       47, "NOERROR aa nodata:  | example.com. SOA 300 | "},
      {"RRSIG at a CNAME: the same", "alias.example.com.", kTypeRrsig,
       "NOERROR aa nodata:  | example.com. SOA 300 | "},
      {"referral: NS and glue, no AA", "sub.example.com.", kTypeA, kReferral},
      {"referral below the cut, not the occluded wildcard", "deep.x.sub.example.com.", kTypeA,
       kReferral},
      {"referral for glue", "ns.sub.example.com.", kTypeA, kReferral},
      {"NS at the cut: referral", "sub.example.com.", kTypeNs, kReferral},
      {"DS at the cut: the parent's answer", "sub.example.com.", kTypeDs,
       "NOERROR aa answer: sub.example.com. DS 3600 |  | "},
      {"DS below the cut: referral", "x.sub.example.com.", kTypeDs, kReferral},
      {"ANY: one RRset, the lowest type", "example.com.", kTypeAny,
       "NOERROR aa answer: example.com. A 3600 |  | "},
      {"ANY with additional", "anyorder.example.com.", kTypeAny,
       "NOERROR aa answer: anyorder.example.com. MX 3600 |  | mail.example.com. A 3600, "
       "mail.example.com. AAAA 3600"},
      {"ANY at a CNAME", "alias.example.com.", kTypeAny,
       "NOERROR aa answer: alias.example.com. CNAME 3600 |  | "},
      {"ANY at a delegation", "sub.example.com.", kTypeAny, kReferral},
      {"MX additional, in-zone targets only", "example.com.", kTypeMx,
       "NOERROR aa answer: example.com. MX 3600 |  | mail.example.com. A 3600, "
       "mail.example.com. AAAA 3600"},
      {"NS additional", "example.com.", kTypeNs,
       "NOERROR aa answer: example.com. NS 3600 |  | ns1.example.com. A 3600, "
       "ns1.example.com. AAAA 3600"},
      {"SRV additional", "_sip._udp.example.com.", kTypeSrv,
       "NOERROR aa answer: _sip._udp.example.com. SRV 3600 |  | sipserver.example.com. A 3600"},
      {"unknown type (RFC 3597)", "unknown.example.com.", 65280,
       "NOERROR aa answer: unknown.example.com. TYPE65280 3600 |  | "},
      {"outside every zone: REFUSED, no AA", "www.example.org.", kTypeA, "REFUSED error:  |  | "},
      {"a parent of the zone: REFUSED", "com.", kTypeNs, "REFUSED error:  |  | "},
  };
  for (const Case& c : cases) EXPECT_EQ(ask(c.name, c.type), c.verdict) << c.rule;
}

TEST_F(QueryProcessorTest, ClassesTransfersAndIdentity) {
  struct Case {
    const char* rule;
    const char* name;
    uint16_t type, klass;
    Transport transport;
    const char* verdict;
  } cases[] = {
      {"class ANY answered as IN", "www.example.com.", kTypeA, kClassAny, Transport::kUdp,
       "NOERROR aa answer: www.example.com. A 3600 |  | "},
      {"class HS refused", "www.example.com.", kTypeA, 4, Transport::kUdp, "REFUSED error:  |  | "},
      {"AXFR over UDP", "example.com.", kTypeAxfr, kClassIn, Transport::kUdp,
       "NOTIMP error:  |  | "},
      {"AXFR over TCP", "example.com.", kTypeAxfr, kClassIn, Transport::kTcp,
       "NOTAUTH error:  |  | "},
      {"IXFR", "example.com.", kTypeIxfr, kClassIn, Transport::kUdp, "NOTAUTH error:  |  | "},
      {"id.server (RFC 4892)", "ID.Server.", kTypeTxt, kClassCh, Transport::kUdp,
       "NOERROR answer: ID.Server. TXT=site-a.example 0 |  | "},
      {"version.bind", "version.bind.", kTypeTxt, kClassCh, Transport::kUdp,
       "NOERROR answer: version.bind. TXT=anycast-dns 1 0 |  | "},
      {"version.server", "version.server.", kTypeTxt, kClassCh, Transport::kUdp,
       "NOERROR answer: version.server. TXT=anycast-dns 1 0 |  | "},
      {"hidden hostname.bind", "hostname.bind.", kTypeTxt, kClassCh, Transport::kUdp,
       "REFUSED error:  |  | "},
      {"CH other type", "id.server.", kTypeA, kClassCh, Transport::kUdp, "REFUSED error:  |  | "},
      {"CH other name", "www.example.com.", kTypeTxt, kClassCh, Transport::kUdp,
       "REFUSED error:  |  | "},
  };
  for (const Case& c : cases)
    EXPECT_EQ(ask(c.name, c.type, c.klass, c.transport), c.verdict) << c.rule;
}

TEST_F(QueryProcessorTest, RateLimitingAccountsToTheRightName) {
  Query q;
  q.status = QueryStatus::kOk;
  q.qtype = kTypeA;
  q.qclass = kClassIn;
  auto account = [&](const char* name) {
    q.qname = *Name::fromText(name);
    Verdict v = processQuery(q, Transport::kUdp, zones_, identity_);
    return v.accountName ? Name::fromWire({v.accountName, v.accountNameSize})->text()
                         : std::string("qname");
  };
  EXPECT_EQ(account("www.example.com."), "qname");
  EXPECT_EQ(account("nothere.example.com."), "example.com.");
  EXPECT_EQ(account("x.wild.example.com."), "example.com.");
  EXPECT_EQ(account("a.b.sub.example.com."), "sub.example.com.");
  EXPECT_EQ(account("www.example.org."), "qname");
}

}  // namespace
}  // namespace anycast::dns
