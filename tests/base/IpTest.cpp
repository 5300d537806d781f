#include "base/Ip.h"

#include <gtest/gtest.h>

namespace anycast {
namespace {

TEST(IpAddress, ParsesAndFormatsBothFamilies) {
  auto v4 = IpAddress::parse("192.0.2.1");
  ASSERT_TRUE(v4);
  EXPECT_TRUE(v4->isV4());
  EXPECT_EQ(v4->v4HostOrder(), 0xC0000201u);
  EXPECT_EQ(v4->str(), "192.0.2.1");
  auto v6 = IpAddress::parse("2001:db8::1");
  ASSERT_TRUE(v6);
  EXPECT_TRUE(v6->isV6());
  EXPECT_EQ(v6->str(), "2001:db8::1");
  EXPECT_FALSE(IpAddress::parse("192.0.2"));
  EXPECT_FALSE(IpAddress::parse("not an address"));
}

TEST(IpAddress, LinkLocalAndUnspecified) {
  EXPECT_TRUE(IpAddress::parse("fe80::1")->isV6LinkLocal());
  EXPECT_FALSE(IpAddress::parse("2001:db8::1")->isV6LinkLocal());
  EXPECT_TRUE(IpAddress::parse("0.0.0.0")->isUnspecified());
  EXPECT_TRUE(IpAddress::parse("::")->isUnspecified());
}

struct PrefixCase {
  const char* text;
  bool valid;
  const char* canonical;
};

class PrefixParse : public ::testing::TestWithParam<PrefixCase> {};

TEST_P(PrefixParse, ParsesOrRejects) {
  auto p = Prefix::parse(GetParam().text);
  ASSERT_EQ(p.has_value(), GetParam().valid) << GetParam().text;
  if (p) {
    EXPECT_EQ(p->str(), GetParam().canonical);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, PrefixParse,
                         ::testing::Values(PrefixCase{"192.0.2.0/24", true, "192.0.2.0/24"},
                                           PrefixCase{"10.0.0.0/8", true, "10.0.0.0/8"},
                                           PrefixCase{"0.0.0.0/0", true, "0.0.0.0/0"},
                                           PrefixCase{"192.0.2.1", true, "192.0.2.1/32"},
                                           PrefixCase{"2001:db8::/32", true, "2001:db8::/32"},
                                           PrefixCase{"192.0.2.1/24", false, ""},
                                           PrefixCase{"192.0.2.0/33", false, ""},
                                           PrefixCase{"2001:db8::/129", false, ""},
                                           PrefixCase{"192.0.2.0/", false, ""},
                                           PrefixCase{"192.0.2.0/2x", false, ""}));

TEST(Prefix, MasksHostBitsAndContains) {
  Prefix p(*IpAddress::parse("198.51.100.77"), 22);
  EXPECT_EQ(p.str(), "198.51.100.0/22");
  EXPECT_TRUE(p.contains(*IpAddress::parse("198.51.103.255")));
  EXPECT_FALSE(p.contains(*IpAddress::parse("198.51.104.0")));
  EXPECT_FALSE(p.contains(*IpAddress::parse("2001:db8::1")));
  Prefix v6(*IpAddress::parse("2001:db8:ffff::1"), 33);
  EXPECT_EQ(v6.str(), "2001:db8:8000::/33");
}

TEST(Prefix, OrdersByFamilyAddressThenLength) {
  auto a = *Prefix::parse("10.0.0.0/8");
  auto b = *Prefix::parse("10.0.0.0/16");
  auto c = *Prefix::parse("2001:db8::/32");
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

}  // namespace
}  // namespace anycast
