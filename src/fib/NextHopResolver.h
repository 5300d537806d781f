// NextHopResolver: whether a BGP NEXT_HOP is reachable and through what (RFC 4271 §9.1.2.1:
// "the immediate next-hop address is determined by performing a best matching route lookup in
// the Routing Table for the address in the NEXT_HOP attribute"). The Routing Table is the
// kernel's: each next hop is looked up with the kernel's own forwarding lookup (RTM_GETROUTE,
// RTM_F_FIB_MATCH), so static routes, connected networks and policy rules all count, as they
// do for the packets. FRR's zebra nexthop tracking is the model, with its defaults:
//   - a next hop covered only by the default route is unreachable (FRR `ip nht
//     resolve-via-default` off; `resolveViaDefault` turns it on);
//   - a next hop covered by one of our own (BGP) routes is unreachable: BGP does not resolve
//     over BGP, or a route could carry itself (RFC 4271 §9.1.2.1 "resolvable" through the IGP);
//   - a local address of this host, and blackhole/unreachable/prohibit routes, are unreachable.
// Answers are cached per address; refresh() looks every cached address up again (after the
// kernel reported a link, address or route change) and says which ones changed, so the caller
// re-runs the decision process only for routes through them.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <string>
#include <vector>

#include "fib/Fib.h"
#include "fib/RouteNetlink.h"

namespace anycast::fib {

struct Resolution {
  bool reachable = false;
  // Reachable: the immediate next hops packets take (the NEXT_HOP itself when it is on a
  // connected network, else the gateways of the route that covers it).
  std::vector<NextHop> via;
  std::string why;  // unreachable: the reason; reachable: the covering route
  bool operator==(const Resolution&) const = default;
};

struct NextHopResolverConfig {
  uint8_t ownProtocol = 0;         // rtm_protocol of our own routes; they never resolve
  bool resolveViaDefault = false;  // a default route (0/0, ::/0) may resolve a next hop
};

class NextHopResolver {
 public:
  NextHopResolver(RouteNetlink& netlink, NextHopResolverConfig config);

  // Cached; the first question for an address asks the kernel.
  const Resolution& resolve(const IpAddress& nextHop);
  bool reachable(const IpAddress& nextHop) { return resolve(nextHop).reachable; }
  // Looks every cached address up again; returns those whose resolution changed.
  std::vector<IpAddress> refresh();

  // Every cached address with its resolution, in no particular order.
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (const auto& [address, resolution] : cache_) fn(address, resolution);
  }
  size_t size() const { return cache_.size(); }

 private:
  Resolution lookup(const IpAddress& nextHop);
  // What the kernel's route `route` means for `nextHop`.
  Resolution judge(const IpAddress& nextHop, const RouteMessage& route) const;

  RouteNetlink& netlink_;
  NextHopResolverConfig config_;
  absl::flat_hash_map<IpAddress, Resolution> cache_;
  // The last answer, asked for again for route after route of one UPDATE.
  const IpAddress* lastAddress_ = nullptr;
  const Resolution* lastResolution_ = nullptr;
};

}  // namespace anycast::fib
