// KernelFib: Fib over the Linux kernel's routing tables (rtnetlink(7)), as BIRD's krt protocol
// does it. It keeps the desired state (prefix -> ECMP next hops) and programs one kernel table
// with it: each route is tagged with our own rtm_protocol, so ours are told apart from every
// other route and only ours are ever changed. Programming failures are logged once per route
// with the errno text and retried by reconcile(), which also repairs drift (routes deleted,
// changed or added behind our back); it runs every `reconcileInterval`, first one interval
// after construction, so routes left by a previous run keep forwarding while the RIB converges.
//
// Kernel route identity (what NLM_F_REPLACE replaces): IPv4 (prefix, tos, metric) in a table,
// IPv6 (prefix, metric); hence a dedicated metric, so that a static route at another metric in
// the same table is left alone.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "base/Clock.h"
#include "fib/Fib.h"
#include "fib/RouteNetlink.h"

namespace anycast::fib {

// Our rtm_protocol. Unassigned in linux/rtnetlink.h (RTPROT_*) and in iproute2's rt_protos and
// FRR's rt_protos.d (186-197); `ip route` shows it as "proto 201".
constexpr uint8_t kProtocolAnycast = 201;

struct KernelFibConfig {
  uint32_t table = kTableMain;  // as BIRD; a dedicated table needs an `ip rule` to be used
  uint8_t protocol = kProtocolAnycast;
  uint32_t metric = 32;  // BIRD's krt default
  Duration reconcileInterval = std::chrono::seconds(30);
  bool operator==(const KernelFibConfig&) const = default;
};

class KernelFib : public Fib {
 public:
  KernelFib(RouteNetlink& netlink, TimerFactory& timers, KernelFibConfig config = {});

  void install(const FibRoute& route) override;
  void remove(const Prefix& prefix) override;
  // Forgets the desired state and deletes every route of our protocol in the table.
  void flush() override;
  FibStats stats() const override;

  // Makes the table match the desired state: adds missing routes, replaces ones with other next
  // hops, deletes routes of our protocol that are not desired. Other protocols' routes are
  // never touched.
  void reconcile();

 private:
  RouteMessage kernelRoute(const Prefix& prefix, const std::vector<NextHop>& hops) const;
  bool isOurs(const RouteMessage& route) const;
  // Our routes of one family as the kernel has them; nullopt (logged) if the dump failed.
  std::optional<std::vector<RouteMessage>> ourRoutes(Family family);
  bool replace(const Prefix& prefix, const std::vector<NextHop>& hops);
  bool erase(const RouteMessage& route);
  // Sends one request; logs a failure once per route (until it succeeds again).
  bool send(RouteOp op, const RouteMessage& route);

  RouteNetlink& netlink_;
  KernelFibConfig config_;
  std::map<Prefix, std::vector<NextHop>> desired_;  // next hops sorted, no duplicates
  std::map<Prefix, int> failing_;                   // prefix -> errno of its last failure
  FibStats stats_;
  std::unique_ptr<Timer> timer_;
};

}  // namespace anycast::fib
