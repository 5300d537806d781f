// PathAttributes: the decoded path attributes of one UPDATE, as plain values.
// RFC 4271 §5 (ORIGIN, AS_PATH, NEXT_HOP, MED, LOCAL_PREF, ATOMIC_AGGREGATE, AGGREGATOR),
// RFC 6793 (AS4_PATH, AS4_AGGREGATOR: reconciled into asPath/aggregator on decode),
// RFC 1997 + RFC 8326 (COMMUNITIES), RFC 4360 (EXTENDED COMMUNITIES), RFC 8092 (LARGE_COMMUNITY),
// RFC 4456 §8 (ORIGINATOR_ID, CLUSTER_LIST), RFC 4760 (MP_REACH_NLRI / MP_UNREACH_NLRI),
// RFC 9234 (ONLY_TO_CUSTOMER).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Bytes.h"
#include "base/Ip.h"

namespace anycast::bgp {

// Attribute type codes (IANA "BGP Path Attributes").
namespace attr {
constexpr uint8_t kOrigin = 1;
constexpr uint8_t kAsPath = 2;
constexpr uint8_t kNextHop = 3;
constexpr uint8_t kMed = 4;
constexpr uint8_t kLocalPref = 5;
constexpr uint8_t kAtomicAggregate = 6;
constexpr uint8_t kAggregator = 7;
constexpr uint8_t kCommunities = 8;
constexpr uint8_t kOriginatorId = 9;
constexpr uint8_t kClusterList = 10;
constexpr uint8_t kMpReachNlri = 14;
constexpr uint8_t kMpUnreachNlri = 15;
constexpr uint8_t kExtendedCommunities = 16;
constexpr uint8_t kAs4Path = 17;
constexpr uint8_t kAs4Aggregator = 18;
constexpr uint8_t kLargeCommunity = 32;
constexpr uint8_t kOnlyToCustomer = 35;
}  // namespace attr

// Attribute flag bits (RFC 4271 §4.3).
namespace attrflag {
constexpr uint8_t kOptional = 0x80;
constexpr uint8_t kTransitive = 0x40;
constexpr uint8_t kPartial = 0x20;
constexpr uint8_t kExtendedLength = 0x10;
}  // namespace attrflag

// AFI / SAFI (RFC 4760, IANA).
constexpr uint16_t kAfiIpv4 = 1;
constexpr uint16_t kAfiIpv6 = 2;
constexpr uint8_t kSafiUnicast = 1;

// Well-known communities (RFC 1997, RFC 8326).
namespace community {
constexpr uint32_t kGracefulShutdown = 0xFFFF0000;
constexpr uint32_t kNoExport = 0xFFFFFF01;
constexpr uint32_t kNoAdvertise = 0xFFFFFF02;
constexpr uint32_t kNoExportSubconfed = 0xFFFFFF03;

struct Named {
  uint32_t value;
  const char* name;
};
// Their names: what communityStr prints and what the config accepts for them.
inline constexpr Named kNames[] = {
    {kNoExport, "no-export"},
    {kNoAdvertise, "no-advertise"},
    {kNoExportSubconfed, "no-export-subconfed"},
    {kGracefulShutdown, "graceful-shutdown"},
};
}  // namespace community

enum class Origin : uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

struct AsPathSegment {
  enum Type : uint8_t { kSet = 1, kSequence = 2, kConfedSequence = 3, kConfedSet = 4 };
  Type type = kSequence;
  std::vector<uint32_t> asns;
  // AS_CONFED_SEQUENCE or AS_CONFED_SET (RFC 5065 §3).
  bool isConfed() const { return type == kConfedSequence || type == kConfedSet; }
  bool operator==(const AsPathSegment&) const = default;
};

struct AsPath {
  std::vector<AsPathSegment> segments;
  // RFC 4271 §9.1.2.2 a): an AS_SET counts 1, confederation segments count 0.
  size_t length() const;
  bool contains(uint32_t asn) const;
  // The AS that originated the route (last AS of the last AS_SEQUENCE), 0 if none.
  uint32_t originAs() const;
  // The neighbour AS (first AS of the first AS_SEQUENCE), 0 if none.
  uint32_t firstAs() const;
  // "65001 65002 {65003 65004}"
  std::string str() const;
  bool operator==(const AsPath&) const = default;
};

struct Aggregator {
  uint32_t asn = 0;
  IpAddress address;
  bool operator==(const Aggregator&) const = default;
};

struct LargeCommunity {
  uint32_t globalAdmin = 0, localData1 = 0, localData2 = 0;
  bool operator==(const LargeCommunity&) const = default;
  auto operator<=>(const LargeCommunity&) const = default;
};

struct MpReach {
  uint16_t afi = kAfiIpv6;
  uint8_t safi = kSafiUnicast;
  IpAddress nextHop;
  std::optional<IpAddress> linkLocalNextHop;  // IPv6 only: 32-octet next hop (RFC 2545 §3)
  std::vector<Prefix> nlri;
  bool operator==(const MpReach&) const = default;
};

struct MpUnreach {
  uint16_t afi = kAfiIpv6;
  uint8_t safi = kSafiUnicast;
  std::vector<Prefix> withdrawn;
  bool operator==(const MpUnreach&) const = default;
};

// An attribute we do not interpret: kept byte for byte. Optional transitive ones are passed on
// with the Partial bit set (RFC 4271 §5); others are dropped when passing on.
struct RawAttribute {
  uint8_t flags = 0;
  uint8_t type = 0;
  Bytes value;
  bool operator==(const RawAttribute&) const = default;
};

struct PathAttributes {
  std::optional<Origin> origin;
  std::optional<AsPath> asPath;  // always 4-octet ASNs after decode (AS4_PATH reconciled)
  std::optional<IpAddress> nextHop;
  std::optional<uint32_t> med;
  std::optional<uint32_t> localPref;
  bool atomicAggregate = false;
  std::optional<Aggregator> aggregator;  // AS4_AGGREGATOR reconciled
  std::vector<uint32_t> communities;
  // RFC 4456 §8: the router id (host order) of the route's originator in the local AS, and the
  // CLUSTER_IDs (host order) of the reflection path, most recent reflector first.
  std::optional<uint32_t> originatorId;
  std::vector<uint32_t> clusterList;
  std::vector<uint64_t> extendedCommunities;
  std::vector<LargeCommunity> largeCommunities;
  std::optional<uint32_t> onlyToCustomer;  // RFC 9234 OTC: an AS number
  std::optional<MpReach> mpReach;
  std::optional<MpUnreach> mpUnreach;
  std::vector<RawAttribute> unknown;
  bool operator==(const PathAttributes&) const = default;
};

// "igp", "egp", "incomplete"
const char* originName(Origin o);
// "65001:100", "no-export", "graceful-shutdown", ...
std::string communityStr(uint32_t c);
std::string largeCommunityStr(const LargeCommunity& c);  // "65001:1:2"

}  // namespace anycast::bgp
