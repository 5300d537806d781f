// SiteController: the site side of anycastd — each configured service's health checks, its
// state (ServiceState), its addresses and its announcements. Checks run on the daemon's loop
// (src/health); every state change is logged on one line and turned into an announcement,
// a re-announcement with other attributes, or a withdrawal through the RouteOriginator.
//
// Addresses (DESIGN.md: on `lo`, no dummy driver here): a service's addresses are put on its
// interface when the service starts — before its first announcement, and so that its checks
// and its server can use them — and taken off only once the service is withdrawn for good
// (drained, or the daemon exits with on-exit: withdraw) *and* that withdrawal has been handed
// to every peer. An address that was there already is the operator's and is never removed.
// A failed service keeps its addresses: it must stay checkable to come back.
//
// GRACEFUL_SHUTDOWN while draining: RFC 8326 §4 (the well-known community 65535:0).
#pragma once

#include <asio.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "base/Result.h"
#include "fib/InterfaceAddresses.h"
#include "health/ServiceHealth.h"
#include "site/RouteOriginator.h"
#include "site/ServiceConfig.h"
#include "site/ServiceObserver.h"
#include "site/ServiceState.h"

namespace anycast::site {

class Service;

class SiteController {
 public:
  struct Environment {
    asio::io_context& io;
    TimerFactory& timers;
    const Clock& clock;
    RouteOriginator& routes;
    fib::InterfaceAddresses* addresses;  // null: addresses are never touched
    ServiceObserver* observer = nullptr;  // told when services start and stop for good
  };

  SiteController(Environment environment, uint32_t localAs, std::vector<ServiceConfig> services);
  ~SiteController();

  // Puts every service's addresses in place, then starts its checks.
  void start();
  // Daemon exit: stops the checks; with `withdraw`, withdraws every service and, once that has
  // been sent, takes its addresses off; then calls `done`.
  void stop(bool withdraw, std::function<void()> done);

  // Applies a new list of services (reload): gone ones are withdrawn and, once that was sent,
  // their addresses removed; changed ones (other fingerprint) are replaced by a new service
  // that starts over (its addresses handed over, so they stay); new ones start; the others
  // are untouched.
  struct Changes {
    std::vector<std::string> added, removed, replaced;
  };
  Changes reconfigure(std::vector<ServiceConfig> services);

  Result<Ok> drain(const std::string& service, std::optional<Duration> duration);
  Result<Ok> undrain(const std::string& service);

  const std::vector<std::unique_ptr<Service>>& services() const { return services_; }
  Service* find(const std::string& name) const;

 private:
  friend class Service;
  // A service's health changed (`reason`): it and the services that depend on it are
  // evaluated again.
  void healthChanged(Service& service, const std::string& reason);
  // The health `service` acts on: its own, unless a service it depends on is not up.
  std::pair<health::CheckState, std::string> effectiveHealth(const Service& service) const;
  // Tells the observer (if any) that `service` goes for good.
  void stopping(const Service& service);
  // Stops and withdraws `service`; the addresses it added that `keep` does not list are
  // removed once the withdrawal was sent. Returns those it keeps.
  std::vector<Prefix> retire(std::unique_ptr<Service> service, const std::vector<Prefix>& keep);

  Environment env_;
  uint32_t localAs_;
  std::vector<std::unique_ptr<Service>> services_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for whenSent callbacks
};

// One service: read-only accessors for anycastctl and /metrics.
class Service {
 public:
  Service(SiteController& site, ServiceConfig config);
  ~Service();

  const ServiceConfig& config() const { return config_; }
  const std::string& name() const { return config_.name; }
  const ServiceState& state() const { return *state_; }
  const health::ServiceHealth& health() const { return *health_; }
  const health::ServiceHealth* overload() const { return overload_.get(); }
  bool announced() const { return announcedWith_.has_value(); }
  uint64_t announcements() const { return announcements_; }  // UPDATEs-worth: per change
  uint64_t withdrawals() const { return withdrawals_; }
  // The addresses this service put on its interface (and will take off).
  const std::vector<Prefix>& addressesAdded() const { return added_; }
  // An embedded check, for the code that reports to it (the daemon's DNS server).
  health::CheckRunner* embeddedCheck(const std::string& name);
  // Every embedded check of the service.
  std::vector<health::CheckRunner*> embeddedChecks();

 private:
  friend class SiteController;
  void start();
  void stopChecks();
  void addAddresses();
  void removeAddresses();
  // Withdraws if announced.
  void withdraw();
  void pollDrainFile();
  // The state changed (from `previous`): announce, re-announce or withdraw accordingly.
  void apply(ServiceStatus previous, const std::string& reason);
  bgp::PathAttributes attributesFor(Announcement announcement) const;

  SiteController& site_;
  ServiceConfig config_;
  std::unique_ptr<health::ServiceHealth> health_;
  std::unique_ptr<health::ServiceHealth> overload_;  // null without overload checks
  std::unique_ptr<ServiceState> state_;
  std::unique_ptr<Timer> drainFileTimer_;
  bool drainedByFile_ = false;
  std::optional<bgp::PathAttributes> announcedWith_;  // set while announced
  uint64_t announcements_ = 0;
  uint64_t withdrawals_ = 0;
  std::vector<Prefix> added_;
  // For callbacks that may run after the service is gone (a reload retired it).
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace anycast::site
