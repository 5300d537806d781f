// RrlTable: the rate per bucket, independent prefixes, classes and names, the slip pattern and
// the refill, on a fake clock (exact, no sleeping).
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "../FakeClock.h"
#include "dns/rrl/RrlTable.h"

namespace anycast::dns::rrl {
namespace {

using std::chrono::milliseconds;
using testing::FakeClock;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

RrlPolicy policy(uint32_t rate, uint32_t window, uint32_t slip) {
  RrlPolicy p;
  p.responsesPerSecond = rate;
  p.windowSeconds = window;
  p.slip = slip;
  p.tableSize = 1024;
  return p;
}

// The actions for `n` responses to one source, as a string: S send, D drop, T truncated (slip).
std::string run(RrlTable& t, const IpAddress& source, int n,
                ResponseClass cls = ResponseClass::kAnswer, uint64_t name = 7) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    switch (t.account(source, cls, name)) {
      case RrlAction::kSend:
        out += 'S';
        break;
      case RrlAction::kDrop:
        out += 'D';
        break;
      case RrlAction::kSlip:
        out += 'T';
        break;
    }
  }
  return out;
}

TEST(RrlTable, AFreshBucketAllowsRateTimesWindowThenLimits) {
  FakeClock clock;
  RrlTable t(policy(5, 2, 0), clock, 1);
  EXPECT_EQ(run(t, ip("192.0.2.1"), 12), "SSSSSSSSSSDD");
  RrlStats s = t.stats();
  EXPECT_EQ(s.dropped[static_cast<size_t>(ResponseClass::kAnswer)], 2u);
  EXPECT_EQ(s.slipped[static_cast<size_t>(ResponseClass::kAnswer)], 0u);
}

TEST(RrlTable, RefillsAtTheRateUpToTheWindow) {
  FakeClock clock;
  RrlTable t(policy(10, 1, 0), clock, 1);
  IpAddress a = ip("192.0.2.1");
  EXPECT_EQ(run(t, a, 11), "SSSSSSSSSSD");
  clock.advance(milliseconds(250));  // 2.5 responses earned: two now, the half kept
  EXPECT_EQ(run(t, a, 3), "SSD");
  clock.advance(milliseconds(50));  // the kept half plus a half
  EXPECT_EQ(run(t, a, 2), "SD");
  clock.advance(std::chrono::seconds(60));  // refills to the window, not beyond
  EXPECT_EQ(run(t, a, 11), "SSSSSSSSSSD");
}

TEST(RrlTable, SourcesInOnePrefixShareABucketOtherPrefixesDoNot) {
  FakeClock clock;
  RrlTable t(policy(2, 1, 0), clock, 1);
  EXPECT_EQ(run(t, ip("192.0.2.1"), 2), "SS");
  EXPECT_EQ(run(t, ip("192.0.2.200"), 1), "D");  // same /24
  EXPECT_EQ(run(t, ip("192.0.3.1"), 3), "SSD");  // another /24
  EXPECT_EQ(run(t, ip("2001:db8:0:100::1"), 2), "SS");
  EXPECT_EQ(run(t, ip("2001:db8:0:1ff::2"), 1), "D");    // same /56
  EXPECT_EQ(run(t, ip("2001:db8:0:200::1"), 3), "SSD");  // another /56
}

TEST(RrlTable, PrefixLengthsAreConfigurable) {
  FakeClock clock;
  RrlPolicy p = policy(1, 1, 0);
  p.ipv4PrefixLength = 32;
  p.ipv6PrefixLength = 128;
  RrlTable t(p, clock, 1);
  EXPECT_EQ(run(t, ip("192.0.2.1"), 2), "SD");
  EXPECT_EQ(run(t, ip("192.0.2.2"), 2), "SD");
  EXPECT_EQ(run(t, ip("2001:db8::1"), 2), "SD");
  EXPECT_EQ(run(t, ip("2001:db8::2"), 2), "SD");
}

TEST(RrlTable, ClassesAndNamesAreLimitedApart) {
  FakeClock clock;
  RrlTable t(policy(1, 1, 0), clock, 1);
  IpAddress a = ip("198.51.100.9");
  EXPECT_EQ(run(t, a, 2, ResponseClass::kNxdomain, 1), "SD");
  EXPECT_EQ(run(t, a, 2, ResponseClass::kAnswer, 1), "SD");
  EXPECT_EQ(run(t, a, 2, ResponseClass::kAnswer, 2), "SD");
  EXPECT_EQ(t.stats().dropped[static_cast<size_t>(ResponseClass::kNxdomain)], 1u);
  EXPECT_EQ(t.stats().dropped[static_cast<size_t>(ResponseClass::kAnswer)], 2u);
}

TEST(RrlTable, SlipSendsEveryNthLimitedResponseTruncated) {
  FakeClock clock;
  RrlTable never(policy(1, 1, 0), clock, 1), always(policy(1, 1, 1), clock, 1),
      third(policy(1, 1, 3), clock, 1);
  IpAddress a = ip("192.0.2.1");
  EXPECT_EQ(run(never, a, 7), "SDDDDDD");
  EXPECT_EQ(run(always, a, 7), "STTTTTT");
  EXPECT_EQ(run(third, a, 7), "SDDTDDT");
  RrlStats s = third.stats();
  EXPECT_EQ(s.dropped[0], 4u);
  EXPECT_EQ(s.slipped[0], 2u);
  // A response sent restarts the count.
  clock.advance(std::chrono::seconds(1));
  EXPECT_EQ(run(third, a, 4), "SDDT");
}

TEST(RrlTable, ACollidingKeyTakesOverWithOneSecondsWorth) {
  FakeClock clock;
  RrlPolicy p = policy(2, 4, 0);
  p.tableSize = 1;  // every key in the same bucket
  RrlTable t(p, clock, 1);
  EXPECT_EQ(run(t, ip("192.0.2.1"), 9), "SSSSSSSSD");  // fresh: the whole window
  EXPECT_EQ(run(t, ip("192.0.3.1"), 3), "SSD");        // took over a live bucket
  clock.advance(std::chrono::seconds(4));
  EXPECT_EQ(run(t, ip("192.0.2.1"), 9), "SSSSSSSSD");  // the old one idle a window: full
}

TEST(RrlTable, WorkersSharingTheTableSendExactlyTheRate) {
  FakeClock clock;
  RrlTable t(policy(1000, 1, 0), clock, 1);
  std::atomic<int> sent{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        if (t.account(ip("192.0.2.1"), ResponseClass::kAnswer, 7) == RrlAction::kSend) ++sent;
    });
  for (auto& w : workers) w.join();
  EXPECT_EQ(sent.load(), 1000);
  EXPECT_EQ(t.stats().dropped[0], 3000u);
}

TEST(RrlPolicy, ValidateNamesTheField) {
  RrlPolicy p = policy(10, 1, 2);
  EXPECT_TRUE(validate(p).ok());
  p.ipv4PrefixLength = 33;
  EXPECT_EQ(validate(p).error().message, "rrl.ipv4-prefix-length: must be 0..32");
  p = policy(10, 0, 2);
  EXPECT_EQ(validate(p).error().message, "rrl.window: must be at least 1 second");
  p = policy(4'000'000, 2, 2);
  EXPECT_FALSE(validate(p).ok());
  p.responsesPerSecond = 0;  // off: nothing else matters
  EXPECT_TRUE(validate(p).ok());
}

TEST(ResponseClass, HashNameFoldsCase) {
  std::vector<uint8_t> lower = {3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
  std::vector<uint8_t> mixed = {3, 'W', 'w', 'W', 7, 'E', 'x', 'A', 'm', 'p', 'l', 'e', 0};
  std::vector<uint8_t> other = {3, 'w', 'w', 'x', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};
  EXPECT_EQ(hashName(lower), hashName(mixed));
  EXPECT_NE(hashName(lower), hashName(other));
  EXPECT_EQ(responseClassName(ResponseClass::kNxdomain), "nxdomain");
}

}  // namespace
}  // namespace anycast::dns::rrl
