// Engine: links, the schedule across directions, the frame pool — on fake time with a sink
// that records what would be written to which TAP.
#include <gtest/gtest.h>

#include <cstring>

#include "lab/wire/Engine.h"

namespace anycast::lab::wire {
namespace {

using std::chrono::milliseconds;

const TimePoint kT0 = TimePoint() + std::chrono::hours(1);

struct Sent {
  int port;
  uint8_t firstByte;
  size_t size;
  TimePoint at;
};

// Writes at once: records the frame, frees its buffer and reports the result.
class RecordingSink : public FrameSink {
 public:
  explicit RecordingSink(Engine& e) : engine(e) {}
  void send(const Departure& d) override {
    bool ok = d.port != failPort;
    if (ok) sent.push_back({d.port, engine.pool().data(d.frame)[0], d.size, now});
    engine.pool().release(d.frame);
    engine.written(d.slot, d.linkId, d.dir, ok ? int64_t(d.size) : -EIO);
  }
  Engine& engine;
  std::vector<Sent> sent;
  TimePoint now;
  int failPort = -1;
};

class EngineTest : public ::testing::Test {
 protected:
  // A frame of `size` bytes whose first byte is `tag`, received on `from` at `at`.
  void receive(const std::string& link, Side from, uint8_t tag, uint32_t size, TimePoint at) {
    uint32_t frame = engine.pool().acquire();
    ASSERT_NE(frame, FramePool::kNone);
    std::memset(engine.pool().data(frame), tag, size);
    engine.receive(*engine.slotOf(link), from, frame, size, at);
  }
  void runUntil(TimePoint t) {
    sink.now = t;
    engine.transmitDue(t, sink);
  }
  LinkParams delay(double ms) {
    LinkParams p;
    p.delayMs = ms;
    return p;
  }

  Engine engine{64, 1};
  RecordingSink sink{engine};
};

TEST_F(EngineTest, ForwardsEachDirectionToTheOtherSideWhenDue) {
  ASSERT_TRUE(engine.addLink("r1-r2", delay(5), /*portA=*/10, /*portB=*/11).ok());
  receive("r1-r2", Side::kA, 'x', 100, kT0);
  receive("r1-r2", Side::kB, 'y', 60, kT0 + milliseconds(1));
  EXPECT_EQ(engine.nextDue(), kT0 + milliseconds(5));
  runUntil(kT0 + milliseconds(4));
  EXPECT_TRUE(sink.sent.empty());
  runUntil(kT0 + milliseconds(5));
  ASSERT_EQ(sink.sent.size(), 1u);
  EXPECT_EQ(sink.sent[0].port, 11);  // received on A, sent out of B
  EXPECT_EQ(sink.sent[0].firstByte, 'x');
  EXPECT_EQ(engine.nextDue(), kT0 + milliseconds(6));
  runUntil(kT0 + milliseconds(6));
  ASSERT_EQ(sink.sent.size(), 2u);
  EXPECT_EQ(sink.sent[1].port, 10);
  EXPECT_EQ(sink.sent[1].size, 60u);
  EXPECT_EQ(engine.nextDue(), std::nullopt);
  EXPECT_EQ(engine.pool().inUse(), 0u);
  const Link& link = *engine.find("r1-r2");
  EXPECT_EQ(link.dirs[0].counters().txPackets, 1u);
  EXPECT_EQ(link.dirs[0].counters().txBytes, 100u);
  EXPECT_EQ(link.dirs[1].counters().txBytes, 60u);
}

TEST_F(EngineTest, SchedulesAcrossLinksInDueOrder) {
  ASSERT_TRUE(engine.addLink("slow", delay(30), 1, 2).ok());
  ASSERT_TRUE(engine.addLink("fast", delay(10), 3, 4).ok());
  ASSERT_TRUE(engine.addLink("mid", delay(20), 5, 6).ok());
  receive("slow", Side::kA, 's', 64, kT0);
  receive("fast", Side::kA, 'f', 64, kT0);
  receive("mid", Side::kA, 'm', 64, kT0);
  std::string order;
  for (int i = 0; i < 3; ++i) {
    auto due = engine.nextDue();
    ASSERT_TRUE(due);
    runUntil(*due);
    order += char(sink.sent.back().firstByte);
  }
  EXPECT_EQ(order, "fms");
}

TEST_F(EngineTest, ZeroDelayFramesGoOutInTheSameTurn) {
  ASSERT_TRUE(engine.addLink("l", delay(0), 1, 2).ok());
  for (uint8_t i = 0; i < 10; ++i) receive("l", Side::kA, i, 64, kT0);
  runUntil(kT0);
  ASSERT_EQ(sink.sent.size(), 10u);
  for (uint8_t i = 0; i < 10; ++i) EXPECT_EQ(sink.sent[i].firstByte, i);
}

TEST_F(EngineTest, CutDropsQueuedAndNewFramesUntilRestored) {
  ASSERT_TRUE(engine.addLink("l", delay(10), 1, 2).ok());
  receive("l", Side::kA, 'a', 64, kT0);
  receive("l", Side::kB, 'b', 64, kT0);
  Link& link = *engine.find("l");
  engine.setCut(link, true);
  EXPECT_EQ(engine.pool().inUse(), 0u);
  EXPECT_EQ(engine.nextDue(), std::nullopt);  // the stale schedule entries are gone
  receive("l", Side::kA, 'c', 64, kT0 + milliseconds(1));
  runUntil(kT0 + milliseconds(20));
  EXPECT_TRUE(sink.sent.empty());
  EXPECT_EQ(link.dirs[0].counters().dropCut, 2u);
  EXPECT_EQ(link.dirs[1].counters().dropCut, 1u);
  engine.setCut(link, false);
  receive("l", Side::kA, 'd', 64, kT0 + milliseconds(20));
  runUntil(kT0 + milliseconds(30));
  ASSERT_EQ(sink.sent.size(), 1u);
  EXPECT_EQ(sink.sent[0].firstByte, 'd');
  EXPECT_EQ(link.dirs[0].counters().rxPackets, 3u);
  EXPECT_EQ(link.dirs[0].counters().txPackets, 1u);
}

TEST_F(EngineTest, RestoreAfterACutWithAShorterDelayIsNotHeldByTheOldSchedule) {
  ASSERT_TRUE(engine.addLink("l", delay(100), 1, 2).ok());
  receive("l", Side::kA, 'a', 64, kT0);
  Link& link = *engine.find("l");
  engine.setCut(link, true);
  engine.setCut(link, false);
  link.dirs[0].setParams(delay(1));
  receive("l", Side::kA, 'b', 64, kT0);
  EXPECT_EQ(engine.nextDue(), kT0 + milliseconds(1));
  runUntil(kT0 + milliseconds(1));
  EXPECT_EQ(sink.sent.size(), 1u);
}

TEST_F(EngineTest, WriteFailuresAreCounted) {
  ASSERT_TRUE(engine.addLink("l", delay(0), 1, 2).ok());
  sink.failPort = 2;
  receive("l", Side::kA, 'a', 64, kT0);
  runUntil(kT0);
  EXPECT_EQ(engine.find("l")->dirs[0].counters().dropError, 1u);
  EXPECT_EQ(engine.pool().inUse(), 0u);
}

TEST_F(EngineTest, AddAndRemoveLinks) {
  ASSERT_TRUE(engine.addLink("l", delay(10), 1, 2).ok());
  EXPECT_FALSE(engine.addLink("l", delay(10), 3, 4).ok());
  receive("l", Side::kA, 'a', 64, kT0);
  EXPECT_TRUE(engine.removeLink("l"));
  EXPECT_FALSE(engine.removeLink("l"));
  EXPECT_EQ(engine.pool().inUse(), 0u);
  EXPECT_EQ(engine.nextDue(), std::nullopt);
  // The slot is reused; the old schedule entry must not touch the new link.
  ASSERT_TRUE(engine.addLink("m", delay(50), 5, 6).ok());
  receive("m", Side::kA, 'm', 64, kT0);
  runUntil(kT0 + milliseconds(10));
  EXPECT_TRUE(sink.sent.empty());
  runUntil(kT0 + milliseconds(50));
  ASSERT_EQ(sink.sent.size(), 1u);
  EXPECT_EQ(sink.sent[0].port, 6);
  ASSERT_EQ(engine.links().size(), 1u);
  EXPECT_EQ(engine.links()[0]->name, "m");
}

TEST_F(EngineTest, SameSeedSameDrops) {
  auto run = [](uint64_t seed) {
    Engine e(16, seed);
    LinkParams p;
    p.loss = 0.5;
    EXPECT_TRUE(e.addLink("l", p, 1, 2).ok());
    std::string pattern;
    for (int i = 0; i < 64; ++i) {
      uint32_t frame = e.pool().acquire();
      e.receive(*e.slotOf("l"), Side::kA, frame, 64, kT0);
      pattern += e.find("l")->dirs[0].queued() > 0 ? '1' : '0';
      RecordingSink sink(e);
      e.transmitDue(kT0, sink);
    }
    return pattern;
  };
  EXPECT_EQ(run(3), run(3));
  EXPECT_NE(run(3), run(4));
}

TEST(FramePool, HandsOutEachBufferOnceAndReusesTheLastFreed) {
  FramePool pool(3);
  uint32_t a = pool.acquire(), b = pool.acquire(), c = pool.acquire();
  EXPECT_EQ(pool.acquire(), FramePool::kNone);
  EXPECT_NE(a, b);
  EXPECT_NE(b, c);
  EXPECT_EQ(pool.data(b) - pool.data(a), ptrdiff_t(FramePool::kFrameBytes));
  pool.release(b);
  EXPECT_EQ(pool.inUse(), 2u);
  EXPECT_EQ(pool.acquire(), b);
}

}  // namespace
}  // namespace anycast::lab::wire
