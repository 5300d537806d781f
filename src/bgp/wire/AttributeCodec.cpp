#include "bgp/wire/AttributeCodec.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <iterator>
#include <type_traits>
#include <vector>

namespace anycast::bgp {

struct AttributeDecodeContext {
  const CodecOptions& options;
  PathAttributes& attributes;
  uint8_t flags = 0;  // of the attribute being decoded
  // RFC 6793 §4.2.3: held until the whole list is read, then reconciled.
  std::optional<AsPath> as4Path;
  std::optional<Aggregator> as4Aggregator;
};

namespace {

using Fault = std::optional<AttributeFault>;
using Ctx = AttributeDecodeContext;

Fault fault(uint8_t subcode, std::string reason) {
  return AttributeFault{subcode, std::move(reason)};
}

// Lengths were checked against the descriptor before these run.
uint32_t readU32(ByteReader& r) {
  uint32_t v = 0;
  r.readU32(v);
  return v;
}

IpAddress readV4(ByteReader& r) { return IpAddress::v4(readU32(r)); }

uint32_t readAsn(ByteReader& r, size_t asnSize) {
  uint16_t as2 = 0;
  if (asnSize == 4) return readU32(r);
  r.readU16(as2);
  return as2;
}

void writeAsn(ByteWriter& w, uint32_t asn, bool fourOctet) {
  if (fourOctet) {
    w.putU32(asn);
  } else {
    w.putU16(asn > 0xffff ? kAsTrans : static_cast<uint16_t>(asn));  // RFC 6793 §4.2.2
  }
}

// RFC 6793 §3: a 4-octet speaker discards AS4_* from another 4-octet speaker (the AS4_PATH and
// AS4_AGGREGATOR descriptors' action is attribute-discard).
Fault as4OnFourOctetSession() {
  return fault(subcode::kOptionalAttributeError, "received on a 4-octet AS session, discarded");
}

// --- ORIGIN (RFC 4271 §5.1.1; RFC 7606 §7.1: undefined value => treat-as-withdraw)

Fault decodeOrigin(ByteSpan v, Ctx& c) {
  if (v[0] > static_cast<uint8_t>(Origin::kIncomplete)) {
    return fault(subcode::kInvalidOriginAttribute, "undefined value " + std::to_string(v[0]));
  }
  c.attributes.origin = static_cast<Origin>(v[0]);
  return {};
}

bool encodeOrigin(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  if (!a.origin) return false;
  w.putU8(static_cast<uint8_t>(*a.origin));
  return true;
}

// --- AS_PATH and AS4_PATH (RFC 4271 §4.3 b, RFC 6793 §3-§4, RFC 7606 §7.2)

// Returns the reason when `v` is not a well-formed path of `asnSize`-octet AS numbers.
std::optional<std::string> parseAsPath(ByteSpan v, size_t asnSize, AsPath& out) {
  ByteReader r(v);
  while (!r.empty()) {
    uint8_t type = 0, count = 0;
    if (!r.readU8(type) || !r.readU8(count)) return "truncated segment header";
    if (type < AsPathSegment::kSet || type > AsPathSegment::kConfedSet) {
      return "bad segment type " + std::to_string(type);
    }
    if (count == 0) return "zero-length segment";
    if (r.remaining() < count * asnSize) return "segment overruns the attribute";
    AsPathSegment seg{static_cast<AsPathSegment::Type>(type), {}};
    seg.asns.reserve(count);
    for (size_t i = 0; i < count; ++i) seg.asns.push_back(readAsn(r, asnSize));
    out.segments.push_back(std::move(seg));
  }
  return std::nullopt;
}

// Segments carry at most 255 ASes (one length octet), so longer ones are split. A 2-octet
// path carries AS_TRANS for ASes that do not fit (RFC 6793 §4.2.2).
void writeAsPath(const AsPath& p, bool fourOctet, bool skipConfed, ByteWriter& w) {
  for (const auto& s : p.segments) {
    if (s.isConfed() && skipConfed) continue;
    for (size_t at = 0; at < s.asns.size(); at += 255) {
      size_t n = std::min<size_t>(255, s.asns.size() - at);
      w.putU8(s.type);
      w.putU8(static_cast<uint8_t>(n));
      for (size_t i = at; i < at + n; ++i) writeAsn(w, s.asns[i], fourOctet);
    }
  }
}

bool hasFourOctetAsn(const AsPath& p) {
  return std::any_of(p.segments.begin(), p.segments.end(), [](const AsPathSegment& s) {
    return std::any_of(s.asns.begin(), s.asns.end(), [](uint32_t a) { return a > 0xffff; });
  });
}

Fault decodeAsPath(ByteSpan v, Ctx& c) {
  AsPath path;
  if (auto bad = parseAsPath(v, c.options.fourOctetAs ? 4 : 2, path)) {
    return fault(subcode::kMalformedAsPath, *bad);
  }
  c.attributes.asPath = std::move(path);
  return {};
}

bool encodeAsPath(const PathAttributes& a, const CodecOptions& o, ByteWriter& w) {
  if (!a.asPath) return false;
  writeAsPath(*a.asPath, o.fourOctetAs, false, w);
  return true;
}

Fault decodeAs4Path(ByteSpan v, Ctx& c) {
  if (c.options.fourOctetAs) return as4OnFourOctetSession();
  AsPath path;
  if (auto bad = parseAsPath(v, 4, path)) return fault(subcode::kMalformedAsPath, *bad);
  // RFC 6793 §3: confederation segments are invalid in AS4_PATH; the receiver "MUST discard
  // these path segments ... and continue processing the UPDATE message".
  std::erase_if(path.segments, [](const AsPathSegment& s) { return s.isConfed(); });
  c.as4Path = std::move(path);
  return {};
}

// RFC 6793 §4.2.2: a 2-octet peer gets AS4_PATH when the path holds an AS above 65535.
bool encodeAs4Path(const PathAttributes& a, const CodecOptions& o, ByteWriter& w) {
  if (o.fourOctetAs || !a.asPath || !hasFourOctetAsn(*a.asPath)) return false;
  writeAsPath(*a.asPath, true, true, w);
  return true;
}

// --- NEXT_HOP (RFC 4271 §5.1.3, §6.3; RFC 7606 §7.3: invalid => treat-as-withdraw)

Fault decodeNextHop(ByteSpan v, Ctx& c) {
  ByteReader r(v);
  IpAddress nh = readV4(r);
  // Not a host address: 0.0.0.0, or multicast / reserved / broadcast (224.0.0.0 and above).
  if (nh.isUnspecified() || nh.v4HostOrder() >= 0xe0000000) {
    return fault(subcode::kInvalidNextHopAttribute, nh.str() + " is not a host address");
  }
  c.attributes.nextHop = nh;
  return {};
}

bool encodeNextHop(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  if (!a.nextHop || !a.nextHop->isV4()) return false;
  w.putU32(a.nextHop->v4HostOrder());
  return true;
}

// --- MULTI_EXIT_DISC, LOCAL_PREF, ORIGINATOR_ID, ONLY_TO_CUSTOMER: one 32-bit value

template <std::optional<uint32_t> PathAttributes::*field>
Fault decodeU32(ByteSpan v, Ctx& c) {
  ByteReader r(v);
  c.attributes.*field = readU32(r);
  return {};
}

template <std::optional<uint32_t> PathAttributes::*field>
bool encodeU32(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  if (!(a.*field)) return false;
  w.putU32(*(a.*field));
  return true;
}

// --- ATOMIC_AGGREGATE (RFC 4271 §5.1.6; RFC 7606 §7.6: bad length => attribute-discard)

Fault decodeAtomicAggregate(ByteSpan, Ctx& c) {
  c.attributes.atomicAggregate = true;
  return {};
}

bool encodeAtomicAggregate(const PathAttributes& a, const CodecOptions&, ByteWriter&) {
  return a.atomicAggregate;
}

// --- AGGREGATOR and AS4_AGGREGATOR (RFC 4271 §5.1.7, RFC 6793 §3; RFC 7606 §7.7 and
// RFC 6793 §6: bad length => attribute-discard)

Fault decodeAggregator(ByteSpan v, Ctx& c) {
  size_t expected = c.options.fourOctetAs ? 8 : 6;
  if (v.size() != expected) {
    return fault(subcode::kAttributeLengthError,
                 "length " + std::to_string(v.size()) + ", expected " + std::to_string(expected));
  }
  ByteReader r(v);
  uint32_t asn = readAsn(r, expected - 4);
  c.attributes.aggregator = Aggregator{asn, readV4(r)};
  return {};
}

bool encodeAggregator(const PathAttributes& a, const CodecOptions& o, ByteWriter& w) {
  if (!a.aggregator) return false;
  writeAsn(w, a.aggregator->asn, o.fourOctetAs);
  w.putU32(a.aggregator->address.v4HostOrder());
  return true;
}

Fault decodeAs4Aggregator(ByteSpan v, Ctx& c) {
  if (c.options.fourOctetAs) return as4OnFourOctetSession();
  ByteReader r(v);
  uint32_t asn = readU32(r);
  c.as4Aggregator = Aggregator{asn, readV4(r)};
  return {};
}

bool encodeAs4Aggregator(const PathAttributes& a, const CodecOptions& o, ByteWriter& w) {
  if (o.fourOctetAs || !a.aggregator || a.aggregator->asn <= 0xffff) return false;
  w.putU32(a.aggregator->asn);
  w.putU32(a.aggregator->address.v4HostOrder());
  return true;
}

// --- COMMUNITIES, CLUSTER_LIST, EXTENDED COMMUNITIES, LARGE_COMMUNITY (RFC 7606 §7.8, §7.10,
// §7.14, RFC 8092 §6: a length that is not a non-zero multiple of 4 / 8 / 12 =>
// treat-as-withdraw). Each is a list of fixed-size values; only the value differs.

void readValue(ByteReader& r, uint32_t& x) { r.readU32(x); }
void readValue(ByteReader& r, uint64_t& x) { r.readU64(x); }
void readValue(ByteReader& r, LargeCommunity& x) {
  r.readU32(x.globalAdmin);
  r.readU32(x.localData1);
  r.readU32(x.localData2);
}

void writeValue(ByteWriter& w, uint32_t x) { w.putU32(x); }
void writeValue(ByteWriter& w, uint64_t x) { w.putU64(x); }
void writeValue(ByteWriter& w, const LargeCommunity& x) {
  w.putU32(x.globalAdmin);
  w.putU32(x.localData1);
  w.putU32(x.localData2);
}

static_assert(sizeof(LargeCommunity) == 12);

// The descriptor's unit (the value size) was checked: the value is whole values only.
template <auto field>
Fault decodeList(ByteSpan v, Ctx& c) {
  auto& out = c.attributes.*field;
  using Value = typename std::remove_reference_t<decltype(out)>::value_type;
  ByteReader r(v);
  out.reserve(v.size() / sizeof(Value));  // a value's wire size is its sizeof
  while (!r.empty()) readValue(r, out.emplace_back());
  return {};
}

template <auto field>
bool encodeList(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  for (const auto& x : a.*field) writeValue(w, x);
  return !(a.*field).empty();
}

// --- MP_REACH_NLRI, MP_UNREACH_NLRI (RFC 4760 §3, §4, §7; RFC 2545 §3; RFC 7606 §7.11, §5.3:
// malformed => AFI/SAFI disable or session reset, and we reset)

std::optional<Family> unicastFamily(uint16_t afi, uint8_t safi) {
  if (safi != kSafiUnicast) return std::nullopt;
  if (afi == kAfiIpv4) return Family::kV4;
  if (afi == kAfiIpv6) return Family::kV6;
  return std::nullopt;
}

// An AFI/SAFI we do not carry is kept as an unknown (non-transitive) attribute, as BIRD does:
// it is neither used nor passed on.
Fault keepUnsupported(uint8_t type, ByteSpan v, Ctx& c) {
  c.attributes.unknown.push_back(RawAttribute{c.flags, type, Bytes(v.begin(), v.end())});
  return {};
}

Fault decodeMpReach(ByteSpan v, Ctx& c) {
  ByteReader r(v);
  uint16_t afi = 0;
  uint8_t safi = 0, nhLength = 0;
  ByteSpan nh;
  if (!r.readU16(afi) || !r.readU8(safi)) {
    return fault(subcode::kOptionalAttributeError, "truncated");
  }
  auto family = unicastFamily(afi, safi);
  if (!family) return keepUnsupported(attr::kMpReachNlri, v, c);
  // The octet after the next hop is reserved (RFC 4760 §3: "SHOULD be ignored upon receipt").
  if (!r.readU8(nhLength) || !r.readSpan(nhLength, nh) || !r.skip(1)) {
    return fault(subcode::kOptionalAttributeError, "truncated next hop");
  }
  MpReach reach{afi, safi, {}, {}, {}};
  if (family == Family::kV4 && nhLength == 4) {
    reach.nextHop = IpAddress::v4Bytes(nh.data());
  } else if (family == Family::kV6 && (nhLength == 16 || nhLength == 32)) {
    // RFC 2545 §3: a global address, optionally followed by a link-local one.
    reach.nextHop = IpAddress::v6Bytes(nh.data());
    if (nhLength == 32) reach.linkLocalNextHop = IpAddress::v6Bytes(nh.data() + 16);
  } else {
    return fault(subcode::kOptionalAttributeError, "next hop length " + std::to_string(nhLength) +
                                                       " invalid for AFI " + std::to_string(afi));
  }
  auto nlri = decodePrefixes(r.rest(), *family);
  if (!nlri) return fault(subcode::kOptionalAttributeError, nlri.error().reason);
  reach.nlri = std::move(*nlri);
  c.attributes.mpReach = std::move(reach);
  return {};
}

bool encodeMpReach(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  if (!a.mpReach) return false;
  writeMpReachValue(w, *a.mpReach, a.mpReach->nlri);
  return true;
}

Fault decodeMpUnreach(ByteSpan v, Ctx& c) {
  ByteReader r(v);
  uint16_t afi = 0;
  uint8_t safi = 0;
  if (!r.readU16(afi) || !r.readU8(safi)) {
    return fault(subcode::kOptionalAttributeError, "truncated");
  }
  auto family = unicastFamily(afi, safi);
  if (!family) return keepUnsupported(attr::kMpUnreachNlri, v, c);
  auto withdrawn = decodePrefixes(r.rest(), *family);
  if (!withdrawn) return fault(subcode::kOptionalAttributeError, withdrawn.error().reason);
  c.attributes.mpUnreach = MpUnreach{afi, safi, std::move(*withdrawn)};
  return {};
}

bool encodeMpUnreach(const PathAttributes& a, const CodecOptions&, ByteWriter& w) {
  if (!a.mpUnreach) return false;
  writeMpUnreachValue(w, a.mpUnreach->afi, a.mpUnreach->safi, a.mpUnreach->withdrawn);
  return true;
}

// --- The table

constexpr uint8_t kWellKnown = attrflag::kTransitive;
constexpr uint8_t kOptionalTransitive = attrflag::kOptional | attrflag::kTransitive;
constexpr uint8_t kOptionalNonTransitive = attrflag::kOptional;
constexpr ErrorAction kWithdraw = ErrorAction::kTreatAsWithdraw;
constexpr ErrorAction kDiscard = ErrorAction::kAttributeDiscard;
constexpr ErrorAction kReset = ErrorAction::kSessionReset;

constexpr AttributeDescriptor kTable[] = {
    {attr::kOrigin, "ORIGIN", kWellKnown, kWithdraw, 1, 0, decodeOrigin, encodeOrigin},
    {attr::kAsPath, "AS_PATH", kWellKnown, kWithdraw, kAnyLength, 0, decodeAsPath, encodeAsPath},
    {attr::kNextHop, "NEXT_HOP", kWellKnown, kWithdraw, 4, 0, decodeNextHop, encodeNextHop},
    {attr::kMed, "MULTI_EXIT_DISC", kOptionalNonTransitive, kWithdraw, 4, 0,
     decodeU32<&PathAttributes::med>, encodeU32<&PathAttributes::med>},
    {attr::kLocalPref, "LOCAL_PREF", kWellKnown, kWithdraw, 4, 0,
     decodeU32<&PathAttributes::localPref>, encodeU32<&PathAttributes::localPref>},
    {attr::kAtomicAggregate, "ATOMIC_AGGREGATE", kWellKnown, kDiscard, 0, 0, decodeAtomicAggregate,
     encodeAtomicAggregate},
    {attr::kAggregator, "AGGREGATOR", kOptionalTransitive, kDiscard, kAnyLength, 0,
     decodeAggregator, encodeAggregator},
    {attr::kCommunities, "COMMUNITIES", kOptionalTransitive, kWithdraw, kAnyLength, 4,
     decodeList<&PathAttributes::communities>, encodeList<&PathAttributes::communities>},
    // RFC 4456 §8; RFC 7606 §7.9, §7.10: a bad length => treat-as-withdraw.
    {attr::kOriginatorId, "ORIGINATOR_ID", kOptionalNonTransitive, kWithdraw, 4, 0,
     decodeU32<&PathAttributes::originatorId>, encodeU32<&PathAttributes::originatorId>},
    {attr::kClusterList, "CLUSTER_LIST", kOptionalNonTransitive, kWithdraw, kAnyLength, 4,
     decodeList<&PathAttributes::clusterList>, encodeList<&PathAttributes::clusterList>},
    {attr::kMpReachNlri, "MP_REACH_NLRI", kOptionalNonTransitive, kReset, kAnyLength, 0,
     decodeMpReach, encodeMpReach},
    {attr::kMpUnreachNlri, "MP_UNREACH_NLRI", kOptionalNonTransitive, kReset, kAnyLength, 0,
     decodeMpUnreach, encodeMpUnreach},
    {attr::kExtendedCommunities, "EXTENDED_COMMUNITIES", kOptionalTransitive, kWithdraw, kAnyLength,
     8, decodeList<&PathAttributes::extendedCommunities>,
     encodeList<&PathAttributes::extendedCommunities>},
    {attr::kAs4Path, "AS4_PATH", kOptionalTransitive, kDiscard, kAnyLength, 0, decodeAs4Path,
     encodeAs4Path},
    {attr::kAs4Aggregator, "AS4_AGGREGATOR", kOptionalTransitive, kDiscard, 8, 0,
     decodeAs4Aggregator, encodeAs4Aggregator},
    {attr::kLargeCommunity, "LARGE_COMMUNITY", kOptionalTransitive, kWithdraw, kAnyLength, 12,
     decodeList<&PathAttributes::largeCommunities>, encodeList<&PathAttributes::largeCommunities>},
    {attr::kOnlyToCustomer, "ONLY_TO_CUSTOMER", kOptionalTransitive, kWithdraw, 4, 0,
     decodeU32<&PathAttributes::onlyToCustomer>, encodeU32<&PathAttributes::onlyToCustomer>},
};

// Type code -> 1 + position in kTable, 0 when not in the table.
constexpr auto kIndex = [] {
  std::array<uint8_t, 256> index{};
  for (size_t i = 0; i < std::size(kTable); ++i) {
    index[kTable[i].type] = static_cast<uint8_t>(i + 1);
  }
  return index;
}();

// RFC 7606 §3 c: conflicting Optional/Transitive bits make the attribute malformed, handled as
// the attribute's own malformations are; then the length rule, then the value.
Fault checkAndDecode(const AttributeDescriptor& d, uint8_t flags, ByteSpan v, Ctx& c) {
  if ((flags & kOptionalTransitive) != d.flags) {
    return fault(subcode::kAttributeFlagsError,
                 "flags " + toHex(ByteSpan(&flags, 1)) + " conflict with the attribute type");
  }
  if (d.length != kAnyLength && v.size() != static_cast<size_t>(d.length)) {
    return fault(subcode::kAttributeLengthError,
                 "length " + std::to_string(v.size()) + ", expected " + std::to_string(d.length));
  }
  if (d.unit != 0 && (v.empty() || v.size() % d.unit != 0)) {
    return fault(subcode::kAttributeLengthError, "length " + std::to_string(v.size()) +
                                                     " is not a non-zero multiple of " +
                                                     std::to_string(d.unit));
  }
  return d.decode(v, c);
}

// Files an error under its RFC 7606 action; returns it when it ends the session.
std::optional<WireError> file(DecodedUpdate& out, WireError e) {
  if (e.action == ErrorAction::kTreatAsWithdraw) {
    if (!out.treatAsWithdraw) out.treatAsWithdraw = std::move(e);
  } else if (e.action == ErrorAction::kAttributeDiscard) {
    out.discarded.push_back(std::move(e));
  } else {
    return e;
  }
  return std::nullopt;
}

std::string nameOf(uint8_t type) {
  const AttributeDescriptor* d = findAttribute(type);
  return d ? d->name : "attribute type " + std::to_string(type);
}

// RFC 6793 §4.2.3: the path and aggregator of a route from a 2-octet speaker.
void reconcileAs4(Ctx& c) {
  PathAttributes& a = c.attributes;
  if (c.as4Aggregator && a.aggregator) {
    // "if the AS number in the AGGREGATOR attribute is not AS_TRANS, then: the AS4_AGGREGATOR
    // attribute and the AS4_PATH attribute SHALL be ignored".
    if (a.aggregator->asn != kAsTrans) return;
    a.aggregator = c.as4Aggregator;
  }
  if (!c.as4Path || !a.asPath) return;
  size_t length = a.asPath->length(), length4 = c.as4Path->length();
  // "If the number of AS numbers in the AS_PATH attribute is less than the number of AS
  // numbers in the AS4_PATH attribute, then the AS4_PATH attribute SHALL be ignored".
  if (length < length4) return;
  // Otherwise take "as many AS numbers and path segments as necessary from the leading part
  // of the AS_PATH attribute" and prepend them to AS4_PATH.
  AsPath merged;
  size_t need = length - length4;
  for (const auto& s : a.asPath->segments) {
    bool confed = s.isConfed();
    if (!confed && need == 0) break;
    if (s.type == AsPathSegment::kSequence && s.asns.size() > need) {
      merged.segments.push_back({s.type, {s.asns.begin(), s.asns.begin() + need}});
      need = 0;
      continue;
    }
    merged.segments.push_back(s);
    if (!confed) need -= s.type == AsPathSegment::kSet ? 1 : s.asns.size();
  }
  // Where the two meet, a sequence cut from AS_PATH and AS4_PATH's leading sequence are one
  // sequence. Only there: AS4_PATH's own segments stay as sent, so a path decoded, encoded
  // again and decoded again keeps its segments.
  auto& segs = merged.segments;
  auto as4 = c.as4Path->segments.begin(), end = c.as4Path->segments.end();
  if (as4 != end && !segs.empty() && segs.back().type == AsPathSegment::kSequence &&
      as4->type == AsPathSegment::kSequence) {
    segs.back().asns.insert(segs.back().asns.end(), as4->asns.begin(), as4->asns.end());
    ++as4;
  }
  segs.insert(segs.end(), as4, end);
  a.asPath = std::move(merged);
}

}  // namespace

std::span<const AttributeDescriptor> attributeTable() { return kTable; }

const AttributeDescriptor* findAttribute(uint8_t type) {
  return kIndex[type] ? &kTable[kIndex[type] - 1] : nullptr;
}

Result<Ok, WireError> decodeAttributes(ByteSpan data, const CodecOptions& options,
                                       DecodedUpdate& out) {
  Ctx ctx{options, out.update.attributes};
  std::bitset<256> seen;
  ByteReader r(data);
  while (!r.empty()) {
    size_t start = r.position();
    uint8_t flags = 0, type = 0, shortLength = 0;
    uint16_t length = 0;
    bool header = r.readU8(flags) && r.readU8(type);
    if (header && (flags & attrflag::kExtendedLength)) {
      header = r.readU16(length);
    } else if (header) {
      header = r.readU8(shortLength);
      length = shortLength;
    }
    ByteSpan value;
    if (!header || !r.readSpan(length, value)) {
      // RFC 7606 §4: an attribute header or value running past the Total Path Attribute Length
      // => "treat-as-withdraw", the NLRI being located by that total. The one "more severe
      // error": an MP attribute cut short, whose prefixes cannot be known (RFC 7606 §5.3).
      std::string what = header ? nameOf(type) + " length overruns" : "attribute header truncated";
      bool mp = header && (type == attr::kMpReachNlri || type == attr::kMpUnreachNlri);
      auto e = updateError(subcode::kMalformedAttributeList, {}, mp ? kReset : kWithdraw,
                           what + " in the path attribute list");
      if (auto fatal = file(out, std::move(e))) return fail(std::move(*fatal));
      break;
    }
    ByteSpan raw = data.subspan(start, r.position() - start);
    if (seen.test(type)) {
      // RFC 7606 §3 g: repeated MP_REACH/MP_UNREACH => Malformed Attribute List (reset);
      // any other repeat is discarded, the first occurrence kept.
      bool mp = type == attr::kMpReachNlri || type == attr::kMpUnreachNlri;
      auto e = updateError(subcode::kMalformedAttributeList, raw, mp ? kReset : kDiscard,
                           nameOf(type) + ": repeated in one UPDATE");
      if (auto fatal = file(out, std::move(e))) return fail(std::move(*fatal));
      continue;
    }
    seen.set(type);
    const AttributeDescriptor* d = findAttribute(type);
    if (!d) {
      // RFC 4271 §6.3: an unrecognized well-known attribute resets the session; unrecognized
      // optional ones are kept (RFC 4271 §5).
      if (!(flags & attrflag::kOptional)) {
        return fail(updateError(subcode::kUnrecognizedWellKnownAttribute, raw, kReset,
                                nameOf(type) + ": unrecognized well-known attribute"));
      }
      out.update.attributes.unknown.push_back(
          RawAttribute{flags, type, {value.begin(), value.end()}});
      continue;
    }
    ctx.flags = flags;
    if (auto f = checkAndDecode(*d, flags, value, ctx)) {
      auto e = updateError(f->subcode, raw, d->onError, std::string(d->name) + ": " + f->reason);
      if (auto fatal = file(out, std::move(e))) return fail(std::move(*fatal));
    }
  }
  reconcileAs4(ctx);
  return Ok{};
}

size_t beginAttribute(ByteWriter& w, uint8_t flags, uint8_t type) {
  size_t start = w.size();
  w.putU8(flags & ~attrflag::kExtendedLength);
  w.putU8(type);
  w.putU8(0);
  return start;
}

void endAttribute(ByteWriter& w, size_t start) {
  size_t length = w.size() - start - 3;
  if (length <= 255) {
    w.patchU8(start + 2, static_cast<uint8_t>(length));
    return;
  }
  Bytes& b = w.bytes();
  b[start] |= attrflag::kExtendedLength;
  b.insert(b.begin() + static_cast<std::ptrdiff_t>(start) + 3, 0);
  w.patchU16(start + 2, static_cast<uint16_t>(length));
}

void encodeAttributes(const PathAttributes& a, const CodecOptions& options, ByteWriter& w,
                      uint8_t first, uint8_t last) {
  // RFC 4271 §5: unrecognized optional transitive attributes are passed on with the Partial
  // bit set; unrecognized non-transitive ones are not passed on.
  constexpr uint8_t kPassOn = attrflag::kOptional | attrflag::kTransitive;
  std::vector<const RawAttribute*> unknown;
  for (const auto& u : a.unknown) {
    if ((u.flags & kPassOn) == kPassOn && u.type >= first && u.type <= last) unknown.push_back(&u);
  }
  std::stable_sort(unknown.begin(), unknown.end(),
                   [](const RawAttribute* x, const RawAttribute* y) { return x->type < y->type; });
  auto next = unknown.begin();
  auto writeUnknownBelow = [&](unsigned type) {
    for (; next != unknown.end() && (*next)->type < type; ++next) {
      size_t start = beginAttribute(w, (*next)->flags | attrflag::kPartial, (*next)->type);
      w.putBytes((*next)->value);
      endAttribute(w, start);
    }
  };
  for (const auto& d : kTable) {
    if (d.type < first || d.type > last) continue;
    writeUnknownBelow(d.type);
    size_t start = beginAttribute(w, d.flags, d.type);
    if (d.encode(a, options, w)) {
      endAttribute(w, start);
    } else {
      w.bytes().resize(start);
    }
  }
  writeUnknownBelow(256);
}

void writeMpReachValue(ByteWriter& w, const MpReach& reach, std::span<const Prefix> nlri) {
  w.putU16(reach.afi);
  w.putU8(reach.safi);
  size_t nhLength = reach.nextHop.size() + (reach.linkLocalNextHop ? 16 : 0);
  w.putU8(static_cast<uint8_t>(nhLength));
  w.putBytes(ByteSpan(reach.nextHop.data(), reach.nextHop.size()));
  if (reach.linkLocalNextHop) w.putBytes(ByteSpan(reach.linkLocalNextHop->data(), 16));
  w.putU8(0);  // reserved
  for (const auto& p : nlri) encodePrefix(w, p);
}

void writeMpUnreachValue(ByteWriter& w, uint16_t afi, uint8_t safi,
                         std::span<const Prefix> withdrawn) {
  w.putU16(afi);
  w.putU8(safi);
  for (const auto& p : withdrawn) encodePrefix(w, p);
}

}  // namespace anycast::bgp
