// ZoneFiles: one ZoneLoader call per configured zone, then the ZoneSet over all of them.
#include "dns/service/ZoneFiles.h"

#include "dns/zone/ZoneLoader.h"

namespace anycast::dns::service {

uint32_t soaSerial(const Zone& zone) {
  // SOA RDATA ends in SERIAL REFRESH RETRY EXPIRE MINIMUM, 4 octets each (RFC 1035 §3.3.13).
  ByteSpan soa = zone.records(zone.soa());
  ByteSpan serial = soa.subspan(soa.size() - 20, 4);
  return uint32_t(serial[0]) << 24 | uint32_t(serial[1]) << 16 | uint32_t(serial[2]) << 8 |
         serial[3];
}

Result<LoadedZones> loadZones(const std::vector<ZoneConfig>& zones) {
  LoadedZones out;
  std::vector<std::shared_ptr<const Zone>> loaded;
  for (const ZoneConfig& z : zones) {
    auto zone = loadZoneFile(z.file, z.origin);
    if (!zone) return fail(zone.error());
    auto shared = std::make_shared<const Zone>(std::move(zone.value()));
    out.info.push_back(ZoneInfo{z.origin.text(), z.file, soaSerial(*shared),
                                shared->recordCount(), shared->memoryBytes()});
    loaded.push_back(std::move(shared));
  }
  out.set = std::make_shared<const ZoneSet>(std::move(loaded));
  return out;
}

}  // namespace anycast::dns::service
