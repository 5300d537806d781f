// FakeFib: a Fib for tests of other modules. It records every call and keeps the resulting
// routes, so a test can assert either on the sequence of calls or on the end state.
#pragma once

#include <map>
#include <vector>

#include "fib/Fib.h"

namespace anycast::fib {

class FakeFib : public Fib {
 public:
  enum class CallKind { kInstall, kRemove, kFlush };
  struct Call {
    CallKind kind;
    FibRoute route;  // the route installed; the prefix removed; empty for flush

    bool operator==(const Call&) const = default;
  };

  void install(const FibRoute& route) override {
    calls_.push_back({CallKind::kInstall, route});
    ++stats_.installs;
    if (route.nextHops.empty()) {
      routes_.erase(route.prefix);
    } else {
      routes_[route.prefix] = route.nextHops;
    }
  }
  void remove(const Prefix& prefix) override {
    calls_.push_back({CallKind::kRemove, {prefix, {}}});
    ++stats_.removes;
    routes_.erase(prefix);
  }
  void flush() override {
    calls_.push_back({CallKind::kFlush, {}});
    routes_.clear();
  }
  FibStats stats() const override {
    FibStats s = stats_;
    s.routes = routes_.size();
    return s;
  }

  const std::vector<Call>& calls() const { return calls_; }
  const std::map<Prefix, std::vector<NextHop>>& routes() const { return routes_; }
  void clearCalls() { calls_.clear(); }

 private:
  std::vector<Call> calls_;
  std::map<Prefix, std::vector<NextHop>> routes_;
  FibStats stats_;
};

}  // namespace anycast::fib
