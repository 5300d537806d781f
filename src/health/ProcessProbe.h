// ProcessProbe: watches a service's process, found by pidfile or by exact command name
// (/proc/PID/comm), through a pidfd: the process's death is an event (Probe::emitEvent) that
// the runner applies at once, not a failure found at the next probe. Each probe looks the
// process up again while none is watched (a restarted service has a new pid); while one is,
// a probe only confirms it. Reads /proc and the pidfile: small local files, not network I/O.
#pragma once

#include <sys/types.h>

#include <asio.hpp>
#include <memory>
#include <string>

#include "base/Result.h"
#include "health/CheckConfig.h"
#include "health/PidFd.h"
#include "health/Probe.h"

namespace anycast::health {

struct FoundProcess {
  pid_t pid = 0;
  std::string description;  // "pid 1234 (nginx)"
};

// The process `config` names. `procRoot` is "/proc" but for tests. Errors say why none is
// found: "pidfile /run/x.pid: No such file or directory", "no process named \"nginx\"".
Result<FoundProcess> findProcess(const ProcessCheckConfig& config,
                                 const std::string& procRoot = "/proc");

class ProcessProbe : public Probe {
 public:
  ProcessProbe(asio::io_context& io, ProcessCheckConfig config);
  ~ProcessProbe() override { cancel(); }

  void start(Done done) override;
  void cancel() override;

 private:
  struct Watch {
    PidFd pidfd;
    std::string description;
  };
  // Finds the process and starts watching it; the detail of the outcome.
  Result<std::string> watch();
  void onDeath(const std::shared_ptr<Watch>& watch);

  asio::io_context& io_;
  ProcessCheckConfig config_;
  std::shared_ptr<Watch> watch_;
  std::shared_ptr<Completion> completion_;
};

}  // namespace anycast::health
