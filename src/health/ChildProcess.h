// ChildProcess: a command run for a check. The child gets its own session (setsid), so its
// whole process group — the shell and whatever it started — can be killed with one
// kill(-pgid, SIGKILL); stdin is /dev/null, stdout and stderr go to a pipe of which the first
// kMaxOutput bytes are kept (the rest is read and dropped, so a chatty command never blocks);
// no other descriptor of the daemon is inherited; signal dispositions and mask are reset.
// The exit is seen through a pidfd (PidFd), the child reaped at once: never a zombie.
#pragma once

#include <sys/types.h>

#include <array>
#include <asio.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/Result.h"
#include "health/PidFd.h"

namespace anycast::health {

struct ExitStatus {
  bool success = false;     // exited with status 0
  std::string description;  // "exit status 1", "killed by signal 9 (Killed)"
  std::string output;       // the first kMaxOutput bytes of stdout and stderr
};

class ChildProcess : public std::enable_shared_from_this<ChildProcess> {
 public:
  static constexpr size_t kMaxOutput = 512;

  // Starts argv (argv[0] looked up in PATH). Errors: "spawn foo: No such file or directory".
  static Result<std::shared_ptr<ChildProcess>> spawn(asio::io_context& io,
                                                     const std::vector<std::string>& argv);
  // Kills what is left of the group and reaps the child if that has not happened: only at
  // shutdown, when the event loop no longer runs (SIGKILL makes the wait short).
  ~ChildProcess();

  // `onExit` runs once the child has exited and been reaped; what remained of its process
  // group is killed first, so nothing it started outlives the check. The pending wait keeps
  // this object alive: dropping the last other reference does not stop the reaping.
  void wait(std::function<void(const ExitStatus&)> onExit);
  // SIGKILL to the whole process group (a timeout); the child is still reaped by wait().
  void kill();

 private:
  ChildProcess(asio::io_context& io, pid_t pid, PidFd pidfd, int outputFd);
  void readOutput();
  void keep(const char* data, size_t n);
  void reap();

  pid_t pid_;
  PidFd pidfd_;
  asio::posix::stream_descriptor output_;
  std::array<char, 4096> chunk_{};
  std::string kept_;
  bool reaped_ = false;
  std::function<void(const ExitStatus&)> onExit_;
};

}  // namespace anycast::health
