// FakeRouteNetlink: an in-memory kernel routing table behind the RouteNetlink seam. Replace
// and delete follow the kernel's route identity (prefix, table, metric); a delete matches the
// protocol when given one. Requests can be made to fail per prefix with an errno; lookups and
// dumps as a whole.
#pragma once

#include <algorithm>
#include <cerrno>
#include <map>
#include <utility>
#include <vector>

#include "fib/RouteNetlink.h"

namespace anycast::fib::testing {

class FakeRouteNetlink : public RouteNetlink {
 public:
  Result<Ok, NetlinkError> request(RouteOp op, const RouteMessage& route) override {
    requests.emplace_back(op, route);
    if (auto f = failures.find(route.prefix); f != failures.end()) {
      return fail(NetlinkError{f->second, "injected"});
    }
    auto it = std::find_if(table.begin(), table.end(), [&](const RouteMessage& r) {
      return r.prefix == route.prefix && r.table == route.table && r.priority == route.priority &&
             (op == RouteOp::kReplace || route.protocol == 0 || r.protocol == route.protocol);
    });
    if (op == RouteOp::kReplace) {
      if (it == table.end()) {
        table.push_back(route);
      } else {
        *it = route;
      }
      return Ok{};
    }
    if (it == table.end()) return fail(NetlinkError{ESRCH, "No such process"});
    table.erase(it);
    return Ok{};
  }

  Result<std::vector<RouteMessage>, NetlinkError> dump(Family family) override {
    ++dumps;
    if (dumpErrno != 0) return fail(NetlinkError{dumpErrno, "injected"});
    std::vector<RouteMessage> out;
    for (const RouteMessage& r : table) {
      if (r.prefix.family() == family) out.push_back(r);
    }
    return out;
  }

  // Longest match over every table, as `ip route get fibmatch` (without policy rules);
  // unreachable/blackhole/prohibit routes answer as the kernel does, with an error.
  Result<std::optional<RouteMessage>, NetlinkError> lookup(const IpAddress& destination) override {
    ++lookups;
    if (lookupErrno != 0) return fail(NetlinkError{lookupErrno, "injected"});
    const RouteMessage* best = nullptr;
    for (const RouteMessage& r : table) {
      if (!r.prefix.contains(destination)) continue;
      if (!best || r.prefix.length() > best->prefix.length()) best = &r;
    }
    if (!best || best->type == kTypeUnreachable) return std::optional<RouteMessage>();
    return std::optional<RouteMessage>(*best);
  }

  std::vector<RouteMessage> table;  // the kernel's routes, every table and protocol
  std::vector<std::pair<RouteOp, RouteMessage>> requests;
  std::map<Prefix, int> failures;  // prefix -> errno its requests fail with
  int dumpErrno = 0;
  int dumps = 0;
  int lookupErrno = 0;
  int lookups = 0;
};

}  // namespace anycast::fib::testing
