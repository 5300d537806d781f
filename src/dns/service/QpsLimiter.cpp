// QpsLimiter: the token bucket (see the header).
#include "dns/service/QpsLimiter.h"

#include <algorithm>
#include <chrono>

namespace anycast::dns::service {

QpsLimiter::QpsLimiter(uint32_t rate, const Clock& clock)
    : rate_(rate), clock_(clock), tokens_(int64_t{rate} * kScale), last_(clock.now()) {}

bool QpsLimiter::take() {
  std::lock_guard lock(mutex_);
  TimePoint now = clock_.now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now - last_).count();
  if (micros > 0) {
    // micros x rate millionths of a token; capped first so the product cannot overflow.
    int64_t refill = std::min<int64_t>(micros, kScale) * rate_;
    tokens_ = std::min(tokens_ + refill, rate_ * kScale);
    last_ = now;
  }
  if (tokens_ < kScale) return false;
  tokens_ -= kScale;
  return true;
}

}  // namespace anycast::dns::service
