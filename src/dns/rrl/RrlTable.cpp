// RrlTable: the token buckets of response rate limiting (see RrlTable.h).
#include "dns/rrl/RrlTable.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace anycast::dns::rrl {

namespace {

constexpr uint32_t kMilli = 1000;  // credit per response

// splitmix64's finalizer: a cheap full-avalanche mix of 64 bits.
uint64_t mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// The source address with its bits beyond `length` cleared, as two 64-bit halves.
std::array<uint64_t, 2> maskedAddress(const IpAddress& a, uint8_t length) {
  std::array<uint8_t, 16> bytes{};
  std::memcpy(bytes.data(), a.data(), a.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    size_t bitsBefore = i * 8;
    if (bitsBefore >= length)
      bytes[i] = 0;
    else if (length - bitsBefore < 8)
      bytes[i] &= static_cast<uint8_t>(0xff << (8 - (length - bitsBefore)));
  }
  std::array<uint64_t, 2> halves;
  std::memcpy(halves.data(), bytes.data(), bytes.size());
  return halves;
}

}  // namespace

RrlTable::RrlTable(const RrlPolicy& policy, const Clock& clock, uint64_t seed)
    : rate_(policy.responsesPerSecond),
      capacity_(policy.responsesPerSecond * policy.windowSeconds * kMilli),
      slip_(policy.slip),
      v4Length_(policy.ipv4PrefixLength),
      v6Length_(policy.ipv6PrefixLength),
      clock_(clock),
      epoch_(clock.now()),
      seed_(seed),
      mask_(std::bit_ceil(policy.tableSize) - 1),
      buckets_(new Bucket[mask_ + 1]) {}

uint64_t RrlTable::keyOf(const IpAddress& source, ResponseClass cls, uint64_t nameHash) const {
  auto addr = maskedAddress(source, source.isV4() ? v4Length_ : v6Length_);
  uint64_t h = mix(seed_ ^ addr[0]);
  h = mix(h ^ addr[1]);
  h = mix(h ^ (uint64_t{static_cast<uint8_t>(source.family())} << 8 | static_cast<uint8_t>(cls)));
  h = mix(h ^ nameHash);
  return h | 1;  // never 0, which marks an unused bucket
}

uint64_t RrlTable::nowMs() const {
  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - epoch_);
  return elapsed.count() > 0 ? static_cast<uint64_t>(elapsed.count()) : 0;
}

void RrlTable::refill(Bucket& b, uint64_t now) const {
  if (now <= b.stampMs) return;
  uint64_t earned = (now - b.stampMs) * rate_;  // ms x responses/s = thousandths
  b.credit = static_cast<uint32_t>(std::min<uint64_t>(capacity_, b.credit + earned));
  b.stampMs = now;
}

RrlAction RrlTable::limit(Bucket& b, ResponseClass cls) {
  ++b.limited;
  auto i = static_cast<size_t>(cls);
  if (slip_ != 0 && b.limited % slip_ == 0) {
    slipped_[i].fetch_add(1, std::memory_order_relaxed);
    return RrlAction::kSlip;
  }
  dropped_[i].fetch_add(1, std::memory_order_relaxed);
  return RrlAction::kDrop;
}

RrlAction RrlTable::account(const IpAddress& source, ResponseClass cls, uint64_t nameHash) {
  uint64_t key = keyOf(source, cls, nameHash);
  size_t index = key & mask_;
  uint64_t now = nowMs();
  std::lock_guard lock(stripes_[index % kStripes].mutex);
  Bucket& b = buckets_[index];
  if (b.key != key) {
    // A bucket idle for a whole window has refilled anyway; a live one taken over gets a
    // second's worth (Knot's slow start after a collision).
    bool idle = b.key == 0 || now - b.stampMs >= capacity_ / std::max<uint32_t>(rate_, 1);
    b = Bucket{key, now, idle ? capacity_ : rate_ * kMilli, 0};
  } else {
    refill(b, now);
  }
  if (b.credit < kMilli) return limit(b, cls);
  b.credit -= kMilli;
  b.limited = 0;
  return RrlAction::kSend;
}

RrlStats RrlTable::stats() const {
  RrlStats s;
  for (size_t i = 0; i < kResponseClassCount; ++i) {
    s.dropped[i] = dropped_[i].load(std::memory_order_relaxed);
    s.slipped[i] = slipped_[i].load(std::memory_order_relaxed);
  }
  return s;
}

}  // namespace anycast::dns::rrl
