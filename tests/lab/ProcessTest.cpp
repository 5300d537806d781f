#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <thread>

#include "lab/Process.h"

namespace anycast::lab {
namespace {

using namespace std::chrono_literals;

TEST(Process, RunReturnsOutputOrSaysWhatFailed) {
  auto out = runIn("", {"sh", "-c", "echo hello; echo to-stderr >&2"});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(*out, "hello\nto-stderr\n");
  auto failed = runIn("", {"sh", "-c", "echo oops; exit 3"});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().message, "sh -c echo oops; exit 3: exit status 3: oops\n");
  auto missing = runIn("", {"/nonexistent/tool"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "/nonexistent/tool: /nonexistent/tool: No such file or directory");
  auto slow = runIn("", {"sleep", "5"}, 100ms);
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(slow.error().message, "sleep 5: no answer in 100 ms");
  auto noNamespace = runIn("acl-no-such-namespace", {"true"});
  ASSERT_FALSE(noNamespace.ok());
  EXPECT_EQ(noNamespace.error().message,
            "true in acl-no-such-namespace: open namespace: No such file or directory");
}

TEST(Process, StartedDaemonIsStoppedByIdentity) {
  std::string log = testing::TempDir() + "process-test.log";
  std::remove(log.c_str());
  auto p = startIn("", {"sh", "-c", "echo started; exec sleep 30"}, log, "sleeper");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_TRUE(isRunning(*p));
  StartedProcess impostor = *p;
  impostor.startTime += 1;  // the same PID, another process
  EXPECT_FALSE(isRunning(impostor));
  stopProcess(impostor, 100ms);
  EXPECT_TRUE(isRunning(*p));  // untouched
  std::string line;
  for (int i = 0; i < 200 && line.empty(); ++i) {  // the shell writes it soon after the exec
    std::this_thread::sleep_for(10ms);
    std::ifstream in(log);
    std::getline(in, line);
  }
  EXPECT_EQ(line, "started");
  stopProcess(*p, 2s);
  EXPECT_FALSE(isRunning(*p));
}

}  // namespace
}  // namespace anycast::lab
