// DnsMetrics: the DNS server's stats as Prometheus families (control/MetricsText):
//   anycast_dns_queries_total{transport,worker}   anycast_dns_responses_total{transport,rcode}
//   anycast_dns_dropped_total{transport}          anycast_dns_truncated_total{transport}
//   anycast_dns_received_bytes_total{transport}   anycast_dns_sent_bytes_total{transport}
//   anycast_dns_rrl_dropped_total{class}          anycast_dns_rrl_slipped_total{class}
//   anycast_dns_tcp_connections (gauge)           anycast_dns_tcp_connections_total{event}
// RCODEs by their RFC 6895 §2.3 mnemonic; only those that occurred are listed.
#pragma once

#include <cstddef>
#include <string>

#include "control/MetricsText.h"
#include "dns/server/DnsServer.h"

namespace anycast::dns::server {

// "NOERROR", "NXDOMAIN", ... (RFC 6895 §2.3); "RCODE12" for those without a mnemonic here.
std::string rcodeName(size_t rcode);

void writeMetrics(const DnsServerStats& stats, control::MetricsText& out);

}  // namespace anycast::dns::server
