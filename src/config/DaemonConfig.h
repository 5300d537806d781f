// DaemonConfig: anycastd's configuration as plain structs with defaults. Only ConfigLoader knows
// the YAML form; docs/config.md documents every key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Ip.h"
#include "base/Log.h"
#include "bgp/policy/PeerPolicy.h"
#include "bgp/session/PeerConfig.h"
#include "bgp/wire/PathAttributes.h"
#include "config/ValueParsers.h"
#include "fib/KernelFib.h"
#include "site/ServiceConfig.h"

namespace anycast::config {

struct RouterConfig {
  uint32_t as = 0;                    // required
  IpAddress routerId;                 // required, IPv4 form (RFC 6286: any non-zero 32-bit value)
  std::optional<uint32_t> clusterId;  // RFC 4456 §7 CLUSTER_ID, host order; unset = router id
  std::vector<Endpoint> listen{Endpoint{*IpAddress::parse("::"), 179}};
  bool alwaysCompareMed = false;  // compare MED across neighbour ASes (not RFC 4271 §9.1.2.2 c)
  uint32_t multipath = 1;         // ECMP: paths installed per prefix; 1 = best only
  // RFC 4271 §9.1.2.1: a learned route is used only while the kernel resolves its next hop.
  bool nextHopTracking = true;
  bool resolveViaDefault = false;  // the default route may resolve a next hop
  bool operator==(const RouterConfig&) const = default;
};

struct ControlConfig {
  std::string socket = "/run/anycastd/anycastd.sock";
  unsigned mode = 0660;
  std::optional<Endpoint> metrics;  // Prometheus /metrics over HTTP; unset = no listener
  bool operator==(const ControlConfig&) const = default;
};

struct LogConfig {
  LogLevel level = LogLevel::kInfo;
};

// A prefix this speaker originates, with how it is announced.
struct Announcement {
  Prefix prefix;
  std::optional<IpAddress> nextHop;  // unset: "self", the session's local address
  std::vector<uint32_t> communities;
  std::vector<bgp::LargeCommunity> largeCommunities;
  std::optional<uint32_t> med;
  bool operator==(const Announcement&) const = default;
};

// One configured neighbour: its session and its route policy. policy.role is session.role
// (the role sent in OPEN is the one policy acts on); the filters are copies of the named
// filters of the `policy:` section.
struct NeighbourConfig {
  bgp::PeerConfig session;
  bgp::policy::PeerPolicy policy;
  Duration mrai{0};                   // RFC 4271 §9.2.1.1 MinRouteAdvertisementInterval; 0 = off
  bool softReconfiguration = false;   // keep the routes as received, before import policy
  bool routeReflectorClient = false;  // RFC 4456 §6: an iBGP peer we reflect routes to
  // The peer's YAML and that of the filters it uses, normalised: equal fingerprints mean an
  // unchanged peer, which a reload leaves alone.
  std::string fingerprint;
};

struct DaemonConfig {
  std::string path;  // the file it was loaded from
  RouterConfig router;
  ControlConfig control;
  LogConfig log;
  std::vector<NeighbourConfig> peers;
  std::vector<Announcement> announce;
  // Best routes into the kernel (src/fib); unset = the daemon never touches the kernel table.
  std::optional<fib::KernelFibConfig> kernel;
  // The site's anycast services: health-checked, announced while they work (src/site).
  std::vector<site::ServiceConfig> services;
  // On exit, withdraw the services (and take their addresses off) before the sessions close;
  // false leaves the addresses in place (the routes still go when the sessions close).
  bool withdrawOnExit = true;
};

}  // namespace anycast::config
