// WireLoop: the wire's data plane — one thread, one epoll loop over every TAP, a timerfd armed
// at the earliest due frame, and an eventfd through which other threads post work. Each turn
// it reads every readable TAP until EAGAIN (at most kReadBudget frames per TAP per turn, so a
// flooded link cannot starve the others), hands the frames to the Engine, and writes every
// frame that is due. Everything here runs on the loop thread except post() and stop().
#pragma once

#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "base/UniqueFd.h"
#include "lab/wire/Engine.h"

namespace anycast::lab::wire {

class WireLoop : private FrameSink {
 public:
  static constexpr int kReadBudget = 64;

  explicit WireLoop(Engine& engine);  // throws std::system_error if epoll/timerfd/eventfd fail
  ~WireLoop() override;

  // Loop thread (or before run()): the link in `slot` forwards between these TAPs from now
  // on; the loop owns and closes them. Errors: epoll_ctl failures.
  Result<Ok> attach(uint32_t slot, UniqueFd a, UniqueFd b);
  // Loop thread: stops watching the link's TAPs and closes them (the interfaces go away).
  void detach(uint32_t slot);

  // Runs until stop().
  void run();
  // Any thread.
  void stop();
  void post(std::function<void()> work);

 private:
  bool send(int port, const uint8_t* data, size_t size) override;
  void readTap(uint32_t slot, Side side, int fd);
  void unwatch(int fd);
  void runPosted();
  void armTimer();

  Engine& engine_;
  UniqueFd epoll_;
  UniqueFd timer_;
  UniqueFd wake_;
  std::unordered_map<uint32_t, std::array<UniqueFd, 2>> taps_;
  TimePoint armedAt_{TimePoint::max()};
  bool stopping_ = false;  // loop thread's copy, set by a posted closure

  std::mutex mutex_;  // guards posted_
  std::vector<std::function<void()>> posted_;
};

}  // namespace anycast::lab::wire
