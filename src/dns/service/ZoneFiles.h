// ZoneFiles: loads a service's zones (RFC 1035 §5 master files, through dns/zone/ZoneLoader)
// into one immutable ZoneSet, and says what was loaded (origin, file, SOA serial, records)
// for the control API. The first broken file ends the load with its "file:line: what".
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/Result.h"
#include "dns/service/DnsServiceConfig.h"
#include "dns/zone/ZoneSet.h"

namespace anycast::dns::service {

struct ZoneInfo {
  std::string origin;  // presentation form, "example.com."
  std::string file;
  uint32_t serial = 0;  // the SOA's (RFC 1035 §3.3.13)
  size_t records = 0;
  size_t bytes = 0;  // Zone::memoryBytes()
};

struct LoadedZones {
  std::shared_ptr<const ZoneSet> set;
  std::vector<ZoneInfo> info;  // in config order
};

Result<LoadedZones> loadZones(const std::vector<ZoneConfig>& zones);

// The serial of the zone's SOA.
uint32_t soaSerial(const Zone& zone);

}  // namespace anycast::dns::service
