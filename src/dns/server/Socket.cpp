// Socket: binding the server's UDP and TCP sockets (SO_REUSEPORT, IPV6_V6ONLY) and address
// conversions.
#include "dns/server/Socket.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace anycast::dns::server {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

std::string toString(const Endpoint& e) {
  std::string a = e.address.isV6() ? "[" + e.address.str() + "]" : e.address.str();
  return a + ":" + std::to_string(e.port);
}

socklen_t toSockaddr(const Endpoint& e, sockaddr_storage& out) {
  std::memset(&out, 0, sizeof(out));
  if (e.address.isV4()) {
    auto& s = reinterpret_cast<sockaddr_in&>(out);
    s.sin_family = AF_INET;
    s.sin_port = htons(e.port);
    std::memcpy(&s.sin_addr, e.address.data(), 4);
    return sizeof(sockaddr_in);
  }
  auto& s = reinterpret_cast<sockaddr_in6&>(out);
  s.sin6_family = AF_INET6;
  s.sin6_port = htons(e.port);
  std::memcpy(&s.sin6_addr, e.address.data(), 16);
  return sizeof(sockaddr_in6);
}

Endpoint fromSockaddr(const sockaddr_storage& sa) {
  if (sa.ss_family == AF_INET) {
    const auto& s = reinterpret_cast<const sockaddr_in&>(sa);
    return {IpAddress::v4Bytes(reinterpret_cast<const uint8_t*>(&s.sin_addr)), ntohs(s.sin_port)};
  }
  const auto& s = reinterpret_cast<const sockaddr_in6&>(sa);
  return {IpAddress::v6Bytes(reinterpret_cast<const uint8_t*>(&s.sin6_addr)), ntohs(s.sin6_port)};
}

Result<UniqueFd> openListeningSocket(SocketKind kind, const Endpoint& at, int tcpBacklog) {
  auto failed = [&](const char* what) {
    return failWith(std::string(what) + " " + toString(at) + ": " + std::strerror(errno));
  };
  int domain = at.address.isV4() ? AF_INET : AF_INET6;
  int type = (kind == SocketKind::kUdp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
  UniqueFd fd(::socket(domain, type, 0));
  if (fd.get() < 0) return failed("socket");
  int one = 1;
  if (::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0)
    return failed("SO_REUSEPORT");
  if (kind == SocketKind::kTcp &&
      ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0)
    return failed("SO_REUSEADDR");
  if (domain == AF_INET6 && ::setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
    return failed("IPV6_V6ONLY");
  sockaddr_storage sa;
  socklen_t len = toSockaddr(at, sa);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), len) != 0) return failed("bind");
  if (kind == SocketKind::kTcp && ::listen(fd.get(), tcpBacklog) != 0) return failed("listen");
  return fd;
}

Result<uint16_t> boundPort(int fd) {
  sockaddr_storage sa;
  socklen_t len = sizeof(sa);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) != 0)
    return failWith(std::string("getsockname: ") + std::strerror(errno));
  return fromSockaddr(sa).port;
}

}  // namespace anycast::dns::server
