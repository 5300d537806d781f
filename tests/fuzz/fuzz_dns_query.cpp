// libFuzzer target for the authoritative DNS core: each input is one query as received (UDP
// payload or TCP message body), answered by answerQuery against a small built-in zone
// (QueryParser RFC 1035 §4.1 / RFC 6891 EDNS, QueryProcessor, ResponseWriter §4.1.4
// compression). Invariants, checked with abort():
// - nothing is read out of bounds (ASan) and no input loops (libFuzzer's -timeout);
// - nothing is sent for a response (QR=1) or a message shorter than a header;
// - a response is never longer than the buffer, nor over UDP than the client's EDNS payload
//   (512 without EDNS);
// - it parses back: header with QR set and the query's id, every name's labels and pointers
//   (strictly backwards) in bounds, every record's RDATA in bounds, nothing after the last
//   record; TC only over UDP; QDCOUNT 0 or 1;
// - the RRL slip reply is header + question with TC and never longer than the query's
//   header + question.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "dns/query/Answer.h"
#include "dns/wire/QueryParser.h"
#include "dns/zone/ZoneLoader.h"

namespace {

using namespace anycast;
using namespace anycast::dns;

void require(bool invariant) {
  if (!invariant) std::abort();
}

const char kZone[] =
    "$ORIGIN example.com.\n$TTL 300\n"
    "@ SOA ns1 hostmaster 1 7200 3600 1209600 60\n@ NS ns1\n@ NS ns.other.\n@ MX 10 mail\n"
    "ns1 A 192.0.2.53\nns1 AAAA 2001:db8::53\nmail A 192.0.2.25\nwww A 192.0.2.80\n"
    "alias CNAME www\nloop CNAME loop\n*.wild A 192.0.2.99\n*.wild TXT \"wildcard text\"\n"
    "a.b.ent A 192.0.2.7\nsub NS ns.sub\nns.sub A 192.0.2.200\n_s._tcp SRV 0 0 1 www\n"
    "big TXT \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"1123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"2123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"3123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"4123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"5123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"6123456789012345678901234567890123456789012345678901234567890123456789\"\n"
    "big TXT \"7123456789012345678901234567890123456789012345678901234567890123456789\"\n";

const ZoneSet& zones() {
  static const ZoneSet set = [] {
    auto zone = loadZoneText(kZone, *Name::fromText("example.com."));
    require(zone.ok());
    return ZoneSet({std::make_shared<const Zone>(std::move(zone.value()))});
  }();
  return set;
}

uint16_t u16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

// Walks a name at `pos` (pointers only backwards); returns false when malformed.
bool skipName(ByteSpan m, size_t& pos) {
  size_t at = pos;
  bool jumped = false;
  for (int steps = 0; steps < 256; ++steps) {
    if (at >= m.size()) return false;
    uint8_t length = m[at];
    if ((length & 0xc0) == 0xc0) {
      if (at + 1 >= m.size()) return false;
      size_t target = size_t(length & 0x3f) << 8 | m[at + 1];
      if (target >= at) return false;
      if (!jumped) pos = at + 2;
      jumped = true;
      at = target;
      continue;
    }
    if (length > 63) return false;
    if (length == 0) {
      if (!jumped) pos = at + 1;
      return true;
    }
    at += 1 + length;
  }
  return false;
}

void checkResponse(ByteSpan m, const Query& q, Transport transport) {
  require(m.size() >= kHeaderSize);
  require(u16(m.data()) == q.id);
  const uint16_t flags = u16(m.data() + 2);
  require(flags & kFlagQr);
  require(transport == Transport::kUdp || !(flags & kFlagTc));
  const uint16_t qd = u16(m.data() + 4);
  require(qd <= 1);
  size_t pos = kHeaderSize;
  if (qd == 1) {
    require(skipName(m, pos) && pos + 4 <= m.size());
    pos += 4;
  }
  const uint32_t records = uint32_t(u16(m.data() + 6)) + u16(m.data() + 8) + u16(m.data() + 10);
  for (uint32_t i = 0; i < records; ++i) {
    require(skipName(m, pos) && pos + 10 <= m.size());
    const size_t rdlength = u16(m.data() + pos + 8);
    pos += 10 + rdlength;
    require(pos <= m.size());
  }
  require(pos == m.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteSpan query(data, size);
  const Identity identity{"site-a", "site-a.example", "host-a", "anycast-dns"};
  const Query q = parseQuery(query);
  static std::vector<uint8_t> out(65535);
  for (Transport transport : {Transport::kUdp, Transport::kTcp}) {
    const size_t buffer = transport == Transport::kUdp ? 1232 : out.size();
    auto answered = answerQuery(query, transport, zones(), identity, {out.data(), buffer});
    if (q.status == QueryStatus::kDrop) {
      require(!answered);
      continue;
    }
    if (!answered) continue;  // header and question did not fit the buffer
    size_t limit = buffer;
    if (transport == Transport::kUdp) {
      limit = std::min<size_t>(limit, q.hasEdns ? q.edns.payload : kMaxUdpWithoutEdns);
    }
    require(answered->length <= limit);
    checkResponse({out.data(), answered->length}, q, transport);
  }
  auto slip = truncatedReply(query, out);
  require(slip.has_value() == (q.status != QueryStatus::kDrop));
  if (slip) {
    require(*slip <= size);
    require(u16(out.data() + 2) & kFlagTc);
  }
  return 0;
}
