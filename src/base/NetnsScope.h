// NetnsScope: the calling thread inside another network namespace for a while — a socket or a
// TAP made meanwhile belongs to that namespace for good — and always back in its own
// afterwards (setns(2), CLONE_NEWNET). Not for threads that run anything else meanwhile.
#pragma once

#include <string>

#include "base/Result.h"
#include "base/UniqueFd.h"

namespace anycast {

class NetnsScope {
 public:
  NetnsScope() = default;
  NetnsScope(const NetnsScope&) = delete;
  NetnsScope& operator=(const NetnsScope&) = delete;
  // Back to the thread's own namespace; aborts if that fails (the thread would go on in a
  // foreign namespace, and nothing it did after could be trusted).
  ~NetnsScope();

  // Enters the namespace at `path` (/run/netns/NAME, /proc/PID/ns/net).
  Result<Ok> enter(const std::string& path);

 private:
  UniqueFd home_;
  bool entered_ = false;
};

}  // namespace anycast
