// WireLoop: the wire's data plane — one thread, one io_uring (IoUring.h) for every TAP. Each
// TAP has one multishot read (IORING_OP_READ_MULTISHOT) drawing buffers that the loop provides
// from the FramePool (IORING_OP_PROVIDE_BUFFERS, batched with the other requests), so frames
// arrive as completions, in order, in batches, without a
// system call per frame; due frames leave as IORING_OP_WRITE requests, submitted together. One
// io_uring_enter per turn submits the writes and waits for the next completion or for the
// earliest due frame (the wait's timeout: no timer descriptor to re-arm). Other threads post
// work through an eventfd polled by the ring.
//
// Why not epoll + read/write per frame: on this machine a system call costs ~1-2 us (a VM
// with page-table isolation), so two per frame plus the wakeups held the wire to 47k-68k
// frames/s; see bench/lab/wire.sh. Everything here runs on the loop thread except post() and
// stop().
#pragma once

#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/UniqueFd.h"
#include "lab/wire/Engine.h"
#include "lab/wire/IoUring.h"

namespace anycast::lab::wire {

class WireLoop : private FrameSink {
 public:
  // Throws std::system_error if the eventfd cannot be made. The ring is made by run().
  explicit WireLoop(Engine& engine);
  ~WireLoop() override;

  // Loop thread: the link in `slot` forwards between these TAPs from now on; the loop owns
  // and closes them.
  void attach(uint32_t slot, UniqueFd a, UniqueFd b);
  // Loop thread: stops reading the link's TAPs and closes them (the interfaces go away).
  void detach(uint32_t slot);

  // Runs until stop(); returns at once if io_uring cannot be set up (waitStarted() says why).
  void run();
  // Any thread: blocks until run() has set up its ring, or failed to.
  Result<Ok> waitStarted();
  // Any thread.
  void stop();
  void post(std::function<void()> work);

 private:
  struct Tap {
    UniqueFd fd;
    bool reading = false;  // a multishot read is armed
    bool broken = false;   // the TAP failed for good (its namespace was deleted)
  };
  struct Ports {
    uint32_t linkId;
    std::array<Tap, 2> taps;
  };

  void send(const Departure& departure) override;
  void armReads();
  void armWake();
  void refillBuffers();
  void onCompletion(const io_uring_cqe& cqe, TimePoint now);
  void onRead(const io_uring_cqe& cqe, TimePoint now);
  void drainUnbuffered(uint32_t slot, Side side, Tap& tap);
  void runPosted();

  Engine& engine_;
  UniqueFd wake_;
  std::unique_ptr<IoUring> ring_;
  uint32_t buffersProvided_ = 0;
  std::unordered_map<uint32_t, Ports> ports_;  // by slot
  bool stopping_ = false;                      // loop thread's copy, set by a posted closure
  uint64_t wakeCount_ = 0;                     // the eventfd read's target

  std::promise<Result<Ok>> started_;
  std::shared_future<Result<Ok>> startedResult_ = started_.get_future().share();

  std::mutex mutex_;  // guards posted_
  std::vector<std::function<void()>> posted_;
};

}  // namespace anycast::lab::wire
