// TrafficCounters: counting a response from its header (RFC 1035 §4.1.1: TC is bit 1 of the
// third octet, RCODE the low 4 bits of the fourth), snapshots and sums.
#include "dns/server/TrafficCounters.h"

namespace anycast::dns::server {

TrafficStats& TrafficStats::operator+=(const TrafficStats& o) {
  queries += o.queries;
  responses += o.responses;
  dropped += o.dropped;
  truncated += o.truncated;
  bytesIn += o.bytesIn;
  bytesOut += o.bytesOut;
  for (size_t i = 0; i < rcodes.size(); ++i) rcodes[i] += o.rcodes[i];
  return *this;
}

void TrafficCounters::sent(const uint8_t* response, size_t bytes) {
  addRelaxed(responses_);
  addRelaxed(bytesOut_, bytes);
  if (bytes < 4) return;
  if (response[2] & 0x02) addRelaxed(truncated_);
  addRelaxed(rcodes_[response[3] & 0x0f]);
}

TrafficStats TrafficCounters::snapshot() const {
  auto get = [](const Counter& c) { return c.load(std::memory_order_relaxed); };
  TrafficStats s;
  s.queries = get(queries_);
  s.responses = get(responses_);
  s.dropped = get(dropped_);
  s.truncated = get(truncated_);
  s.bytesIn = get(bytesIn_);
  s.bytesOut = get(bytesOut_);
  for (size_t i = 0; i < s.rcodes.size(); ++i) s.rcodes[i] = get(rcodes_[i]);
  return s;
}

}  // namespace anycast::dns::server
