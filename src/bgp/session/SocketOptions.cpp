#include "bgp/session/SocketOptions.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace anycast::bgp {
namespace {

constexpr int kGtsmTtl = 255;

Result<int> socketFamily(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    return failWith(std::string("getsockname: ") + std::strerror(errno));
  }
  return int(ss.ss_family);
}

Result<Ok> setInt(int fd, int level, int name, int value, const char* what) {
  if (setsockopt(fd, level, name, &value, sizeof value) != 0) {
    return failWith(std::string(what) + ": " + std::strerror(errno));
  }
  return Ok{};
}

// Sets the IPv6 option (on IPv6 sockets) and the IPv4 one (always: Linux applies IPPROTO_IP
// options of an IPv6 socket to its v4-mapped traffic).
Result<Ok> setBothFamilies(int fd, int v6Name, const char* v6What, int v4Name, const char* v4What) {
  auto family = socketFamily(fd);
  if (!family) return fail(family.error());
  if (*family == AF_INET6) {
    auto v6 = setInt(fd, IPPROTO_IPV6, v6Name, kGtsmTtl, v6What);
    if (!v6) return v6;
  }
  return setInt(fd, IPPROTO_IP, v4Name, kGtsmTtl, v4What);
}

}  // namespace

Result<Ok> setTcpMd5(int fd, const IpAddress& peer, const std::string& password) {
  tcp_md5sig sig{};
  if (password.size() > TCP_MD5SIG_MAXKEYLEN) return failWith("TCP-MD5 password longer than 80");
  auto family = socketFamily(fd);
  if (!family) return fail(family.error());
  if (*family == AF_INET && peer.isV4()) {
    auto* sin = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
    sin->sin_family = AF_INET;
    std::memcpy(&sin->sin_addr, peer.data(), 4);
  } else if (*family == AF_INET6) {
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
    sin6->sin6_family = AF_INET6;
    if (peer.isV4()) {  // ::ffff:a.b.c.d
      sin6->sin6_addr.s6_addr[10] = 0xff;
      sin6->sin6_addr.s6_addr[11] = 0xff;
      std::memcpy(&sin6->sin6_addr.s6_addr[12], peer.data(), 4);
    } else {
      std::memcpy(&sin6->sin6_addr, peer.data(), 16);
    }
  } else {
    return failWith("TCP-MD5: IPv6 peer on an IPv4 socket");
  }
  sig.tcpm_keylen = static_cast<uint16_t>(password.size());
  std::memcpy(sig.tcpm_key, password.data(), password.size());
  if (setsockopt(fd, IPPROTO_TCP, TCP_MD5SIG, &sig, sizeof sig) != 0) {
    return failWith(std::string("TCP_MD5SIG: ") + std::strerror(errno));
  }
  return Ok{};
}

Result<Ok> setOutgoingTtl255(int fd) {
  return setBothFamilies(fd, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", IP_TTL, "IP_TTL");
}

Result<Ok> setMinimumTtl255(int fd) {
  return setBothFamilies(fd, IPV6_MINHOPCOUNT, "IPV6_MINHOPCOUNT", IP_MINTTL, "IP_MINTTL");
}

Result<Ok> setGtsm(int fd) {
  auto out = setOutgoingTtl255(fd);
  if (!out) return out;
  return setMinimumTtl255(fd);
}

}  // namespace anycast::bgp
