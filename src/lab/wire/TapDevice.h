// TapDevice: creates a TAP interface (Linux tun/tap driver, Documentation/networking/tuntap.rst:
// IFF_TAP | IFF_NO_PI, so each read/write is one bare Ethernet frame) inside another network
// namespace, while the calling process stays in its own. The TAP is not persistent: closing
// the returned descriptor removes the interface.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/Result.h"
#include "base/UniqueFd.h"

namespace anycast::lab::wire {

using MacAddress = std::array<uint8_t, 6>;

struct TapSpec {
  std::string netns;   // a name under /run/netns, or a path (/proc/PID/ns/net)
  std::string ifname;  // at most 15 characters (IFNAMSIZ - 1)
  uint32_t mtu = 1500;
  std::optional<MacAddress> mac;  // else the kernel picks a random one

  // The namespace file: netns itself if it is a path, else /run/netns/<netns>.
  std::string netnsPath() const;
};

// Creates the TAP in spec.netns, sets its MAC (if given) and MTU, brings it up, and returns
// its nonblocking descriptor. The calling thread enters the namespace only around the
// creation (setns(2)) and is back in its own on return, errors included. Errors name the
// namespace, the interface and the step: "netns r1, tap eth1: TUNSETIFF: Device or resource
// busy".
Result<UniqueFd> openTap(const TapSpec& spec);

// "02:00:00:00:00:01" -> bytes; nullopt when malformed.
std::optional<MacAddress> parseMac(const std::string& text);
std::string formatMac(const MacAddress& mac);

}  // namespace anycast::lab::wire
