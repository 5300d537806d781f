// ResponseClass names and the case-folding name hash RRL keys on (RFC 4343 case rules).
#include "dns/rrl/ResponseClass.h"

namespace anycast::dns::rrl {

std::string_view responseClassName(ResponseClass c) {
  static constexpr std::array<std::string_view, kResponseClassCount> kNames = {
      "answer", "nxdomain", "nodata", "referral", "error"};
  return kNames[static_cast<size_t>(c)];
}

uint64_t hashName(ByteSpan wireName) {
  uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a 64 offset basis
  for (uint8_t b : wireName) {
    if (b >= 'A' && b <= 'Z') b = static_cast<uint8_t>(b + ('a' - 'A'));
    h = (h ^ b) * 0x100000001b3ull;  // FNV 64 prime
  }
  return h;
}

}  // namespace anycast::dns::rrl
