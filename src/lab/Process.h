// Process: the lab's programs (routers, site daemons, the wire, commands such as `ip`), run
// inside a node's network namespace. A started daemon is remembered by PID *and* start time
// (/proc/PID/stat field 22), so that `down` — possibly another anycast-lab process, after a
// crash — ends exactly the processes the lab started and never one that reused the PID.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "base/Result.h"

namespace anycast::lab {

struct StartedProcess {
  pid_t pid = 0;
  uint64_t startTime = 0;  // clock ticks after boot; 0 = unknown
  std::string what;        // for messages: "router teu1 (anycastd)"
};

// Starts `argv` in namespace `netns` ("" = ours) in its own session, stdin /dev/null, stdout
// and stderr appended to `logFile`; returns at once.
Result<StartedProcess> startIn(const std::string& netns, const std::vector<std::string>& argv,
                               const std::string& logFile, std::string what);

// Runs `argv` in `netns` to completion, at most `timeout`; its stdout and stderr, or an error
// naming the command, its exit and its output.
Result<std::string> runIn(const std::string& netns, const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(10));

// The process is still the one that was started (same PID, same start time).
bool isRunning(const StartedProcess& p);
// SIGTERM, then SIGKILL after `grace`; does nothing to a process that is no longer the one
// started. Reaps it when it is our child.
void stopProcess(const StartedProcess& p, std::chrono::milliseconds grace);

// SIGKILL at once (a crash), if it is still the process that was started; reaped if ours.
void killProcess(const StartedProcess& p);

// Start time of `pid` from /proc, 0 if it does not exist.
uint64_t processStartTime(pid_t pid);

}  // namespace anycast::lab
