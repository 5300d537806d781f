#include "lab/AddressPlan.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace anycast::lab {
namespace {

constexpr size_t kV6Indexes = 65536;

// <base /32>:<pool>:<index>::<host>
IpAddress v6(const Prefix& base, uint16_t pool, uint16_t index, uint8_t host) {
  std::array<uint8_t, 16> b{};
  std::copy(base.address().data(), base.address().data() + 4, b.begin());
  b[4] = static_cast<uint8_t>(pool >> 8);
  b[5] = static_cast<uint8_t>(pool);
  b[6] = static_cast<uint8_t>(index >> 8);
  b[7] = static_cast<uint8_t>(index);
  b[15] = host;
  return IpAddress::v6Bytes(b.data());
}

// Link `index` of a pool: IPv4 subnets of `length` bits from `base`, the ends the first two
// usable addresses (a /31 has no network or broadcast address, RFC 3021).
LinkAddresses addresses(const Prefix& base, uint8_t length, const Prefix& base6, uint16_t pool,
                        size_t index) {
  uint32_t size = 1u << (32 - length);
  uint32_t net = base.address().v4HostOrder() + static_cast<uint32_t>(index) * size;
  uint32_t first = length == 31 ? net : net + 1;
  auto i = static_cast<uint16_t>(index);
  return {Prefix(IpAddress::v4(net), length),
          Prefix(v6(base6, pool, i, 0), 64),
          IpAddress::v4(first),
          IpAddress::v4(first + 1),
          v6(base6, pool, i, 1),
          v6(base6, pool, i, 2)};
}

// Blocks of 2^(32 - length) addresses in `pool`.
size_t blocks(const Prefix& pool, uint8_t length) {
  return pool.length() > length ? 0 : size_t{1} << (length - pool.length());
}

}  // namespace

AddressPlan::Capacity AddressPlan::capacity(const AddressPools& p) {
  return {blocks(p.routerIds, 32) - 2, std::min(blocks(p.links, 31), kV6Indexes),
          std::min(blocks(p.sites, 30), kV6Indexes), std::min(blocks(p.clients, 30), kV6Indexes)};
}

AddressPlan::AddressPlan(const Topology& topology) {
  const AddressPools& p = topology.pools;
  uint32_t next = p.routerIds.address().v4HostOrder() + 1;
  for (const As& as : topology.ases)
    for (const Router& r : as.routers) routerIds_[r.name] = IpAddress::v4(next++);
  for (size_t k = 0; k < topology.links.size(); ++k)
    links_.push_back(addresses(p.links, 31, p.ipv6, 0, k));
  for (size_t j = 0; j < topology.sites.size(); ++j)
    sites_.push_back(addresses(p.sites, 30, p.ipv6, 1, j));
  for (size_t c = 0; c < topology.clients.size(); ++c)
    clients_.push_back(addresses(p.clients, 30, p.ipv6, 2, c));
}

}  // namespace anycast::lab
