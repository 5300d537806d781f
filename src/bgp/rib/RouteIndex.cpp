#include "bgp/rib/RouteIndex.h"

#include <random>

namespace anycast::bgp::route_index {

uint64_t randomSeed() {
  std::random_device device;
  return uint64_t{device()} << 32 | device();
}

}  // namespace anycast::bgp::route_index

namespace anycast::bgp {

size_t RouteIndex::size() const {
  size_t n = 0;
  for (const auto& table : v4_) n += table.size();
  for (const auto& table : v6_) n += table.size();
  return n;
}

}  // namespace anycast::bgp
