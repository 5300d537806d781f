// Verdict: what the query processor decided (NSD's split: the processor decides, the encoder
// writes). The sections hold references to RRsets in the zone store — valid while the ZoneSet
// and Identity given to the processor are — plus CHAOS TXT synthesized from the Identity and
// CNAMEs synthesized from DNAMEs (RFC 6672).
// Fixed capacity, no heap. `kind` and `accountName` are for response rate limiting, which
// counts responses per class and name as Knot's and NSD's RRL do.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dns/wire/Constants.h"
#include "dns/wire/Name.h"
#include "dns/zone/Zone.h"

namespace anycast::dns {

enum class VerdictKind : uint8_t { kAnswer, kNxdomain, kNodata, kReferral, kError };

// One RRset to write.
struct RecordRef {
  const uint8_t* owner = nullptr;     // uncompressed wire name; nullptr: the query's name
  const RRset* rrset = nullptr;       // in Verdict::zone; nullptr for `text` and `cname`
  const std::string* text = nullptr;  // CHAOS TXT data (RFC 4892), class CH, TTL 0
  uint32_t ttl = 0;
  uint8_t ownerSize = 0;
  // 1 + the slot of Verdict::names holding the owner (it then replaces `owner`); 0: none.
  uint8_t ownerSlot = 0;
  // 1 + the slot holding the target of a CNAME synthesized from a DNAME (RFC 6672 §3.1); 0:
  // not one. Slots, not pointers, so that a copied Verdict stays whole.
  uint8_t cname = 0;
};

// The names made while answering: the targets of CNAMEs synthesized from DNAMEs. Uninitialized
// until used, and a copy copies only the slots in use, so a Verdict without a DNAME costs
// nothing more to make or copy.
class SynthesizedNames {
 public:
  // Each substitution puts a DNAME and a CNAME into the answer (16 RRsets): at most 8.
  static constexpr size_t kSlots = 8;

  SynthesizedNames() {}  // user-provided: even a value-initialized Verdict leaves slots_ alone
  SynthesizedNames(const SynthesizedNames& other) { *this = other; }
  SynthesizedNames& operator=(const SynthesizedNames& other) {
    used_ = other.used_;
    for (size_t i = 0; i < used_; ++i) slots_[i] = other.slots_[i];
    return *this;
  }

  // `prefix` (whole labels) followed by `suffix` (a wire name) into a new slot: 1 + its index,
  // or 0 when every slot is taken. The caller checks the size (at most kMaxNameSize).
  uint8_t add(ByteSpan prefix, ByteSpan suffix) {
    if (used_ == kSlots) return 0;
    uint8_t* to = slots_[used_].data();
    std::copy(prefix.begin(), prefix.end(), to);
    std::copy(suffix.begin(), suffix.end(), to + prefix.size());
    return ++used_;
  }
  // The wire name of slot `id` (1-based, as add() returned it).
  ByteSpan name(uint8_t id) const {
    const uint8_t* at = slots_[id - 1].data();
    return {at, wireNameSize({at, kMaxNameSize})};
  }
  // 1 + the slot `wire` lies in, 0 when it is not one of these names.
  uint8_t slotOf(const uint8_t* wire) const {
    for (uint8_t i = 0; i < used_; ++i) {
      if (wire == slots_[i].data()) return i + 1;
    }
    return 0;
  }

 private:
  std::array<std::array<uint8_t, kMaxNameSize>, kSlots> slots_;
  uint8_t used_ = 0;
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
  SynthesizedNames names;
};

}  // namespace anycast::dns
