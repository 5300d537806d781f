// AdjRibIn: the routes one peer has sent us and not withdrawn (RFC 4271 §3.2, §9), IPv4 and
// IPv6 unicast. Routes of one UPDATE share one attribute set.
#pragma once

#include <map>
#include <memory>

#include "base/Ip.h"
#include "bgp/wire/UpdateMessage.h"

namespace anycast::bgp {

struct ReceivedRoute {
  std::shared_ptr<const PathAttributes> attributes;  // without MP_REACH/MP_UNREACH
  IpAddress nextHop;  // NEXT_HOP for IPv4 NLRI, the MP_REACH next hop for IPv6
};

class AdjRibIn {
 public:
  // Withdrawals first, then announcements; an announcement replaces the previous route.
  // Returns the change in the number of routes.
  long apply(const UpdateMessage& update);
  void clear() { routes_.clear(); }
  size_t size() const { return routes_.size(); }
  const std::map<Prefix, ReceivedRoute>& routes() const { return routes_; }

 private:
  std::map<Prefix, ReceivedRoute> routes_;
};

}  // namespace anycast::bgp
