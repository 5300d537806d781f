// ServiceHealth: a service's checks combined into one state — `all` (every check up; the
// default) or `any` (one check up is enough) — with a callback on every change of the combined
// state, naming the check whose change caused it and that check's latest detail. It owns its
// checks and takes over their OnChange.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "health/CheckRunner.h"

namespace anycast::health {

enum class Combine : uint8_t { kAll, kAny };

// all: down if any check is down, up if every check is up, else unknown; with no checks, up.
// any: up if any check is up, down if every check is down, else unknown; with no checks, down.
CheckState combine(Combine how, std::span<const CheckState> states);

struct HealthChange {
  std::string service;
  CheckState previous = CheckState::kUnknown;
  CheckState state = CheckState::kUnknown;
  std::string check;                             // the check whose change caused this one
  CheckState checkState = CheckState::kUnknown;  // its new state
  std::string detail;                            // its latest result
  std::string reason() const;  // "check dns is down: rcode SERVFAIL, expected NOERROR"
};

class ServiceHealth {
 public:
  using OnChange = std::function<void(const HealthChange& change)>;

  ServiceHealth(std::string name, Combine how, std::vector<std::unique_ptr<CheckRunner>> checks,
                OnChange onChange);
  ServiceHealth(const ServiceHealth&) = delete;
  ServiceHealth& operator=(const ServiceHealth&) = delete;

  void start();
  void stop();

  const std::string& name() const { return name_; }
  CheckState state() const { return state_; }
  // The check of that name (an embedded one, to report() to), or null.
  CheckRunner* check(std::string_view name);
  const std::vector<std::unique_ptr<CheckRunner>>& checks() const { return checks_; }

 private:
  void onCheckChange(const CheckRunner& check);

  std::string name_;
  Combine how_;
  std::vector<std::unique_ptr<CheckRunner>> checks_;
  OnChange onChange_;
  CheckState state_;
};

}  // namespace anycast::health
