// RouteChangeMonitor: tells that the kernel's routing state changed — links, addresses or
// routes — so cached next-hop resolutions (NextHopResolver) are looked up again. A NETLINK_ROUTE
// socket subscribed to the RTMGRP_LINK, *_IFADDR and *_ROUTE multicast groups (rtnetlink(7)).
// Our own routes' notifications are dropped in the kernel by a socket filter (classic BPF on the
// rtmsg protocol byte): installing a million BGP routes must not wake the daemon a million
// times, and they do not change how a next hop resolves (BGP does not resolve over BGP).
// Non-blocking: the owner waits for fd() to be readable on its event loop, then calls drain().
#pragma once

#include <cstdint>
#include <memory>

#include "base/Bytes.h"
#include "fib/RouteNetlink.h"

namespace anycast::fib {

class RouteChangeMonitor {
 public:
  // Opens the socket in the calling thread's network namespace.
  static Result<std::unique_ptr<RouteChangeMonitor>, NetlinkError> open(uint8_t ownProtocol);
  ~RouteChangeMonitor();
  RouteChangeMonitor(const RouteChangeMonitor&) = delete;
  RouteChangeMonitor& operator=(const RouteChangeMonitor&) = delete;

  int fd() const { return fd_; }
  // Reads every pending notification; true if there was any (or the socket overflowed, which
  // means changes were lost: the caller must assume anything changed).
  bool drain();

 private:
  explicit RouteChangeMonitor(int fd);
  int fd_;
  Bytes buffer_;
};

}  // namespace anycast::fib
