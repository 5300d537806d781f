// LinkKeys: the keys of an emulated link's properties (delay, jitter, loss, rate), shared by the
// lab file (links, site and client uplinks, defaults) and scenarios (set-link).
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "config/YamlReader.h"
#include "lab/Topology.h"

namespace anycast::config {

inline const std::vector<const char*> kLinkKeys{"delay", "jitter", "loss", "rate"};

// `keys` and the link keys.
std::vector<const char*> withLinkKeys(std::initializer_list<const char*> keys);

// The link keys present in `map` applied over `base`: "0.5ms"/"250us"/"1s" durations, loss as
// a probability or a percentage, rate as "100mbit"; jitter may not exceed the delay.
lab::LinkProperties readLinkProperties(const YamlReader& r, const YAML::Node& map,
                                       const std::string& key, lab::LinkProperties base);

}  // namespace anycast::config
