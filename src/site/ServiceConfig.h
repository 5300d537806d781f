// ServiceConfig: one anycast service of a site as a plain struct with defaults — its
// prefixes and addresses, its health checks, how it is announced and what happens on failure,
// overload, drain and flapping; for a `kind: dns` service, the authoritative DNS server anycastd
// runs for it. Only src/config knows the YAML form (docs/config.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Clock.h"
#include "base/Ip.h"
#include "bgp/wire/PathAttributes.h"
#include "dns/service/DnsServiceConfig.h"
#include "health/CheckConfig.h"
#include "health/ServiceHealth.h"

namespace anycast::site {

// What the service's routes carry beyond ORIGIN and NEXT_HOP.
struct AnnounceAttributes {
  std::vector<uint32_t> communities;
  std::vector<bgp::LargeCommunity> largeCommunities;
  std::optional<uint32_t> med;
  uint32_t prepend = 0;  // our AS this many extra times (the export adds it once more)
  bool operator==(const AnnounceAttributes&) const = default;
};

enum class FailureAction : uint8_t {
  kWithdraw,  // default: a failed site takes no traffic
  kDeprefer,  // keep announcing with `deprefer` added: the site stays reachable as last resort
};

enum class OverloadAction : uint8_t {
  kAbsorb,    // default: keep announcing, the site takes its catchment's load (a flood stays
              // local, as the root servers did in 2015)
  kWithdraw,  // move the catchment elsewhere
};

struct DrainConfig {
  bool gracefulShutdown = true;  // RFC 8326 GRACEFUL_SHUTDOWN on the routes while draining
  uint32_t prepend = 0;          // and/or our AS prepended this many extra times
  Duration duration = std::chrono::seconds(30);  // then withdrawn (`drain --for` overrides)
};

// A service that flaps is held down: when it is healthy again after having been up for less
// than `stableAfter`, it waits `holdDown` before it is announced, doubled with each further
// flap up to `maxHoldDown`.
struct FlapConfig {
  Duration holdDown = std::chrono::seconds(1);
  Duration maxHoldDown = std::chrono::seconds(60);
  Duration stableAfter = std::chrono::seconds(30);
};

struct ServiceConfig {
  std::string name;              // required, unique
  std::vector<Prefix> prefixes;  // required: what is announced
  // Put on `interface` before the first announcement, removed after the last withdrawal was
  // sent. Default: every host prefix (/32, /128) of `prefixes`.
  std::vector<Prefix> addresses;
  std::string interface = "lo";
  bool manageAddresses = true;  // false: the operator puts the addresses there
  std::vector<health::CheckConfig> checks;
  health::Combine combine = health::Combine::kAll;
  // Checks whose failure means "overloaded", not "failed" (e.g. a load script).
  std::vector<health::CheckConfig> overloadChecks;
  std::vector<std::string> dependsOn;  // services that must be up for this one to be up
  AnnounceAttributes announce;
  FailureAction onFailure = FailureAction::kWithdraw;
  AnnounceAttributes deprefer{.med = 1000, .prepend = 3};  // added when de-preferred
  OverloadAction onOverload = OverloadAction::kAbsorb;
  DrainConfig drain;
  FlapConfig flap;
  std::string drainFile;  // while this file exists the service is drained (for scripts)
  // kind: dns — the server the daemon runs on the service's addresses (listen: each host
  // address of `addresses` at the configured port), which feeds its embedded checks.
  std::optional<dns::service::DnsServiceConfig> dns;
  // The service's YAML, normalised: equal fingerprints mean an unchanged service (reload).
  std::string fingerprint;
};

}  // namespace anycast::site
