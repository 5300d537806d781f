#include "fib/KernelFib.h"

#include <linux/rtnetlink.h>

#include <algorithm>
#include <cerrno>
#include <set>
#include <string>

#include "base/Log.h"

namespace anycast::fib {
namespace {

std::vector<NextHop> normalized(std::vector<NextHop> hops) {
  std::sort(hops.begin(), hops.end());
  hops.erase(std::unique(hops.begin(), hops.end()), hops.end());
  return hops;
}

std::string describe(const std::vector<NextHop>& hops) {
  std::string text;
  for (const NextHop& hop : hops) {
    if (!text.empty()) text += ",";
    text += hop.gateway.str();
    if (hop.ifindex != 0) text += "%" + std::to_string(hop.ifindex);
  }
  return text.empty() ? "-" : text;
}

// A desired next hop without an interface matches the kernel's, which always names one.
bool sameNextHops(const std::vector<NextHop>& desired, std::vector<NextHop> kernel) {
  if (desired.size() != kernel.size()) return false;
  std::sort(kernel.begin(), kernel.end());
  return std::equal(
      desired.begin(), desired.end(), kernel.begin(), [](const NextHop& want, const NextHop& have) {
        return want.gateway == have.gateway && (want.ifindex == 0 || want.ifindex == have.ifindex);
      });
}

const char* opName(RouteOp op) { return op == RouteOp::kReplace ? "replace" : "delete"; }

}  // namespace

KernelFib::KernelFib(RouteNetlink& netlink, TimerFactory& timers, KernelFibConfig config)
    : netlink_(netlink), config_(config) {
  timer_ = timers.create([this] {
    reconcile();
    timer_->start(config_.reconcileInterval);
  });
  timer_->start(config_.reconcileInterval);
}

void KernelFib::install(const FibRoute& route) {
  if (route.nextHops.empty()) return remove(route.prefix);
  ++stats_.installs;
  std::vector<NextHop> hops = normalized(route.nextHops);  // the one copy of the caller's hops
  auto [it, added] = desired_.try_emplace(route.prefix);
  if (!added && it->second == hops && !failing_.count(route.prefix)) return;
  it->second = std::move(hops);
  replace(route.prefix, it->second);
}

void KernelFib::remove(const Prefix& prefix) {
  ++stats_.removes;
  // Not one of ours; a stale kernel route from an earlier run goes at the next reconcile.
  if (desired_.erase(prefix) == 0) return;
  erase(kernelRoute(prefix, {}));
}

void KernelFib::flush() {
  desired_.clear();
  for (Family family : {Family::kV4, Family::kV6}) {
    for (const RouteMessage& route : ourRoutes(family).value_or(std::vector<RouteMessage>{})) {
      erase(route);
    }
  }
  LOG_INFO("fib_flushed", LogFields().kv("table", config_.table).kv("failed", failing_.size()));
}

FibStats KernelFib::stats() const {
  FibStats s = stats_;
  s.routes = desired_.size();
  s.failedRoutes = failing_.size();
  return s;
}

void KernelFib::reconcile() {
  for (Family family : {Family::kV4, Family::kV6}) {
    auto kernel = ourRoutes(family);
    if (!kernel) continue;  // retried on the next pass
    std::set<Prefix> inSync;
    for (const RouteMessage& route : *kernel) {
      auto it = desired_.find(route.prefix);
      bool sameKey = it != desired_.end() && route.priority.value_or(0) == config_.metric;
      if (sameKey && sameNextHops(it->second, route.nextHops)) {
        inSync.insert(route.prefix);
      } else if (!sameKey && erase(route)) {  // same key: replaced below
        ++stats_.repairs;
      }
    }
    for (const auto& [prefix, hops] : desired_) {
      if (prefix.family() == family && !inSync.count(prefix) && replace(prefix, hops)) {
        ++stats_.repairs;
      }
    }
  }
  ++stats_.reconciles;
}

RouteMessage KernelFib::kernelRoute(const Prefix& prefix, const std::vector<NextHop>& hops) const {
  RouteMessage route;
  route.prefix = prefix;
  route.table = config_.table;
  route.protocol = config_.protocol;
  route.priority = config_.metric;
  route.nextHops = hops;
  return route;
}

bool KernelFib::isOurs(const RouteMessage& route) const {
  return route.table == config_.table && route.protocol == config_.protocol &&
         !(route.flags & RTM_F_CLONED);  // IPv6 cache entries are not routes
}

std::optional<std::vector<RouteMessage>> KernelFib::ourRoutes(Family family) {
  auto dumped = netlink_.dump(family);
  if (!dumped) {
    ++stats_.netlinkErrors;
    LOG_WARN("fib_dump_failed", LogFields()
                                    .kv("family", family == Family::kV4 ? "ipv4" : "ipv6")
                                    .kv("table", config_.table)
                                    .kv("errno", dumped.error().errnum)
                                    .kv("error", dumped.error().text));
    return std::nullopt;
  }
  std::vector<RouteMessage> ours;
  for (RouteMessage& route : *dumped) {
    if (isOurs(route)) ours.push_back(std::move(route));
  }
  return ours;
}

bool KernelFib::replace(const Prefix& prefix, const std::vector<NextHop>& hops) {
  return send(RouteOp::kReplace, kernelRoute(prefix, hops));
}

// Deletes exactly this route of ours: its prefix, table, protocol and metric, any scope and
// type, every next hop.
bool KernelFib::erase(const RouteMessage& route) {
  RouteMessage del = kernelRoute(route.prefix, {});
  del.priority = route.priority;
  del.scope = kScopeNowhere;
  del.type = kTypeUnspec;
  return send(RouteOp::kDelete, del);
}

bool KernelFib::send(RouteOp op, const RouteMessage& route) {
  auto sent = netlink_.request(op, route);
  bool gone = !sent && op == RouteOp::kDelete && sent.error().errnum == ESRCH;
  if (sent || gone) {
    if (failing_.erase(route.prefix) != 0) {
      LOG_INFO("fib_route_recovered",
               LogFields().kv("op", opName(op)).kv("prefix", route.prefix.str()));
    }
    return true;
  }
  ++stats_.netlinkErrors;
  auto [it, first] = failing_.try_emplace(route.prefix, sent.error().errnum);
  if (first || it->second != sent.error().errnum) {
    it->second = sent.error().errnum;
    LOG_WARN("fib_route_failed", LogFields()
                                     .kv("op", opName(op))
                                     .kv("prefix", route.prefix.str())
                                     .kv("next_hops", describe(route.nextHops))
                                     .kv("table", config_.table)
                                     .kv("errno", sent.error().errnum)
                                     .kv("error", sent.error().text));
  }
  return false;
}

}  // namespace anycast::fib
