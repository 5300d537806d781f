// RouteMessage: the pure codec for rtnetlink route messages — netlink bytes <-> struct, no I/O,
// no logging, no asio (it builds with clang 14 for the fuzzer) — and the interface-address
// requests (RTM_NEWADDR/RTM_DELADDR, struct ifaddrmsg) that put anycast addresses on `lo`.
//
// Kernel documentation: Documentation/userspace-api/netlink/intro.rst (message framing,
// NLMSG_ERROR, NLMSG_DONE, extended ACK), rtnetlink(7), include/uapi/linux/rtnetlink.h
// (struct rtmsg, RTA_* attributes, struct rtnexthop for RTA_MULTIPATH, RTA_VIA for a gateway
// of the other family). Netlink integers are in host byte order, attributes 4-byte aligned.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Ip.h"
#include "base/Result.h"
#include "fib/Fib.h"

namespace anycast::fib {

// Values of struct rtmsg fields used here (linux/rtnetlink.h).
constexpr uint32_t kTableMain = 254;     // RT_TABLE_MAIN
constexpr uint8_t kScopeUniverse = 0;    // RT_SCOPE_UNIVERSE
constexpr uint8_t kScopeNowhere = 255;   // RT_SCOPE_NOWHERE: "any scope" in a delete
constexpr uint8_t kTypeUnspec = 0;       // RTN_UNSPEC: "any type" in a delete
constexpr uint8_t kTypeUnicast = 1;      // RTN_UNICAST
constexpr uint8_t kTypeLocal = 2;        // RTN_LOCAL: an address of this host
constexpr uint8_t kTypeBlackhole = 6;    // RTN_BLACKHOLE
constexpr uint8_t kTypeUnreachable = 7;  // RTN_UNREACHABLE

// One route as rtnetlink carries it. One next hop is encoded as RTA_GATEWAY (or RTA_VIA) plus
// RTA_OIF, several as RTA_MULTIPATH; an unspecified gateway (0.0.0.0, ::) means a directly
// attached route out of `ifindex`.
struct RouteMessage {
  Prefix prefix;
  uint32_t table = kTableMain;
  uint8_t protocol = 0;  // rtm_protocol: who owns the route
  uint8_t scope = kScopeUniverse;
  uint8_t type = kTypeUnicast;
  uint32_t flags = 0;                // rtm_flags (RTM_F_CLONED marks IPv6 cache entries in dumps)
  std::optional<uint32_t> priority;  // RTA_PRIORITY, the metric
  std::vector<NextHop> nextHops;

  bool operator==(const RouteMessage&) const = default;
};

// The nlmsghdr fields a request chooses.
struct NetlinkHeader {
  uint16_t type = 0;   // RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE
  uint16_t flags = 0;  // NLM_F_*
  uint32_t seq = 0;
};

// A complete netlink message: nlmsghdr + rtmsg + attributes.
Bytes encodeRoute(const NetlinkHeader& header, const RouteMessage& route);
// RTM_GETROUTE with NLM_F_DUMP for one address family.
Bytes encodeRouteDump(Family family, uint32_t seq);
// RTM_GETROUTE for one destination with RTM_F_FIB_MATCH (`ip route get fibmatch ADDRESS`): the
// kernel answers with the route it would forward `destination` by, as that route is in its
// table (prefix, type, protocol, next hops), or with an error when none covers it.
Bytes encodeRouteLookup(const IpAddress& destination, uint32_t seq);

// One message of a receive buffer. For NLMSG_ERROR and NLMSG_DONE `error` is the positive errno
// (0 on an ACK) and `errorText` the kernel's extended-ACK message, if any. `route` is set for
// RTM_NEWROUTE/RTM_DELROUTE of IPv4/IPv6 (other families are returned without it).
struct NetlinkMessage {
  uint16_t type = 0;
  uint16_t flags = 0;
  uint32_t seq = 0;
  int error = 0;
  std::string errorText;
  std::optional<RouteMessage> route;
};

enum class AddressOp : uint8_t {
  kAdd,     // RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL: EEXIST when the address is there already
  kDelete,  // RTM_DELADDR
};
// `ip address add|del ADDRESS/LEN dev IFINDEX` (IPv6: nodad, so it is usable at once).
Bytes encodeAddress(AddressOp op, uint32_t seq, uint32_t ifindex, const Prefix& address);

// Decodes every message of one receive buffer; fails on any framing or attribute error.
Result<std::vector<NetlinkMessage>> decodeMessages(ByteSpan buffer);

}  // namespace anycast::fib
