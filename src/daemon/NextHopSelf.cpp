#include "daemon/NextHopSelf.h"

#include <ifaddrs.h>
#include <netinet/in.h>

#include <string>

namespace anycast::daemon {
namespace {

std::optional<IpAddress> fromSockaddr(const sockaddr* sa) {
  if (!sa) return std::nullopt;
  if (sa->sa_family == AF_INET)
    return IpAddress::v4Bytes(
        reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr));
  if (sa->sa_family == AF_INET6)
    return IpAddress::v6Bytes(
        reinterpret_cast<const uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr));
  return std::nullopt;
}

}  // namespace

std::optional<IpAddress> selfNextHop(const IpAddress& sessionLocal, Family wanted) {
  if (sessionLocal.family() == wanted) return sessionLocal;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  std::string interface;
  for (ifaddrs* i = list; i; i = i->ifa_next)
    if (auto a = fromSockaddr(i->ifa_addr); a && *a == sessionLocal) interface = i->ifa_name;
  std::optional<IpAddress> best;
  for (ifaddrs* i = list; i && !interface.empty(); i = i->ifa_next) {
    auto a = fromSockaddr(i->ifa_addr);
    if (!a || interface != i->ifa_name || a->family() != wanted) continue;
    if (!best || (best->isV6LinkLocal() && !a->isV6LinkLocal())) best = a;
  }
  freeifaddrs(list);
  return best;
}

}  // namespace anycast::daemon
