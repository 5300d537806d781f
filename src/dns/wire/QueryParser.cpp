// QueryParser: RFC 1035 §4.1 query parsing with RFC 6891 EDNS(0) and RFC 5001 NSID. Where
// knotd 3.2 and the RFCs leave a choice, the choice is written down at the check.
#include "dns/wire/QueryParser.h"

namespace anycast::dns {
namespace {

struct RecordHead {
  uint16_t type = 0;
  uint16_t klass = 0;
  uint32_t ttl = 0;
  ByteSpan rdata;
  bool ownerIsRoot = false;
};

// Moves `pos` past the owner name of a record: labels ending in the root or, after the
// question, a compression pointer (RFC 1035 §4.1.4 — an IXFR query's SOA in the authority
// section, RFC 1995 §3, points at the question's name). Pointers are not followed: the
// owners of these records are never used, an OPT's aside, which must be the root.
bool skipOwner(ByteSpan message, size_t& pos) {
  for (size_t size = 0; pos < message.size() && size <= kMaxNameSize;) {
    const uint8_t length = message[pos];
    if ((length & 0xc0) == 0xc0) {
      if (pos + 2 > message.size()) return false;
      pos += 2;
      return true;
    }
    if (length & 0xc0) return false;  // the reserved label types (RFC 6891 §5)
    pos += 1 + length;
    size += 1 + length;
    if (length == 0) return size <= kMaxNameSize;
  }
  return false;
}

// One resource record of a query (RFC 1035 §4.1.3); false when malformed.
bool readRecord(ByteSpan message, size_t& pos, RecordHead& out) {
  size_t start = pos;
  if (!skipOwner(message, pos)) return false;
  out.ownerIsRoot = pos == start + 1;
  ByteReader r(message.subspan(pos));
  uint16_t rdlength = 0;
  if (!r.readU16(out.type) || !r.readU16(out.klass) || !r.readU32(out.ttl) ||
      !r.readU16(rdlength) || !r.readSpan(rdlength, out.rdata)) {
    return false;
  }
  pos += r.position();
  return true;
}

// RFC 6891 §6.1.2-§6.1.3: the OPT pseudo-record's fields; false when its options are malformed.
bool readOpt(const RecordHead& opt, Edns& edns) {
  // §6.2.5: "Values lower than 512 MUST be treated as equal to 512."
  edns.payload = opt.klass < kMaxUdpWithoutEdns ? kMaxUdpWithoutEdns : opt.klass;
  edns.version = static_cast<uint8_t>(opt.ttl >> 16);
  edns.dnssecOk = opt.ttl & kEdnsDoBit;
  ByteReader options(opt.rdata);
  while (!options.empty()) {
    uint16_t code = 0, length = 0;
    ByteSpan value;
    if (!options.readU16(code) || !options.readU16(length) || !options.readSpan(length, value)) {
      return false;  // an option running past RDLENGTH: FORMERR, as knotd does
    }
    // RFC 5001 §2.1 says a request's NSID option is empty; knotd answers one with data too,
    // and so do we ("the responder MUST ignore" nothing here, being lenient costs nothing).
    if (code == kOptionNsid) edns.nsidRequested = true;
  }
  return true;
}

}  // namespace

Query parseQuery(ByteSpan message) {
  Query q;
  ByteReader header(message);
  uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;
  if (!header.readU16(q.id) || !header.readU16(q.flags) || !header.readU16(qdcount) ||
      !header.readU16(ancount) || !header.readU16(nscount) || !header.readU16(arcount)) {
    return q;  // shorter than a header: drop
  }
  if (q.flags & kFlagQr) return q;  // a response: never answer one (no reflection loops)

  q.status = QueryStatus::kFormErr;
  // RFC 1035 §4.1.2 allows several questions, but no server answers more than one and RFC 9619
  // makes QDCOUNT=1 the rule for QUERY: anything else is FORMERR (knotd: FORMERR for 0, drop
  // for 2 or more; we answer both, header only, as the question cannot be echoed).
  if (qdcount != 1) return q;
  size_t pos = kHeaderSize;
  auto qname = Name::read(message, pos);
  ByteReader question(message.subspan(pos < message.size() ? pos : message.size()));
  if (!qname || !question.readU16(q.qtype) || !question.readU16(q.qclass)) {
    // Bad label types, compression pointers (nothing precedes the question to point to),
    // names over 255 octets, or a cut question: FORMERR without a question (knotd drops).
    return q;
  }
  q.qname = *qname;
  q.hasQuestion = true;
  pos += question.position();

  // Answer and authority records are not expected in a query; they are read past, but an OPT
  // there is FORMERR (RFC 6891 §6.1.1: OPT belongs in the additional section).
  const uint32_t records = uint32_t(ancount) + nscount + arcount;
  for (uint32_t i = 0; i < records; ++i) {
    RecordHead rr;
    if (!readRecord(message, pos, rr)) return q;
    if (rr.type != kTypeOpt) continue;
    if (i < uint32_t(ancount) + nscount) return q;
    // §6.1.1: "more than one OPT RR ... a FORMERR (RCODE=1) MUST be returned".
    if (q.hasEdns) return q;
    // §6.1.2: the OPT owner "MUST be 0 (root domain)"; knotd accepts another, we refuse it.
    if (!rr.ownerIsRoot) return q;
    if (!readOpt(rr, q.edns)) return q;
    q.hasEdns = true;
  }
  if (pos != message.size()) return q;  // bytes after the last record: FORMERR, as knotd does

  if (q.opcode() != kOpcodeQuery) {
    // RFC 1035 §4.1.1: not implemented — NOTIFY and UPDATE too, which this server does not do
    // (knotd, which does, answers them NOTAUTH). The OPT is read first: it is echoed (knotd).
    q.status = QueryStatus::kNotImp;
    return q;
  }
  // §6.1.3: "If a responder does not implement the VERSION level of the request, then it MUST
  // respond with RCODE=BADVERS."
  q.status = q.hasEdns && q.edns.version > 0 ? QueryStatus::kBadVers : QueryStatus::kOk;
  return q;
}

}  // namespace anycast::dns
