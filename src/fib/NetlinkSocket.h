// NetlinkSocket: RouteNetlink over a raw NETLINK_ROUTE socket (no libmnl). Requests are
// synchronous: send, then read until the kernel's ACK or the end of the dump, each read bounded
// by SO_RCVTIMEO so a stuck kernel cannot hang the event loop. Replies carrying another
// sequence number (left over from a request that timed out) are skipped.
//
// Kernel documentation: Documentation/userspace-api/netlink/intro.rst (NLM_F_ACK, NLMSG_ERROR,
// extended ACK via NETLINK_EXT_ACK, NETLINK_CAP_ACK, dumps and NLM_F_DUMP_INTR), rtnetlink(7).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "base/Clock.h"
#include "fib/RouteNetlink.h"

namespace anycast::fib {

class NetlinkSocket : public RouteNetlink {
 public:
  static constexpr Duration kDefaultTimeout{2000};

  // Opens the socket in the calling thread's network namespace (it stays bound to that
  // namespace for its whole life).
  static Result<std::unique_ptr<NetlinkSocket>, NetlinkError> open(
      Duration timeout = kDefaultTimeout);
  ~NetlinkSocket() override;
  NetlinkSocket(const NetlinkSocket&) = delete;
  NetlinkSocket& operator=(const NetlinkSocket&) = delete;

  Result<Ok, NetlinkError> request(RouteOp op, const RouteMessage& route) override;
  Result<std::vector<RouteMessage>, NetlinkError> dump(Family family) override;
  Result<std::optional<RouteMessage>, NetlinkError> lookup(const IpAddress& destination) override;
  // Adds or deletes an interface address (encodeAddress); the kernel's errno on failure.
  Result<Ok, NetlinkError> address(AddressOp op, uint32_t ifindex, const Prefix& address);

 private:
  // Returns true when the message ends the exchange.
  using Handler = std::function<Result<bool, NetlinkError>(NetlinkMessage&)>;

  explicit NetlinkSocket(int fd);
  // Sends a request that asks for an ACK and waits for it.
  Result<Ok, NetlinkError> acknowledged(const Bytes& request, uint32_t seq);
  Result<Ok, NetlinkError> exchange(const Bytes& request, uint32_t seq, const Handler& handle);
  // One datagram from the kernel: the filled front of receiveBuffer_, valid until the next call.
  Result<ByteSpan, NetlinkError> receive();

  int fd_;
  uint32_t seq_ = 0;
  Bytes receiveBuffer_;  // allocated once, reused by every request
};

}  // namespace anycast::fib
