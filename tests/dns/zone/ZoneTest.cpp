// Zone store built from tests/dns/zones/example.com.zone: canonical order, empty
// non-terminals, node flags, RRsets, the negative TTL; ZoneSet's longest match; RRType table.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../ExampleZone.h"
#include "dns/wire/Constants.h"
#include "dns/zone/RRType.h"
#include "dns/zone/Zone.h"
#include "dns/zone/ZoneLoader.h"
#include "dns/zone/ZoneSet.h"

namespace anycast::dns {
namespace {

Name name(const std::string& text) { return *Name::fromText(text); }

Zone loadExample() { return testing::loadExampleZone(); }

std::string nodeName(const Zone& zone, const Node& node) {
  return Name::fromWire(zone.name(node))->text();
}

TEST(ZoneTest, NodesAreInCanonicalOrderWithEmptyNonTerminals) {
  Zone zone = loadExample();
  auto nodes = zone.nodes();
  ASSERT_GT(nodes.size(), 10u);
  EXPECT_EQ(nodeName(zone, nodes[0]), "example.com.");
  for (size_t i = 0; i + 1 < nodes.size(); ++i) {
    EXPECT_LT(compareCanonical(zone.name(nodes[i]), zone.name(nodes[i + 1])), 0)
        << nodeName(zone, nodes[i]);
  }
  for (const char* ent : {"ent.example.com.", "c.ent.example.com.", "b.c.ent.example.com.",
                          "_udp.example.com.", "x.sub.example.com."}) {
    const Node* node = zone.find(name(ent).wire());
    ASSERT_NE(node, nullptr) << ent;
    EXPECT_TRUE(node->flags & kNodeEmpty) << ent;
    EXPECT_EQ(node->rrsetCount, 0) << ent;
  }
}

TEST(ZoneTest, FlagsAndParents) {
  Zone zone = loadExample();
  struct Case {
    const char* name;
    uint8_t flags;
    const char* parent;
  } cases[] = {
      {"example.com.", kNodeApex, "example.com."},
      {"sub.example.com.", kNodeDelegation | kNodeWildcardChild, "example.com."},
      {"ns.sub.example.com.", kNodeBelowDelegation, "sub.example.com."},
      {"*.sub.example.com.", kNodeBelowDelegation, "sub.example.com."},
      {"deep.x.sub.example.com.", kNodeBelowDelegation, "x.sub.example.com."},
      {"wild.example.com.", kNodeWildcardChild | kNodeEmpty, "example.com."},
      {"*.wild.example.com.", 0, "wild.example.com."},
      {"www.example.com.", 0, "example.com."},
  };
  for (const Case& c : cases) {
    const Node* node = zone.find(name(c.name).wire());
    ASSERT_NE(node, nullptr) << c.name;
    EXPECT_EQ(node->flags, c.flags) << c.name;
    EXPECT_EQ(nodeName(zone, zone.parent(*node)), c.parent) << c.name;
  }
}

// RFC 6672 §2.4: an authoritative DNAME's owner, and the names below it, which are occluded;
// a DNAME at or below a delegation is neither.
TEST(ZoneTest, DnameFlags) {
  auto zone = loadZoneText(R"($ORIGIN example.net.
@        SOA   ns hostmaster 1 7200 3600 1209600 300
@        NS    ns
ns       A     192.0.2.53
d        DNAME t.example.net.
a.b.d    A     192.0.2.9
c.d      DNAME u.example.net.
deleg    NS    ns.example.com.
x.deleg  DNAME t.example.net.
y.x.deleg A    192.0.2.8
)",
                           name("example.net."), "zone.txt");
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  struct Case {
    const char* name;
    uint8_t flags;
  } cases[] = {
      {"d.example.net.", kNodeDname},
      {"b.d.example.net.", kNodeBelowDname | kNodeEmpty},
      {"a.b.d.example.net.", kNodeBelowDname},
      {"c.d.example.net.", kNodeBelowDname},
      {"x.deleg.example.net.", kNodeBelowDelegation},
      {"y.x.deleg.example.net.", kNodeBelowDelegation},
  };
  for (const Case& c : cases) {
    const Node* node = zone->find(name(c.name).wire());
    ASSERT_NE(node, nullptr) << c.name;
    EXPECT_EQ(node->flags, c.flags) << c.name;
  }
}

TEST(ZoneTest, LookupIgnoresCaseAndKeepsTheLoadedCase) {
  Zone zone = loadExample();
  const Node* node = zone.find(name("mixed.EXAMPLE.com.").wire());
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(nodeName(zone, *node), "MiXeD.example.com.");
  EXPECT_EQ(zone.find(name("nothere.example.com.").wire()), nullptr);
}

TEST(ZoneTest, RRsetsArePreEncodedAndSortedByType) {
  Zone zone = loadExample();
  const Node* www = zone.find(name("www.example.com.").wire());
  ASSERT_NE(www, nullptr);
  ASSERT_EQ(www->rrsetCount, 2);
  const RRset* a = zone.rrset(*www, kTypeA);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->count, 2);
  EXPECT_EQ(a->ttl, 3600u);
  EXPECT_EQ(toHex(zone.records(*a)), "00 04 c0 00 02 50 00 04 c0 00 02 51");
  EXPECT_EQ(zone.rrsets(*www)[1].type, kTypeAaaa);
  const Node* unknown = zone.find(name("unknown.example.com.").wire());
  ASSERT_NE(unknown, nullptr);
  EXPECT_EQ(toHex(zone.records(*zone.rrset(*unknown, 65280))), "00 04 01 02 03 04");
  // RFC 2308 §5: min(SOA TTL 3600, MINIMUM 300).
  EXPECT_EQ(zone.negativeTtl(), 300u);
  EXPECT_EQ(zone.soa().count, 1);
}

TEST(ZoneTest, BytesPerRecord) {
  Zone zone = loadExample();
  // Not a limit on anything: a record of the store's size, printed for docs/architecture.md.
  const double perRecord = double(zone.memoryBytes()) / double(zone.recordCount());
  std::printf("example.com: %zu records, %zu nodes, %zu bytes, %.1f bytes/record\n",
              zone.recordCount(), zone.nodes().size(), zone.memoryBytes(), perRecord);
  EXPECT_GT(zone.recordCount(), 40u);
}

TEST(ZoneSetTest, LongestMatch) {
  auto load = [](const std::string& origin, const std::string& text) {
    auto zone = loadZoneText(text, name(origin));
    EXPECT_TRUE(zone.ok()) << (zone.ok() ? "" : zone.error().message);
    return std::make_shared<const Zone>(std::move(zone.value()));
  };
  const std::string soa = "@ SOA ns hostmaster 1 2 3 4 5\n@ NS ns\n";
  ZoneSet zones({load("example.com.", soa), load("sub.example.com.", soa), load("org.", soa)});
  struct Case {
    const char* query;
    const char* zone;
  } cases[] = {
      {"www.example.com.", "example.com."},
      {"example.com.", "example.com."},
      {"a.b.sub.example.COM.", "sub.example.com."},
      {"sub.example.com.", "sub.example.com."},
      {"x.org.", "org."},
      {"com.", nullptr},
      {".", nullptr},
      {"example.net.", nullptr},
  };
  for (const Case& c : cases) {
    const Zone* zone = zones.find(name(c.query));
    if (!c.zone) {
      EXPECT_EQ(zone, nullptr) << c.query;
    } else {
      ASSERT_NE(zone, nullptr) << c.query;
      EXPECT_EQ(zone->origin().text(), c.zone) << c.query;
    }
  }
}

TEST(RRTypeTest, Mnemonics) {
  EXPECT_EQ(rrTypeName(kTypeAaaa), "AAAA");
  EXPECT_EQ(rrTypeName(65280), "TYPE65280");
  EXPECT_EQ(rrTypeFromName("caa"), 257);
  EXPECT_EQ(rrTypeFromName("type99"), 99);
  EXPECT_FALSE(rrTypeFromName("bogus").has_value());
  ASSERT_NE(rrTypeInfo(kTypeMx), nullptr);
  EXPECT_TRUE(rrTypeInfo(kTypeMx)->compressible);
  EXPECT_FALSE(rrTypeInfo(kTypeSrv)->compressible);  // RFC 2782
  Bytes mx = fromHex("000a 04 6d61696c 00");
  EXPECT_EQ(toHex(firstRdataName(*rrTypeInfo(kTypeMx), mx)), "04 6d 61 69 6c 00");
}

}  // namespace
}  // namespace anycast::dns
