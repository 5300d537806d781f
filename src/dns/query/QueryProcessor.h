// QueryProcessor: the authoritative answer to one parsed query, as a Verdict — RFC 1034
// §4.3.2's algorithm with RFC 4592 wildcards, RFC 2308 negative answers, RFC 6604 CNAME
// chains, RFC 8482 minimal ANY and RFC 4892 identity queries, matching knotd 3.2 where the
// RFCs leave a choice (each such place says so).
#pragma once

#include "dns/Transport.h"
#include "dns/query/Identity.h"
#include "dns/query/Verdict.h"
#include "dns/wire/QueryParser.h"
#include "dns/zone/ZoneSet.h"

namespace anycast::dns {

inline constexpr size_t kMaxCnameChain = 12;  // links followed; the answer holds 16 RRsets

// `query.status` must be kOk; the other statuses have their verdict in errorVerdict().
Verdict processQuery(const Query& query, Transport transport, const ZoneSet& zones,
                     const Identity& identity);
// FORMERR, NOTIMP, BADVERS: no zone, no records, AA clear.
Verdict errorVerdict(QueryStatus status);

}  // namespace anycast::dns
