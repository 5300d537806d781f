#include "fib/RouteChangeMonitor.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstddef>

namespace anycast::fib {
namespace {

constexpr size_t kBufferSize = 64 * 1024;

// Accepts every message except RTM_NEWROUTE/RTM_DELROUTE whose rtm_protocol is `own`. Classic
// BPF loads halfwords in network byte order, hence htons() on the message types (which are in
// host order). A multicast notification is one netlink message per datagram.
std::array<sock_filter, 7> dropOwnRoutes(uint8_t own) {
  constexpr uint32_t kTypeOffset = offsetof(nlmsghdr, nlmsg_type);
  constexpr uint32_t kProtocolOffset = sizeof(nlmsghdr) + offsetof(rtmsg, rtm_protocol);
  // One instruction per line.
  // clang-format off
  return {{
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, kTypeOffset),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_NEWROUTE), 1, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, htons(RTM_DELROUTE), 0, 3),  // else accept
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kProtocolOffset),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, own, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0),           // drop
      BPF_STMT(BPF_RET | BPF_K, 0xffffffff),  // accept, whole message
  }};
  // clang-format on
}

}  // namespace

Result<std::unique_ptr<RouteChangeMonitor>, NetlinkError> RouteChangeMonitor::open(
    uint8_t ownProtocol) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
  if (fd < 0) return fail(systemError(errno, "netlink monitor socket"));
  std::unique_ptr<RouteChangeMonitor> monitor(new RouteChangeMonitor(fd));
  auto program = dropOwnRoutes(ownProtocol);
  sock_fprog filter{static_cast<unsigned short>(program.size()), program.data()};
  if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &filter, sizeof filter) != 0)
    return fail(systemError(errno, "netlink monitor filter"));
  sockaddr_nl local{};
  local.nl_family = AF_NETLINK;
  local.nl_groups =
      RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
  if (bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0)
    return fail(systemError(errno, "netlink monitor bind"));
  return monitor;
}

RouteChangeMonitor::RouteChangeMonitor(int fd) : fd_(fd), buffer_(kBufferSize) {}

RouteChangeMonitor::~RouteChangeMonitor() { ::close(fd_); }

bool RouteChangeMonitor::drain() {
  bool changed = false;
  for (;;) {
    ssize_t n = recv(fd_, buffer_.data(), buffer_.size(), 0);
    if (n > 0) {
      changed = true;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == ENOBUFS) {
      changed = true;  // notifications were lost
    } else {
      return changed;  // EAGAIN: nothing more now
    }
  }
}

}  // namespace anycast::fib
