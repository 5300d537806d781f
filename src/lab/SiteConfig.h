// SiteConfig: what an anycast site of the lab runs, rendered from its LabPlan node —
// anycastd in site mode (docs/config.md "Services": the service prefixes announced to the
// site's router while a DNS check of the local anycast-dns passes; drain with RFC 8326
// GRACEFUL_SHUTDOWN; nothing imported: the site routes by its default route) and anycast-dns
// (the service addresses, the site's name as NSID and CHAOS id.server so every answer tells
// which site gave it, the site's capacity as max-qps), and the zone every site serves.
#pragma once

#include <string>

#include "lab/LabPlan.h"

namespace anycast::lab {

std::string anycastdSiteConfig(const Node& site, const Topology& topology, const std::string& dir);
std::string anycastDnsConfig(const Node& site, const Topology& topology, uint32_t capacityQps,
                             const std::string& dir);
// The service zone: SOA, NS, and a few names the probes ask for.
std::string serviceZone(const Topology& topology);

// The site's own address (its uplink's), where its anycast-dns answers too: probing it
// measures the RTT to this very site, whatever the routing of the anycast address.
IpAddress unicastAddress(const Node& site);

// The name the lab's DNS probes and the sites' checks ask for (inside the service zone).
std::string probeName(const Topology& topology);

}  // namespace anycast::lab
