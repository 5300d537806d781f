// ResponseClass: what kind of response RRL accounts a response to, and the hash of the name it
// accounts it to. As in NSD's rrl_classify and Knot's rrl_clsid, each kind is limited on its
// own, so a flood of NXDOMAINs does not starve the positive answers of the same source. The
// name is the QNAME for answers and NODATA, the zone (or the wildcard's owner) for NXDOMAIN,
// the delegation point for referrals, the zone or nothing for errors — the query processor
// knows which and hashes it with hashName().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/Bytes.h"

namespace anycast::dns::rrl {

enum class ResponseClass : uint8_t { kAnswer, kNxdomain, kNodata, kReferral, kError };
inline constexpr size_t kResponseClassCount = 5;

// "answer", "nxdomain", ... (metrics labels).
std::string_view responseClassName(ResponseClass c);

// FNV-1a over a name in wire form (uncompressed labels), ASCII letters folded to lower case
// so that names differing only in case (RFC 4343) share a bucket.
uint64_t hashName(ByteSpan wireName);

}  // namespace anycast::dns::rrl
