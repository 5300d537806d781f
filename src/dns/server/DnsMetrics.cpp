// DnsMetrics: rendering DnsServerStats for /metrics (families listed in the header).
#include "dns/server/DnsMetrics.h"

#include <array>
#include <string>
#include <string_view>

namespace anycast::dns::server {

std::string rcodeName(size_t rcode) {
  static constexpr std::array<std::string_view, 11> kNames = {
      "NOERROR",  "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
      "YXDOMAIN", "YXRRSET", "NXRRSET",  "NOTAUTH",  "NOTZONE"};
  return rcode < kNames.size() ? std::string(kNames[rcode]) : "RCODE" + std::to_string(rcode);
}

namespace {

using control::MetricType;

void writeTraffic(const TrafficStats& t, std::string_view transport, control::MetricsText& out) {
  auto& responses = out.family("anycast_dns_responses_total", MetricType::kCounter,
                               "Responses sent, by header RCODE.");
  for (size_t r = 0; r < t.rcodes.size(); ++r)
    if (t.rcodes[r] > 0)
      responses.add({{"transport", transport}, {"rcode", rcodeName(r)}}, t.rcodes[r]);
  out.family("anycast_dns_dropped_total", MetricType::kCounter,
             "Queries not answered: no response from the query processor, RRL, oversize, "
             "send failure.")
      .add({{"transport", transport}}, t.dropped);
  out.family("anycast_dns_truncated_total", MetricType::kCounter,
             "Responses sent with TC=1 (RRL slips included).")
      .add({{"transport", transport}}, t.truncated);
  out.family("anycast_dns_received_bytes_total", MetricType::kCounter,
             "DNS message bytes received.")
      .add({{"transport", transport}}, t.bytesIn);
  out.family("anycast_dns_sent_bytes_total", MetricType::kCounter, "DNS message bytes sent.")
      .add({{"transport", transport}}, t.bytesOut);
}

}  // namespace

void writeMetrics(const DnsServerStats& stats, control::MetricsText& out) {
  auto& queries = out.family("anycast_dns_queries_total", MetricType::kCounter,
                             "Queries received, per transport and worker.");
  TrafficStats udp;
  for (size_t i = 0; i < stats.udpWorkers.size(); ++i) {
    queries.add({{"transport", "udp"}, {"worker", std::to_string(i)}}, stats.udpWorkers[i].queries);
    udp += stats.udpWorkers[i];
  }
  queries.add({{"transport", "tcp"}, {"worker", "all"}}, stats.tcp.queries);
  writeTraffic(udp, "udp", out);
  writeTraffic(stats.tcp, "tcp", out);

  auto& dropped = out.family("anycast_dns_rrl_dropped_total", MetricType::kCounter,
                             "UDP responses dropped by response rate limiting.");
  auto& slipped = out.family("anycast_dns_rrl_slipped_total", MetricType::kCounter,
                             "Rate-limited UDP responses sent truncated (slip).");
  for (size_t c = 0; c < rrl::kResponseClassCount; ++c) {
    auto name = rrl::responseClassName(static_cast<rrl::ResponseClass>(c));
    dropped.add({{"class", name}}, stats.rrl.dropped[c]);
    slipped.add({{"class", name}}, stats.rrl.slipped[c]);
  }

  const TcpStats& tcp = stats.tcpConnections;
  out.family("anycast_dns_tcp_connections", MetricType::kGauge, "Open DNS TCP connections.")
      .add(tcp.active);
  out.family("anycast_dns_tcp_connections_total", MetricType::kCounter,
             "DNS TCP connections accepted, rejected over the cap, closed idle or malformed.")
      .add({{"event", "accepted"}}, tcp.accepted)
      .add({{"event", "rejected"}}, tcp.rejected)
      .add({{"event", "closed_idle"}}, tcp.closedIdle)
      .add({{"event", "closed_malformed"}}, tcp.closedMalformed);
}

}  // namespace anycast::dns::server
