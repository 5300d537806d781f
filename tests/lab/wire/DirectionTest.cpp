// Direction: the per-direction link model on fake time — delay, jitter without reordering,
// seeded loss, rate serialization, queue limits, cut.
#include <gtest/gtest.h>

#include "lab/wire/Direction.h"

namespace anycast::lab::wire {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::nanoseconds;

const TimePoint kT0 = TimePoint() + std::chrono::hours(1);

LinkParams params(double delayMs) {
  LinkParams p;
  p.delayMs = delayMs;
  return p;
}

TEST(Direction, DelaysEachFrameByTheDelay) {
  Direction d(params(5), 1);
  ASSERT_EQ(d.offer(0, 100, kT0), Direction::Verdict::kQueued);
  ASSERT_EQ(d.offer(1, 100, kT0 + milliseconds(2)), Direction::Verdict::kQueued);
  EXPECT_EQ(d.queued(), 2u);
  EXPECT_EQ(d.headDue(), kT0 + milliseconds(5));
  EXPECT_EQ(d.pop().frame, 0u);
  EXPECT_EQ(d.headDue(), kT0 + milliseconds(7));
  EXPECT_EQ(d.pop().frame, 1u);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.counters().rxPackets, 2u);
  EXPECT_EQ(d.counters().rxBytes, 200u);
}

TEST(Direction, FractionalDelay) {
  Direction d(params(0.25), 1);
  ASSERT_EQ(d.offer(0, 60, kT0), Direction::Verdict::kQueued);
  EXPECT_EQ(d.headDue(), kT0 + microseconds(250));
}

class Jitter : public ::testing::TestWithParam<JitterDistribution> {};

// Frames `spacing` apart with 10 ms +- 5 ms; returns the least and greatest delay seen, after
// checking that they leave in arrival order and never earlier than the frame before.
std::pair<nanoseconds, nanoseconds> jitterRun(JitterDistribution dist, nanoseconds spacing) {
  LinkParams p = params(10);
  p.jitterMs = 5;
  p.jitterDistribution = dist;
  Direction d(p, 42);
  for (uint32_t i = 0; i < 2000; ++i) {
    EXPECT_EQ(d.offer(i, 100, kT0 + spacing * i), Direction::Verdict::kQueued);
  }
  TimePoint last{};
  nanoseconds least = nanoseconds::max(), greatest = nanoseconds::min();
  for (uint32_t i = 0; i < 2000; ++i) {
    TimePoint due = d.headDue();
    EXPECT_EQ(d.pop().frame, i);  // FIFO
    EXPECT_GE(due, last);         // never earlier than the frame before
    last = due;
    least = std::min(least, due - (kT0 + spacing * i));
    greatest = std::max(greatest, due - (kT0 + spacing * i));
  }
  return {least, greatest};
}

TEST_P(Jitter, VariesTheDelayButNeverReorders) {
  // Frames further apart than the jitter's spread: each one's delay is its own sample.
  auto [least, greatest] = jitterRun(GetParam(), milliseconds(20));
  EXPECT_GE(least, nanoseconds(0));  // clamped at zero delay
  EXPECT_LT(least, milliseconds(6));
  EXPECT_GT(greatest, milliseconds(14));
  if (GetParam() == JitterDistribution::kUniform) {
    EXPECT_GE(least, milliseconds(5));
    EXPECT_LE(greatest, milliseconds(15));
  }
  // Frames closer than the spread: held behind earlier ones (no reordering), as netem does.
  auto dense = jitterRun(GetParam(), std::chrono::microseconds(100));
  EXPECT_GE(dense.first, nanoseconds(0));
}

INSTANTIATE_TEST_SUITE_P(Distributions, Jitter,
                         ::testing::Values(JitterDistribution::kUniform,
                                           JitterDistribution::kNormal));

size_t lossCount(uint64_t seed, double loss, int frames) {
  LinkParams p;
  p.loss = loss;
  Direction d(p, seed);
  size_t dropped = 0;
  for (int i = 0; i < frames; ++i) {
    if (d.offer(0, 100, kT0) == Direction::Verdict::kDropLoss) ++dropped;
  }
  EXPECT_EQ(d.counters().dropLoss, dropped);
  EXPECT_EQ(d.queued() + dropped, size_t(frames));
  return dropped;
}

TEST(Direction, LossIsSeededAndNearItsRate) {
  size_t dropped = lossCount(7, 0.1, 100000);
  EXPECT_EQ(lossCount(7, 0.1, 100000), dropped);  // the same seed, the same drops
  EXPECT_NE(lossCount(8, 0.1, 100000), dropped);
  EXPECT_NEAR(double(dropped), 10000.0, 400.0);  // > 4 sigma: binomial sd is ~95
  EXPECT_EQ(lossCount(1, 0.0, 1000), 0u);
  EXPECT_EQ(lossCount(1, 1.0, 1000), 1000u);
}

TEST(Direction, RateSerializesFramesBackToBack) {
  LinkParams p = params(2);
  p.rateMbit = 1;  // 125 bytes take 1 ms
  Direction d(p, 1);
  for (uint32_t i = 0; i < 3; ++i) ASSERT_EQ(d.offer(i, 125, kT0), Direction::Verdict::kQueued);
  EXPECT_EQ(d.pop().due, kT0 + milliseconds(1 + 2));
  EXPECT_EQ(d.pop().due, kT0 + milliseconds(2 + 2));
  EXPECT_EQ(d.pop().due, kT0 + milliseconds(3 + 2));
  // An idle link starts serializing at once.
  ASSERT_EQ(d.offer(3, 125, kT0 + milliseconds(10)), Direction::Verdict::kQueued);
  EXPECT_EQ(d.headDue(), kT0 + milliseconds(10 + 1 + 2));
}

TEST(Direction, FullQueueDropsAtTheTail) {
  LinkParams p = params(50);  // long delay: propagating frames do not count against the queue
  p.rateMbit = 1;
  p.queuePackets = 3;
  Direction d(p, 1);
  for (uint32_t i = 0; i < 5; ++i) d.offer(i, 125, kT0);
  EXPECT_EQ(d.queued(), 3u);
  EXPECT_EQ(d.counters().dropQueue, 2u);
  // 1 ms later the first frame is serialized (only propagating): room for one more.
  EXPECT_EQ(d.offer(5, 125, kT0 + milliseconds(1)), Direction::Verdict::kQueued);
  EXPECT_EQ(d.offer(6, 125, kT0 + milliseconds(1)), Direction::Verdict::kDropQueue);
  // After 4 ms everything is serialized: the queue is empty though 4 frames are in flight.
  for (uint32_t i = 7; i < 10; ++i) {
    EXPECT_EQ(d.offer(i, 125, kT0 + milliseconds(4)), Direction::Verdict::kQueued);
  }
  EXPECT_EQ(d.queued(), 7u);
  EXPECT_EQ(d.counters().dropQueue, 3u);
}

TEST(Direction, ByteLimit) {
  LinkParams p;
  p.rateMbit = 1;
  p.queueBytes = 1000;
  Direction d(p, 1);
  EXPECT_EQ(d.offer(0, 600, kT0), Direction::Verdict::kQueued);
  EXPECT_EQ(d.offer(1, 600, kT0), Direction::Verdict::kDropQueue);
  EXPECT_EQ(d.offer(2, 400, kT0), Direction::Verdict::kQueued);
  // Popping a frame that has left the backlog frees its bytes.
  d.pop();
  EXPECT_EQ(d.offer(3, 600, kT0 + milliseconds(5)), Direction::Verdict::kQueued);
}

TEST(Direction, CutDropsArrivalsAndQueuedFrames) {
  Direction d(params(10), 1);
  d.offer(0, 100, kT0);
  d.offer(1, 100, kT0);
  std::vector<uint32_t> released;
  d.setCut(true);
  d.dropAll([&](uint32_t f) { released.push_back(f); });
  EXPECT_EQ(released, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(d.offer(2, 100, kT0), Direction::Verdict::kDropCut);
  EXPECT_EQ(d.counters().dropCut, 3u);
  EXPECT_EQ(d.counters().rxPackets, 3u);
  d.setCut(false);
  EXPECT_EQ(d.offer(3, 100, kT0), Direction::Verdict::kQueued);
}

TEST(Direction, NewSettingsApplyToNewFramesOnly) {
  Direction d(params(20), 1);
  d.offer(0, 100, kT0);
  d.setParams(params(0));
  d.offer(1, 100, kT0 + milliseconds(1));
  EXPECT_EQ(d.pop().due, kT0 + milliseconds(20));
  EXPECT_EQ(d.pop().due, kT0 + milliseconds(20));  // held behind frame 0: no reordering
}

TEST(Direction, RingGrowsPastItsInitialSize) {
  Direction d(params(1), 1);
  for (uint32_t i = 0; i < 1000; ++i) d.offer(i, 100, kT0);
  for (uint32_t i = 0; i < 1000; ++i) ASSERT_EQ(d.pop().frame, i);
}

}  // namespace
}  // namespace anycast::lab::wire
