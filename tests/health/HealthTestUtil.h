// Helpers for the health checks' tests against real servers and processes on this machine:
// an event loop driven until a condition holds (bounded, never a timing assertion), programs
// looked up in PATH, and processes started by the test and ended by their PID.
#pragma once

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <asio.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "base/Text.h"
#include "bgp/session/AsioTimers.h"
#include "health/CheckFactory.h"
#include "health/SteadyClock.h"

extern char** environ;

namespace anycast::health::testutil {

// Generous: a loaded 2-core machine may be slow, but a condition that never holds still ends.
constexpr std::chrono::seconds kBound{10};

// Runs `io` until `done()` holds or kBound passes; returns done().
inline bool runUntil(asio::io_context& io, const std::function<bool()>& done) {
  auto deadline = std::chrono::steady_clock::now() + kBound;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.restart();
    if (io.run_one_for(std::chrono::milliseconds(20)) == 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

// The program's path (PATH, then the sbin directories, where knotd lives), or nullopt.
inline std::optional<std::string> findProgram(const std::string& name) {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin";
  for (std::string_view dir : strings::split(path, ':', true)) {
    std::string candidate = std::string(dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// A process the test started; killed (SIGKILL) and reaped by its PID when it goes, also when
// the test fails.
class TestProcess {
 public:
  explicit TestProcess(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (::posix_spawnp(&pid_, args[0], nullptr, nullptr, args.data(), environ) != 0) pid_ = 0;
  }
  ~TestProcess() { stop(); }
  TestProcess(const TestProcess&) = delete;
  TestProcess& operator=(const TestProcess&) = delete;

  pid_t pid() const { return pid_; }
  // Kills it without reaping: it stays a zombie (its pid taken) until stop().
  void kill() const {
    if (pid_ > 0) ::kill(pid_, SIGKILL);
  }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = 0;
};

// A fresh directory under the test temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "anycast-health-XXXXXX";
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name, const std::string& content = "") const {
    std::string p = path_ + "/" + name;
    std::ofstream(p) << content;
    return p;
  }

 private:
  std::string path_;
};

// A loopback port nobody listens on (bound, then released).
inline uint16_t freePort(bool udp) {
  asio::io_context io;
  if (udp) {
    asio::ip::udp::socket s(io, asio::ip::udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    return s.local_endpoint().port();
  }
  asio::ip::tcp::acceptor a(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  return a.local_endpoint().port();
}

// A process is dead: no /proc entry, or a zombie (an orphan whose reaper is not ours).
inline bool processDead(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  if (text.empty()) return true;
  size_t paren = text.rfind(')');
  return paren != std::string::npos && paren + 2 < text.size() && text[paren + 2] == 'Z';
}

inline bool processGone(pid_t pid) {
  return !std::filesystem::exists("/proc/" + std::to_string(pid));
}

// A check on its own event loop, with the production timers and clock.
struct CheckHarness {
  CheckHarness() = default;
  explicit CheckHarness(const CheckConfig& config) { start(config); }
  // Builds the check (a valid one) and starts it.
  void start(const CheckConfig& config) {
    auto valid = config.validate();
    EXPECT_TRUE(valid.ok()) << (valid.ok() ? ""
                                           : valid.error().field + ": " + valid.error().message);
    check = makeCheck(config, io, timers, clock);
    check->start();
  }
  ~CheckHarness() { check.reset(); }  // before the timers and the loop
  bool runUntilState(CheckState state) {
    return runUntil(io, [&] { return check->state() == state; });
  }
  // Until the latest result's detail contains `text`.
  bool runUntilDetail(const std::string& text) {
    return runUntil(io, [&] { return check->stats().last.detail.find(text) != std::string::npos; });
  }
  std::string detail() const { return check->stats().last.detail; }

  asio::io_context io;
  bgp::AsioTimerFactory timers{io};
  SteadyClock clock;
  std::unique_ptr<CheckRunner> check;
};

// Fast settings for tests: the bound is kBound, not these.
inline CheckConfig testConfig(CheckKind kind) {
  CheckConfig c = CheckConfig::forKind(kind);
  c.interval = std::chrono::milliseconds(50);
  c.timeout = std::chrono::seconds(2);  // a slow machine must not turn a pass into a timeout
  c.rise = 1;
  c.fall = 1;
  return c;
}

}  // namespace anycast::health::testutil
