// FakeRouteNetlink: an in-memory kernel routing table behind the RouteNetlink seam. Replace
// and delete follow the kernel's route identity (prefix, table, metric); a delete matches the
// protocol when given one. Requests can be made to fail per prefix with an errno.
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

  std::vector<RouteMessage> table;  // the kernel's routes, every table and protocol
  std::vector<std::pair<RouteOp, RouteMessage>> requests;
  std::map<Prefix, int> failures;  // prefix -> errno its requests fail with
  int dumpErrno = 0;
  int dumps = 0;
};

}  // namespace anycast::fib::testing
