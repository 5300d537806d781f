// Direction: the per-direction link model (see Direction.h).
#include "lab/wire/Direction.h"

#include <algorithm>

namespace anycast::lab::wire {
namespace {
constexpr size_t kInitialRing = 64;

std::chrono::nanoseconds fromMs(double ms) {
  return std::chrono::nanoseconds(static_cast<int64_t>(ms * 1e6));
}
}  // namespace

Direction::Direction(const LinkParams& params, uint64_t seed) : random_(seed), ring_(kInitialRing) {
  setParams(params);
}

void Direction::setParams(const LinkParams& params) {
  params_ = params;
  delay_ = fromMs(params.delayMs);
  jitter_ = fromMs(params.jitterMs);
  nanosPerByte_ = params.rateMbit > 0 ? 8e9 / (params.rateMbit * 1e6) : 0;
}

std::chrono::nanoseconds Direction::sampleDelay() {
  if (jitter_.count() == 0) return delay_;
  double unit = params_.jitterDistribution == JitterDistribution::kNormal
                    ? random_.normal()
                    : 2.0 * random_.uniform() - 1.0;
  auto total = delay_ + std::chrono::nanoseconds(static_cast<int64_t>(unit * jitter_.count()));
  return std::max(total, std::chrono::nanoseconds(0));
}

bool Direction::queueFull(uint32_t size, TimePoint now) {
  for (; serializing_ != tail_ && at(serializing_).txEnd <= now; ++serializing_) {
    backlogBytes_ -= at(serializing_).size;
  }
  uint64_t backlog = tail_ - serializing_;
  if (backlog >= params_.queuePackets) return true;
  return params_.queueBytes != 0 && backlogBytes_ + size > params_.queueBytes;
}

Direction::Verdict Direction::offer(uint32_t frame, uint32_t size, TimePoint now) {
  ++counters_.rxPackets;
  counters_.rxBytes += size;
  if (cut_) {
    ++counters_.dropCut;
    return Verdict::kDropCut;
  }
  if (params_.loss > 0 && random_.uniform() < params_.loss) {
    ++counters_.dropLoss;
    return Verdict::kDropLoss;
  }
  TimePoint txEnd = now;
  if (nanosPerByte_ > 0) {
    if (queueFull(size, now)) {
      ++counters_.dropQueue;
      return Verdict::kDropQueue;
    }
    auto serialization = std::chrono::nanoseconds(static_cast<int64_t>(size * nanosPerByte_));
    txEnd = std::max(now, lastTxEnd_) + serialization;
    lastTxEnd_ = txEnd;
  }
  TimePoint due = std::max(lastDue_, txEnd + sampleDelay());
  lastDue_ = due;
  if (tail_ - head_ == ring_.size()) grow();
  at(tail_++) = QueuedFrame{frame, size, txEnd, due};
  if (nanosPerByte_ > 0) {
    backlogBytes_ += size;
  } else {  // no rate: nothing waits for serialization
    serializing_ = tail_;
    backlogBytes_ = 0;
  }
  return Verdict::kQueued;
}

void Direction::dropUnbuffered(uint32_t size) {
  ++counters_.rxPackets;
  counters_.rxBytes += size;
  ++counters_.dropQueue;
}

QueuedFrame Direction::pop() {
  QueuedFrame f = at(head_);
  if (serializing_ == head_) {  // due <= now implies txEnd <= now: it left the backlog
    backlogBytes_ -= f.size;
    ++serializing_;
  }
  ++head_;
  return f;
}

void Direction::grow() {
  std::vector<QueuedFrame> bigger(ring_.size() * 2);
  for (uint64_t s = head_; s != tail_; ++s) bigger[s & (bigger.size() - 1)] = at(s);
  ring_.swap(bigger);
}

}  // namespace anycast::lab::wire
