// RouteNetlink: the seam between the FIB code and the kernel — replace or delete one route, dump
// the routes of one address family, look up the route to one address. NetlinkSocket is the real
// one; tests use a fake.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/Ip.h"
#include "base/Result.h"
#include "fib/RouteMessage.h"

namespace anycast::fib {

// A failed netlink operation: the errno (0 when the failure is not the kernel's, e.g. a
// malformed reply) and a text naming it, with the kernel's extended-ACK message if it sent one.
struct NetlinkError {
  int errnum = 0;
  std::string text;
};

// `what: strerror(errnum)`.
NetlinkError systemError(int errnum, const std::string& what);

enum class RouteOp {
  kReplace,  // RTM_NEWROUTE with NLM_F_CREATE | NLM_F_REPLACE
  kDelete,   // RTM_DELROUTE
};

class RouteNetlink {
 public:
  virtual ~RouteNetlink() = default;
  virtual Result<Ok, NetlinkError> request(RouteOp op, const RouteMessage& route) = 0;
  // Every IPv4 or IPv6 route of every table (callers filter).
  virtual Result<std::vector<RouteMessage>, NetlinkError> dump(Family family) = 0;
  // The route the kernel would forward `destination` by (encodeRouteLookup); nullopt when the
  // kernel has none for it (it answers "network/host unreachable" or "permission denied").
  virtual Result<std::optional<RouteMessage>, NetlinkError> lookup(
      const IpAddress& destination) = 0;
};

}  // namespace anycast::fib
