// AddressPlan: the addresses the lab gives every router, link, site and client, derived from
// the topology's order alone (the same file always gets the same addresses), from its pools
// (defaults below; `addressing:` overrides them):
//   router-ids             10.255.0.0/16, router i (from 1) = the pool's i-th address
//   router-router link k   10.64.0.0/10 as /31s (RFC 3021), fd00:a5:0:k::/64 (::1 and ::2)
//   site j uplink          10.128.0.0/12 as /30s,           fd00:a5:1:j::/64
//   client c uplink        10.192.0.0/12 as /30s,           fd00:a5:2:c::/64
// On every link, end `a` is the first-named router (for uplinks: the router), `b` the other.
// All private (RFC 1918, RFC 4193) and used only inside the lab's namespaces.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "base/Ip.h"
#include "lab/Topology.h"

namespace anycast::lab {

struct LinkAddresses {
  Prefix net4, net6;
  IpAddress a4, b4, a6, b6;
};

class AddressPlan {
 public:
  // How many routers, links, sites and clients `pools` can address (the IPv6 scheme allows
  // 65536 of each); the loader refuses larger topologies.
  struct Capacity {
    size_t routers, links, sites, clients;
  };
  static Capacity capacity(const AddressPools& pools);

  explicit AddressPlan(const Topology& topology);

  IpAddress routerId(const std::string& router) const { return routerIds_.at(router); }
  const LinkAddresses& link(size_t index) const { return links_.at(index); }
  const LinkAddresses& siteUplink(size_t index) const { return sites_.at(index); }
  const LinkAddresses& clientUplink(size_t index) const { return clients_.at(index); }

 private:
  std::map<std::string, IpAddress> routerIds_;
  std::vector<LinkAddresses> links_, sites_, clients_;
};

}  // namespace anycast::lab
