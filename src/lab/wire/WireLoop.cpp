// WireLoop: epoll(7), timerfd_create(2) (CLOCK_MONOTONIC, the clock of steady_clock) and
// eventfd(2) around the Engine (see WireLoop.h).
#include "lab/wire/WireLoop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/Log.h"

namespace anycast::lab::wire {
namespace {

// epoll data: the timer, the wakeup, or a TAP as (slot << 1 | side) + 2.
constexpr uint64_t kTimerTag = 0;
constexpr uint64_t kWakeTag = 1;
uint64_t tapTag(uint32_t slot, Side side) { return ((uint64_t(slot) << 1) | uint64_t(side)) + 2; }

UniqueFd checked(int fd, const char* what) {
  if (fd < 0) throw std::system_error(errno, std::generic_category(), what);
  return UniqueFd(fd);
}

void watch(int epoll, int fd, uint64_t tag) {
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = tag;
  if (::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) != 0) {
    throw std::system_error(errno, std::generic_category(), "epoll_ctl");
  }
}

}  // namespace

WireLoop::WireLoop(Engine& engine)
    : engine_(engine),
      epoll_(checked(::epoll_create1(EPOLL_CLOEXEC), "epoll_create1")),
      timer_(checked(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC), "timerfd")),
      wake_(checked(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC), "eventfd")) {
  watch(epoll_.get(), timer_.get(), kTimerTag);
  watch(epoll_.get(), wake_.get(), kWakeTag);
}

WireLoop::~WireLoop() = default;

Result<Ok> WireLoop::attach(uint32_t slot, UniqueFd a, UniqueFd b) {
  try {
    watch(epoll_.get(), a.get(), tapTag(slot, Side::kA));
    watch(epoll_.get(), b.get(), tapTag(slot, Side::kB));
  } catch (const std::system_error& e) {
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, a.get(), nullptr);
    return failWith(e.what());
  }
  taps_[slot] = {std::move(a), std::move(b)};
  return Ok{};
}

void WireLoop::detach(uint32_t slot) {
  auto it = taps_.find(slot);
  if (it == taps_.end()) return;
  for (auto& fd : it->second) ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd.get(), nullptr);
  taps_.erase(it);  // closing a non-persistent TAP removes the interface
}

void WireLoop::post(std::function<void()> work) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    posted_.push_back(std::move(work));
  }
  uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_.get(), &one, sizeof one);
}

void WireLoop::stop() {
  post([this] { stopping_ = true; });
}

void WireLoop::runPosted() {
  uint64_t count;
  [[maybe_unused]] ssize_t n = ::read(wake_.get(), &count, sizeof count);
  std::vector<std::function<void()>> work;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work.swap(posted_);
  }
  for (auto& w : work) w();
}

void WireLoop::readTap(uint32_t slot, Side side, int fd) {
  FramePool& pool = engine_.pool();
  for (int i = 0; i < kReadBudget; ++i) {
    uint32_t frame = pool.acquire();
    if (frame == FramePool::kNone) {  // every buffer is in flight: read and drop, counted
      uint8_t scratch[FramePool::kFrameBytes];
      ssize_t n = ::read(fd, scratch, sizeof scratch);
      if (n <= 0) return;
      engine_.at(slot)->from(side).dropUnbuffered(static_cast<uint32_t>(n));
      continue;
    }
    ssize_t n = ::read(fd, pool.data(frame), FramePool::kFrameBytes);
    if (n <= 0) {
      pool.release(frame);
      if (n < 0 && errno != EAGAIN) unwatch(fd);
      return;
    }
    engine_.receive(slot, side, frame, static_cast<uint32_t>(n), std::chrono::steady_clock::now());
  }
}

void WireLoop::unwatch(int fd) {
  // The TAP is broken for good (e.g. its namespace was deleted under us): stop polling it, or
  // its error would wake the loop forever. Frames toward it now count as drop-error.
  LOG_WARN("wire-tap-failed", LogFields().kv("fd", fd).kv("error", std::strerror(errno)));
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
}

bool WireLoop::send(int port, const uint8_t* data, size_t size) {
  return ::write(port, data, size) == static_cast<ssize_t>(size);
}

void WireLoop::armTimer() {
  std::optional<TimePoint> due = engine_.nextDue();
  TimePoint want = due.value_or(TimePoint::max());
  if (want == armedAt_) return;
  armedAt_ = want;
  itimerspec spec{};  // all zero: disarm
  if (due) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(due->time_since_epoch()).count();
    spec.it_value.tv_sec = ns / 1000000000;
    spec.it_value.tv_nsec = ns % 1000000000;
    if (ns <= 0) spec.it_value.tv_nsec = 1;  // zero would disarm
  }
  ::timerfd_settime(timer_.get(), TFD_TIMER_ABSTIME, &spec, nullptr);
}

void WireLoop::run() {
  constexpr int kMaxEvents = 64;
  epoll_event events[kMaxEvents];
  while (!stopping_) {
    int n = ::epoll_wait(epoll_.get(), events, kMaxEvents, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      LOG_ERROR("wire-epoll-failed", LogFields().kv("error", std::strerror(errno)));
      return;
    }
    for (int i = 0; i < n; ++i) {
      uint64_t tag = events[i].data.u64;
      if (tag == kTimerTag) {
        uint64_t expirations;
        [[maybe_unused]] ssize_t r = ::read(timer_.get(), &expirations, sizeof expirations);
        armedAt_ = TimePoint::max();
      } else if (tag == kWakeTag) {
        runPosted();
      } else {
        uint32_t slot = static_cast<uint32_t>((tag - 2) >> 1);
        Side side = static_cast<Side>((tag - 2) & 1);
        auto it = taps_.find(slot);
        if (it != taps_.end()) readTap(slot, side, it->second[size_t(side)].get());
      }
    }
    engine_.transmitDue(std::chrono::steady_clock::now(), *this);
    armTimer();
  }
}

}  // namespace anycast::lab::wire
