// Exec checks run real commands: exit status, output in the detail, the timeout killing the
// whole process group, and no zombie left behind.
#include <gtest/gtest.h>

#include "HealthTestUtil.h"
#include "health/ExecProbe.h"

namespace anycast::health {
namespace {

using namespace testutil;

CheckConfig execCheck(std::vector<std::string> argv) {
  CheckConfig c = testConfig(CheckKind::kExec);
  c.exec.argv = std::move(argv);
  return c;
}

// This process's children, from /proc (so also zombies not reaped yet).
std::vector<pid_t> ourChildren() {
  std::vector<pid_t> children;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    auto pid = strings::parseNumber<pid_t>(entry.path().filename().string());
    if (!pid) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    size_t paren = text.rfind(')');
    if (paren == std::string::npos) continue;
    auto fields = strings::split(std::string_view(text).substr(paren + 1), ' ', true);
    if (fields.size() > 1 && strings::parseNumber<pid_t>(fields[1]) == ::getpid())
      children.push_back(*pid);
  }
  return children;
}

std::optional<pid_t> pidIn(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::getline(in, text);
  return strings::parseNumber<pid_t>(text);
}

TEST(ExecCheck, ExitStatusAndOutput) {
  struct Case {
    std::vector<std::string> argv;
    CheckState state;
    const char* detail;
  };
  const Case cases[] = {
      {{"true"}, CheckState::kUp, "exit status 0"},
      {{"sh", "-c", "echo; echo boom >&2; echo more; exit 3"},
       CheckState::kDown,
       "exit status 3: boom"},
      {{"sh", "-c", "kill -TERM $$"}, CheckState::kDown, "killed by signal 15 (Terminated)"},
      {{"/nonexistent/check"},
       CheckState::kDown,
       "spawn /nonexistent/check: No such file or directory"},
  };
  for (const Case& c : cases) {
    CheckHarness h(execCheck(c.argv));
    ASSERT_TRUE(h.runUntilState(c.state)) << c.detail << " -> " << h.detail();
    EXPECT_EQ(h.detail(), c.detail);
  }
}

TEST(ExecCheck, TimeoutKillsAndReaps) {
  CheckConfig c = execCheck({"sleep", "30"});
  c.timeout = std::chrono::milliseconds(300);
  CheckHarness h(c);
  ASSERT_TRUE(h.runUntilDetail("timeout after 300 ms")) << h.detail();
  EXPECT_EQ(h.check->state(), CheckState::kDown);
  h.check->stop();
  // The killed child is reaped by its pending exit watch: no child of ours remains, zombie or not.
  EXPECT_TRUE(runUntil(h.io, [] { return ourChildren().empty(); }));
}

TEST(ExecCheck, CancelKillsTheWholeProcessGroup) {
  TempDir dir;
  std::string childFile = dir.path() + "/child", grandchildFile = dir.path() + "/grandchild";
  asio::io_context io;
  auto probe = std::make_unique<ExecProbe>(
      io, std::vector<std::string>{
              "sh", "-c",
              "echo $$ > " + childFile + "; sleep 30 & echo $! > " + grandchildFile + "; wait"});
  bool finished = false;
  probe->start([&](ProbeResult) { finished = true; });
  ASSERT_TRUE(runUntil(io, [&] { return pidIn(childFile) && pidIn(grandchildFile); }));
  pid_t child = *pidIn(childFile), grandchild = *pidIn(grandchildFile);
  EXPECT_FALSE(processDead(grandchild));
  probe->cancel();  // what the runner does on timeout
  EXPECT_TRUE(runUntil(io, [&] { return processGone(child) && processDead(grandchild); }))
      << "child " << child << " grandchild " << grandchild;
  EXPECT_FALSE(finished);  // a cancelled probe reports nothing
}

TEST(ExecCheck, NothingOutlivesASuccessfulCommand) {
  TempDir dir;
  std::string grandchildFile = dir.path() + "/grandchild";
  CheckHarness h(execCheck({"sh", "-c", "sleep 30 & echo $! > " + grandchildFile}));
  ASSERT_TRUE(h.runUntilState(CheckState::kUp)) << h.detail();
  h.check->stop();
  auto grandchild = pidIn(grandchildFile);
  ASSERT_TRUE(grandchild);
  EXPECT_TRUE(runUntil(h.io, [&] { return processDead(*grandchild); }));
}

}  // namespace
}  // namespace anycast::health
