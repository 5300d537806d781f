// EmbeddedDns: starting, stopping and reaching the embedded DNS servers (see the header).
#include "daemon/EmbeddedDns.h"

#include <algorithm>

#include "base/Log.h"
#include "dns/server/Socket.h"
#include "site/SiteController.h"

namespace anycast::daemon {

using nlohmann::json;

void EmbeddedDns::started(site::Service& service) {
  if (service.config().dns) launch(service);
}

void EmbeddedDns::launch(site::Service& service) {
  Server& server = servers_[service.name()];
  server.dns = std::make_unique<dns::service::DnsService>(*service.config().dns, clock_);
  auto up = server.dns->start();
  std::string detail;
  if (up) {
    server.error.clear();
    for (const auto& e : server.dns->listening())
      detail += (detail.empty() ? "serving on " : ", ") + dns::server::toString(e);
  } else {
    server.dns.reset();  // stops whatever had started
    server.error = up.error().message;
    detail = "cannot start: " + server.error;
  }
  LogFields fields;
  fields.kv("service", service.name()).kv("detail", detail);
  if (up) {
    LOG_INFO("service_dns_started", fields);
  } else {
    LOG_ERROR("service_dns_failed", fields);
  }
  for (health::CheckRunner* check : service.embeddedChecks()) check->report(up.ok(), detail);
}

void EmbeddedDns::stopping(const site::Service& service) {
  auto it = servers_.find(service.name());
  if (it == servers_.end()) return;
  servers_.erase(it);  // the workers are joined here
  LOG_INFO("service_dns_stopped", LogFields().kv("service", service.name()));
}

std::optional<json> EmbeddedDns::serviceJson(const std::string& service) const {
  auto it = servers_.find(service);
  if (it == servers_.end()) return std::nullopt;
  const Server& server = it->second;
  nlohmann::json out{{"running", server.dns != nullptr}};
  if (!server.dns) {
    out["error"] = server.error;
    return out;
  }
  out["status"] = server.dns->status();
  out["stats"] = server.dns->stats();
  return out;
}

Result<json> EmbeddedDns::reload(site::SiteController& site,
                                 const std::vector<std::string>& started) {
  nlohmann::json out = nlohmann::json::object();
  std::string errors;
  for (auto& [name, server] : servers_) {
    bool fresh = std::find(started.begin(), started.end(), name) != started.end();
    if (!server.dns && !fresh)
      if (site::Service* service = site.find(name)) {
        launch(*service);  // another try
        fresh = true;
      }
    Result<nlohmann::json> done = nlohmann::json();
    if (!server.dns) {
      done = failWith("cannot start: " + server.error);
    } else if (fresh) {
      done = server.dns->status()["zones"];
    } else {
      done = server.dns->reload();
    }
    if (done) {
      out[name] = done.value();
    } else {
      errors +=
          (errors.empty() ? "" : "; ") + ("dns service " + name + ": " + done.error().message);
    }
  }
  if (!errors.empty()) return failWith(errors);
  return out;
}

void EmbeddedDns::writeMetrics(control::MetricsText& out) const {
  auto& running = out.family("anycastd_dns_running", control::MetricType::kGauge,
                             "1 while the service's embedded DNS server runs");
  for (const auto& [name, server] : servers_) running.add({{"service", name}}, server.dns ? 1 : 0);
  for (const auto& [name, server] : servers_) {
    if (!server.dns) continue;
    out.setLeadingLabels({{"service", name}});
    server.dns->writeMetrics(out);
  }
  out.setLeadingLabels({});
}

}  // namespace anycast::daemon
