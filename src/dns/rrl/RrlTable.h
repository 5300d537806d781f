// RrlTable: response rate limiting for UDP responses (the technique of Vixie and Schryver's
// "DNS Response Rate Limiting", as Knot's rrl module and NSD's rrl.c implement it). A
// response is accounted to a bucket: the client's source prefix (IPv4 /24, IPv6 /56 by
// default), its ResponseClass and the name of that class. Each bucket is a token bucket of
// `rate` responses per second holding at most `rate x window`; a response that finds it empty
// is limited: dropped, or every slip-th one sent truncated (TC=1) so real clients retry over
// TCP (RFC 7766 §1 counts on that).
//
// The table: a fixed array of buckets allocated once (no allocation per response), direct
// mapped by a seeded 64-bit hash of the key, with the full hash kept to tell keys apart (as
// NSD). A bucket taken over from another live key starts with one second's worth, not a full
// window (Knot's "slow start" after a collision), so colliding keys cannot reset a limited
// bucket to a full burst. One table is shared by every worker, as in Knot: each bucket is
// guarded by one of 64 striped mutexes (Knot: 32), taken only for the few instructions of
// one update. Time comes from the injected Clock, in milliseconds, so tests are exact.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

#include "base/Clock.h"
#include "base/Ip.h"
#include "dns/rrl/ResponseClass.h"
#include "dns/rrl/RrlPolicy.h"

namespace anycast::dns::rrl {

enum class RrlAction : uint8_t {
  kSend,  // within the rate
  kDrop,  // limited: send nothing
  kSlip,  // limited: send a truncated reply instead
};

// Limited responses so far, per class.
struct RrlStats {
  std::array<uint64_t, kResponseClassCount> dropped{};
  std::array<uint64_t, kResponseClassCount> slipped{};
};

class RrlTable {
 public:
  // `policy` must be valid and enabled; `seed` keys the hash (give a random one in production,
  // so that sources cannot choose colliding keys).
  RrlTable(const RrlPolicy& policy, const Clock& clock, uint64_t seed);

  // Accounts one response to `source` and says what to do with it. Thread-safe.
  RrlAction account(const IpAddress& source, ResponseClass cls, uint64_t nameHash);

  RrlStats stats() const;

 private:
  struct Bucket {
    uint64_t key = 0;      // the full hash, 0 when never used
    uint64_t stampMs = 0;  // last refill, ms since the table's epoch
    uint32_t credit = 0;   // thousandths of a response
    uint32_t limited = 0;  // limited responses since the bucket last sent one
  };
  struct alignas(64) Stripe {
    std::mutex mutex;
  };
  static constexpr size_t kStripes = 64;

  uint64_t keyOf(const IpAddress& source, ResponseClass cls, uint64_t nameHash) const;
  uint64_t nowMs() const;
  void refill(Bucket& b, uint64_t now) const;
  RrlAction limit(Bucket& b, ResponseClass cls);

  const uint32_t rate_;
  const uint32_t capacity_;  // rate x window, in thousandths
  const uint32_t slip_;
  const uint8_t v4Length_;
  const uint8_t v6Length_;
  const Clock& clock_;
  const TimePoint epoch_;
  const uint64_t seed_;
  const size_t mask_;  // table size - 1
  std::unique_ptr<Bucket[]> buckets_;
  std::array<Stripe, kStripes> stripes_;
  std::array<std::atomic<uint64_t>, kResponseClassCount> dropped_{};
  std::array<std::atomic<uint64_t>, kResponseClassCount> slipped_{};
};

}  // namespace anycast::dns::rrl
