// RouteQueue: Loc-RIB routes waiting to be announced to one peer (while its MRAI timer runs,
// RFC 4271 §9.2.1.1, or while it has not read what it was sent), each at most once, first in
// first out, so they can be taken in slices. A route is sent as it is when taken, not as it
// was when queued.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <vector>

#include "bgp/rib/RouteBitmap.h"

namespace anycast::bgp {

class RouteQueue {
 public:
  void push(RouteId id) {
    if (queued_.insert(id)) order_.push_back(id);
  }
  // The `limit` oldest routes (all, if fewer), removed from the queue.
  std::vector<RouteId> take(size_t limit) {
    size_t n = std::min(limit, order_.size());
    std::vector<RouteId> out(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(n));
    order_.erase(order_.begin(), order_.begin() + static_cast<std::ptrdiff_t>(n));
    for (RouteId id : out) queued_.erase(id);
    return out;
  }
  bool empty() const { return order_.empty(); }
  size_t size() const { return order_.size(); }
  void clear() {
    order_.clear();
    queued_.clear();
  }

 private:
  std::deque<RouteId> order_;
  RouteBitmap queued_;
};

}  // namespace anycast::bgp
