// DnsService: the query handler over the pure core, the snapshot swap, the control API and
// the metrics (see the header).
#include "dns/service/DnsService.h"

#include "base/Log.h"
#include "dns/query/Answer.h"
#include "dns/rrl/ResponseClass.h"
#include "dns/server/DnsMetrics.h"
#include "dns/server/Socket.h"

namespace anycast::dns::service {
namespace {

// Generations are unique across every DnsService of the process, so a thread's cached
// snapshot is never mistaken for another service's.
std::atomic<uint64_t> nextGeneration{1};

rrl::ResponseClass responseClass(VerdictKind kind) {
  switch (kind) {
    case VerdictKind::kAnswer: return rrl::ResponseClass::kAnswer;
    case VerdictKind::kNxdomain: return rrl::ResponseClass::kNxdomain;
    case VerdictKind::kNodata: return rrl::ResponseClass::kNodata;
    case VerdictKind::kReferral: return rrl::ResponseClass::kReferral;
    case VerdictKind::kError: break;
  }
  return rrl::ResponseClass::kError;
}

// The name RRL accounts a response to: the verdict's, else the question's (which follows the
// 12-octet header, uncompressed: the parser answered FORMERR otherwise).
uint64_t accountHash(const Verdict& v, ByteSpan query) {
  if (v.accountName) return rrl::hashName({v.accountName, v.accountNameSize});
  ByteSpan question = query.size() > 12 ? query.subspan(12) : ByteSpan{};
  return rrl::hashName(question.first(wireNameSize(question)));
}

Json zonesJson(const std::vector<ZoneInfo>& zones) {
  Json out = Json::array();
  for (const ZoneInfo& z : zones)
    out.push_back({{"origin", z.origin},
                   {"file", z.file},
                   {"serial", z.serial},
                   {"records", z.records},
                   {"bytes", z.bytes}});
  return out;
}

Json trafficJson(const server::TrafficStats& t) {
  Json rcodes = Json::object();
  for (size_t r = 0; r < t.rcodes.size(); ++r)
    if (t.rcodes[r] > 0) rcodes[server::rcodeName(r)] = t.rcodes[r];
  return {{"queries", t.queries},     {"responses", t.responses}, {"rcodes", rcodes},
          {"dropped", t.dropped},     {"truncated", t.truncated}, {"bytes-in", t.bytesIn},
          {"bytes-out", t.bytesOut}};
}

}  // namespace

DnsService::DnsService(DnsServiceConfig config, const Clock& clock, ConfigSource reread)
    : config_(std::move(config)),
      clock_(clock),
      reread_(std::move(reread)),
      rrl_(config_.server.rrl.enabled()),
      server_(config_.server, *this, clock),
      startedAt_(std::chrono::steady_clock::now()) {
  if (config_.maxQps > 0) limiter_.emplace(config_.maxQps, clock_);
}

DnsService::~DnsService() { stop(); }

Result<Ok> DnsService::start() {
  auto zones = loadZones(config_.zones);
  if (!zones) return fail(zones.error());
  install(std::move(zones.value()), config_.identity);
  auto started = server_.start();
  if (!started) return started;
  Json listen = Json::array();
  for (const auto& e : server_.listening()) listen.push_back(server::toString(e));
  LOG_INFO("dns.started", LogFields()
                              .kv("listen", listen.dump())
                              .kv("zones", config_.zones.size())
                              .kv("udp_workers", config_.server.udpWorkers)
                              .kv("tcp_workers", config_.server.tcpWorkers));
  return Ok{};
}

void DnsService::stop() { server_.stop(); }

void DnsService::install(LoadedZones zones, Identity identity) {
  auto next = std::make_shared<Snapshot>();
  next->zones = std::move(zones);
  next->identity = std::move(identity);
  next->generation = nextGeneration.fetch_add(1);
  std::lock_guard lock(snapshotMutex_);
  snapshot_ = std::move(next);
  generation_.store(snapshot_->generation, std::memory_order_release);
}

const DnsService::Snapshot* DnsService::current() const {
  struct Cache {
    uint64_t generation = 0;
    std::shared_ptr<const Snapshot> snapshot;
  };
  thread_local Cache cache;
  const uint64_t generation = generation_.load(std::memory_order_acquire);
  if (generation == 0) return nullptr;  // no zones loaded yet
  if (cache.generation != generation) {
    std::lock_guard lock(snapshotMutex_);
    cache.snapshot = snapshot_;
    cache.generation = snapshot_->generation;
  }
  return cache.snapshot.get();
}

std::optional<server::HandledQuery> DnsService::handle(ByteSpan query, const server::Endpoint&,
                                                       Transport transport,
                                                       std::span<uint8_t> out) {
  if (limiter_ && transport == Transport::kUdp && !limiter_->take()) {
    maxQpsDropped_.fetch_add(1, std::memory_order_relaxed);
    return std::nullopt;
  }
  const Snapshot* s = current();
  if (!s) return std::nullopt;
  auto answered = answerQuery(query, transport, *s->zones.set, s->identity, out);
  if (!answered) return std::nullopt;
  server::HandledQuery h{answered->length, responseClass(answered->verdict.kind), 0};
  if (rrl_) h.nameHash = accountHash(answered->verdict, query);
  return h;
}

std::optional<size_t> DnsService::truncatedReply(ByteSpan query, std::span<uint8_t> out) {
  return dns::truncatedReply(query, out);
}

Result<Json> DnsService::reload() {
  std::lock_guard one(reloadMutex_);
  auto refuse = [&](const std::string& error) -> Result<Json> {
    reloadFailures_.fetch_add(1);
    {
      std::lock_guard lock(snapshotMutex_);
      lastReloadError_ = error;
    }
    LOG_ERROR("dns.reload_failed", LogFields().kv("error", error).kv("kept", "the old zones"));
    return failWith(error + " (the old zones are kept)");
  };
  DnsServiceConfig next = config_;
  if (reread_) {
    auto read = reread_();
    if (!read) return refuse(read.error().message);
    next = std::move(read.value());
  }
  auto zones = loadZones(next.zones);
  if (!zones) return refuse(zones.error().message);
  Json reply{{"zones", zonesJson(zones->info)}};
  if (next.restartFingerprint != config_.restartFingerprint)
    reply["not-applied"] =
        "listen, workers, rrl, limits, tcp or control changed: restart anycast-dns to apply";
  size_t count = zones->info.size();
  install(std::move(zones.value()), next.identity);
  config_.zones = std::move(next.zones);
  config_.identity = std::move(next.identity);
  reloads_.fetch_add(1);
  {
    std::lock_guard lock(snapshotMutex_);
    lastReloadError_.clear();
  }
  LOG_INFO("dns.reloaded", LogFields().kv("zones", count).kv(
                               "not_applied", reply.contains("not-applied") ? "yes" : "no"));
  return reply;
}

Json DnsService::status() const {
  std::shared_ptr<const Snapshot> s;
  std::string lastError;
  {
    std::lock_guard lock(snapshotMutex_);
    s = snapshot_;
    lastError = lastReloadError_;
  }
  Json listen = Json::array();
  for (const auto& e : server_.listening()) listen.push_back(server::toString(e));
  auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                             startedAt_);
  Json out{{"config", config_.path.empty() ? "-" : config_.path},
           {"uptime-seconds", up.count()},
           {"listen", listen},
           {"udp-workers", config_.server.udpWorkers},
           {"tcp-workers", config_.server.tcpWorkers},
           {"zones", s ? zonesJson(s->zones.info) : Json::array()},
           {"reloads", reloads_.load()},
           {"reload-failures", reloadFailures_.load()}};
  if (!lastError.empty()) out["last-reload-error"] = lastError;
  return out;
}

Json DnsService::stats() const {
  server::DnsServerStats s = server_.stats();
  server::TrafficStats udp;
  for (const auto& w : s.udpWorkers) udp += w;
  Json rrlDropped = Json::object(), rrlSlipped = Json::object();
  for (size_t c = 0; c < rrl::kResponseClassCount; ++c) {
    std::string name(rrl::responseClassName(static_cast<rrl::ResponseClass>(c)));
    rrlDropped[name] = s.rrl.dropped[c];
    rrlSlipped[name] = s.rrl.slipped[c];
  }
  const server::TcpStats& tcp = s.tcpConnections;
  return {{"udp", trafficJson(udp)},
          {"tcp", trafficJson(s.tcp)},
          {"rrl", {{"dropped", rrlDropped}, {"slipped", rrlSlipped}}},
          {"max-qps-dropped", maxQpsDropped_.load(std::memory_order_relaxed)},
          {"tcp-connections",
           {{"active", tcp.active},
            {"accepted", tcp.accepted},
            {"rejected", tcp.rejected},
            {"closed-idle", tcp.closedIdle},
            {"closed-malformed", tcp.closedMalformed}}}};
}

std::string DnsService::metrics() const {
  control::MetricsText out;
  writeMetrics(out);
  return out.str();
}

void DnsService::writeMetrics(control::MetricsText& out) const {
  using control::MetricType;
  server::writeMetrics(server_.stats(), out);
  out.family("anycast_dns_max_qps_dropped_total", MetricType::kCounter,
             "UDP queries dropped by the whole-server max-qps cap.")
      .add(maxQpsDropped_.load(std::memory_order_relaxed));
  out.family("anycast_dns_reloads_total", MetricType::kCounter, "Zone reloads, by result.")
      .add({{"result", "ok"}}, reloads_.load())
      .add({{"result", "failed"}}, reloadFailures_.load());
  std::shared_ptr<const Snapshot> s;
  {
    std::lock_guard lock(snapshotMutex_);
    s = snapshot_;
  }
  if (s) {
    auto& serial = out.family("anycast_dns_zone_serial", MetricType::kGauge,
                              "SOA serial of each zone served.");
    auto& records = out.family("anycast_dns_zone_records", MetricType::kGauge,
                               "Records of each zone served.");
    for (const ZoneInfo& z : s->zones.info) {
      serial.add({{"zone", z.origin}}, z.serial);
      records.add({{"zone", z.origin}}, z.records);
    }
  }
}

Result<Json> DnsService::handleCommand(const Json& request) {
  std::string command = request.value("command", "");
  if (command == "status") return status();
  if (command == "stats") return stats();
  if (command == "reload") return reload();
  return failWith("unknown command '" + command + "' (anycast-dns knows status, stats, reload)");
}

}  // namespace anycast::dns::service
