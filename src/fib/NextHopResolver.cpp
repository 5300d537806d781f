#include "fib/NextHopResolver.h"

#include "base/Log.h"
#include "fib/RouteMessage.h"

namespace anycast::fib {

NextHopResolver::NextHopResolver(RouteNetlink& netlink, NextHopResolverConfig config)
    : netlink_(netlink), config_(config) {}

const Resolution& NextHopResolver::resolve(const IpAddress& nextHop) {
  if (lastAddress_ && *lastAddress_ == nextHop) return *lastResolution_;
  auto it = cache_.find(nextHop);
  if (it == cache_.end()) it = cache_.emplace(nextHop, lookup(nextHop)).first;
  // Elements stay where they are until the next insertion, which sets these again.
  lastAddress_ = &it->first;
  lastResolution_ = &it->second;
  return it->second;
}

std::vector<IpAddress> NextHopResolver::refresh() {
  std::vector<IpAddress> changed;
  for (auto& [address, resolution] : cache_) {
    Resolution now = lookup(address);
    if (now == resolution) continue;
    LOG_INFO("next_hop_changed", LogFields()
                                     .kv("next-hop", address.str())
                                     .kv("reachable", now.reachable)
                                     .kv("why", now.why));
    resolution = std::move(now);
    changed.push_back(address);
  }
  return changed;
}

Resolution NextHopResolver::lookup(const IpAddress& nextHop) {
  auto route = netlink_.lookup(nextHop);
  if (!route) {
    // A failed request says nothing about the route: rather than withdraw everything through
    // this next hop on a netlink hiccup, keep what we knew (or assume it reachable, as BGP
    // did before next hops were checked). The next refresh asks again.
    LOG_WARN("next_hop_lookup_failed",
             LogFields().kv("next-hop", nextHop.str()).kv("error", route.error().text));
    if (auto known = cache_.find(nextHop); known != cache_.end()) return known->second;
    return {true, {NextHop{nextHop, 0}}, "lookup failed, assumed reachable"};
  }
  if (!route->has_value()) return {false, {}, "no route"};
  return judge(nextHop, **route);
}

Resolution NextHopResolver::judge(const IpAddress& nextHop, const RouteMessage& route) const {
  if (route.type == kTypeLocal) return {false, {}, "a local address"};
  if (route.type != kTypeUnicast) return {false, {}, "route type " + std::to_string(route.type)};
  if (route.protocol == config_.ownProtocol)
    return {false, {}, "only via our own route " + route.prefix.str()};
  if (route.prefix.length() == 0 && !config_.resolveViaDefault)
    return {false, {}, "only via the default route"};
  Resolution r{true, {}, "via " + route.prefix.str() + " proto " + std::to_string(route.protocol)};
  for (const NextHop& hop : route.nextHops) {
    // A connected network's route has no gateway: the next hop itself is on it.
    r.via.push_back(hop.gateway.isUnspecified() ? NextHop{nextHop, hop.ifindex} : hop);
  }
  if (r.via.empty()) r.via.push_back(NextHop{nextHop, 0});
  return r;
}

}  // namespace anycast::fib
