// Builders shared by the policy tests.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp::policy::test {

inline IpAddress ip(const char* s) { return *IpAddress::parse(s); }
inline Prefix pfx(const char* s) { return *Prefix::parse(s); }

inline AsPath seq(std::vector<uint32_t> asns) {
  if (asns.empty()) return {};
  return AsPath{{{AsPathSegment::kSequence, std::move(asns)}}};
}

inline constexpr uint32_t comm(uint16_t high, uint16_t low) { return uint32_t(high) << 16 | low; }

// A row name as GoogleTest accepts it in a parameterised test name ("no-export" -> "no_export").
inline std::string testName(std::string name) {
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

struct AttrSpec {
  AsPath asPath = seq({65001, 65002, 65003});
  const char* nextHop = "10.0.0.1";
  std::vector<uint32_t> communities;
  std::vector<LargeCommunity> largeCommunities;
  std::optional<uint32_t> localPref;
  std::optional<uint32_t> med;
  std::optional<uint32_t> otc;
};

inline PathAttributes makeAttributes(const AttrSpec& spec) {
  PathAttributes a;
  a.origin = Origin::kIgp;
  a.asPath = spec.asPath;
  a.nextHop = ip(spec.nextHop);
  a.communities = spec.communities;
  a.largeCommunities = spec.largeCommunities;
  a.localPref = spec.localPref;
  a.med = spec.med;
  a.onlyToCustomer = spec.otc;
  return a;
}

}  // namespace anycast::bgp::policy::test
