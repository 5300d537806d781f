// DnsMetrics: the DNS server's stats as Prometheus families (control/MetricsText):
//   anycast_dns_queries_total{transport,worker}   anycast_dns_responses_total{transport,rcode}
//   anycast_dns_dropped_total{transport}          anycast_dns_truncated_total{transport}
//   anycast_dns_received_bytes_total{transport}   anycast_dns_sent_bytes_total{transport}
//   anycast_dns_rrl_dropped_total{class}          anycast_dns_rrl_slipped_total{class}
//   anycast_dns_tcp_connections (gauge)           anycast_dns_tcp_connections_total{event}
// RCODEs by their RFC 6895 §2.3 mnemonic; only those that occurred are listed.
#pragma once

#include "control/MetricsText.h"
#include "dns/server/DnsServer.h"

namespace anycast::dns::server {

void writeMetrics(const DnsServerStats& stats, control::MetricsText& out);

}  // namespace anycast::dns::server
