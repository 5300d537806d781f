// Fib: the forwarding table the daemon programs with the Loc-RIB's selection (RFC 4271 §3.2:
// "the routes that will be used by the local BGP speaker" are the ones installed here). One
// route per prefix, carrying the whole ECMP set. Implementation: KernelFib (Linux netlink).
#pragma once

#include <compare>
#include <cstdint>
#include <vector>

#include "base/Ip.h"

namespace anycast::fib {

// A gateway. IPv6 link-local gateways (RFC 4291 §2.5.6) are only meaningful together with the
// interface they were learned on, so they need `ifindex`; 0 lets the kernel pick the interface
// on which the gateway is on-link.
struct NextHop {
  IpAddress gateway;
  uint32_t ifindex = 0;

  auto operator<=>(const NextHop&) const = default;
};

struct FibRoute {
  Prefix prefix;
  std::vector<NextHop> nextHops;  // more than one = ECMP; empty = no route (remove)

  bool operator==(const FibRoute&) const = default;
};

struct FibStats {
  uint64_t routes = 0;         // routes in the desired state
  uint64_t failedRoutes = 0;   // desired routes whose last programming attempt failed
  uint64_t installs = 0;       // install() calls
  uint64_t removes = 0;        // remove() calls
  uint64_t netlinkErrors = 0;  // failed kernel requests (including dumps)
  uint64_t reconciles = 0;     // completed reconcile passes
  uint64_t repairs = 0;        // kernel routes added, fixed or deleted by reconcile
};

class Fib {
 public:
  virtual ~Fib() = default;
  // Installs or replaces the route for `route.prefix`; with no next hops, removes it (so a
  // caller hands over every new selection as it is, empty or not).
  virtual void install(const FibRoute& route) = 0;
  // Removes the route for `prefix`; removing an absent route is not an error.
  virtual void remove(const Prefix& prefix) = 0;
  // Removes every route this FIB owns (clean shutdown).
  virtual void flush() = 0;
  virtual FibStats stats() const = 0;
};

}  // namespace anycast::fib
