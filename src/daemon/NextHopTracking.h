// NextHopTracking: keeps the decision process's view of next-hop reachability current (RFC 4271
// §9.1.2.1) — FRR's nexthop tracking. It owns the resolver (each next hop looked up in the
// kernel once, then cached) and listens for the kernel's link, address and route changes; after
// a burst of them has settled it looks every cached next hop up again and hands the ones whose
// resolution changed to `onChange`, which re-runs the selection of the routes through them.
#pragma once

#include <asio.hpp>
#include <functional>
#include <memory>
#include <vector>

#include "base/Clock.h"
#include "fib/NextHopResolver.h"
#include "fib/RouteChangeMonitor.h"

namespace anycast::daemon {

class NextHopTracking {
 public:
  // How long after a kernel change the cache is refreshed: changes come in bursts (a link going
  // down removes all its routes), and one refresh per burst is enough.
  static constexpr Duration kSettle{10};

  using OnChange = std::function<void(const std::vector<IpAddress>& changed)>;
  // Throws at start-up when the notification socket cannot be opened.
  NextHopTracking(asio::io_context& io, TimerFactory& timers, fib::RouteNetlink& netlink,
                  fib::NextHopResolverConfig config, OnChange onChange);

  fib::NextHopResolver& resolver() { return resolver_; }
  const fib::NextHopResolver& resolver() const { return resolver_; }

 private:
  void waitForChange();
  void refresh();

  fib::NextHopResolver resolver_;
  std::unique_ptr<fib::RouteChangeMonitor> monitor_;
  asio::posix::stream_descriptor readable_;  // a duplicate of the monitor's socket
  std::unique_ptr<Timer> settle_;
  OnChange onChange_;
};

}  // namespace anycast::daemon
