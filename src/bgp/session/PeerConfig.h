// PeerConfig: everything a BGP session needs to know about one configured neighbour.
// Plain struct with defaults (the YAML loader fills it). RFC 4271 §10 (timer defaults),
// RFC 2385 (TCP-MD5), RFC 5082 (GTSM), RFC 4486 (max prefixes), RFC 9234 (roles),
// RFC 4760 (address families), RFC 4724 (graceful restart), RFC 8654 (extended messages).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "base/Ip.h"
#include "bgp/wire/Message.h"

namespace anycast::bgp {

constexpr uint16_t kBgpPort = 179;

struct PeerConfig {
  std::string name;  // for logs and the control API
  IpAddress remoteAddress;
  uint16_t remotePort = kBgpPort;
  uint32_t remoteAs = 0;
  uint32_t localAs = 0;
  uint32_t routerId = 0;                            // host order
  std::optional<IpAddress> localAddress;            // source address of outgoing connections
  uint16_t localPort = 0;                           // source port of outgoing connections, 0 = any
  bool passive = false;                             // never connect, only accept
  uint16_t holdTime = 90;                           // seconds; RFC 4271 §10 suggests 90; 0 = none
  Duration connectRetry = std::chrono::seconds(5);  // also the idle hold before a restart
  std::string md5Password;                          // RFC 2385; empty = off
  bool gtsm = false;                                // RFC 5082: TTL 255 out, minimum TTL 255 in
  uint32_t maxPrefixes = 0;  // per AFI/SAFI; 0 = unlimited (RFC 4486 Cease/1)
  std::optional<Role> role;  // RFC 9234 role we advertise
  bool strictRole = false;   // RFC 9234 §4.2 strict mode: peer must send a role
  std::vector<AfiSafi> families = {{kAfiIpv4, kSafiUnicast}, {kAfiIpv6, kSafiUnicast}};
  bool extendedMessage = true;                  // advertise RFC 8654
  std::optional<uint16_t> gracefulRestartTime;  // advertise RFC 4724 with this restart time

  bool isInternal() const { return remoteAs == localAs; }
};

}  // namespace anycast::bgp
