// TapDevice: TAP creation inside a network namespace (see TapDevice.h). Interfaces used:
// setns(2) (base/NetnsScope), /dev/net/tun + TUNSETIFF, and the netdevice(7) ioctls
// SIOCSIFHWADDR, SIOCSIFMTU, SIOCGIFFLAGS/SIOCSIFFLAGS on a socket made inside the namespace.
#include "lab/wire/TapDevice.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "base/Log.h"
#include "base/NetnsScope.h"

namespace anycast::lab::wire {
namespace {

std::string sysError(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

Result<Ok> configure(const TapSpec& spec) {
  UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) return failWith(sysError("socket"));
  ifreq ifr{};
  std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", spec.ifname.c_str());
  if (spec.mac) {
    ifr.ifr_hwaddr.sa_family = ARPHRD_ETHER;
    std::memcpy(ifr.ifr_hwaddr.sa_data, spec.mac->data(), spec.mac->size());
    if (::ioctl(sock.get(), SIOCSIFHWADDR, &ifr) != 0) return failWith(sysError("SIOCSIFHWADDR"));
  }
  ifr.ifr_mtu = static_cast<int>(spec.mtu);
  if (::ioctl(sock.get(), SIOCSIFMTU, &ifr) != 0) return failWith(sysError("SIOCSIFMTU"));
  if (::ioctl(sock.get(), SIOCGIFFLAGS, &ifr) != 0) return failWith(sysError("SIOCGIFFLAGS"));
  ifr.ifr_flags |= IFF_UP;
  if (::ioctl(sock.get(), SIOCSIFFLAGS, &ifr) != 0) return failWith(sysError("SIOCSIFFLAGS"));
  return Ok{};
}

Result<UniqueFd> openInside(const TapSpec& spec) {
  NetnsScope scope;  // back in our own namespace on every return
  if (auto entered = scope.enter(spec.netnsPath()); !entered.ok()) return fail(entered.error());
  UniqueFd fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) return failWith(sysError("open /dev/net/tun"));
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::snprintf(ifr.ifr_name, IFNAMSIZ, "%s", spec.ifname.c_str());
  if (::ioctl(fd.get(), TUNSETIFF, &ifr) != 0) return failWith(sysError("TUNSETIFF"));
  if (auto configured = configure(spec); !configured.ok()) return fail(configured.error());
  return fd;
}

}  // namespace

std::string TapSpec::netnsPath() const {
  return netns.find('/') != std::string::npos ? netns : "/run/netns/" + netns;
}

Result<UniqueFd> openTap(const TapSpec& spec) {
  if (spec.ifname.empty() || spec.ifname.size() >= IFNAMSIZ) {
    return failWith("tap \"" + spec.ifname + "\": an interface name has 1 to 15 characters");
  }
  auto fd = openInside(spec);
  if (!fd.ok()) {
    return failWith("netns " + spec.netns + ", tap " + spec.ifname + ": " + fd.error().message);
  }
  LOG_INFO("wire-tap-created", LogFields()
                                   .kv("netns", spec.netns)
                                   .kv("ifname", spec.ifname)
                                   .kv("mtu", spec.mtu)
                                   .kv("fd", fd->get()));
  return fd;
}

std::optional<MacAddress> parseMac(const std::string& text) {
  MacAddress mac{};
  unsigned b[6];
  char extra;
  if (std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4],
                  &b[5], &extra) != 6) {
    return std::nullopt;
  }
  for (size_t i = 0; i < 6; ++i) mac[i] = static_cast<uint8_t>(b[i]);
  return mac;
}

std::string formatMac(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return text;
}

}  // namespace anycast::lab::wire
