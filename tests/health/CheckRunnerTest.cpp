#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "../bgp/session/FakeTimers.h"
#include "health/CheckRunner.h"
#include "health/ServiceHealth.h"

namespace anycast::health {
namespace {

using std::chrono::milliseconds;
using testing::FakeTimers;

// A probe finished by hand.
class FakeProbe : public Probe {
 public:
  void start(Done done) override {
    ++started;
    done_ = std::move(done);
  }
  void cancel() override {
    if (done_) ++cancelled;
    done_ = nullptr;
  }
  bool inFlight() const { return static_cast<bool>(done_); }
  void finish(bool ok, std::string detail = "") {
    ASSERT_TRUE(done_) << "no probe in flight";
    Done done = std::move(done_);
    done_ = nullptr;
    done(ProbeResult{ok, std::move(detail), {}});
  }
  void die(std::string detail) { emitEvent(ProbeResult{false, std::move(detail), {}}); }

  int started = 0;
  int cancelled = 0;

 private:
  Done done_;
};

CheckConfig config(Duration interval, Duration timeout, uint32_t rise, uint32_t fall) {
  CheckConfig c = CheckConfig::forKind(CheckKind::kTcp);
  c.name = "fake";
  c.interval = interval;
  c.timeout = timeout;
  c.rise = rise;
  c.fall = fall;
  return c;
}

struct Fixture {
  explicit Fixture(CheckConfig c) {
    auto p = std::make_unique<FakeProbe>();
    probe = p.get();
    runner = std::make_unique<CheckRunner>(std::move(c), std::move(p), timers, timers);
    runner->setOnChange([this](const CheckRunner& r, CheckState previous) {
      changes.push_back({previous, r.state()});
    });
  }
  void advance(Duration d) { timers.advance(d); }

  FakeTimers timers;  // and the latency clock
  FakeProbe* probe = nullptr;
  std::unique_ptr<CheckRunner> runner;
  std::vector<std::pair<CheckState, CheckState>> changes;
};

TEST(CheckRunner, ProbesEveryIntervalAndRisesAfterRise) {
  Fixture f(config(milliseconds(100), milliseconds(50), 2, 2));
  f.runner->start();
  EXPECT_EQ(f.probe->started, 1);  // the first probe at once
  f.advance(milliseconds(5));
  f.probe->finish(true, "fine");
  EXPECT_EQ(f.runner->state(), CheckState::kUnknown);
  f.advance(milliseconds(95));
  EXPECT_EQ(f.probe->started, 2);
  f.probe->finish(true, "fine");
  EXPECT_EQ(f.runner->state(), CheckState::kUp);
  ASSERT_EQ(f.changes.size(), 1u);
  EXPECT_EQ(f.changes[0], std::make_pair(CheckState::kUnknown, CheckState::kUp));

  const CheckStats& s = f.runner->stats();
  EXPECT_EQ(s.successes, 2u);
  EXPECT_EQ(s.transitions, 1u);
  EXPECT_EQ(s.consecutiveSuccesses, 2u);
  EXPECT_EQ(s.last.detail, "fine");
  EXPECT_EQ(s.latency.count(), 2u);
  // Cumulative buckets: the instant probe is <= 1 ms, the 5 ms one <= 5 ms.
  EXPECT_EQ(s.latency.bucket(0), 1u);
  EXPECT_EQ(s.latency.bucket(1), 1u);
  EXPECT_EQ(s.latency.bucket(2), 2u);
  EXPECT_DOUBLE_EQ(s.latency.sumSeconds(), 0.005);
}

TEST(CheckRunner, TimeoutFailsTheProbeAndCancelsIt) {
  Fixture f(config(milliseconds(200), milliseconds(150), 2, 2));
  f.runner->start();
  f.advance(milliseconds(150));
  EXPECT_EQ(f.probe->cancelled, 1);
  EXPECT_EQ(f.runner->stats().last.detail, "timeout after 150 ms");
  EXPECT_EQ(f.runner->stats().failures, 1u);
  f.advance(milliseconds(50));  // next interval
  f.advance(milliseconds(150));
  EXPECT_EQ(f.runner->state(), CheckState::kDown);
  EXPECT_EQ(f.probe->cancelled, 2);
}

TEST(CheckRunner, ProbesNeverOverlapWhenTimeoutExceedsInterval) {
  Fixture f(config(milliseconds(100), milliseconds(300), 1, 1));
  f.runner->start();
  f.advance(milliseconds(250));  // two intervals pass with the probe still in flight
  EXPECT_EQ(f.probe->started, 1);
  f.probe->finish(true);
  EXPECT_EQ(f.probe->started, 2);  // the overdue probe starts when the last one ends
  f.advance(milliseconds(99));
  EXPECT_EQ(f.probe->started, 2);
}

TEST(CheckRunner, DeathEventGoesDownAtOnce) {
  Fixture f(config(milliseconds(100), milliseconds(100), 1, 5));
  f.runner->start();
  f.probe->finish(true);
  ASSERT_EQ(f.runner->state(), CheckState::kUp);
  f.probe->die("pid 7 (nginx) exited");
  EXPECT_EQ(f.runner->state(), CheckState::kDown);  // not after 5 failures
  EXPECT_EQ(f.runner->stats().certainFailures, 1u);
  EXPECT_EQ(f.runner->stats().last.detail, "pid 7 (nginx) exited");
  f.runner->stop();
  f.probe->die("ignored while stopped");
  EXPECT_EQ(f.runner->stats().certainFailures, 1u);
}

TEST(CheckRunner, StopCancelsAndStartResumes) {
  Fixture f(config(milliseconds(100), milliseconds(100), 1, 1));
  f.runner->start();
  f.runner->stop();
  EXPECT_EQ(f.probe->cancelled, 1);
  EXPECT_EQ(f.timers.running(), 0u);
  f.advance(milliseconds(1000));
  EXPECT_EQ(f.probe->started, 1);
  f.runner->start();
  EXPECT_EQ(f.probe->started, 2);
}

TEST(CheckRunner, EmbeddedReportsAreCertain) {
  FakeTimers timers;
  CheckConfig c = CheckConfig::forKind(CheckKind::kEmbedded);
  CheckRunner runner(c, nullptr, timers, timers);
  runner.start();
  EXPECT_EQ(timers.running(), 0u);
  runner.report(true, "serving");
  EXPECT_EQ(runner.state(), CheckState::kUp);
  runner.report(false, "zone expired");
  EXPECT_EQ(runner.state(), CheckState::kDown);
  EXPECT_EQ(runner.stats().last.detail, "zone expired");
}

TEST(Combine, AllAndAny) {
  using S = CheckState;
  struct Case {
    std::vector<S> states;
    S all;
    S any;
  };
  const Case cases[] = {
      {{}, S::kUp, S::kDown},
      {{S::kUp, S::kUp}, S::kUp, S::kUp},
      {{S::kUp, S::kDown}, S::kDown, S::kUp},
      {{S::kUp, S::kUnknown}, S::kUnknown, S::kUp},
      {{S::kDown, S::kUnknown}, S::kDown, S::kUnknown},
      {{S::kDown, S::kDown}, S::kDown, S::kDown},
      {{S::kUnknown, S::kUnknown}, S::kUnknown, S::kUnknown},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(combine(Combine::kAll, c.states), c.all) << c.states.size();
    EXPECT_EQ(combine(Combine::kAny, c.states), c.any) << c.states.size();
  }
}

TEST(ServiceHealth, ReportsEveryChangeWithItsReason) {
  FakeTimers timers;
  auto embedded = [&](std::string name) {
    CheckConfig c = CheckConfig::forKind(CheckKind::kEmbedded);
    c.name = std::move(name);
    return std::make_unique<CheckRunner>(c, nullptr, timers, timers);
  };
  for (Combine how : {Combine::kAll, Combine::kAny}) {
    std::vector<std::unique_ptr<CheckRunner>> checks;
    checks.push_back(embedded("dns"));
    checks.push_back(embedded("http"));
    std::vector<HealthChange> changes;
    ServiceHealth service("web", how, std::move(checks),
                          [&](const HealthChange& c) { changes.push_back(c); });
    EXPECT_EQ(service.state(), CheckState::kUnknown);
    service.check("dns")->report(true, "NOERROR");
    service.check("http")->report(true, "status 200");
    service.check("http")->report(false, "status 503 Service Unavailable, expected 200");
    if (how == Combine::kAll) {
      ASSERT_EQ(changes.size(), 2u);
      EXPECT_EQ(changes[0].state, CheckState::kUp);
      EXPECT_EQ(changes[0].check, "http");  // the last one to come up
      EXPECT_EQ(changes[1].previous, CheckState::kUp);
      EXPECT_EQ(changes[1].state, CheckState::kDown);
      EXPECT_EQ(changes[1].reason(),
                "check http is down: status 503 Service Unavailable, expected 200");
    } else {
      ASSERT_EQ(changes.size(), 1u);  // dns up is enough
      EXPECT_EQ(changes[0].check, "dns");
      EXPECT_EQ(service.state(), CheckState::kUp);
    }
    EXPECT_EQ(service.check("nope"), nullptr);
  }
}

}  // namespace
}  // namespace anycast::health
