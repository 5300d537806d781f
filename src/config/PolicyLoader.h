// PolicyLoader: the `policy:` section of the config (named route filters: terms of match
// conditions and actions, a default) and the policy keys of a peer, read into bgp/policy's
// plain data. The filter model is bgp/policy/Filter.h; docs/config.md documents the keys.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "bgp/policy/PeerPolicy.h"
#include "config/YamlReader.h"

namespace anycast::config {

using NamedFilters = std::map<std::string, bgp::policy::Filter>;

// The `policy:` section: filter name -> filter.
NamedFilters readFilters(const YamlReader& r, const YAML::Node& node);

// The policy of the peer at `key`: `role` (its RFC 9234 role, already read), and its keys
// import, export (names in `filters`), graceful-shutdown-local-pref and gao-rexford.
bgp::policy::PeerPolicy readPeerPolicy(const YamlReader& r, const YAML::Node& peer,
                                       const std::string& key, const NamedFilters& filters,
                                       std::optional<bgp::Role> role);

}  // namespace anycast::config
