// Builders shared by the RIB tests: attribute sets and route sources from short specs.
#pragma once

#include <optional>
#include <vector>

#include "bgp/rib/AttributeStore.h"
#include "bgp/rib/Path.h"

namespace anycast::bgp::test {

inline IpAddress ip(const char* s) { return *IpAddress::parse(s); }
inline Prefix pfx(const char* s) { return *Prefix::parse(s); }
inline uint32_t routerId(const char* s) { return ip(s).v4HostOrder(); }

inline AsPath seq(std::vector<uint32_t> asns) {
  if (asns.empty()) return {};
  return AsPath{{{AsPathSegment::kSequence, std::move(asns)}}};
}

struct AttrSpec {
  AsPath asPath = seq({65001});
  Origin origin = Origin::kIgp;
  std::optional<uint32_t> med;
  std::optional<uint32_t> localPref;
  const char* nextHop = "10.0.0.1";
  std::vector<uint32_t> communities;
  std::optional<uint32_t> originatorId;  // RFC 4456 §8
  std::vector<uint32_t> clusterList;
};

inline PathAttributes makeAttributes(const AttrSpec& spec) {
  PathAttributes a;
  a.origin = spec.origin;
  a.asPath = spec.asPath;
  a.nextHop = ip(spec.nextHop);
  a.med = spec.med;
  a.localPref = spec.localPref;
  a.communities = spec.communities;
  a.originatorId = spec.originatorId;
  a.clusterList = spec.clusterList;
  return a;
}

inline RouteSource ebgpPeer(const char* address, const char* id, uint32_t as) {
  return {ip(address), routerId(id), as, true, false};
}
inline RouteSource ibgpPeer(const char* address, const char* id, uint32_t as) {
  return {ip(address), routerId(id), as, false, false};
}
inline RouteSource localSource() { return {ip("0.0.0.0"), routerId("192.0.2.1"), 0, false, true}; }

}  // namespace anycast::bgp::test
