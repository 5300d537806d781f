// IoUring: the raw io_uring system calls and ring memory (see IoUring.h). Ring layout and
// memory ordering as in the io_uring(7) man page's example.
#include "lab/wire/IoUring.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace anycast::lab::wire {
namespace {

[[noreturn]] void throwErrno(const char* what, int err = errno) {
  throw std::system_error(err, std::generic_category(), what);
}

void* mapRing(int fd, size_t size, off_t offset) {
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, offset);
  if (p == MAP_FAILED) throwErrno("io_uring mmap");
  return p;
}

template <class T>
T* at(void* base, uint32_t offset) {
  return reinterpret_cast<T*>(static_cast<char*>(base) + offset);
}

}  // namespace

IoUring::IoUring(unsigned sqEntries, unsigned cqEntries) {
  io_uring_params p{};
  p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  p.cq_entries = cqEntries;
  int fd = static_cast<int>(::syscall(__NR_io_uring_setup, sqEntries, &p));
  if (fd < 0) throwErrno("io_uring_setup");
  fd_.reset(fd);
  if (!(p.features & IORING_FEAT_SINGLE_MMAP) || !(p.features & IORING_FEAT_EXT_ARG)) {
    throwErrno("io_uring features (needs Linux 5.11+)", ENOSYS);
  }
  sqRingSize_ = p.sq_off.array + p.sq_entries * sizeof(uint32_t);
  cqRingSize_ = p.cq_off.cqes + p.cq_entries * sizeof(io_uring_cqe);
  sqRingSize_ = cqRingSize_ = std::max(sqRingSize_, cqRingSize_);
  sqRing_ = cqRing_ = mapRing(fd, sqRingSize_, IORING_OFF_SQ_RING);
  sqesSize_ = p.sq_entries * sizeof(io_uring_sqe);
  sqes_ = static_cast<io_uring_sqe*>(mapRing(fd, sqesSize_, IORING_OFF_SQES));

  sqHead_ = at<uint32_t>(sqRing_, p.sq_off.head);
  sqTail_ = at<uint32_t>(sqRing_, p.sq_off.tail);
  sqMask_ = *at<uint32_t>(sqRing_, p.sq_off.ring_mask);
  sqEntries_ = p.sq_entries;
  sqLocalTail_ = *sqTail_;
  // The SQ index array maps slot i to SQE i, once.
  uint32_t* array = at<uint32_t>(sqRing_, p.sq_off.array);
  for (uint32_t i = 0; i < p.sq_entries; ++i) array[i] = i;

  cqHead_ = at<uint32_t>(cqRing_, p.cq_off.head);
  cqTail_ = at<uint32_t>(cqRing_, p.cq_off.tail);
  cqMask_ = *at<uint32_t>(cqRing_, p.cq_off.ring_mask);
  cqes_ = at<io_uring_cqe>(cqRing_, p.cq_off.cqes);
}

IoUring::~IoUring() {
  if (sqes_) ::munmap(sqes_, sqesSize_);
  if (sqRing_) ::munmap(sqRing_, sqRingSize_);
}

int IoUring::enter(unsigned toSubmit, unsigned waitFor, unsigned flags, void* arg, size_t argSize) {
  return static_cast<int>(
      ::syscall(__NR_io_uring_enter, fd_.get(), toSubmit, waitFor, flags, arg, argSize));
}

io_uring_sqe* IoUring::sqe() {
  uint32_t head = __atomic_load_n(sqHead_, __ATOMIC_ACQUIRE);
  if (sqLocalTail_ - head >= sqEntries_) {
    flushSubmissions();
    head = __atomic_load_n(sqHead_, __ATOMIC_ACQUIRE);
    if (sqLocalTail_ - head >= sqEntries_) return nullptr;
  }
  io_uring_sqe* s = &sqes_[sqLocalTail_ & sqMask_];
  std::memset(s, 0, sizeof *s);
  ++sqLocalTail_;
  ++toSubmit_;
  __atomic_store_n(sqTail_, sqLocalTail_, __ATOMIC_RELEASE);
  return s;
}

void IoUring::flushSubmissions() {
  if (toSubmit_ == 0) return;
  int r = enter(toSubmit_, 0, 0, nullptr, 0);
  if (r > 0) toSubmit_ -= static_cast<uint32_t>(r);
}

void IoUring::submitAndWait(std::optional<std::chrono::nanoseconds> timeout) {
  __kernel_timespec ts{};
  io_uring_getevents_arg arg{};
  if (timeout) {
    ts.tv_sec = timeout->count() / 1000000000;
    ts.tv_nsec = timeout->count() % 1000000000;
    arg.ts = reinterpret_cast<uint64_t>(&ts);
  }
  int r = enter(toSubmit_, 1, IORING_ENTER_GETEVENTS | IORING_ENTER_EXT_ARG, &arg, sizeof arg);
  if (r >= 0)
    toSubmit_ -= std::min<uint32_t>(toSubmit_, static_cast<uint32_t>(r));
  else if (errno != ETIME && errno != EINTR && errno != EBUSY && errno != EAGAIN) {
    throwErrno("io_uring_enter");
  }
}

bool IoUring::provideBuffers(void* addr, uint32_t len, uint16_t count, uint16_t firstId,
                             uint16_t group, uint64_t userData) {
  io_uring_sqe* s = sqe();
  if (!s) return false;
  s->opcode = IORING_OP_PROVIDE_BUFFERS;
  s->fd = count;
  s->addr = reinterpret_cast<uint64_t>(addr);
  s->len = len;
  s->off = firstId;
  s->buf_group = group;
  s->user_data = userData;
  return true;
}

void IoUring::cancel(uint64_t userData) {
  io_uring_sync_cancel_reg reg{};
  reg.addr = userData;
  reg.timeout.tv_sec = -1;
  reg.timeout.tv_nsec = -1;
  reg.flags = IORING_ASYNC_CANCEL_ALL;
  ::syscall(__NR_io_uring_register, fd_.get(), IORING_REGISTER_SYNC_CANCEL, &reg, 1);
}

}  // namespace anycast::lab::wire
