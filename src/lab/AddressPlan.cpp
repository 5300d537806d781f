#include "lab/AddressPlan.h"

#include <array>
#include <cstdint>

namespace anycast::lab {
namespace {

// fd00:a5:<pool>:<index>::<host>
IpAddress v6(uint16_t pool, uint16_t index, uint8_t host) {
  std::array<uint8_t, 16> b{0xfd, 0x00, 0x00, 0xa5};
  b[4] = static_cast<uint8_t>(pool >> 8);
  b[5] = static_cast<uint8_t>(pool);
  b[6] = static_cast<uint8_t>(index >> 8);
  b[7] = static_cast<uint8_t>(index);
  b[15] = host;
  return IpAddress::v6Bytes(b.data());
}

// Link `index` of a pool: IPv4 subnets of `length` bits from `base`, the ends the first two
// usable addresses (a /31 has no network or broadcast address, RFC 3021).
LinkAddresses addresses(uint32_t base, uint8_t length, uint16_t pool, size_t index) {
  uint32_t size = 1u << (32 - length);
  uint32_t net = base + static_cast<uint32_t>(index) * size;
  uint32_t first = length == 31 ? net : net + 1;
  auto i = static_cast<uint16_t>(index);
  return {Prefix(IpAddress::v4(net), length),
          Prefix(v6(pool, i, 0), 64),
          IpAddress::v4(first),
          IpAddress::v4(first + 1),
          v6(pool, i, 1),
          v6(pool, i, 2)};
}

constexpr uint32_t kRouterIds = 0x0aff0000;  // 10.255.0.0
constexpr uint32_t kLinks = 0x0a400000;      // 10.64.0.0
constexpr uint32_t kSites = 0x0a800000;      // 10.128.0.0
constexpr uint32_t kClients = 0x0ac00000;    // 10.192.0.0

}  // namespace

AddressPlan::AddressPlan(const Topology& topology) {
  uint32_t next = 1;
  for (const As& as : topology.ases)
    for (const Router& r : as.routers) routerIds_[r.name] = IpAddress::v4(kRouterIds + next++);
  for (size_t k = 0; k < topology.links.size(); ++k) links_.push_back(addresses(kLinks, 31, 0, k));
  for (size_t j = 0; j < topology.sites.size(); ++j) sites_.push_back(addresses(kSites, 30, 1, j));
  for (size_t c = 0; c < topology.clients.size(); ++c)
    clients_.push_back(addresses(kClients, 30, 2, c));
}

}  // namespace anycast::lab
