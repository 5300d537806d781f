// NextHopSelf: the addresses "next-hop self" means on a session (RFC 4271 §5.1.3 for IPv4,
// RFC 2545 §3 / RFC 4760 for IPv6 carried over any transport).
#pragma once

#include <optional>

#include "base/Ip.h"

namespace anycast::daemon {

// The session's own local address when it is of the wanted family; otherwise the first address
// of that family (global scope preferred for IPv6) on the interface that holds it.
std::optional<IpAddress> selfNextHop(const IpAddress& sessionLocal, Family wanted);

}  // namespace anycast::daemon
