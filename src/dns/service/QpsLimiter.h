// QpsLimiter: a whole-server cap on answers per second — a token bucket refilled at `rate`
// tokens per second holding at most one second's worth, so a quiet server may answer a burst
// of `rate` at once. The lab sets it as a site's capacity to show overload (what a real site
// does when its CPUs or links are full: it drops). Shared by every worker: one mutex, which is
// only taken when a cap is set. Time comes from the injected Clock.
#pragma once

#include <cstdint>
#include <mutex>

#include "base/Clock.h"

namespace anycast::dns::service {

class QpsLimiter {
 public:
  // `rate` > 0; the bucket starts full.
  QpsLimiter(uint32_t rate, const Clock& clock);

  // Takes one token: false when the bucket is empty (the answer must be dropped).
  bool take();

 private:
  static constexpr int64_t kScale = 1'000'000;  // tokens are counted in millionths

  const int64_t rate_;
  const Clock& clock_;
  std::mutex mutex_;
  int64_t tokens_;  // millionths of a token
  TimePoint last_;
};

}  // namespace anycast::dns::service
