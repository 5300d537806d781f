// DnsService: the authoritative DNS service — the zones of a DnsServiceConfig in an immutable
// ZoneSet, answered through the pure core (answerQuery / truncatedReply, RFC 1034/1035 and
// the rest listed in docs/rfc-compliance.md) behind the server's QueryHandler seam, with the
// whole-server max-qps cap, RRL's response class and name (Knot's and NSD's RRL), reload,
// and the control API (status, stats, reload) and /metrics. A library class: anycast-dns's
// main owns one, and anycastd one per `kind: dns` service (daemon/EmbeddedDns).
//
// Reload (NSD's model, DESIGN.md): a new ZoneSet (and Identity) is built while the workers go
// on answering from the old one, then swapped in whole. A broken zone file keeps every old
// zone and the error names its file:line. Each worker keeps its own reference to the current
// snapshot and looks at one shared generation number per query: a swap costs the workers one
// mutex-protected pointer copy each, and the hot path no atomic reference count.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "base/Result.h"
#include "control/MetricsText.h"
#include "dns/server/DnsServer.h"
#include "dns/service/DnsServiceConfig.h"
#include "dns/service/QpsLimiter.h"
#include "dns/service/ZoneFiles.h"

namespace anycast::dns::service {

using Json = nlohmann::json;

class DnsService : public server::QueryHandler {
 public:
  // Reads the configuration again for a reload (the config file): the new config, or the
  // error as "file:line: key: what". Not set: a reload reads the same zone files again.
  using ConfigSource = std::function<Result<DnsServiceConfig>()>;

  DnsService(DnsServiceConfig config, const Clock& clock, ConfigSource reread = {});
  ~DnsService() override;  // stops
  DnsService(const DnsService&) = delete;
  DnsService& operator=(const DnsService&) = delete;

  // Loads the zones (the first error: "file:line: what"), then binds and starts the workers.
  Result<Ok> start();
  void stop();

  // Builds the zones (and identity) again and swaps them in; on any error nothing changes.
  // Reply: the zones now served; settings that only a restart applies are named if changed.
  Result<Json> reload();
  // The control API: {"command": "status" | "stats" | "reload"}.
  Result<Json> handleCommand(const Json& request);
  Json status() const;
  Json stats() const;
  // The Prometheus exposition of stats() and the zones.
  std::string metrics() const;
  // The same families added to `out` (anycastd's /metrics, under its service's label).
  void writeMetrics(control::MetricsText& out) const;

  // After start(): the listen addresses with the ports bound.
  const std::vector<server::Endpoint>& listening() const { return server_.listening(); }

  // QueryHandler: called from every worker at once.
  std::optional<server::HandledQuery> handle(ByteSpan query, const server::Endpoint& source,
                                             Transport transport, std::span<uint8_t> out) override;
  std::optional<size_t> truncatedReply(ByteSpan query, std::span<uint8_t> out) override;

 private:
  // What a query is answered from: replaced whole by a reload, never changed.
  struct Snapshot {
    LoadedZones zones;
    Identity identity;
    uint64_t generation = 0;
  };

  // This thread's reference to the newest snapshot; nullptr before the first load.
  const Snapshot* current() const;
  void install(LoadedZones zones, Identity identity);

  DnsServiceConfig config_;
  const Clock& clock_;
  ConfigSource reread_;
  std::optional<QpsLimiter> limiter_;
  const bool rrl_;  // RRL on: handle() hashes the name each response is accounted to
  server::DnsServer server_;

  mutable std::mutex snapshotMutex_;  // guards snapshot_ (not the snapshot itself)
  std::shared_ptr<const Snapshot> snapshot_;
  std::atomic<uint64_t> generation_{0};  // snapshot_->generation (0: none), read per query

  std::mutex reloadMutex_;  // one reload at a time
  std::atomic<uint64_t> maxQpsDropped_{0};
  std::atomic<uint64_t> reloads_{0}, reloadFailures_{0};
  std::string lastReloadError_;  // guarded by snapshotMutex_
  std::chrono::steady_clock::time_point startedAt_;
};

}  // namespace anycast::dns::service
