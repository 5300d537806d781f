// RrlPolicy: the settings of response rate limiting (the RRL of BIND 9.9, NSD and Knot DNS:
// https://kb.isc.org/docs/aa-00994 "DNS Response Rate Limiting"), as plain data with defaults.
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/Result.h"

namespace anycast::dns::rrl {

struct RrlPolicy {
  // Responses per second allowed per bucket (source prefix x response class x name); 0 turns
  // RRL off. Knot's rate-limit, NSD's rrl-ratelimit.
  uint32_t responsesPerSecond = 0;
  // A bucket holds up to this many seconds' worth of responses, so a quiet source may burst
  // (a token bucket). 4 as Knot's RRL_CAPACITY.
  uint32_t windowSeconds = 4;
  // Every slip-th limited response of a bucket is sent as a truncated reply (TC=1, no
  // records), so a real client behind a spoofed flood retries over TCP; the others are
  // dropped. 0: never slip; 1: slip every limited response. 2 as NSD and BIND: the attacker's
  // reflection gain stays below 1 while a real client still gets through in two tries.
  uint32_t slip = 2;
  // Source prefix lengths that form one bucket (NSD's rrl-ipv4/6-prefix-length; Knot /24, /56).
  uint8_t ipv4PrefixLength = 24;
  uint8_t ipv6PrefixLength = 56;
  // Buckets in the table, rounded up to a power of two; 24 bytes each, allocated once.
  size_t tableSize = size_t{1} << 18;

  bool enabled() const { return responsesPerSecond > 0; }
};

// The first bad field, named as in the config ("rrl.slip: ..."), or Ok.
Result<Ok> validate(const RrlPolicy& policy);

}  // namespace anycast::dns::rrl
