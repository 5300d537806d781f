// ServiceState: every transition of a service's state and what it announces — health, overload
// (absorb or withdraw), drain and undrain, flap hold-down with back-off — on fake time.
#include <gtest/gtest.h>

#include "../bgp/session/FakeTimers.h"
#include "site/ServiceState.h"

namespace anycast::site {
namespace {

using health::CheckState;
using std::chrono::seconds;
using testing::FakeTimers;

class ServiceStateTest : public ::testing::Test {
 protected:
  ServiceConfig config = [] {
    ServiceConfig c;
    c.name = "dns";
    c.drain.duration = seconds(30);
    c.flap = {.holdDown = seconds(1), .maxHoldDown = seconds(4), .stableAfter = seconds(10)};
    return c;
  }();
  FakeTimers timers;
  std::vector<std::string> changes;
  std::unique_ptr<ServiceState> state = make();

  std::unique_ptr<ServiceState> make() {
    return std::make_unique<ServiceState>(
        config, timers, timers,
        [this](ServiceStatus, const std::string& why) { changes.push_back(why); });
  }
  void expect(ServiceStatus status, Announcement announcement) {
    EXPECT_EQ(statusName(state->status()), statusName(status));
    EXPECT_EQ(announcementName(state->announcement()), announcementName(announcement));
  }
};

TEST_F(ServiceStateTest, StartsSilentThenFollowsHealth) {
  expect(ServiceStatus::kStarting, Announcement::kNone);
  state->setHealth(CheckState::kUp, "check dns is up");
  expect(ServiceStatus::kUp, Announcement::kNormal);
  state->setHealth(CheckState::kDown, "check dns is down: timeout");
  expect(ServiceStatus::kDown, Announcement::kNone);
  EXPECT_EQ(state->reason(), "check dns is down: timeout");
  EXPECT_EQ(changes.size(), 2u);
}

TEST_F(ServiceStateTest, FailureCanDepreferInsteadOfWithdraw) {
  config.onFailure = FailureAction::kDeprefer;
  state->setHealth(CheckState::kDown, "never worked");
  expect(ServiceStatus::kDown, Announcement::kDepreferred);
}

TEST_F(ServiceStateTest, OverloadIsItsOwnStateAbsorbingOrWithdrawing) {
  state->setHealth(CheckState::kUp, "up");
  state->setOverloaded(true, "check load is down");
  expect(ServiceStatus::kOverloaded, Announcement::kNormal);  // absorb, the default
  config.onOverload = OverloadAction::kWithdraw;
  EXPECT_EQ(state->announcement(), Announcement::kNone);
  state->setOverloaded(false, "check load is up");
  expect(ServiceStatus::kUp, Announcement::kNormal);
  // A failed service is down, overloaded or not.
  state->setOverloaded(true, "load");
  state->setHealth(CheckState::kDown, "broken");
  expect(ServiceStatus::kDown, Announcement::kNone);
}

TEST_F(ServiceStateTest, DrainAnnouncesGracefulShutdownThenWithdrawsAfterItsTime) {
  state->setHealth(CheckState::kUp, "up");
  state->drain();
  expect(ServiceStatus::kDraining, Announcement::kDraining);
  EXPECT_EQ(state->drainLeft(), seconds(30));
  timers.advance(seconds(29));
  expect(ServiceStatus::kDraining, Announcement::kDraining);
  timers.advance(seconds(1));
  expect(ServiceStatus::kDrained, Announcement::kNone);
  state->undrain();
  expect(ServiceStatus::kUp, Announcement::kNormal);
}

TEST_F(ServiceStateTest, DrainForZeroWithdrawsAtOnceAndUndrainCancelsTheTimer) {
  state->setHealth(CheckState::kUp, "up");
  state->drain(Duration(0));
  expect(ServiceStatus::kDrained, Announcement::kNone);
  state->drain(seconds(5));
  expect(ServiceStatus::kDraining, Announcement::kDraining);
  state->undrain();
  timers.advance(seconds(10));
  expect(ServiceStatus::kUp, Announcement::kNormal);
}

TEST_F(ServiceStateTest, DrainNeverKeepsABrokenServiceAnnounced) {
  state->setHealth(CheckState::kUp, "up");
  state->drain();
  state->setHealth(CheckState::kDown, "broken");
  expect(ServiceStatus::kDown, Announcement::kNone);
}

TEST_F(ServiceStateTest, FlappingServiceIsHeldDownWithExponentialBackOff) {
  state->setHealth(CheckState::kUp, "up");
  timers.advance(seconds(2));  // up for less than stableAfter (10 s): a flap
  state->setHealth(CheckState::kDown, "down");
  state->setHealth(CheckState::kUp, "up again");
  expect(ServiceStatus::kHeldDown, Announcement::kNone);
  EXPECT_EQ(state->flaps(), 1u);
  EXPECT_EQ(state->holdDownLeft(), seconds(1));
  timers.advance(seconds(1));
  expect(ServiceStatus::kUp, Announcement::kNormal);

  // Second and third short-lived ups: 2 s, then 4 s (the cap), then still 4 s.
  for (Duration hold : {seconds(2), seconds(4), seconds(4)}) {
    state->setHealth(CheckState::kDown, "down");
    state->setHealth(CheckState::kUp, "up again");
    EXPECT_EQ(state->holdDownLeft(), hold);
    timers.advance(hold - Duration(1));
    expect(ServiceStatus::kHeldDown, Announcement::kNone);
    timers.advance(Duration(1));
    expect(ServiceStatus::kUp, Announcement::kNormal);
  }

  // Up long enough: the history is forgotten.
  timers.advance(seconds(10));
  state->setHealth(CheckState::kDown, "down");
  state->setHealth(CheckState::kUp, "up again");
  expect(ServiceStatus::kUp, Announcement::kNormal);
  EXPECT_EQ(state->flaps(), 0u);
}

TEST_F(ServiceStateTest, FailingWhileHeldDownCancelsTheHold) {
  state->setHealth(CheckState::kUp, "up");
  state->setHealth(CheckState::kDown, "down");
  state->setHealth(CheckState::kUp, "up again");
  ASSERT_EQ(state->status(), ServiceStatus::kHeldDown);
  state->setHealth(CheckState::kDown, "down again");
  timers.advance(seconds(5));  // the old hold timer must not bring it up
  expect(ServiceStatus::kDown, Announcement::kNone);
}

}  // namespace
}  // namespace anycast::site
