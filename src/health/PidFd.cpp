#include "health/PidFd.h"

#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace anycast::health {

Result<PidFd> PidFd::open(asio::io_context& io, pid_t pid) {
  // glibc 2.36 has no pidfd_open() wrapper; the fd is close-on-exec by the kernel.
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) return failWith("pidfd_open(" + std::to_string(pid) + "): " + std::strerror(errno));
  return PidFd(asio::posix::stream_descriptor(io, fd));
}

bool PidFd::exited() const {
  pollfd p{fd_.native_handle(), POLLIN, 0};
  return ::poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

void PidFd::onExit(std::function<void(const asio::error_code&)> handler) {
  fd_.async_wait(asio::posix::stream_descriptor::wait_read, std::move(handler));
}

}  // namespace anycast::health
