#include "control/TextFormat.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace anycast::control {
namespace {

using Json = nlohmann::json;
using Row = std::vector<std::string>;

std::string text(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) out += (out.empty() ? "" : " ") + text(e);
    return out.empty() ? "-" : out;
  }
  return v.dump();
}

// One "key: value" line per member (status, actions' replies).
std::string keyValues(const Json& object) {
  std::ostringstream out;
  for (const auto& [k, v] : object.items()) out << k << ": " << text(v) << '\n';
  return out.str();
}

std::string table(const Row& header, const std::vector<Row>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto& r : rows)
    for (size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  std::ostringstream out;
  auto line = [&](const Row& r) {
    for (size_t i = 0; i < r.size(); ++i) {
      out << r[i];
      if (i + 1 < r.size()) out << std::string(width[i] - r[i].size() + 2, ' ');
    }
    out << '\n';
  };
  line(header);
  for (const auto& r : rows) line(r);
  return out.str();
}

std::string field(const Json& obj, const char* key) {
  return obj.contains(key) ? text(obj.at(key)) : "-";
}

std::vector<Row> rowsOf(const Json& items, std::initializer_list<const char*> keys) {
  std::vector<Row> rows;
  for (const auto& item : items) {
    Row r;
    for (const char* k : keys) r.push_back(field(item, k));
    rows.push_back(std::move(r));
  }
  return rows;
}

// A service's embedded DNS server (`service NAME`): running or why not, its status, zones
// and traffic per transport.
std::string dnsText(const Json& dns) {
  std::ostringstream out;
  out << "\ndns: "
      << (dns.value("running", false) ? "running" : "not running: " + field(dns, "error")) << '\n';
  if (!dns.contains("status")) return out.str();
  Json status = dns.at("status");
  Json zones = status.value("zones", Json::array());
  status.erase("zones");
  out << keyValues(status);
  const Json& stats = dns.value("stats", Json::object());
  for (const char* transport : {"udp", "tcp"}) {
    const Json& t = stats.value(transport, Json::object());
    out << transport << ":";
    for (const char* k : {"queries", "responses", "dropped", "truncated"})
      out << ' ' << k << ' ' << field(t, k);
    out << '\n';
  }
  out << "max-qps-dropped: " << field(stats, "max-qps-dropped") << "\n\n";
  out << table({"ZONE", "SERIAL", "RECORDS", "FILE"},
               rowsOf(zones, {"origin", "serial", "records", "file"}));
  return out.str();
}

}  // namespace

Json replyPayload(const Json& reply) {
  if (reply.contains("result")) return reply.at("result");
  Json copy = reply;
  copy.erase("ok");
  return copy;
}

std::string formatReply(const std::string& command, const Json& reply) {
  Json payload = replyPayload(reply);
  if (command == "show-peers")
    return table(
        {"NAME", "ADDRESS", "AS", "STATE", "UPTIME(s)", "RECEIVED", "SENT", "LOOPED", "LAST-ERROR"},
        rowsOf(payload, {"name", "address", "as", "state", "uptime-seconds", "prefixes-received",
                         "prefixes-sent", "looped-updates", "last-error"}));
  if (command == "show-routes" || command == "show-received")
    return table({"PREFIX", "PEER", "NEXT-HOP", "AS-PATH", "ORIGIN", "MED", "LOCAL-PREF",
                  "COMMUNITIES", "LARGE-COMMUNITIES"},
                 rowsOf(payload, {"prefix", "peer", "next-hop", "as-path", "origin", "med",
                                  "local-pref", "communities", "large-communities"}));
  if (command == "show-services")
    return table({"NAME", "STATE", "ANNOUNCE", "HEALTH", "PREFIXES", "REASON"},
                 rowsOf(payload, {"name", "state", "announce", "health", "prefixes", "reason"}));
  if (command == "show-service") {
    Json summary = payload;
    Json checks = summary.value("checks", Json::array());
    for (const auto& item : summary.value("overload-checks", Json::array())) checks.push_back(item);
    Json dns = summary.value("dns", Json());
    for (const char* apart : {"checks", "overload-checks", "dns"}) summary.erase(apart);
    return keyValues(summary) + "\n" +
           table({"CHECK", "KIND", "STATE", "LAST", "DETAIL", "LATENCY(ms)", "OK", "FAILED"},
                 rowsOf(checks, {"name", "kind", "state", "ok", "detail", "latency-ms", "successes",
                                 "failures"})) +
           (dns.is_null() ? "" : dnsText(dns));
  }
  if (command == "show-next-hops")
    return table({"NEXT-HOP", "REACHABLE", "VIA", "WHY"},
                 rowsOf(payload, {"next-hop", "reachable", "via", "why"}));
  if (command == "show-route")
    return field(payload, "prefix") + "\n" +
           table({"STATUS", "FROM", "NEXT-HOP", "AS-PATH", "LOCAL-PREF", "MED", "DECIDED-BY",
                  "REASON"},
                 rowsOf(payload.value("candidates", Json::array()),
                        {"status", "from", "next-hop", "as-path", "local-pref", "med", "decided-by",
                         "reason"}));
  if (payload.is_object() && !payload.empty()) return keyValues(payload);
  return "ok\n";
}

}  // namespace anycast::control
