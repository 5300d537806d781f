// QueryParser: reads one DNS query (RFC 1035 §4.1) into a Query: the header, exactly one
// question, and EDNS(0) from the OPT record of the additional section (RFC 6891 §6: payload
// size, version, DO bit of RFC 3225, and the NSID option of RFC 5001). Pure; reads only inside
// the span it is given and never allocates.
#pragma once

#include <cstdint>

#include "base/Bytes.h"
#include "dns/wire/Constants.h"
#include "dns/wire/Name.h"

namespace anycast::dns {

// What the server does with the query.
enum class QueryStatus : uint8_t {
  kOk,
  kDrop,     // shorter than a header, or a response (QR=1): nothing is sent
  kFormErr,  // malformed: FORMERR
  kNotImp,   // an opcode other than QUERY: NOTIMP
  kBadVers,  // EDNS version above 0: BADVERS (RFC 6891 §6.1.3)
};

struct Edns {
  uint16_t payload = kMaxUdpWithoutEdns;  // already raised to 512 when smaller (§6.2.5)
  uint8_t version = 0;
  bool dnssecOk = false;       // DO, RFC 3225 §3
  bool nsidRequested = false;  // RFC 5001 §2.1
};

struct Query {
  QueryStatus status = QueryStatus::kDrop;
  uint16_t id = 0;
  uint16_t flags = 0;        // the query's second header word (opcode, RD, CD, ...)
  bool hasQuestion = false;  // the question was read and is echoed in the response
  Name qname;                // as sent: its case is echoed
  uint16_t qtype = 0;
  uint16_t qclass = 0;
  bool hasEdns = false;
  Edns edns;

  uint8_t opcode() const { return static_cast<uint8_t>(flags >> 11 & 0x0f); }
  bool recursionDesired() const { return flags & kFlagRd; }
};

Query parseQuery(ByteSpan message);

}  // namespace anycast::dns
