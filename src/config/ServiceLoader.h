// ServiceLoader: the `services:` section of the config (the anycast services of a site: their
// prefixes, addresses, health checks, announcement, failure/overload/drain/flap behaviour,
// and for `kind: dns` the DNS server anycastd runs, with anycast-dns's keys: DnsKeys) into
// site::ServiceConfig. docs/config.md documents the keys.
#pragma once

#include <vector>

#include "config/YamlReader.h"
#include "site/ServiceConfig.h"

namespace anycast::config {

// Every service, validated: unique names, known dependencies without cycles, valid checks.
std::vector<site::ServiceConfig> readServices(const YamlReader& r, const YAML::Node& node);

}  // namespace anycast::config
