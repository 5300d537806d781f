// Answer: the server's entry point — parse (QueryParser), decide (QueryProcessor), encode
// (ResponseWriter) one query into the caller's buffer, allocation-free. Encoding rules: the
// question echoed in the query's case (RFC 1035 §7.3 / RFC 4343 §4), names compressed in the
// RFC 1035 types only (RFC 3597 §4), whole RRsets only (RFC 2181 §9); over UDP an answer or
// authority RRset that does not fit sets TC and ends the message, additional RRsets that do
// not fit are left out without TC (knotd); an OPT record (RFC 6891 §6.1.1, with BADVERS's
// upper RCODE bits §6.1.3, DO copied RFC 3225 §3, NSID RFC 5001 §2.2) whenever the query had
// one, except in FORMERR answers (knotd sends none there).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/Bytes.h"
#include "dns/query/Identity.h"
#include "dns/query/QueryProcessor.h"
#include "dns/query/Verdict.h"
#include "dns/zone/ZoneSet.h"

namespace anycast::dns {

// The response's length and the verdict behind it (for RRL and metrics).
struct Answered {
  size_t length;
  Verdict verdict;
};

// Parses, processes and encodes one query into `out` (at most out.size() octets; over UDP also
// at most the client's EDNS payload size, or 512 without EDNS — the server's own UDP maximum is
// the size of `out` it passes). nullopt when nothing must be sent: QR set, shorter than a
// header, or `out` too small for the header and question. Never throws, never reads past
// `query`.
std::optional<Answered> answerQuery(ByteSpan query, Transport transport, const ZoneSet& zones,
                                    const Identity& identity, std::span<uint8_t> out);

// RRL's "slip": the minimal truncated reply (header + question, TC=1) to the same query.
std::optional<size_t> truncatedReply(ByteSpan query, std::span<uint8_t> out);

}  // namespace anycast::dns
