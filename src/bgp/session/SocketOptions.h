// Socket options for BGP transport security, applied to raw descriptors (asio's native_handle).
// RFC 2385 (TCP MD5 signature option), RFC 5082 (Generalized TTL Security Mechanism).
#pragma once

#include <netinet/in.h>

#include <string>

#include "base/Ip.h"
#include "base/Result.h"

// Older headers lack the minimum-TTL options (Linux: include/uapi/linux/in.h, in6.h).
#ifndef IP_MINTTL
#define IP_MINTTL 21
#endif
#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif

namespace anycast::bgp {

// Installs (or, with an empty password, removes) the RFC 2385 key for segments exchanged with
// `peer` on socket `fd`. On a listening socket this is per peer address and inherited by the
// accepted connection; an IPv4 peer on an IPv6 (dual-stack) socket is keyed by its v4-mapped
// address, which Linux stores as an IPv4 key.
Result<Ok> setTcpMd5(int fd, const IpAddress& peer, const std::string& password);

// RFC 5082 §3: send with TTL / hop limit 255 ...
Result<Ok> setOutgoingTtl255(int fd);
// ... and discard anything that arrives with less. A listening socket shared by several peers
// gets only the outgoing part (so SYN-ACKs leave with 255); the minimum goes on the connection.
Result<Ok> setMinimumTtl255(int fd);
// Both. On an IPv6 socket the IPv6 and the IPv4 options are set (v4-mapped connections).
Result<Ok> setGtsm(int fd);

}  // namespace anycast::bgp
