// ZoneLoader: RFC 1035 §5 master files through libzscanner — directives, relative names,
// RFC 3597 generic data, and every load error with its file:line.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "dns/wire/Constants.h"
#include "dns/zone/ZoneLoader.h"

namespace anycast::dns {
namespace {

Name name(const std::string& text) { return *Name::fromText(text); }

const std::string kHead =
    "$ORIGIN example.com.\n"
    "$TTL 600\n"
    "@ SOA ns hostmaster 1 7200 3600 1209600 60\n"  // line 3
    "@ NS ns\n";                                    // line 4

TEST(ZoneLoaderTest, DirectivesAndRelativeNames) {
  auto zone = loadZoneText(kHead +
                               "ns A 192.0.2.1\n"
                               "$ORIGIN sub.example.com.\n"
                               "www 300 A 192.0.2.2\n"
                               "txt TXT \"a\" \"b\"\n"
                               "x TYPE65000 \\# 2 abcd\n"
                               "y A 192.0.2.3\n"
                               "y A 192.0.2.3\n",  // a duplicate, dropped (RFC 2181 §5)
                           name("example.com."));
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  const Node* www = zone->find(name("www.sub.example.com.").wire());
  ASSERT_NE(www, nullptr);
  EXPECT_EQ(zone->rrset(*www, kTypeA)->ttl, 300u);
  const Node* txt = zone->find(name("txt.sub.example.com.").wire());
  ASSERT_NE(txt, nullptr);
  EXPECT_EQ(zone->rrset(*txt, kTypeTxt)->ttl, 600u);
  EXPECT_EQ(toHex(zone->records(*zone->rrset(*txt, kTypeTxt))), "00 04 01 61 01 62");
  const Node* y = zone->find(name("y.sub.example.com.").wire());
  EXPECT_EQ(zone->rrset(*y, kTypeA)->count, 1);
  EXPECT_EQ(zone->recordCount(), 7u);
  EXPECT_EQ(zone->negativeTtl(), 60u);
  // sub.example.com. exists as an empty non-terminal.
  const Node* sub = zone->find(name("sub.example.com.").wire());
  ASSERT_NE(sub, nullptr);
  EXPECT_TRUE(sub->flags & kNodeEmpty);
}

TEST(ZoneLoaderTest, ErrorsNameFileLineAndWhat) {
  struct Case {
    std::string name, text, error;
  } cases[] = {
      {"out of zone", kHead + "www.example.org. A 192.0.2.1\n",
       "zone.txt:5: out-of-zone record www.example.org. (zone example.com.)"},
      {"CNAME and other data", kHead + "www A 192.0.2.1\nwww CNAME ns\n",
       "zone.txt:6: CNAME and other data (A) at www.example.com."},
      {"two CNAMEs", kHead + "www CNAME a\nwww CNAME b\n",
       "zone.txt:5: more than one CNAME at www.example.com."},
      {"two DNAMEs (RFC 6672 §2.4)", kHead + "d DNAME a.example.net.\nd DNAME b.example.net.\n",
       "zone.txt:5: more than one DNAME at d.example.com."},
      {"CNAME beside a DNAME", kHead + "d DNAME a.example.net.\nd CNAME www\n",
       "zone.txt:6: CNAME and other data (DNAME) at d.example.com."},
      {"no SOA", "$ORIGIN example.com.\n@ NS ns\n",
       "zone.txt: no SOA at the zone apex example.com."},
      {"no NS", "$ORIGIN example.com.\n@ SOA ns hostmaster 1 2 3 4 5\n",
       "zone.txt: no NS at the zone apex example.com."},
      {"SOA not at origin", kHead + "sub SOA ns hostmaster 1 2 3 4 5\n",
       "zone.txt:5: SOA owner sub.example.com. is not the zone origin example.com."},
      {"origin mismatch", "$ORIGIN example.net.\n@ SOA ns hostmaster 1 2 3 4 5\n",
       "zone.txt:2: out-of-zone record example.net. (zone example.com.)"},
      {"two SOAs", kHead + "@ SOA ns hostmaster 2 7200 3600 1209600 60\n",
       "zone.txt:3: more than one SOA"},
      {"class", kHead + "www CH TXT \"x\"\n", "zone.txt:5: unsupported"},  // libzscanner: IN only
      {"syntax", kHead + "www A 192.0.2\n", "zone.txt:5: "},
      {"unknown type", kHead + "www BOGUS 1\n", "zone.txt:5: "},
      {"meta type", kHead + "www TYPE255 \\# 0\n", "zone.txt:5: ANY is a meta type, not zone data"},
      {"bad generic NS", kHead + "www NS \\# 2 0501\n", "zone.txt:5: malformed NS data"},
      {"include refused", kHead + "$INCLUDE /etc/hostname\n",
       "zone.txt:5: $INCLUDE not allowed here"},
  };
  for (const Case& c : cases) {
    auto zone = loadZoneText(c.text, name("example.com."), "zone.txt");
    ASSERT_FALSE(zone.ok()) << c.name;
    EXPECT_EQ(zone.error().message.substr(0, c.error.size()), c.error) << c.name;
  }
}

TEST(ZoneLoaderTest, IncludeAndErrorsInIncludedFiles) {
  auto dir =
      std::filesystem::temp_directory_path() / ("anycast-zone-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& file, const std::string& text) {
    std::ofstream(dir / file) << text;
    return (dir / file).string();
  };
  write("hosts.inc", "www A 192.0.2.80\n");  // relative to the origin given to $INCLUDE
  write("bad.inc", "\nmail A 192.0.2\n");
  const std::string good = write("good.zone", kHead + "$INCLUDE hosts.inc sub.example.com.\n");
  const std::string bad = write("bad.zone", kHead + "$INCLUDE bad.inc\n");
  const std::string missing = write("missing.zone", kHead + "$INCLUDE nothere.inc\n");

  auto zone = loadZoneFile(good, name("example.com."));
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  EXPECT_NE(zone->find(name("www.sub.example.com.").wire()), nullptr);

  auto broken = loadZoneFile(bad, name("example.com."));
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().message.rfind((dir / "bad.inc").string() + ":2: ", 0), 0u)
      << broken.error().message;

  auto absent = loadZoneFile(missing, name("example.com."));
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().message.rfind(missing + ":5: $INCLUDE", 0), 0u)
      << absent.error().message;

  auto noFile = loadZoneFile((dir / "none.zone").string(), name("example.com."));
  EXPECT_FALSE(noFile.ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace anycast::dns
