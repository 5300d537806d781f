// RrlPolicy validation: prefix lengths within the family, a table of sane size, and a bucket
// whose credit (in thousandths of a response) fits 32 bits.
#include "dns/rrl/RrlPolicy.h"

#include <string>

namespace anycast::dns::rrl {

namespace {
constexpr uint64_t kMaxBurst = 4'000'000;  // rate x window; x1000 must stay below 2^32
constexpr size_t kMaxTableSize = size_t{1} << 26;
}  // namespace

Result<Ok> validate(const RrlPolicy& p) {
  if (p.ipv4PrefixLength > 32) return failWith("rrl.ipv4-prefix-length: must be 0..32");
  if (p.ipv6PrefixLength > 128) return failWith("rrl.ipv6-prefix-length: must be 0..128");
  if (!p.enabled()) return Ok{};
  if (p.windowSeconds == 0) return failWith("rrl.window: must be at least 1 second");
  if (uint64_t{p.responsesPerSecond} * p.windowSeconds > kMaxBurst)
    return failWith("rrl.rate x rrl.window: at most " + std::to_string(kMaxBurst));
  if (p.tableSize == 0 || p.tableSize > kMaxTableSize)
    return failWith("rrl.table-size: must be 1.." + std::to_string(kMaxTableSize));
  return Ok{};
}

}  // namespace anycast::dns::rrl
