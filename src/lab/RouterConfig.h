// RouterConfig: the configuration file of a lab router, rendered from its LabPlan node —
// anycastd YAML (docs/config.md), BIRD 2 or FRR — so that all three kinds run the same
// routing: RFC 9234 local roles on eBGP (with Gao-Rexford preference and valley-free export),
// hop-by-hop iBGP inside an AS (route reflector for every iBGP neighbour, RFC 4456, with next
// hop self), the clients' uplink prefixes originated, best routes in the namespace's main
// table. `dir` is the node's private directory (control sockets, logs).
#pragma once

#include <string>

#include "lab/LabPlan.h"

namespace anycast::lab {

// Session timers: short, so a killed router is noticed within seconds (RFC 4271 §4.2
// allows 3 s; BIRD and FRR accept these values).
constexpr int kHoldTimeSeconds = 9;
constexpr int kConnectRetrySeconds = 1;

std::string anycastdRouterConfig(const Node& router, const std::string& dir);

// BIRD 2 (2.0.11 or later for `local role`), IPv4 only. RFC 9234 roles give BIRD OTC handling
// (valley-free export) but not anycastd's relationship LOCAL_PREF, so the import filters set
// it — customer 200, peer 100, provider 50 — and 0 for GRACEFUL_SHUTDOWN (RFC 8326), as
// anycastd does; the kernel gets the BGP routes only.
std::string birdRouterConfig(const Node& router, const std::string& dir);

// FRR bgpd (8.4: `neighbor X local-role`), IPv4 only, the same policy as for BIRD through
// route-maps; zebra, started beside it, puts the best routes into the kernel.
std::string frrRouterConfig(const Node& router);

}  // namespace anycast::lab
