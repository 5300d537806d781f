#include "fib/NetlinkSocket.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace anycast::fib {

NetlinkError systemError(int errnum, const std::string& what) {
  return {errnum, what + ": " + std::strerror(errnum)};
}

namespace {

constexpr size_t kReceiveBuffer = 64 * 1024;  // > the kernel's largest dump skb (32 KiB)

NetlinkError kernelError(const NetlinkMessage& m) {
  NetlinkError e = systemError(m.error, "kernel");
  if (!m.errorText.empty()) e.text += " (" + m.errorText + ")";
  return e;
}

// The errors a route lookup answers with when no usable route covers the address: none at all
// (ENETUNREACH), an unreachable or blackhole route (EHOSTUNREACH, EINVAL), a prohibit route
// (EACCES).
bool isNoRoute(int errnum) {
  return errnum == ENETUNREACH || errnum == EHOSTUNREACH || errnum == EINVAL || errnum == EACCES;
}

template <class T>
bool setOption(int fd, int level, int name, const T& value) {
  return setsockopt(fd, level, name, &value, sizeof value) == 0;
}

}  // namespace

Result<std::unique_ptr<NetlinkSocket>, NetlinkError> NetlinkSocket::open(Duration timeout) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return fail(systemError(errno, "netlink socket"));
  std::unique_ptr<NetlinkSocket> s(new NetlinkSocket(fd));
  auto ms = timeout.count();
  timeval tv{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>(ms % 1000 * 1000)};
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  if (!setOption(fd, SOL_SOCKET, SO_RCVTIMEO, tv) ||
      !setOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1) ||
      !setOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1) ||
      bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
    return fail(systemError(errno, "netlink socket setup"));
  }
  return s;
}

NetlinkSocket::NetlinkSocket(int fd) : fd_(fd), receiveBuffer_(kReceiveBuffer) {}

NetlinkSocket::~NetlinkSocket() { ::close(fd_); }

Result<Ok, NetlinkError> NetlinkSocket::request(RouteOp op, const RouteMessage& route) {
  uint32_t seq = ++seq_;
  NetlinkHeader header{RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, seq};
  if (op == RouteOp::kReplace) {
    header.type = RTM_NEWROUTE;
    header.flags |= NLM_F_CREATE | NLM_F_REPLACE;
  }
  return acknowledged(encodeRoute(header, route), seq);
}

Result<Ok, NetlinkError> NetlinkSocket::address(AddressOp op, uint32_t ifindex,
                                                const Prefix& address) {
  uint32_t seq = ++seq_;
  return acknowledged(encodeAddress(op, seq, ifindex, address), seq);
}

Result<Ok, NetlinkError> NetlinkSocket::acknowledged(const Bytes& request, uint32_t seq) {
  return exchange(request, seq, [](NetlinkMessage& m) -> Result<bool, NetlinkError> {
    if (m.type != NLMSG_ERROR) return false;
    if (m.error != 0) return fail(kernelError(m));
    return true;
  });
}

Result<std::vector<RouteMessage>, NetlinkError> NetlinkSocket::dump(Family family) {
  uint32_t seq = ++seq_;
  std::vector<RouteMessage> routes;
  bool interrupted = false;
  auto done = exchange(encodeRouteDump(family, seq), seq,
                       [&](NetlinkMessage& m) -> Result<bool, NetlinkError> {
                         interrupted |= (m.flags & NLM_F_DUMP_INTR) != 0;
                         if (m.type == NLMSG_ERROR || m.type == NLMSG_DONE) {
                           if (m.error != 0) return fail(kernelError(m));
                           return true;
                         }
                         if (m.route) routes.push_back(std::move(*m.route));
                         return false;
                       });
  if (!done) return fail(done.error());
  // The table changed during the dump, so it may be inconsistent: the caller retries later.
  if (interrupted) return fail(NetlinkError{EAGAIN, "route dump interrupted by a change"});
  return routes;
}

Result<std::optional<RouteMessage>, NetlinkError> NetlinkSocket::lookup(
    const IpAddress& destination) {
  uint32_t seq = ++seq_;
  std::optional<RouteMessage> found;
  auto done = exchange(encodeRouteLookup(destination, seq), seq,
                       [&](NetlinkMessage& m) -> Result<bool, NetlinkError> {
                         if (m.type == NLMSG_ERROR) {
                           if (isNoRoute(m.error)) return true;
                           return fail(kernelError(m));
                         }
                         if (!m.route) return false;
                         found = std::move(m.route);
                         return true;
                       });
  if (!done) return fail(done.error());
  return found;
}

Result<Ok, NetlinkError> NetlinkSocket::exchange(const Bytes& request, uint32_t seq,
                                                 const Handler& handle) {
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  ssize_t sent = sendto(fd_, request.data(), request.size(), 0,
                        reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
  if (sent != static_cast<ssize_t>(request.size())) return fail(systemError(errno, "netlink send"));
  for (;;) {
    auto received = receive();
    if (!received) return fail(received.error());
    auto messages = decodeMessages(*received);
    if (!messages) return fail(NetlinkError{0, "netlink reply: " + messages.error().message});
    for (NetlinkMessage& m : *messages) {
      if (m.seq != seq) continue;  // a late reply to an earlier, timed-out request
      auto finished = handle(m);
      if (!finished) return fail(finished.error());
      if (*finished) return Ok{};
    }
  }
}

Result<ByteSpan, NetlinkError> NetlinkSocket::receive() {
  sockaddr_nl from{};
  iovec iov{receiveBuffer_.data(), receiveBuffer_.size()};
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  for (;;) {
    ssize_t n = recvmsg(fd_, &msg, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      return fail(systemError(ETIMEDOUT, "netlink receive"));
    }
    if (n < 0) return fail(systemError(errno, "netlink receive"));
    if (msg.msg_flags & MSG_TRUNC) return fail(systemError(EMSGSIZE, "netlink receive"));
    if (from.nl_pid != 0) continue;  // only the kernel talks to this socket
    return ByteSpan(receiveBuffer_.data(), static_cast<size_t>(n));
  }
}

}  // namespace anycast::fib
