#include <gtest/gtest.h>

#include <string>

#include "health/Hysteresis.h"

namespace anycast::health {
namespace {

// Results as a string: '+' success, '-' failure, 'X' certain failure, 'O' certain success;
// the expected states after each as a string: 'u' unknown, 'U' up, 'D' down.
struct Case {
  const char* name;
  uint32_t rise;
  uint32_t fall;
  const char* results;
  const char* states;
};

const Case kCases[] = {
    {"rise 2 from unknown", 2, 2, "++", "uU"},
    {"fall 2 from unknown", 2, 2, "--", "uD"},
    {"rise 1 fall 1 follows every result", 1, 1, "+-+-", "UDUD"},
    {"a success resets the failure count", 3, 2, "+++-+-+--", "uuUUUUUUD"},
    {"a failure resets the success count", 2, 2, "--+-+-++", "uDDDDDDU"},
    {"rise 3 fall 2", 3, 2, "+++--+++", "uuUUDDDU"},
    {"certain failure goes down at once", 2, 3, "++X", "uUD"},
    {"certain failure from unknown", 2, 3, "X", "D"},
    {"after a certain failure, rise counts again", 2, 3, "++X++", "uUDDU"},
    {"certain success goes up at once", 3, 2, "--O", "uDU"},
    {"zero rise and fall act as 1", 0, 0, "+-", "UD"},
};

TEST(Hysteresis, Transitions) {
  for (const Case& c : kCases) {
    Hysteresis h(c.rise, c.fall);
    EXPECT_EQ(h.state(), CheckState::kUnknown);
    std::string states;
    for (const char* r = c.results; *r; ++r) {
      CheckState before = h.state();
      bool changed = (*r == 'X' || *r == 'O') ? h.force(*r == 'O') : h.record(*r == '+');
      EXPECT_EQ(changed, h.state() != before) << c.name << " at " << (r - c.results);
      states += h.state() == CheckState::kUp ? 'U' : h.state() == CheckState::kDown ? 'D' : 'u';
    }
    EXPECT_EQ(states, c.states) << c.name;
  }
}

TEST(Hysteresis, ConsecutiveCounts) {
  Hysteresis h(2, 2);
  h.record(true);
  h.record(true);
  h.record(true);
  EXPECT_EQ(h.consecutiveSuccesses(), 3u);
  EXPECT_EQ(h.consecutiveFailures(), 0u);
  h.record(false);
  EXPECT_EQ(h.consecutiveSuccesses(), 0u);
  EXPECT_EQ(h.consecutiveFailures(), 1u);
  h.force(false);
  EXPECT_EQ(h.consecutiveFailures(), 1u);  // counts restart from a certain result
}

TEST(Hysteresis, StateNames) {
  EXPECT_EQ(stateName(CheckState::kUnknown), "unknown");
  EXPECT_EQ(stateName(CheckState::kUp), "up");
  EXPECT_EQ(stateName(CheckState::kDown), "down");
}

}  // namespace
}  // namespace anycast::health
