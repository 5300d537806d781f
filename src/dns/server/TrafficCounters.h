// TrafficCounters: one worker's counts of queries and responses, written by that worker only
// and read by the metrics from another thread without locks (relaxed atomics; the single
// writer adds with a plain load and store, no locked instruction). Cache-line aligned so two
// workers' counters never share a line. RCODEs are the 4 bits of the header (RFC 1035 §4.1.1).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace anycast::dns::server {

// Adds to a counter that only the calling thread writes (others only read it).
inline void addRelaxed(std::atomic<uint64_t>& c, uint64_t n = 1) {
  c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

// A snapshot, and the sum of several.
struct TrafficStats {
  uint64_t queries = 0;    // messages received
  uint64_t responses = 0;  // messages sent
  uint64_t dropped = 0;    // queries not answered: handler, RRL, oversize, send failure
  uint64_t truncated = 0;  // responses sent with TC=1 (RRL slips included)
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;
  std::array<uint64_t, 16> rcodes{};  // responses per header RCODE

  TrafficStats& operator+=(const TrafficStats& o);
};

class alignas(64) TrafficCounters {
 public:
  void received(size_t bytes) {
    addRelaxed(queries_);
    addRelaxed(bytesIn_, bytes);
  }
  void dropped() { addRelaxed(dropped_); }
  // A response about to be sent (the header's flags and RCODE are read from it).
  void sent(const uint8_t* response, size_t bytes);

  TrafficStats snapshot() const;

 private:
  using Counter = std::atomic<uint64_t>;
  Counter queries_{0}, responses_{0}, dropped_{0}, truncated_{0}, bytesIn_{0}, bytesOut_{0};
  std::array<Counter, 16> rcodes_{};
};

}  // namespace anycast::dns::server
