#include "lab/Process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace anycast::lab {
namespace {

using Clock = std::chrono::steady_clock;

// In the child, before exec: enter the namespace, detach, set up descriptors. Only
// async-signal-safe calls; on failure the child reports on `errorFd` and exits 127.
[[noreturn]] void execChild(const char* netnsPath, const std::vector<char*>& argv, int outFd,
                            int errorFd) {
  auto die = [&](const char* what) {
    int e = errno;
    (void)!::write(errorFd, what, std::strlen(what));
    (void)!::write(errorFd, ": ", 2);
    const char* text = std::strerror(e);
    (void)!::write(errorFd, text, std::strlen(text));
    ::_exit(127);
  };
  if (netnsPath) {
    int fd = ::open(netnsPath, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("open namespace");
    if (::setns(fd, CLONE_NEWNET) != 0) die("setns");
  }
  ::setsid();
  int null = ::open("/dev/null", O_RDONLY);
  if (null < 0 || ::dup2(null, 0) < 0 || ::dup2(outFd, 1) < 0 || ::dup2(outFd, 2) < 0) die("dup2");
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execvp(argv[0], argv.data());
  die(argv[0]);
  ::_exit(127);
}

// fork + exec; `outFd` becomes the child's stdout and stderr. An exec failure is returned.
Result<pid_t> spawn(const std::string& netns, const std::vector<std::string>& args, int outFd) {
  if (args.empty()) return failWith("nothing to run");
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::string netnsPath = "/run/netns/" + netns;  // no allocation after fork
  int errorPipe[2];
  if (::pipe2(errorPipe, O_CLOEXEC) != 0)
    return failWith(std::string("pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) return failWith(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(errorPipe[0]);
    execChild(netns.empty() ? nullptr : netnsPath.c_str(), argv, outFd, errorPipe[1]);
  }
  ::close(errorPipe[1]);
  // EOF at once: exec succeeded (the pipe is close-on-exec); else the child's reason.
  std::string error;
  char buffer[256];
  for (ssize_t n; (n = ::read(errorPipe[0], buffer, sizeof buffer)) > 0;)
    error.append(buffer, static_cast<size_t>(n));
  ::close(errorPipe[0]);
  if (!error.empty()) {
    ::waitpid(pid, nullptr, 0);
    return failWith(args[0] + (netns.empty() ? "" : " in " + netns) + ": " + error);
  }
  return pid;
}

std::string joined(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

namespace {

struct ProcessStat {
  char state = 0;  // R, S, D, Z, ...
  uint64_t startTime = 0;
};

ProcessStat statOf(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return {};
  // Field 2 (comm) may hold spaces and parentheses: the fields after it follow the last ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream fields(stat.substr(close + 2));
  ProcessStat result;
  std::string field;
  for (int i = 3; i <= 22 && fields >> field; ++i) {
    if (i == 3) result.state = field[0];
    if (i == 22) result.startTime = std::stoull(field);
  }
  return result;
}

}  // namespace

uint64_t processStartTime(pid_t pid) { return statOf(pid).startTime; }

Result<StartedProcess> startIn(const std::string& netns, const std::vector<std::string>& argv,
                               const std::string& logFile, std::string what) {
  int out = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (out < 0) return failWith("open " + logFile + ": " + std::strerror(errno));
  auto pid = spawn(netns, argv, out);
  ::close(out);
  if (!pid) return fail(pid.error());
  return StartedProcess{*pid, processStartTime(*pid), std::move(what)};
}

Result<std::string> runIn(const std::string& netns, const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout) {
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0)
    return failWith(std::string("pipe: ") + std::strerror(errno));
  auto pid = spawn(netns, argv, pipeFds[1]);
  ::close(pipeFds[1]);
  if (!pid) {
    ::close(pipeFds[0]);
    return fail(pid.error());
  }
  std::string output;
  auto deadline = Clock::now() + timeout;
  bool timedOut = false;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timedOut = true;
      break;
    }
    pollfd p{pipeFds[0], POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char buffer[4096];
    ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
    if (n <= 0) break;
    output.append(buffer, static_cast<size_t>(n));
  }
  ::close(pipeFds[0]);
  if (timedOut) ::kill(-*pid, SIGKILL);
  int status = 0;
  ::waitpid(*pid, &status, 0);
  std::string where = netns.empty() ? "" : " (in " + netns + ")";
  if (timedOut)
    return failWith(joined(argv) + where + ": no answer in " + std::to_string(timeout.count()) +
                    " ms");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                        : "killed by signal " + std::to_string(WTERMSIG(status));
    return failWith(joined(argv) + where + ": " + how + (output.empty() ? "" : ": " + output));
  }
  return output;
}

bool isRunning(const StartedProcess& p) {
  if (p.pid <= 0 || p.startTime == 0) return false;
  ProcessStat stat = statOf(p.pid);
  return stat.startTime == p.startTime && stat.state != 'Z';  // a zombie has ended
}

void killProcess(const StartedProcess& p) {
  if (!isRunning(p)) return;
  ::kill(p.pid, SIGKILL);
  ::waitpid(p.pid, nullptr, 0);  // ECHILD when it is not ours: init reaps it
}

void stopProcess(const StartedProcess& p, std::chrono::milliseconds grace) {
  if (!isRunning(p)) return;
  ::kill(p.pid, SIGTERM);
  auto deadline = Clock::now() + grace;
  while (Clock::now() < deadline) {
    if (::waitpid(p.pid, nullptr, WNOHANG) == p.pid || !isRunning(p)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (isRunning(p)) ::kill(p.pid, SIGKILL);
  ::waitpid(p.pid, nullptr, WNOHANG);
}

}  // namespace anycast::lab
