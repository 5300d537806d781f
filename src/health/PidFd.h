// PidFd: a process file descriptor (pidfd_open(2), Linux 5.3) on the event loop. It becomes
// readable when the process exits, so an exit is seen at once, without polling, SIGCHLD
// handlers or being the process's parent. It also names that process for good: a pid reused
// by a new process later does not fool it.
#pragma once

#include <sys/types.h>

#include <asio.hpp>
#include <functional>

#include "base/Result.h"

namespace anycast::health {

class PidFd {
 public:
  // Errors: "pidfd_open(1234): No such process".
  static Result<PidFd> open(asio::io_context& io, pid_t pid);

  // The process has exited already (it may still be an unreaped zombie).
  bool exited() const;
  // `handler` runs on the event loop once the process exits, or with operation_aborted after
  // destruction.
  void onExit(std::function<void(const asio::error_code&)> handler);

 private:
  explicit PidFd(asio::posix::stream_descriptor fd) : fd_(std::move(fd)) {}
  mutable asio::posix::stream_descriptor fd_;  // native_handle() is not const
};

}  // namespace anycast::health
