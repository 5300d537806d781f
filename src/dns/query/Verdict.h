// Verdict: what the query processor decided (NSD's split: the processor decides, the encoder
// writes). The sections hold references to RRsets in the zone store — valid while the ZoneSet
// and Identity given to the processor are — plus CHAOS TXT synthesized from the Identity.
// Fixed capacity, no heap. `kind` and `accountName` are for response rate limiting, which
// counts responses per class and name as Knot's and NSD's RRL do.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dns/wire/Constants.h"
#include "dns/zone/Zone.h"

namespace anycast::dns {

enum class VerdictKind : uint8_t { kAnswer, kNxdomain, kNodata, kReferral, kError };

// One RRset to write.
struct RecordRef {
  const uint8_t* owner = nullptr;     // uncompressed wire name; nullptr: the query's name
  const RRset* rrset = nullptr;       // in Verdict::zone; nullptr for `text`
  const std::string* text = nullptr;  // CHAOS TXT data (RFC 4892), class CH, TTL 0
  uint32_t ttl = 0;
  uint8_t ownerSize = 0;
};

template <size_t N>
class RecordList {
 public:
  bool push(const RecordRef& r) {
    if (size_ == N) return false;
    items_[size_++] = r;
    return true;
  }
  bool holds(const RRset* rrset) const {
    for (size_t i = 0; i < size_; ++i) {
      if (items_[i].rrset == rrset) return true;
    }
    return false;
  }
  const RecordRef* begin() const { return items_.data(); }
  const RecordRef* end() const { return items_.data() + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::array<RecordRef, N> items_;
  uint8_t size_ = 0;
};

struct Verdict {
  Rcode rcode = Rcode::kNoError;
  VerdictKind kind = VerdictKind::kError;
  bool authoritative = false;  // AA
  bool wildcard = false;       // the query name was answered through a wildcard (RFC 4592)
  const Zone* zone = nullptr;  // the zone answered from; nullptr when none
  // RFC 8914 Extended DNS Error INFO-CODE, sent when the query has EDNS.
  std::optional<uint16_t> extendedError;
  // The name RRL accounts the response to: the zone apex for NXDOMAIN, NODATA and wildcard
  // answers, the delegation for referrals (Knot's rrl_clsname); nullptr: the query's name.
  const uint8_t* accountName = nullptr;
  uint8_t accountNameSize = 0;
  RecordList<16> answer;  // a CNAME chain is followed at most kMaxCnameChain links
  RecordList<4> authority;
  RecordList<32> additional;
};

}  // namespace anycast::dns
