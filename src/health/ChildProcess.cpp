#include "health/ChildProcess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>

extern char** environ;

namespace anycast::health {
namespace {

std::string describe(int status) {
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return "killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  return "wait status " + std::to_string(status);
}

// posix_spawn's attribute and file-action objects, destroyed on every path.
struct SpawnSetup {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnSetup() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

}  // namespace

Result<std::shared_ptr<ChildProcess>> ChildProcess::spawn(asio::io_context& io,
                                                          const std::vector<std::string>& argv) {
  if (argv.empty()) return failWith("spawn: no command");
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0)
    return failWith(std::string("pipe: ") + std::strerror(errno));
  // The write end must block in the child (a full pipe waits for our reads, not EAGAIN):
  // dup2 makes a new descriptor, but O_NONBLOCK lives in the shared file description.
  ::fcntl(pipefd[1], F_SETFL, 0);

  SpawnSetup s;
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  // A new session: the child leads its own process group (pgid = pid). Default dispositions
  // for every signal (the daemon may ignore SIGPIPE; ignored signals survive exec).
  posix_spawnattr_setflags(&s.attr,
                           POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setsigmask(&s.attr, &none);
  posix_spawnattr_setsigdefault(&s.attr, &all);
  posix_spawn_file_actions_addopen(&s.actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&s.actions, pipefd[1], 1);
  posix_spawn_file_actions_adddup2(&s.actions, pipefd[1], 2);
  posix_spawn_file_actions_addclosefrom_np(&s.actions, 3);  // no daemon socket leaks into it

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int err = ::posix_spawnp(&pid, args[0], &s.actions, &s.attr, args.data(), environ);
  ::close(pipefd[1]);
  if (err != 0) {
    ::close(pipefd[0]);
    return failWith("spawn " + argv[0] + ": " + std::strerror(err));
  }
  auto pidfd = PidFd::open(io, pid);
  if (!pidfd) {
    // Cannot watch it (a kernel before 5.3): do not leave it running or unreaped.
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    ::close(pipefd[0]);
    return failWith(pidfd.error().message);
  }
  return std::shared_ptr<ChildProcess>(new ChildProcess(io, pid, std::move(*pidfd), pipefd[0]));
}

ChildProcess::ChildProcess(asio::io_context& io, pid_t pid, PidFd pidfd, int outputFd)
    : pid_(pid), pidfd_(std::move(pidfd)), output_(io, outputFd) {}

ChildProcess::~ChildProcess() {
  if (reaped_) return;
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

void ChildProcess::wait(std::function<void(const ExitStatus&)> onExit) {
  onExit_ = std::move(onExit);
  readOutput();
  pidfd_.onExit([self = shared_from_this()](const asio::error_code& ec) {
    if (!ec) self->reap();
  });
}

void ChildProcess::kill() {
  if (!reaped_) ::kill(-pid_, SIGKILL);
}

void ChildProcess::readOutput() {
  output_.async_read_some(asio::buffer(chunk_),
                          [self = shared_from_this()](const asio::error_code& ec, size_t n) {
                            if (ec) return;  // EOF, or closed by reap()
                            self->keep(self->chunk_.data(), n);
                            self->readOutput();
                          });
}

void ChildProcess::keep(const char* data, size_t n) {
  kept_.append(data, std::min(n, kMaxOutput - kept_.size()));
}

void ChildProcess::reap() {
  // The child is a zombie now: its pid, and so its process group id, cannot be reused until
  // it is reaped, so killing the group first cannot hit a stranger.
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
  // What the child wrote before exiting is in the pipe; the pending read may not have run.
  // Bounded: stops when the pipe is empty or enough is kept, whoever else still writes to it.
  for (ssize_t n; kept_.size() < kMaxOutput &&
                  (n = ::read(output_.native_handle(), chunk_.data(), chunk_.size())) > 0;)
    keep(chunk_.data(), static_cast<size_t>(n));
  asio::error_code ignored;
  output_.close(ignored);
  if (auto onExit = std::move(onExit_)) onExit(ExitStatus{status == 0, describe(status), kept_});
}

}  // namespace anycast::health
