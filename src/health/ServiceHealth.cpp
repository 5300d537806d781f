#include "health/ServiceHealth.h"

#include <algorithm>

#include "base/Log.h"

namespace anycast::health {

CheckState combine(Combine how, std::span<const CheckState> states) {
  auto count = [&](CheckState s) { return std::count(states.begin(), states.end(), s); };
  auto n = static_cast<std::ptrdiff_t>(states.size());
  if (how == Combine::kAll) {
    if (count(CheckState::kDown) > 0) return CheckState::kDown;
    return count(CheckState::kUp) == n ? CheckState::kUp : CheckState::kUnknown;
  }
  if (count(CheckState::kUp) > 0) return CheckState::kUp;
  return count(CheckState::kDown) == n ? CheckState::kDown : CheckState::kUnknown;
}

std::string HealthChange::reason() const {
  return "check " + check + " is " + std::string(stateName(checkState)) + ": " + detail;
}

ServiceHealth::ServiceHealth(std::string name, Combine how,
                             std::vector<std::unique_ptr<CheckRunner>> checks, OnChange onChange)
    : name_(std::move(name)),
      how_(how),
      checks_(std::move(checks)),
      onChange_(std::move(onChange)) {
  std::vector<CheckState> states;
  for (const auto& c : checks_) {
    states.push_back(c->state());
    c->setOnChange([this](const CheckRunner& check, CheckState) { onCheckChange(check); });
  }
  state_ = combine(how_, states);
}

void ServiceHealth::start() {
  for (auto& c : checks_) c->start();
}

void ServiceHealth::stop() {
  for (auto& c : checks_) c->stop();
}

CheckRunner* ServiceHealth::check(std::string_view name) {
  for (auto& c : checks_) {
    if (c->name() == name) return c.get();
  }
  return nullptr;
}

void ServiceHealth::onCheckChange(const CheckRunner& check) {
  std::vector<CheckState> states;
  for (const auto& c : checks_) states.push_back(c->state());
  CheckState next = combine(how_, states);
  if (next == state_) return;
  HealthChange change{name_, state_, next, check.name(), check.state(), check.stats().last.detail};
  state_ = next;
  LOG_INFO("health-service", LogFields()
                                 .kv("service", name_)
                                 .kv("from", stateName(change.previous))
                                 .kv("to", stateName(next))
                                 .kv("check", change.check)
                                 .kv("detail", change.detail));
  if (onChange_) onChange_(change);
}

}  // namespace anycast::health
