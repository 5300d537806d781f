#include "site/SiteController.h"

#include <algorithm>
#include <filesystem>

#include "base/Log.h"
#include "bgp/policy/Action.h"
#include "health/CheckFactory.h"

namespace anycast::site {
namespace {

// How often a drain file is looked for.
constexpr Duration kDrainFilePoll = std::chrono::seconds(1);

std::unique_ptr<health::ServiceHealth> makeHealth(const std::string& name, health::Combine how,
                                                  const std::vector<health::CheckConfig>& checks,
                                                  const SiteController::Environment& env,
                                                  health::ServiceHealth::OnChange onChange) {
  std::vector<std::unique_ptr<health::CheckRunner>> runners;
  for (const auto& check : checks)
    runners.push_back(health::makeCheck(check, env.io, env.timers, env.clock));
  return std::make_unique<health::ServiceHealth>(name, how, std::move(runners),
                                                 std::move(onChange));
}

// `extra` applied as the policy actions it stands for (communities added when absent, MED
// set, our AS prepended).
void addAttributes(bgp::PathAttributes& to, const AnnounceAttributes& extra, uint32_t localAs) {
  namespace policy = bgp::policy;
  std::vector<policy::Action> actions{policy::AddCommunities{extra.communities},
                                      policy::AddLargeCommunities{extra.largeCommunities}};
  if (extra.med) actions.push_back(policy::SetMed{*extra.med});
  if (extra.prepend > 0)
    actions.push_back(policy::PrependOwnAs{static_cast<uint8_t>(extra.prepend)});
  Prefix none;  // no action here depends on the prefix
  policy::PolicyRoute route(none, to);
  for (const auto& action : actions) policy::apply(action, localAs, route);
  if (route.attributes.modified()) to = route.attributes.get();
}

// Takes `list` off `interface` (service `name`'s addresses), logging each.
void removeAll(fib::InterfaceAddresses* addresses, const std::string& name,
               const std::string& interface, const std::vector<Prefix>& list) {
  if (!addresses) return;
  for (const Prefix& address : list) {
    auto removed = addresses->remove(interface, address);
    LogFields fields;
    fields.kv("service", name).kv("address", address.str()).kv("interface", interface);
    if (removed) {
      LOG_INFO("service_address_removed", fields);
    } else {
      LOG_ERROR("service_address_failed", fields.kv("error", removed.error().text));
    }
  }
}

}  // namespace

// ---- SiteController ----------------------------------------------------------------------

SiteController::SiteController(Environment environment, uint32_t localAs,
                               std::vector<ServiceConfig> services)
    : env_(environment), localAs_(localAs) {
  for (auto& config : services)
    services_.push_back(std::make_unique<Service>(*this, std::move(config)));
}

SiteController::~SiteController() { *alive_ = false; }

void SiteController::start() {
  for (auto& s : services_) s->start();
}

void SiteController::stop(bool withdraw, std::function<void()> done) {
  for (auto& s : services_) s->stopChecks();
  if (!withdraw) {
    for (auto& s : services_) stopping(*s);
    return done();
  }
  for (auto& s : services_) s->withdraw();
  // What serves on the addresses answers until the withdrawal has left, and stops before
  // they go.
  env_.routes.whenSent([this, alive = alive_, done = std::move(done)] {
    if (*alive)
      for (auto& s : services_) {
        stopping(*s);
        s->removeAddresses();
      }
    done();
  });
}

void SiteController::stopping(const Service& service) {
  if (env_.observer) env_.observer->stopping(service);
}

SiteController::Changes SiteController::reconfigure(std::vector<ServiceConfig> services) {
  Changes changes;
  std::map<std::string, std::vector<Prefix>> handedOver;  // replaced service -> its addresses
  std::vector<std::unique_ptr<Service>> kept;
  for (auto& s : services_) {
    auto next = std::find_if(services.begin(), services.end(),
                             [&](const ServiceConfig& c) { return c.name == s->name(); });
    if (next != services.end() && next->fingerprint == s->config().fingerprint) {
      kept.push_back(std::move(s));
      continue;
    }
    std::string name = s->name();
    if (next == services.end()) {
      changes.removed.push_back(name);
      retire(std::move(s), {});
    } else {
      changes.replaced.push_back(name);
      handedOver[name] =
          retire(std::move(s), next->manageAddresses ? next->addresses : std::vector<Prefix>{});
    }
  }
  services_ = std::move(kept);
  for (auto& config : services) {
    if (find(config.name)) continue;
    auto handed = handedOver.find(config.name);
    if (handed == handedOver.end()) changes.added.push_back(config.name);
    services_.push_back(std::make_unique<Service>(*this, std::move(config)));
    if (handed != handedOver.end()) services_.back()->added_ = handed->second;
    services_.back()->start();
  }
  return changes;
}

std::vector<Prefix> SiteController::retire(std::unique_ptr<Service> service,
                                           const std::vector<Prefix>& keep) {
  service->stopChecks();
  stopping(*service);
  std::vector<Prefix> kept, removed;
  for (const Prefix& a : service->added_)
    (std::find(keep.begin(), keep.end(), a) != keep.end() ? kept : removed).push_back(a);
  service->withdraw();
  LOG_INFO("service_retired", LogFields().kv("service", service->name()));
  // The service goes now (its timers with it); the addresses it does not hand over once its
  // withdrawal has left.
  env_.routes.whenSent([addresses = env_.addresses, name = service->name(),
                        interface = service->config().interface,
                        removed] { removeAll(addresses, name, interface, removed); });
  return kept;
}

Service* SiteController::find(const std::string& name) const {
  for (const auto& s : services_)
    if (s->name() == name) return s.get();
  return nullptr;
}

Result<Ok> SiteController::drain(const std::string& service, std::optional<Duration> duration) {
  Service* s = find(service);
  if (!s) return failWith("no service \"" + service + "\"");
  s->drainedByFile_ = false;
  s->state_->drain(duration);
  return Ok{};
}

Result<Ok> SiteController::undrain(const std::string& service) {
  Service* s = find(service);
  if (!s) return failWith("no service \"" + service + "\"");
  s->drainedByFile_ = false;
  s->state_->undrain();
  return Ok{};
}

std::pair<health::CheckState, std::string> SiteController::effectiveHealth(
    const Service& service) const {
  using health::CheckState;
  CheckState own = service.health_->state();
  if (own != CheckState::kUp) return {own, ""};
  for (const auto& name : service.config_.dependsOn) {
    const Service* dependency = find(name);
    CheckState state = dependency ? dependency->health_->state() : CheckState::kDown;
    if (state != CheckState::kUp)
      return {state, "depends on " + name + ", which is " + std::string(health::stateName(state))};
  }
  return {CheckState::kUp, ""};
}

void SiteController::healthChanged(Service& service, const std::string& reason) {
  // The service itself, then (once) every service that depends on it, directly or not.
  std::vector<Service*> todo{&service};
  for (size_t i = 0; i < todo.size(); ++i) {
    auto [state, why] = effectiveHealth(*todo[i]);
    if (why.empty()) why = i == 0 ? reason : "dependency " + service.name() + ": " + reason;
    todo[i]->state_->setHealth(state, why);
    for (auto& other : services_) {
      const auto& deps = other->config_.dependsOn;
      if (std::find(deps.begin(), deps.end(), todo[i]->name()) != deps.end() &&
          std::find(todo.begin(), todo.end(), other.get()) == todo.end())
        todo.push_back(other.get());
    }
  }
}

// ---- Service -----------------------------------------------------------------------------

Service::Service(SiteController& site, ServiceConfig config)
    : site_(site), config_(std::move(config)) {
  const auto& env = site_.env_;
  state_ = std::make_unique<ServiceState>(
      config_, env.timers, env.clock,
      [this](ServiceStatus previous, const std::string& why) { apply(previous, why); });
  health_ = makeHealth(
      config_.name, config_.combine, config_.checks, env,
      [this](const health::HealthChange& change) { site_.healthChanged(*this, change.reason()); });
  if (!config_.overloadChecks.empty())
    overload_ = makeHealth(config_.name + "/overload", health::Combine::kAll,
                           config_.overloadChecks, env, [this](const health::HealthChange& change) {
                             state_->setOverloaded(change.state == health::CheckState::kDown,
                                                   change.reason());
                           });
  if (!config_.drainFile.empty()) drainFileTimer_ = env.timers.create([this] { pollDrainFile(); });
}

Service::~Service() { *alive_ = false; }

health::CheckRunner* Service::embeddedCheck(const std::string& name) {
  health::CheckRunner* check = health_->check(name);
  return check && check->config().kind == health::CheckKind::kEmbedded ? check : nullptr;
}

std::vector<health::CheckRunner*> Service::embeddedChecks() {
  std::vector<health::CheckRunner*> out;
  for (const auto& check : health_->checks())
    if (check->config().kind == health::CheckKind::kEmbedded) out.push_back(check.get());
  return out;
}

void Service::start() {
  addAddresses();
  health_->start();
  if (overload_) overload_->start();
  // Without checks the health is known at once (up for all, down for any): no check will
  // ever report a change.
  if (config_.checks.empty()) site_.healthChanged(*this, "no checks");
  if (drainFileTimer_) pollDrainFile();
  if (site_.env_.observer) site_.env_.observer->started(*this);
}

void Service::stopChecks() {
  health_->stop();
  if (overload_) overload_->stop();
  if (drainFileTimer_) drainFileTimer_->cancel();
}

void Service::addAddresses() {
  auto* addresses = site_.env_.addresses;
  if (!addresses || !config_.manageAddresses) return;
  for (const Prefix& address : config_.addresses) {
    if (std::find(added_.begin(), added_.end(), address) != added_.end()) continue;
    auto added = addresses->add(config_.interface, address);
    LogFields fields;
    fields.kv("service", name()).kv("address", address.str()).kv("interface", config_.interface);
    if (!added) {
      LOG_ERROR("service_address_failed", fields.kv("error", added.error().text));
    } else if (*added) {
      added_.push_back(address);
      LOG_INFO("service_address_added", fields);
    } else {
      LOG_INFO("service_address_present", fields.kv("note", "not ours: never removed"));
    }
  }
}

void Service::removeAddresses() {
  removeAll(site_.env_.addresses, name(), config_.interface, added_);
  added_.clear();
}

void Service::withdraw() {
  if (!announcedWith_) return;
  for (const Prefix& p : config_.prefixes) site_.env_.routes.stopOriginating(p);
  announcedWith_.reset();
  ++withdrawals_;
}

void Service::pollDrainFile() {
  bool present = std::filesystem::exists(config_.drainFile);
  if (present && !drainedByFile_ && state_->status() != ServiceStatus::kDrained &&
      state_->status() != ServiceStatus::kDraining) {
    LOG_INFO("service_drain_file", LogFields().kv("service", name()).kv("file", config_.drainFile));
    state_->drain();
    drainedByFile_ = true;
  } else if (!present && drainedByFile_) {
    drainedByFile_ = false;
    state_->undrain();
  }
  drainFileTimer_->start(kDrainFilePoll);
}

bgp::PathAttributes Service::attributesFor(Announcement announcement) const {
  bgp::PathAttributes attrs;
  attrs.origin = bgp::Origin::kIgp;
  attrs.asPath = bgp::AsPath{};
  addAttributes(attrs, config_.announce, site_.localAs_);
  if (announcement == Announcement::kDepreferred)
    addAttributes(attrs, config_.deprefer, site_.localAs_);
  if (announcement == Announcement::kDraining) {
    AnnounceAttributes drain{.prepend = config_.drain.prepend};
    if (config_.drain.gracefulShutdown) drain.communities = {bgp::community::kGracefulShutdown};
    addAttributes(attrs, drain, site_.localAs_);
  }
  return attrs;
}

void Service::apply(ServiceStatus previous, const std::string& reason) {
  ServiceStatus status = state_->status();
  Announcement announcement = state_->announcement();
  LOG_INFO("service_state", LogFields()
                                .kv("service", name())
                                .kv("from", statusName(previous))
                                .kv("to", statusName(status))
                                .kv("announce", announcementName(announcement))
                                .kv("reason", reason));
  if (announcement == Announcement::kNone) {
    withdraw();
    // Drained: the addresses go too, once the withdrawal has left — unless the service was
    // undrained (or retired by a reload) meanwhile.
    if (status == ServiceStatus::kDrained)
      site_.env_.routes.whenSent([this, alive = alive_] {
        if (*alive && state_->status() == ServiceStatus::kDrained) removeAddresses();
      });
    return;
  }
  addAddresses();  // back after a drain
  bgp::PathAttributes attrs = attributesFor(announcement);
  if (announcedWith_ == attrs) return;
  for (const Prefix& p : config_.prefixes) site_.env_.routes.originate(p, attrs);
  announcedWith_ = attrs;
  ++announcements_;
}

}  // namespace anycast::site
