// Process checks watch a real process: its death is seen through the pidfd as an event that
// moves the check down at once (not through `fall` failed probes), and a restarted process is
// found again by the next probe.
#include <gtest/gtest.h>

#include "HealthTestUtil.h"
#include "health/ProcessProbe.h"

namespace anycast::health {
namespace {

using namespace testutil;

CheckConfig pidfileCheck(const std::string& pidfile) {
  CheckConfig c = testConfig(CheckKind::kProcess);
  c.process.pidfile = pidfile;
  c.fall = 1000;  // so that only the death event can take it down within the test's bound
  return c;
}

TEST(ProcessCheck, DeathIsAnEventAndARestartIsFoundAgain) {
  TempDir dir;
  std::string pidfile = dir.path() + "/service.pid";
  auto service = std::make_unique<TestProcess>(std::vector<std::string>{"sleep", "30"});
  ASSERT_GT(service->pid(), 0);
  dir.file("service.pid", std::to_string(service->pid()) + "\n");

  CheckHarness h(pidfileCheck(pidfile));
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  EXPECT_EQ(h.detail(), "pid " + std::to_string(service->pid()) + " (sleep) running");

  service->kill();  // a zombie now, not reaped: the pidfd is readable all the same
  ASSERT_TRUE(h.runUntilState(CheckState::kDown)) << h.detail();
  const CheckStats& s = h.check->stats();
  EXPECT_EQ(s.certainFailures, 1u);  // the death event did it, not 1000 failed probes
  EXPECT_EQ(s.transitions, 2u);
  EXPECT_EQ(s.last.detail, "pid " + std::to_string(service->pid()) + " (sleep) exited");
  // The next probes look it up again and find no live process behind the pidfile.
  ASSERT_TRUE(h.runUntilDetail("is not running")) << h.detail();
  EXPECT_EQ(h.check->state(), CheckState::kDown);
  service->stop();

  TestProcess restarted({"sleep", "30"});
  dir.file("service.pid", std::to_string(restarted.pid()));
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  EXPECT_EQ(h.detail(), "pid " + std::to_string(restarted.pid()) + " (sleep) running");
}

TEST(ProcessCheck, FindsAProcessByCommandName) {
  TempDir dir;
  // A unique name for /proc/PID/comm: the kernel takes it from the executed path's last part.
  std::string name = "hc" + std::to_string(::getpid());
  std::filesystem::create_symlink(*findProgram("sleep"), dir.path() + "/" + name);
  TestProcess service({dir.path() + "/" + name, "30"});
  CheckConfig c = testConfig(CheckKind::kProcess);
  c.process.command = name;
  c.fall = 1000;
  CheckHarness h(c);
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  EXPECT_EQ(h.detail(), "pid " + std::to_string(service.pid()) + " (" + name + ") running");
  service.kill();
  ASSERT_TRUE(h.runUntilState(CheckState::kDown)) << h.detail();
  EXPECT_EQ(h.check->stats().certainFailures, 1u);
}

TEST(ProcessCheck, LookupFailuresSayWhy) {
  TempDir dir;
  TestProcess sleeper({"sleep", "30"});
  std::string pidfile = dir.file("x.pid", std::to_string(sleeper.pid()));
  struct Case {
    ProcessCheckConfig config;
    std::string error;
  };
  const Case cases[] = {
      {{dir.path() + "/missing.pid", ""},
       "pidfile " + dir.path() + "/missing.pid: No such file or directory"},
      {{dir.file("empty.pid", "\n"), ""}, "pidfile " + dir.path() + "/empty.pid holds no pid"},
      {{pidfile, "nginx"},
       "pid " + std::to_string(sleeper.pid()) + " from " + pidfile +
           " is \"sleep\", not \"nginx\""},
      {{"", "no-such-daemon"}, "no process named \"no-such-daemon\""},
  };
  for (const Case& c : cases) {
    auto found = findProcess(c.config);
    ASSERT_FALSE(found.ok()) << c.error;
    EXPECT_EQ(found.error().message, c.error);
  }
  auto found = findProcess(ProcessCheckConfig{pidfile, "sleep"});
  ASSERT_TRUE(found.ok()) << found.error().message;
  EXPECT_EQ(found->pid, sleeper.pid());
}

}  // namespace
}  // namespace anycast::health
