// EmbeddedDns: the authoritative DNS servers anycastd runs itself (issue 5), one
// dns::service::DnsService per `kind: dns` service, listening on the service's anycast
// addresses. As the site's ServiceObserver it starts a service's server once the addresses
// are on their interface and stops it before they are taken off. It reports to the service's
// embedded checks (CheckRunner::report): up once the zones are loaded and the workers run,
// down with the error (a zone's "file:line: what", a bind failure) when it cannot start — so
// a broken server withdraws the prefix. Status, stats, zone reload (NSD's model: a broken
// zone keeps the old zones) and /metrics are reached by service name.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "base/Result.h"
#include "control/MetricsText.h"
#include "dns/service/DnsService.h"
#include "site/ServiceObserver.h"

namespace anycast::site {
class SiteController;
}

namespace anycast::daemon {

class EmbeddedDns : public site::ServiceObserver {
 public:
  explicit EmbeddedDns(const Clock& clock) : clock_(clock) {}

  // site::ServiceObserver
  void started(site::Service& service) override;
  void stopping(const site::Service& service) override;

  // `anycastctl service NAME`: {"running", "error" (when not), "status", "stats"}; nullopt
  // for a service that is not a dns service.
  std::optional<nlohmann::json> serviceJson(const std::string& service) const;
  // Zones loaded again by every running server but those of `started` (started anew by the
  // same reload: their zones are fresh); a server that could not start is started again.
  // The reply per service: the zones it serves. An error names each service whose zones did
  // not load (its old zones are kept) or whose server cannot start, with the zone's
  // file:line.
  Result<nlohmann::json> reload(site::SiteController& site,
                                const std::vector<std::string>& started);
  // Every server's families (anycast_dns_*) labelled service="NAME", and anycastd_dns_running.
  void writeMetrics(control::MetricsText& out) const;

 private:
  struct Server {
    std::unique_ptr<dns::service::DnsService> dns;  // null: it could not start
    std::string error;                              // why, when it could not
  };
  // Starts `service`'s server and reports the outcome to its embedded checks.
  void launch(site::Service& service);

  const Clock& clock_;
  std::map<std::string, Server> servers_;  // by service name: every dns service started
};

}  // namespace anycast::daemon
