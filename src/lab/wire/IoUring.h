// IoUring: a minimal io_uring(7) ring for the wire's data plane, on the raw system calls
// (io_uring_setup(2), io_uring_enter(2), io_uring_register(2)) — no liburing. It gives what the
// wire uses: SQEs, CQE iteration, provided buffers (IORING_OP_PROVIDE_BUFFERS) for multishot
// reads (IORING_OP_READ_MULTISHOT, Linux 6.7), waiting with a timeout (IORING_ENTER_EXT_ARG)
// and synchronous cancellation (IORING_REGISTER_SYNC_CANCEL, 6.0). Buffers are provided with
// the SQE, not a registered buffer ring (IORING_REGISTER_PBUF_RING): on this machine's kernel
// (6.18) a registered ring registers fine but every read from it fails with ENOBUFS.
// The ring is created with SINGLE_ISSUER | DEFER_TASKRUN (6.1): completions are produced only
// inside enter(), in batches, on the thread that created the ring.
#pragma once

#include <linux/io_uring.h>

#include <chrono>
#include <cstdint>
#include <optional>

#include "base/Result.h"
#include "base/UniqueFd.h"

#ifndef IORING_OP_READ_MULTISHOT
#define IORING_OP_READ_MULTISHOT 49  // Linux 6.7; newer than this machine's kernel headers
#endif

namespace anycast::lab::wire {

class IoUring {
 public:
  // Throws std::system_error (e.g. a kernel without io_uring or with it disabled).
  IoUring(unsigned sqEntries, unsigned cqEntries);
  ~IoUring();
  IoUring(const IoUring&) = delete;
  IoUring& operator=(const IoUring&) = delete;

  // A zeroed SQE to fill in; submits what is queued first if the queue is full.
  io_uring_sqe* sqe();
  // Submits every queued SQE and waits until at least one completion is ready or `timeout`
  // passes (nullopt: no limit). Interrupted and timed-out waits are not errors.
  void submitAndWait(std::optional<std::chrono::nanoseconds> timeout);

  // Calls f(const io_uring_cqe&) for every ready completion, then frees them.
  template <class F>
  void forEachCompletion(F&& f) {
    uint32_t head = *cqHead_;
    uint32_t tail = __atomic_load_n(cqTail_, __ATOMIC_ACQUIRE);
    for (; head != tail; ++head) f(cqes_[head & cqMask_]);
    __atomic_store_n(cqHead_, head, __ATOMIC_RELEASE);
  }

  // Queues an IORING_OP_PROVIDE_BUFFERS: `count` buffers of `len` bytes from `addr`, ids from
  // `firstId`, into buffer group `group`. False if the submission queue is full.
  bool provideBuffers(void* addr, uint32_t len, uint16_t count, uint16_t firstId, uint16_t group,
                      uint64_t userData);
  // Cancels the request(s) with this user_data and waits until they are gone.
  void cancel(uint64_t userData);

 private:
  int enter(unsigned toSubmit, unsigned waitFor, unsigned flags, void* arg, size_t argSize);
  void flushSubmissions();

  UniqueFd fd_;
  void* sqRing_ = nullptr;
  size_t sqRingSize_ = 0;
  void* cqRing_ = nullptr;  // == sqRing_ with IORING_FEAT_SINGLE_MMAP
  size_t cqRingSize_ = 0;
  io_uring_sqe* sqes_ = nullptr;
  size_t sqesSize_ = 0;
  uint32_t* sqTail_ = nullptr;
  uint32_t* sqHead_ = nullptr;
  uint32_t sqMask_ = 0;
  uint32_t sqEntries_ = 0;
  uint32_t sqLocalTail_ = 0;
  uint32_t toSubmit_ = 0;
  uint32_t* cqHead_ = nullptr;
  uint32_t* cqTail_ = nullptr;
  uint32_t cqMask_ = 0;
  io_uring_cqe* cqes_ = nullptr;
};

}  // namespace anycast::lab::wire
