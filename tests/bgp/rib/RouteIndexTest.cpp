#include "bgp/rib/RouteIndex.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace anycast::bgp {
namespace {

Prefix v4(uint32_t address, uint8_t length) { return Prefix(IpAddress::v4(address), length); }
Prefix prefix(const char* text) { return *Prefix::parse(text); }
Prefix v6(uint32_t n) {  // 2001:db8:NNNN::/48
  uint8_t bytes[16] = {0x20, 0x01, 0x0d, 0xb8, uint8_t(n >> 8), uint8_t(n)};
  return Prefix(IpAddress::v6Bytes(bytes), 48);
}

TEST(RouteIndex, FindsWhatWasInsertedAndNothingElse) {
  RouteIndex index;
  EXPECT_EQ(index.find(prefix("10.0.0.0/8")), kNoRoute);
  EXPECT_EQ(index.findOrInsert(prefix("10.0.0.0/8"), [] { return 7u; }), 7u);
  EXPECT_EQ(index.findOrInsert(prefix("2001:db8::/32"), [] { return 8u; }), 8u);
  // Found again: make() is not called.
  EXPECT_EQ(index.findOrInsert(prefix("10.0.0.0/8"), []() -> RouteId { ADD_FAILURE(); return 0; }),
            7u);
  EXPECT_EQ(index.find(prefix("10.0.0.0/8")), 7u);
  EXPECT_EQ(index.find(prefix("10.0.0.0/9")), kNoRoute);  // same address, other length
  EXPECT_EQ(index.find(prefix("2001:db8::/32")), 8u);
  EXPECT_EQ(index.find(prefix("2001:db8::/33")), kNoRoute);
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(index.erase(prefix("10.0.0.0/8")));
  EXPECT_FALSE(index.erase(prefix("10.0.0.0/8")));
  EXPECT_EQ(index.find(prefix("10.0.0.0/8")), kNoRoute);
  EXPECT_EQ(index.size(), 1u);
}

// Random inserts and erases against std::map: growth, long probe runs and the backward shift
// of erase must never lose or misplace an entry.
TEST(RouteIndex, AgreesWithAMapThroughInsertsAndErases) {
  RouteIndex index;
  std::map<Prefix, RouteId> expected;
  std::mt19937 random(42);
  RouteId nextId = 0;
  for (int step = 0; step < 200'000; ++step) {
    // A small key space, so that erases often hit and runs form and break up.
    uint32_t n = random() % 5000;
    Prefix p = n % 7 == 0 ? v6(n) : v4(n << 8, 24);
    if (random() % 3 == 0) {
      EXPECT_EQ(index.erase(p), expected.erase(p) == 1);
    } else {
      RouteId id = index.findOrInsert(p, [&] { return nextId++; });
      auto [it, inserted] = expected.try_emplace(p, id);
      EXPECT_EQ(it->second, id);
    }
  }
  EXPECT_EQ(index.size(), expected.size());
  for (uint32_t n = 0; n < 5000; ++n) {
    Prefix p = v4(n << 8, 24);
    auto it = expected.find(p);
    EXPECT_EQ(index.find(p), it == expected.end() ? kNoRoute : it->second) << p.str();
  }
  for (const auto& [p, id] : expected) EXPECT_EQ(index.find(p), id) << p.str();
}

TEST(RouteIndex, GrowsToAMillionPrefixes) {
  RouteIndex index;
  for (uint32_t i = 0; i < 1'000'000; ++i) index.findOrInsert(v4(i << 8, 24), [&] { return i; });
  EXPECT_EQ(index.size(), 1'000'000u);
  for (uint32_t i = 0; i < 1'000'000; i += 997) EXPECT_EQ(index.find(v4(i << 8, 24)), i);
  EXPECT_EQ(index.find(v4(1'000'000u << 8, 24)), kNoRoute);
}

}  // namespace
}  // namespace anycast::bgp
