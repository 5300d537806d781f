// Answer: query -> verdict -> response octets (RFC 1035 §4.1, RFC 2181 §9, RFC 3597 §4,
// RFC 6891 §6-§7, RFC 5001, RFC 6672 §3.1).
#include "dns/query/Answer.h"

#include <algorithm>

#include "dns/wire/ResponseWriter.h"
#include "dns/zone/RRType.h"

namespace anycast::dns {
namespace {

constexpr size_t kOptSize = 11;        // root owner, TYPE, CLASS, TTL, RDLENGTH
constexpr size_t kOptionHeader = 4;    // OPTION-CODE, OPTION-LENGTH
constexpr size_t kMaxTxtString = 255;  // RFC 1035 §3.3: <character-string>

// RDATA of a type with names: compressed in the RFC 1035 types, written whole in the others
// (SRV, DNAME, ...) but still compression targets for later names (RFC 3597 §4 forbids only
// compressing them; knotd points into them too). The layout says where the names are.
bool putRdataWithNames(ResponseWriter& w, const RRTypeInfo& info, ByteSpan rdata) {
  size_t length = 0;
  if (!w.reserveU16(length)) return false;
  const size_t start = w.size();
  size_t at = 0;
  for (char field : info.layout) {
    if (field == 'n') {
      ByteSpan name = rdata.subspan(at, wireNameSize(rdata.subspan(at)));
      if (!w.putName(name, info.compressible)) return false;
      at += name.size();
    } else {
      if (!w.putBytes(rdata.subspan(at, 2))) return false;
      at += 2;
    }
  }
  if (!w.putBytes(rdata.subspan(at))) return false;
  w.patchU16(length, static_cast<uint16_t>(w.size() - start));
  return true;
}

// An RR's owner, TYPE, CLASS and TTL.
bool putHead(ResponseWriter& w, const Verdict& v, const RecordRef& ref, uint16_t type,
             uint16_t klass, uint32_t ttl) {
  bool ok = ref.ownerSlot ? w.putName(v.names.name(ref.ownerSlot))
            : ref.owner   ? w.putName({ref.owner, ref.ownerSize})
                          : w.putQuestionNamePointer();
  return ok && w.putU16(type) && w.putU16(klass) && w.putU32(ttl);
}

// One RRset, whole or not at all.
bool putRRset(ResponseWriter& w, const Verdict& v, const RecordRef& ref, Section section) {
  const ResponseWriter::Mark start = w.mark();
  uint16_t count = 0;
  bool ok = true;
  if (ref.text) {  // CHAOS TXT: the text as <character-string>s of at most 255 octets
    const std::string& text = *ref.text;
    size_t length = 0;
    ok = putHead(w, v, ref, kTypeTxt, kClassCh, 0) && w.reserveU16(length);
    const size_t rdataStart = w.size();
    size_t at = 0;
    do {  // an empty text is one empty string
      const size_t n = std::min(kMaxTxtString, text.size() - at);
      const uint8_t size = static_cast<uint8_t>(n);
      ok = ok && w.putBytes({&size, 1}) &&
           w.putBytes({reinterpret_cast<const uint8_t*>(text.data()) + at, n});
      at += n;
    } while (ok && at < text.size());
    if (ok) w.patchU16(length, static_cast<uint16_t>(w.size() - rdataStart));
    count = 1;
  } else if (ref.cname) {  // RFC 6672 §3.1: the CNAME synthesized from a DNAME
    ok = putHead(w, v, ref, kTypeCname, kClassIn, ref.ttl) &&
         putRdataWithNames(w, *rrTypeInfo(kTypeCname), v.names.name(ref.cname));
    count = 1;
  } else {
    const RRset& set = *ref.rrset;
    const RRTypeInfo* info = rrTypeInfo(set.type);
    const bool names = info && !info->layout.empty();
    ByteSpan records = v.zone->records(set);
    for (size_t at = 0; ok && at < records.size(); ++count) {
      const size_t size = size_t(records[at]) << 8 | records[at + 1];
      ok = putHead(w, v, ref, set.type, kClassIn, ref.ttl) &&
           (names ? putRdataWithNames(w, *info, records.subspan(at + 2, size))
                  : w.putBytes(records.subspan(at, 2 + size)));  // pre-encoded RDLENGTH+RDATA
      at += 2 + size;
    }
  }
  if (!ok) {
    w.rollback(start);
    return false;
  }
  w.addCount(section, count);
  return true;
}

constexpr size_t kEdeSize = kOptionHeader + 2;  // INFO-CODE, no EXTRA-TEXT

bool putOpt(ResponseWriter& w, const Query& q, const Verdict& v, ByteSpan nsid) {
  const uint32_t ttl =
      uint32_t(static_cast<uint16_t>(v.rcode) >> 4) << 24 | (q.edns.dnssecOk ? kEdnsDoBit : 0);
  const size_t options =
      (nsid.empty() ? 0 : kOptionHeader + nsid.size()) + (v.extendedError ? kEdeSize : 0);
  static constexpr uint8_t kRoot[1] = {0};
  bool ok = w.putBytes(kRoot) && w.putU16(kTypeOpt) && w.putU16(kDefaultMaxPayload) &&
            w.putU32(ttl) && w.putU16(static_cast<uint16_t>(options));
  if (ok && !nsid.empty()) {
    ok = w.putU16(kOptionNsid) && w.putU16(static_cast<uint16_t>(nsid.size())) && w.putBytes(nsid);
  }
  if (ok && v.extendedError) {
    ok = w.putU16(kOptionExtendedError) && w.putU16(2) && w.putU16(*v.extendedError);
  }
  if (ok) w.addCount(Section::kAdditional, 1);
  return ok;
}

// Header and question; false when `out` cannot hold them.
bool begin(ResponseWriter& w, const Query& q, uint16_t flags) {
  // QR, the query's opcode and RD; knotd leaves CD clear (RFC 4035 §3.1.6 asks a
  // security-aware server to copy it; this one does no DNSSEC processing).
  flags |= kFlagQr | (q.flags & (0x7800 | kFlagRd));
  if (!w.begin(q.id, flags)) return false;
  if (!q.hasQuestion) return true;
  if (!w.putName(q.qname.wire(), false) || !w.putU16(q.qtype) || !w.putU16(q.qclass)) {
    return false;
  }
  w.addCount(Section::kQuestion, 1);
  return true;
}

std::optional<size_t> encode(const Query& q, const Verdict& v, const Identity& id, size_t limit,
                             std::span<uint8_t> out) {
  ResponseWriter w(out, limit);
  const uint16_t rcode = static_cast<uint16_t>(v.rcode);
  if (!begin(w, q, static_cast<uint16_t>((v.authoritative ? kFlagAa : 0) | (rcode & 0x0f)))) {
    return std::nullopt;
  }

  const bool opt = q.hasEdns && q.status != QueryStatus::kFormErr;
  ByteSpan nsid;
  if (opt && q.edns.nsidRequested && !id.nsid.empty()) {
    nsid = {reinterpret_cast<const uint8_t*>(id.nsid.data()), id.nsid.size()};
  }
  const size_t ede = v.extendedError ? kEdeSize : 0;
  size_t optSize = opt ? kOptSize + ede + (nsid.empty() ? 0 : kOptionHeader + nsid.size()) : 0;
  if (optSize > w.limit() - w.size()) {  // an NSID too long for this answer is left out
    nsid = {};
    optSize = opt ? kOptSize + ede : 0;
  }
  w.reserve(optSize);

  bool truncated = false;
  for (const RecordRef& ref : v.answer) {
    if (!putRRset(w, v, ref, Section::kAnswer)) {
      truncated = true;
      break;
    }
  }
  for (const RecordRef& ref : v.authority) {
    if (truncated || !putRRset(w, v, ref, Section::kAuthority)) {
      truncated = true;
      break;
    }
  }
  if (!truncated) {
    for (const RecordRef& ref : v.additional) putRRset(w, v, ref, Section::kAdditional);
  }
  // RFC 2181 §9: TC only when required data (answer, authority) did not fit.
  if (truncated) w.setFlags(w.flags() | kFlagTc);
  w.release(optSize);
  if (opt) putOpt(w, q, v, nsid);
  return w.size();
}

}  // namespace

std::optional<Answered> answerQuery(ByteSpan query, Transport transport, const ZoneSet& zones,
                                    const Identity& identity, std::span<uint8_t> out) {
  const Query q = parseQuery(query);
  if (q.status == QueryStatus::kDrop) return std::nullopt;
  Verdict verdict = q.status == QueryStatus::kOk ? processQuery(q, transport, zones, identity)
                                                 : errorVerdict(q.status);
  size_t limit = out.size();
  if (transport == Transport::kUdp) {
    limit = std::min<size_t>(limit, q.hasEdns ? q.edns.payload : kMaxUdpWithoutEdns);
  }
  auto length = encode(q, verdict, identity, limit, out);
  if (!length) return std::nullopt;
  return Answered{*length, verdict};
}

std::optional<size_t> truncatedReply(ByteSpan query, std::span<uint8_t> out) {
  const Query q = parseQuery(query);
  if (q.status == QueryStatus::kDrop) return std::nullopt;
  ResponseWriter w(out, out.size());
  if (!begin(w, q, kFlagTc)) return std::nullopt;
  return w.size();
}

}  // namespace anycast::dns
