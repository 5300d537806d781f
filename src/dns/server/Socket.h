// Socket: the listening sockets of the DNS server, made with the plain socket API because the
// UDP workers use recvmmsg/sendmmsg, which asio does not wrap (the TCP workers hand theirs to
// asio). Every socket has SO_REUSEPORT, so each worker binds its own socket to the same
// address and the kernel spreads the clients over them; IPv6 sockets are IPV6_V6ONLY, so an
// IPv4 and an IPv6 address on one port are two sockets. Addresses are bound one by one rather
// than a wildcard: an anycast service address is a specific address, and a socket bound to it
// answers from it without IP_PKTINFO bookkeeping on every datagram.
#pragma once

#include <sys/socket.h>

#include <string>
#include <utility>

#include "base/Result.h"
#include "dns/server/QueryHandler.h"

namespace anycast::dns::server {

// A file descriptor, closed when the object goes.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  ~UniqueFd();

  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

enum class SocketKind { kUdp, kTcp };

// A non-blocking socket bound to `at` with SO_REUSEPORT (listening, for TCP). Errors name the
// address and the system's reason: "bind [::1]:53: Address already in use".
Result<UniqueFd> openListeningSocket(SocketKind kind, const Endpoint& at, int tcpBacklog);
// The port a socket is bound to (the one the system chose for port 0).
Result<uint16_t> boundPort(int fd);

// Conversions to and from the socket API's addresses.
socklen_t toSockaddr(const Endpoint& e, sockaddr_storage& out);
Endpoint fromSockaddr(const sockaddr_storage& sa);
// "192.0.2.1:53", "[2001:db8::1]:53".
std::string toString(const Endpoint& e);

}  // namespace anycast::dns::server
