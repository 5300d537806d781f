#include <gtest/gtest.h>

#include "PolicyTestUtil.h"
#include "bgp/policy/PrefixList.h"

namespace anycast::bgp::policy {
namespace {

using test::pfx;

struct ParseRow {
  const char* text;
  bool ok;
  uint8_t minLength = 0;
  uint8_t maxLength = 0;
};

const ParseRow kParseRows[] = {
    {"192.0.2.0/24", true, 24, 24},
    {"192.0.2.0/24 le 32", true, 24, 32},
    {"192.0.2.0/24 ge 26", true, 26, 32},
    {"192.0.2.0/24 ge 25 le 28", true, 25, 28},
    {"192.0.2.0/24 le 28 ge 25", true, 25, 28},
    {"192.0.2.0/24 ge 24 le 24", true, 24, 24},  // ge equal to the length is allowed
    {"0.0.0.0/0 le 32", true, 0, 32},
    {"2001:db8::/32 ge 48 le 64", true, 48, 64},
    {"2001:db8::/32 le 128", true, 32, 128},
    {"  192.0.2.0/24   le 32 ", true, 24, 32},
    {"192.0.2.0/24 ge 23", false},        // ge below the prefix length
    {"192.0.2.0/24 le 23", false},        // le below the prefix length
    {"192.0.2.0/24 ge 28 le 26", false},  // empty range
    {"192.0.2.0/24 le 33", false},        // beyond IPv4
    {"2001:db8::/32 le 129", false},      // beyond IPv6
    {"192.0.2.1/24", false},              // host bits set
    {"192.0.2.0/24 le", false},
    {"192.0.2.0/24 le x", false},
    {"192.0.2.0/24 le 30 le 31", false},
    {"192.0.2.0/24 eq 30", false},
    {"", false},
};

class PrefixListParse : public ::testing::TestWithParam<ParseRow> {};

TEST_P(PrefixListParse, Parses) {
  const auto& row = GetParam();
  auto entry = PrefixListEntry::parse(row.text);
  ASSERT_EQ(entry.ok(), row.ok) << (entry.ok() ? "" : entry.error().message);
  if (!row.ok) return;
  EXPECT_EQ(entry->minLength, row.minLength);
  EXPECT_EQ(entry->maxLength, row.maxLength);
}

INSTANTIATE_TEST_SUITE_P(Rows, PrefixListParse, ::testing::ValuesIn(kParseRows));

struct MatchRow {
  const char* entry;
  const char* route;
  bool matches;
};

const MatchRow kMatchRows[] = {
    // exact
    {"192.0.2.0/24", "192.0.2.0/24", true},
    {"192.0.2.0/24", "192.0.2.0/25", false},
    {"192.0.2.0/24", "192.0.0.0/16", false},
    // le: from the prefix length up to le, both ends included
    {"192.0.2.0/24 le 32", "192.0.2.0/24", true},
    {"192.0.2.0/24 le 32", "192.0.2.255/32", true},
    {"192.0.2.0/24 le 32", "192.0.3.0/24", false},
    {"192.0.2.0/24 le 32", "192.0.2.0/23", false},
    {"192.0.2.0/24 le 26", "192.0.2.64/26", true},
    {"192.0.2.0/24 le 26", "192.0.2.64/27", false},
    // ge: from ge to the family maximum
    {"192.0.2.0/24 ge 26", "192.0.2.0/24", false},
    {"192.0.2.0/24 ge 26", "192.0.2.0/25", false},
    {"192.0.2.0/24 ge 26", "192.0.2.192/26", true},
    {"192.0.2.0/24 ge 26", "192.0.2.7/32", true},
    // ge and le
    {"10.0.0.0/8 ge 16 le 24", "10.1.0.0/16", true},
    {"10.0.0.0/8 ge 16 le 24", "10.1.2.0/24", true},
    {"10.0.0.0/8 ge 16 le 24", "10.1.2.0/25", false},
    {"10.0.0.0/8 ge 16 le 24", "10.0.0.0/15", false},
    // default route and "anything"
    {"0.0.0.0/0", "0.0.0.0/0", true},
    {"0.0.0.0/0", "192.0.2.0/24", false},
    {"0.0.0.0/0 le 32", "192.0.2.0/24", true},
    {"0.0.0.0/0 ge 25", "192.0.2.0/24", false},  // too-specifics filter
    {"0.0.0.0/0 ge 25", "192.0.2.0/25", true},
    // IPv6, and no cross-family match
    {"2001:db8::/32 ge 48 le 48", "2001:db8:1::/48", true},
    {"2001:db8::/32 ge 48 le 48", "2001:db8::/47", false},
    {"2001:db8::/32 le 128", "2001:db9::/48", false},
    {"::/0 le 128", "192.0.2.0/24", false},
    {"0.0.0.0/0 le 32", "2001:db8::/32", false},
};

class PrefixListMatch : public ::testing::TestWithParam<MatchRow> {};

TEST_P(PrefixListMatch, Matches) {
  const auto& row = GetParam();
  auto entry = PrefixListEntry::parse(row.entry);
  ASSERT_TRUE(entry.ok());
  EXPECT_EQ(entry->matches(pfx(row.route)), row.matches) << row.entry << " vs " << row.route;
}

INSTANTIATE_TEST_SUITE_P(Rows, PrefixListMatch, ::testing::ValuesIn(kMatchRows));

TEST(PrefixList, MatchesAnyEntry) {
  PrefixList list = {*PrefixListEntry::parse("192.0.2.0/24"),
                     *PrefixListEntry::parse("2001:db8::/32 le 48")};
  EXPECT_TRUE(matchesAny(list, pfx("192.0.2.0/24")));
  EXPECT_TRUE(matchesAny(list, pfx("2001:db8:5::/48")));
  EXPECT_FALSE(matchesAny(list, pfx("198.51.100.0/24")));
  EXPECT_FALSE(matchesAny({}, pfx("192.0.2.0/24")));
}

}  // namespace
}  // namespace anycast::bgp::policy
