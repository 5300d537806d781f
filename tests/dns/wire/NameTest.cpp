// Name: text and wire forms, RFC 1035 §2.3.4 limits, RFC 4343 case-insensitive equality and
// RFC 4034 §6.1 canonical order (the RFC's own example list).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dns/wire/Name.h"

namespace anycast::dns {
namespace {

Name name(const std::string& text) {
  auto n = Name::fromText(text);
  EXPECT_TRUE(n.has_value()) << text;
  return n.value_or(Name());
}

TEST(NameTest, TextToWireAndBack) {
  struct Case {
    std::string text, hex, back;
  } cases[] = {
      {".", "00", "."},
      {"example.com.", "07 6578616d706c65 03 636f6d 00", "example.com."},
      {"Example.COM", "07 4578616d706c65 03 434f4d 00", "Example.COM."},
      {"a\\.b.c.", "03 612e62 01 63 00", "a\\.b.c."},
      {"\\000\\255.x.", "02 00ff 01 78 00", "\\000\\255.x."},
  };
  for (const Case& c : cases) {
    Name n = name(c.text);
    EXPECT_EQ(toHex(n.wire()), toHex(fromHex(c.hex))) << c.text;
    EXPECT_EQ(n.text(), c.back);
  }
}

TEST(NameTest, Limits) {
  const std::string label63(63, 'a'), label64(64, 'a');
  EXPECT_TRUE(Name::fromText(label63 + ".").has_value());
  EXPECT_FALSE(Name::fromText(label64 + ".").has_value());
  // 255 octets: three 63-octet labels and one of 61, plus the length octets and the root.
  const std::string max = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'a');
  ASSERT_TRUE(Name::fromText(max).has_value());
  EXPECT_EQ(Name::fromText(max)->size(), 255u);
  EXPECT_FALSE(Name::fromText(max + "a").has_value());
  EXPECT_FALSE(Name::fromText("a..b").has_value());
  EXPECT_FALSE(Name::fromText("").has_value());
  EXPECT_FALSE(Name::fromText("a\\25").has_value());
  EXPECT_FALSE(Name::fromText("a\\256").has_value());
}

TEST(NameTest, ReadRefusesPointersReservedLabelsAndOverruns) {
  struct Case {
    std::string hex;
    NameError error;
  } cases[] = {
      {"03 777777 c00c", NameError::kCompressed}, {"43 777777 00", NameError::kBadLabel},
      {"83 777777 00", NameError::kBadLabel},     {"03 7777", NameError::kTruncated},
      {"03 777777", NameError::kTruncated},
  };
  for (const Case& c : cases) {
    Bytes wire = fromHex(c.hex);
    size_t pos = 0;
    NameError error = NameError::kTruncated;
    EXPECT_FALSE(Name::read(wire, pos, &error).has_value()) << c.hex;
    EXPECT_EQ(error, c.error) << c.hex;
    EXPECT_EQ(pos, 0u);
  }
  Bytes tooLong;
  for (int i = 0; i < 4; ++i) {
    tooLong.push_back(63);
    tooLong.insert(tooLong.end(), 63, 'a');
  }
  tooLong.push_back(0);
  size_t pos = 0;
  NameError error = NameError::kTruncated;
  EXPECT_FALSE(Name::read(tooLong, pos, &error).has_value());
  EXPECT_EQ(error, NameError::kTooLong);
}

TEST(NameTest, ReadMovesPastTheName) {
  Bytes wire = fromHex("03 777777 00 0001");
  size_t pos = 0;
  auto n = Name::read(wire, pos);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(pos, 5u);
  EXPECT_EQ(n->text(), "www.");
  EXPECT_EQ(wireNameSize(wire), 5u);
  EXPECT_FALSE(Name::fromWire(wire).has_value());  // bytes after the name
}

TEST(NameTest, CaseInsensitiveEqualityAndAncestry) {
  EXPECT_EQ(name("WWW.Example.com."), name("www.example.COM."));
  EXPECT_FALSE(name("www.example.com.") == name("www.example.org."));
  EXPECT_TRUE(name("a.b.Example.com.").isSubdomainOf(name("example.COM.")));
  EXPECT_TRUE(name("example.com.").isSubdomainOf(name("example.com.")));
  EXPECT_FALSE(name("badexample.com.").isSubdomainOf(name("example.com.")));
  EXPECT_TRUE(name("x.").isSubdomainOf(Name()));
  EXPECT_EQ(name("a.b.c.").suffix(1).text(), "b.c.");
  EXPECT_EQ(name("a.b.c.").labelCount(), 3u);
  EXPECT_TRUE(name("*.b.c.").isWildcard());
  EXPECT_FALSE(name("a*.b.c.").isWildcard());
}

TEST(NameTest, CanonicalOrderIsRfc4034Section61) {
  // RFC 4034 §6.1's example, in order.
  std::vector<std::string> ordered = {
      "example.",         "a.example.",      "yljkjljk.a.example.",
      "Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
      "\\001.z.example.", "*.z.example.",    "\\200.z.example.",
  };
  for (size_t i = 0; i + 1 < ordered.size(); ++i) {
    EXPECT_LT(name(ordered[i]).compareCanonical(name(ordered[i + 1])), 0)
        << ordered[i] << " < " << ordered[i + 1];
    EXPECT_GT(name(ordered[i + 1]).compareCanonical(name(ordered[i])), 0);
  }
  EXPECT_EQ(name("A.example.").compareCanonical(name("a.EXAMPLE.")), 0);
}

}  // namespace
}  // namespace anycast::dns
