// Daemon::metricsText: everything anycastd counts, in the Prometheus text format (served at
// /metrics by control/MetricsServer): sessions, prefixes, RIB and FIB, the site's services
// and their checks, and the embedded DNS servers (anycast-dns's anycast_dns_* families with a
// leading service="NAME" label). Names follow Prometheus practice: anycastd_ prefix, _total
// for counters, base units (seconds), one gauge per state with a `state` label for
// enumerations.
#include "base/Log.h"
#include "control/MetricsText.h"
#include "daemon/Daemon.h"

namespace anycast::daemon {
namespace {

using control::MetricType;

constexpr bgp::State kSessionStates[] = {bgp::State::kIdle,        bgp::State::kConnect,
                                         bgp::State::kActive,      bgp::State::kOpenSent,
                                         bgp::State::kOpenConfirm, bgp::State::kEstablished};

constexpr site::ServiceStatus kServiceStates[] = {
    site::ServiceStatus::kStarting,   site::ServiceStatus::kUp,
    site::ServiceStatus::kDown,       site::ServiceStatus::kHeldDown,
    site::ServiceStatus::kOverloaded, site::ServiceStatus::kDraining,
    site::ServiceStatus::kDrained};

void checkMetrics(control::MetricsText& out, const std::string& service,
                  const health::ServiceHealth& health) {
  auto& up = out.family("anycastd_check_up", MetricType::kGauge,
                        "1 when the check is up, 0 when down or not yet concluded");
  auto& ok = out.family("anycastd_check_successes_total", MetricType::kCounter,
                        "Probes (or reports) that succeeded");
  auto& failed = out.family("anycastd_check_failures_total", MetricType::kCounter,
                            "Probes (or reports) that failed");
  auto& moved = out.family("anycastd_check_transitions_total", MetricType::kCounter,
                           "Changes of the check's state");
  auto& latency = out.family("anycastd_check_latency_seconds", MetricType::kHistogram,
                             "Probe latency (timeouts counted at their timeout)");
  for (const auto& check : health.checks()) {
    const auto& stats = check->stats();
    std::string_view kind = health::kindName(check->config().kind);
    control::MetricLabels labels{{"service", service}, {"check", check->name()}, {"kind", kind}};
    up.add(labels, stats.state == health::CheckState::kUp ? 1 : 0);
    ok.add(labels, stats.successes);
    failed.add(labels, stats.failures);
    moved.add(labels, stats.transitions);
    latency.add(labels, control::histogramSnapshot(stats.latency));
  }
}

}  // namespace

std::string Daemon::metricsText() const {
  control::MetricsText out;
  out.family("anycastd_uptime_seconds", MetricType::kGauge, "Seconds since the daemon started")
      .add(std::chrono::duration<double>(std::chrono::steady_clock::now() - startedAt_).count());

  auto& state = out.family("anycastd_bgp_session_state", MetricType::kGauge,
                           "1 for the session's current RFC 4271 state, 0 for the others");
  auto& received = out.family("anycastd_bgp_prefixes_received", MetricType::kGauge,
                              "Prefixes the peer announces to us now (its Adj-RIB-In)");
  auto& sent = out.family("anycastd_bgp_prefixes_sent", MetricType::kGauge,
                          "Prefixes we announce to the peer now (its Adj-RIB-Out)");
  auto& updatesIn = out.family("anycastd_bgp_updates_received_total", MetricType::kCounter,
                               "UPDATE messages received");
  auto& updatesOut =
      out.family("anycastd_bgp_updates_sent_total", MetricType::kCounter, "UPDATE messages sent");
  auto& established = out.family("anycastd_bgp_established_total", MetricType::kCounter,
                                 "Times the session reached Established");
  for (const auto& peer : peers_) {
    const std::string& name = peer->name();
    auto info = peer->session().info();
    for (bgp::State s : kSessionStates)
      state.add({{"peer", name}, {"state", bgp::stateName(s)}}, info.state == s ? 1 : 0);
    received.add({{"peer", name}}, exchange_.learnedFrom(*peer));
    sent.add({{"peer", name}}, exchange_.advertisedTo(*peer));
    updatesIn.add({{"peer", name}}, info.received[bgp::MessageType::kUpdate]);
    updatesOut.add({{"peer", name}}, info.sent[bgp::MessageType::kUpdate]);
    established.add({{"peer", name}}, info.establishedCount);
  }

  out.family("anycastd_rib_prefixes", MetricType::kGauge, "Prefixes in the Loc-RIB")
      .add(exchange_.locRib().prefixCount());
  out.family("anycastd_rib_paths", MetricType::kGauge, "Candidate paths in the Loc-RIB")
      .add(exchange_.locRib().pathCount());
  if (fib_) {
    fib::FibStats fib = fib_->stats();
    out.family("anycastd_fib_routes", MetricType::kGauge, "Routes we want in the kernel")
        .add(fib.routes);
    out.family("anycastd_fib_failed_routes", MetricType::kGauge,
               "Routes whose last kernel update failed (retried by reconcile)")
        .add(fib.failedRoutes);
    out.family("anycastd_fib_netlink_errors_total", MetricType::kCounter, "Failed netlink requests")
        .add(fib.netlinkErrors);
  }

  if (!site_) return out.str();
  auto& serviceState = out.family("anycastd_service_state", MetricType::kGauge,
                                  "1 for the service's current state, 0 for the others");
  auto& announced = out.family("anycastd_service_announced", MetricType::kGauge,
                               "1 while the service's prefixes are announced");
  auto& transitions = out.family("anycastd_service_transitions_total", MetricType::kCounter,
                                 "Changes of the service's state");
  auto& announcements = out.family("anycastd_service_announcements_total", MetricType::kCounter,
                                   "Announcements (and re-announcements with other attributes)");
  auto& withdrawals = out.family("anycastd_service_withdrawals_total", MetricType::kCounter,
                                 "Withdrawals of the service's prefixes");
  for (const auto& s : site_->services()) {
    for (site::ServiceStatus status : kServiceStates)
      serviceState.add({{"service", s->name()}, {"state", site::statusName(status)}},
                       s->state().status() == status ? 1 : 0);
    announced.add({{"service", s->name()}}, s->announced() ? 1 : 0);
    transitions.add({{"service", s->name()}}, s->state().transitions());
    announcements.add({{"service", s->name()}}, s->announcements());
    withdrawals.add({{"service", s->name()}}, s->withdrawals());
    checkMetrics(out, s->name(), s->health());
    if (s->overload()) checkMetrics(out, s->name(), *s->overload());
  }
  dns_->writeMetrics(out);
  return out.str();
}

void Daemon::openMetrics() {
  const auto& endpoint = *config_.control.metrics;
  metrics_ = std::make_unique<control::MetricsServer>(io_, endpoint.address, endpoint.port,
                                                      [this] { return metricsText(); });
  if (auto opened = metrics_->open(); !opened) throw std::runtime_error(opened.error().message);
  LOG_INFO("metrics-listening", LogFields().kv("address", endpoint.str()));
}

}  // namespace anycast::daemon
