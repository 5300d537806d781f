// WireLoop: the io_uring data plane around the Engine (see WireLoop.h).
#include "lab/wire/WireLoop.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "base/Log.h"

namespace anycast::lab::wire {
namespace {

constexpr unsigned kSubmissionEntries = 1024;
constexpr unsigned kCompletionEntries = 8192;
constexpr uint16_t kBufferGroup = 0;
constexpr uint32_t kProvidedBuffers = 2048;  // buffers provided to the kernel for reads at a time

// user_data: kind in the top 2 bits, then the fields of that kind.
//   read:  slot (32) | side (1)                  write: linkId (24) | slot (20) | dir (1) | frame
//   (16)
enum Kind : uint64_t { kRead = 0, kWrite = 1, kWake = 2, kProvide = 3 };
Kind kindOf(uint64_t u) { return static_cast<Kind>(u >> 62); }
uint64_t readTag(uint32_t slot, Side side) {
  return (uint64_t(kRead) << 62) | (uint64_t(slot) << 1) | uint64_t(side);
}
uint64_t writeTag(const Departure& d) {
  return (uint64_t(kWrite) << 62) | (uint64_t(d.linkId & 0xffffff) << 37) |
         (uint64_t(d.slot & 0xfffff) << 17) | (uint64_t(d.dir) << 16) | d.frame;
}

}  // namespace

WireLoop::WireLoop(Engine& engine) : engine_(engine) {
  wake_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
  if (!wake_.valid()) throw std::system_error(errno, std::generic_category(), "eventfd");
}

WireLoop::~WireLoop() = default;

void WireLoop::attach(uint32_t slot, UniqueFd a, UniqueFd b) {
  Ports& p = ports_[slot];
  p.linkId = engine_.at(slot)->id;
  p.taps[0] = Tap{std::move(a)};
  p.taps[1] = Tap{std::move(b)};
  armReads();
}

void WireLoop::detach(uint32_t slot) {
  auto it = ports_.find(slot);
  if (it == ports_.end()) return;
  // A pending read holds a reference to its TAP: cancel it (synchronously) so that closing
  // the descriptor removes the interface now.
  if (ring_) {
    ring_->cancel(readTag(slot, Side::kA));
    ring_->cancel(readTag(slot, Side::kB));
  }
  ports_.erase(it);
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
  std::vector<std::function<void()>> work;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work.swap(posted_);
  }
  for (auto& w : work) w();
}

void WireLoop::armWake() {
  io_uring_sqe* s = ring_->sqe();
  s->opcode = IORING_OP_READ;
  s->fd = wake_.get();
  s->addr = reinterpret_cast<uint64_t>(&wakeCount_);
  s->len = sizeof wakeCount_;
  s->user_data = uint64_t(kWake) << 62;
}

void WireLoop::armReads() {
  if (!ring_) return;  // run() arms every TAP when it starts
  for (auto& [slot, ports] : ports_) {
    for (size_t side = 0; side < 2; ++side) {
      Tap& tap = ports.taps[side];
      if (tap.reading || tap.broken) continue;
      io_uring_sqe* s = ring_->sqe();
      if (!s) return;  // the submission queue is full: next turn
      s->opcode = IORING_OP_READ_MULTISHOT;
      s->fd = tap.fd.get();
      s->flags = IOSQE_BUFFER_SELECT;
      s->buf_group = kBufferGroup;
      s->user_data = readTag(slot, static_cast<Side>(side));
      tap.reading = true;
    }
  }
}

void WireLoop::refillBuffers() {
  FramePool& pool = engine_.pool();
  while (buffersProvided_ < kProvidedBuffers) {
    uint32_t frame = pool.acquire();
    if (frame == FramePool::kNone) break;
    if (!ring_->provideBuffers(pool.data(frame), FramePool::kFrameBytes, 1,
                               static_cast<uint16_t>(frame), kBufferGroup,
                               uint64_t(kProvide) << 62)) {
      pool.release(frame);
      break;
    }
    ++buffersProvided_;
  }
}

void WireLoop::send(const Departure& d) {
  io_uring_sqe* s = ring_->sqe();
  if (!s) {  // cannot happen while the queue is flushed when full; counted if it does
    engine_.pool().release(d.frame);
    engine_.written(d.slot, d.linkId, d.dir, -ENOSPC);
    return;
  }
  s->opcode = IORING_OP_WRITE;
  s->fd = d.port;
  s->addr = reinterpret_cast<uint64_t>(engine_.pool().data(d.frame));
  s->len = d.size;
  s->off = uint64_t(-1);  // a TAP has no file position
  s->user_data = writeTag(d);
}

void WireLoop::drainUnbuffered(uint32_t slot, Side side, Tap& tap) {
  // Every buffer is in flight: read what waits into scratch and count it as a queue drop, so
  // the TAP's own queue does not overflow uncounted.
  uint8_t scratch[FramePool::kFrameBytes];
  for (int i = 0; i < 256; ++i) {
    ssize_t n = ::read(tap.fd.get(), scratch, sizeof scratch);
    if (n <= 0) return;
    engine_.at(slot)->from(side).dropUnbuffered(static_cast<uint32_t>(n));
  }
}

void WireLoop::onRead(const io_uring_cqe& cqe, TimePoint now) {
  uint32_t slot = static_cast<uint32_t>((cqe.user_data >> 1) & 0xffffffff);
  Side side = static_cast<Side>(cqe.user_data & 1);
  bool hasBuffer = cqe.flags & IORING_CQE_F_BUFFER;
  uint32_t frame = cqe.flags >> IORING_CQE_BUFFER_SHIFT;
  if (hasBuffer) --buffersProvided_;
  auto it = ports_.find(slot);
  if (it == ports_.end()) {  // detached: a cancelled read, or a frame read just before
    if (hasBuffer) engine_.pool().release(frame);
    return;
  }
  Tap& tap = it->second.taps[size_t(side)];
  if (!(cqe.flags & IORING_CQE_F_MORE)) tap.reading = false;  // re-armed next turn
  if (cqe.res > 0 && hasBuffer) {
    engine_.receive(slot, side, frame, static_cast<uint32_t>(cqe.res), now);
    return;
  }
  if (hasBuffer) engine_.pool().release(frame);
  if (cqe.res == -ENOBUFS) {
    if (engine_.pool().inUse() == engine_.pool().capacity() && buffersProvided_ == 0) {
      drainUnbuffered(slot, side, tap);
    }
  } else if (cqe.res <= 0 && cqe.res != -ECANCELED) {  // 0: end of file (never from a TAP)
    LOG_WARN("wire-tap-failed",
             LogFields()
                 .kv("link", engine_.at(slot)->name)
                 .kv("side", side == Side::kA ? "a" : "b")
                 .kv("error", cqe.res ? std::strerror(-cqe.res) : "end of file"));
    tap.broken = true;  // frames toward it now count as drop-error
  }
}

void WireLoop::onCompletion(const io_uring_cqe& cqe, TimePoint now) {
  switch (kindOf(cqe.user_data)) {
    case kRead:
      onRead(cqe, now);
      break;
    case kWrite: {
      uint64_t u = cqe.user_data;
      engine_.pool().release(static_cast<uint32_t>(u & 0xffff));
      uint32_t slot = static_cast<uint32_t>((u >> 17) & 0xfffff);
      Link* link = engine_.at(slot);
      // The tag keeps the id's low 24 bits: compare those.
      if (link && (link->id & 0xffffff) == ((u >> 37) & 0xffffff)) {
        engine_.written(slot, link->id, static_cast<uint8_t>((u >> 16) & 1), cqe.res);
      }
      break;
    }
    case kWake:
      runPosted();
      if (!stopping_) armWake();
      break;
    case kProvide:
      if (cqe.res < 0) {
        LOG_ERROR("wire-provide-buffers-failed", LogFields().kv("error", std::strerror(-cqe.res)));
      }
      break;
  }
}

Result<Ok> WireLoop::waitStarted() { return startedResult_.get(); }

void WireLoop::run() {
  try {
    ring_ = std::make_unique<IoUring>(kSubmissionEntries, kCompletionEntries);
  } catch (const std::system_error& e) {  // e.g. io_uring disabled (kernel.io_uring_disabled)
    started_.set_value(failWith(std::string("io_uring: ") + e.what()));
    return;
  }
  started_.set_value(Ok{});
  armWake();
  while (!stopping_) {
    refillBuffers();
    armReads();
    std::optional<std::chrono::nanoseconds> wait;
    if (auto due = engine_.nextDue()) {
      wait = std::max(std::chrono::nanoseconds(0), *due - std::chrono::steady_clock::now());
    }
    ring_->submitAndWait(wait);
    TimePoint now = std::chrono::steady_clock::now();
    ring_->forEachCompletion([&](const io_uring_cqe& cqe) { onCompletion(cqe, now); });
    engine_.transmitDue(std::chrono::steady_clock::now(), *this);
  }
  for (auto& [slot, ports] : ports_) {  // let the TAPs go when their descriptors close
    ring_->cancel(readTag(slot, Side::kA));
    ring_->cancel(readTag(slot, Side::kB));
  }
  ring_.reset();
}

}  // namespace anycast::lab::wire
