// DnsKeys: the keys of an authoritative DNS server shared by anycast-dns's file (at its root)
// and anycastd's `kind: dns` services (under the service): workers, identity (NSID RFC 5001,
// CHAOS TXT RFC 4892), zones (RFC 1035 master files), rrl, limits (max-qps), tcp (RFC 7766).
// One reader for both, so the two files cannot drift apart.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/YamlReader.h"
#include "dns/service/DnsServiceConfig.h"

namespace anycast::config {

inline constexpr uint16_t kDnsPort = 53;  // RFC 1035 §4.2

inline const std::vector<const char*> kDnsKeys{"workers", "identity", "zones",
                                               "rrl",     "limits",   "tcp"};

// `keys` and the DNS keys.
std::vector<const char*> withDnsKeys(std::initializer_list<const char*> keys);

// The DNS keys present in `map` (whose key path is `key`, "" at a file's root) into `out`;
// zones are required. Relative zone file paths are taken from the config file's directory.
void readDnsKeys(const YamlReader& r, const YAML::Node& map, const std::string& key,
                 dns::service::DnsServiceConfig& out);

}  // namespace anycast::config
