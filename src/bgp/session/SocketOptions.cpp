#include "bgp/session/SocketOptions.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <initializer_list>

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

// One RFC 5082 setting in its IPv6 and IPv4 spelling.
struct TtlOption {
  int v6Name;
  const char* v6What;
  int v4Name;
  const char* v4What;
};
constexpr TtlOption kOutgoingTtl{IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS", IP_TTL, "IP_TTL"};
constexpr TtlOption kMinimumTtl{IPV6_MINHOPCOUNT, "IPV6_MINHOPCOUNT", IP_MINTTL, "IP_MINTTL"};

// Sets each option to 255: the IPv6 one (on IPv6 sockets) and the IPv4 one (always: Linux
// applies IPPROTO_IP options of an IPv6 socket to its v4-mapped traffic). The socket's family
// is asked once for all of them.
Result<Ok> setTtl255(int fd, std::initializer_list<TtlOption> options) {
  auto family = socketFamily(fd);
  if (!family) return fail(family.error());
  for (const TtlOption& o : options) {
    if (*family == AF_INET6) {
      auto v6 = setInt(fd, IPPROTO_IPV6, o.v6Name, kGtsmTtl, o.v6What);
      if (!v6) return v6;
    }
    auto v4 = setInt(fd, IPPROTO_IP, o.v4Name, kGtsmTtl, o.v4What);
    if (!v4) return v4;
  }
  return Ok{};
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

Result<Ok> setOutgoingTtl255(int fd) { return setTtl255(fd, {kOutgoingTtl}); }

Result<Ok> setMinimumTtl255(int fd) { return setTtl255(fd, {kMinimumTtl}); }

Result<Ok> setGtsm(int fd) { return setTtl255(fd, {kOutgoingTtl, kMinimumTtl}); }

}  // namespace anycast::bgp
