#include "health/ProcessProbe.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "base/Text.h"

namespace anycast::health {
namespace {

constexpr size_t kMaxPidfile = 64;

// A small file's content: a pidfile, /proc/PID/comm, /proc/PID/stat.
std::optional<std::string> readSmallFile(const std::string& path, size_t max) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string text(max, '\0');
  in.read(text.data(), static_cast<std::streamsize>(max));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

std::optional<std::string> commOf(const std::string& procRoot, pid_t pid) {
  auto comm = readSmallFile(procRoot + "/" + std::to_string(pid) + "/comm", 64);
  if (!comm) return std::nullopt;
  if (!comm->empty() && comm->back() == '\n') comm->pop_back();
  return comm;
}

// From /proc/PID/stat (proc(5)): the state (field 3) and the start time (field 22), read after
// the last ')' since the command name in field 2 may hold spaces and parentheses.
struct ProcStat {
  char state = '?';
  uint64_t startTime = 0;
};
std::optional<ProcStat> statOf(const std::string& procRoot, pid_t pid) {
  auto stat = readSmallFile(procRoot + "/" + std::to_string(pid) + "/stat", 1024);
  if (!stat) return std::nullopt;
  size_t paren = stat->rfind(')');
  if (paren == std::string::npos) return std::nullopt;
  auto fields = strings::split(std::string_view(*stat).substr(paren + 1), ' ', true);
  if (fields.size() < 20) return std::nullopt;
  auto start = strings::parseNumber<uint64_t>(fields[19]);
  if (fields[0].empty() || !start) return std::nullopt;
  return ProcStat{fields[0][0], *start};
}

std::string describe(pid_t pid, const std::string& comm) {
  return "pid " + std::to_string(pid) + " (" + comm + ")";
}

Result<FoundProcess> fromPidfile(const ProcessCheckConfig& config, const std::string& procRoot) {
  errno = 0;
  auto text = readSmallFile(config.pidfile, kMaxPidfile);
  if (!text)
    return failWith("pidfile " + config.pidfile + ": " + std::strerror(errno ? errno : ENOENT));
  auto pid = strings::parseNumber<pid_t>(strings::trim(*text, " \t\r\n"));
  if (!pid || *pid <= 0) return failWith("pidfile " + config.pidfile + " holds no pid");
  auto comm = commOf(procRoot, *pid);
  if (!comm)
    return failWith("pid " + std::to_string(*pid) + " from " + config.pidfile + " is not running");
  if (!config.command.empty() && *comm != config.command) {
    return failWith("pid " + std::to_string(*pid) + " from " + config.pidfile + " is \"" + *comm +
                    "\", not \"" + config.command + "\"");
  }
  return FoundProcess{*pid, describe(*pid, *comm)};
}

// The oldest live process of that name: for a service with workers, usually its master.
Result<FoundProcess> fromCommand(const ProcessCheckConfig& config, const std::string& procRoot) {
  std::optional<FoundProcess> best;
  uint64_t bestStart = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(procRoot, ec)) {
    auto pid = strings::parseNumber<pid_t>(entry.path().filename().string());
    if (!pid) continue;
    auto comm = commOf(procRoot, *pid);
    if (!comm || *comm != config.command) continue;
    auto stat = statOf(procRoot, *pid);
    if (!stat || stat->state == 'Z' || stat->state == 'X') continue;
    if (!best || stat->startTime < bestStart) {
      best = FoundProcess{*pid, describe(*pid, *comm)};
      bestStart = stat->startTime;
    }
  }
  if (ec) return failWith(procRoot + ": " + ec.message());
  if (!best) return failWith("no process named \"" + config.command + "\"");
  return *best;
}

}  // namespace

Result<FoundProcess> findProcess(const ProcessCheckConfig& config, const std::string& procRoot) {
  return config.pidfile.empty() ? fromCommand(config, procRoot) : fromPidfile(config, procRoot);
}

ProcessProbe::ProcessProbe(asio::io_context& io, ProcessCheckConfig config)
    : io_(io), config_(std::move(config)) {}

void ProcessProbe::start(Done done) {
  completion_ = std::make_shared<Completion>(std::move(done));
  Result<std::string> outcome =
      watch_ ? Result<std::string>(watch_->description + " running") : watch();
  bool ok = outcome.ok();
  std::string detail = ok ? std::move(*outcome) : std::move(outcome.error().message);
  asio::post(io_, [c = completion_, ok, detail = std::move(detail)] { c->complete(ok, detail); });
}

Result<std::string> ProcessProbe::watch() {
  auto found = findProcess(config_);
  if (!found) return failWith(found.error().message);
  auto pidfd = PidFd::open(io_, found->pid);
  // A zombie still has its /proc entry; its pidfd is readable at once.
  if (!pidfd || pidfd->exited()) return failWith(found->description + " is not running");
  watch_ = std::make_shared<Watch>(Watch{std::move(*pidfd), found->description});
  watch_->pidfd.onExit([this, w = std::weak_ptr<Watch>(watch_)](const asio::error_code& ec) {
    // Only while this probe still holds that watch: so `this` is alive.
    if (auto watch = w.lock(); watch && !ec) onDeath(watch);
  });
  return found->description + " running";
}

void ProcessProbe::onDeath(const std::shared_ptr<Watch>& watch) {
  watch_.reset();
  emitEvent(ProbeResult{false, watch->description + " exited", {}});
}

void ProcessProbe::cancel() {
  if (completion_) completion_->abandon();
  completion_.reset();
}

}  // namespace anycast::health
