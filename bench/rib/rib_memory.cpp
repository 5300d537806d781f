// rib_memory: bytes per route and per attribute set in the Loc-RIB, for 1M synthetic IPv4
// routes sharing 50k attribute sets (a second path per prefix on top). A micro-measure for
// docs/architecture.md, not a test:  build/bin/rib_memory
#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "base/HugePageAllocator.h"
#include "bgp/rib/AttributeStore.h"
#include "bgp/rib/LocRib.h"

using namespace anycast;
using namespace anycast::bgp;

namespace {

constexpr size_t kRoutes = 1'000'000;
constexpr size_t kSets = 50'000;

// malloc'd chunks (with their headers), malloc's mmap'd blocks, and the huge-page blocks of
// the large tables (HugePageAllocator).
size_t heapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd + hugepages::mappedBytes;
}

// A typical Internet path: 3-5 ASes, 0-3 communities, MED on a quarter.
PathAttributes syntheticSet(uint32_t i) {
  PathAttributes a;
  a.origin = Origin::kIgp;
  AsPathSegment seg{AsPathSegment::kSequence, {65001, 3356, 1000 + i % 20000}};
  for (uint32_t k = 0; k < i % 3; ++k) seg.asns.push_back(200000 + i);
  a.asPath = AsPath{{seg}};
  a.nextHop = IpAddress::v4(0x0a000001);
  if (i % 4 == 0) a.med = i % 100;
  for (uint32_t k = 0; k < i % 4; ++k) a.communities.push_back(65001u << 16 | k);
  return a;
}

RouteSource peer(uint32_t address, uint32_t routerId, uint32_t as) {
  RouteSource s;
  s.address = IpAddress::v4(address);
  s.routerId = routerId;
  s.peerAs = as;
  s.ebgp = true;
  return s;
}

}  // namespace

int main() {
  AttributeStore store;
  std::vector<AttrHandle> sets;
  sets.reserve(kSets);
  size_t h0 = heapInUse();
  for (uint32_t i = 0; i < kSets; ++i)
    sets.push_back(store.intern(syntheticSet(i), NlriField::kNlri));
  size_t h1 = heapInUse();

  LocRib rib;
  const RouteSource peerA = peer(0x0a000001, 0x01010101, 65001);
  const RouteSource peerB = peer(0x0a000002, 0x02020202, 65002);
  auto prefix = [](size_t i) { return Prefix(IpAddress::v4(uint32_t(i) << 8), 24); };
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kRoutes; ++i) rib.update(prefix(i), peerA, sets[i % kSets]);
  auto elapsed = std::chrono::steady_clock::now() - start;
  size_t h2 = heapInUse();
  for (size_t i = 0; i < kRoutes; ++i) rib.update(prefix(i), peerB, sets[(i + 1) % kSets]);
  size_t h3 = heapInUse();

  std::printf("attribute set: %.0f B measured, %.0f B estimated by AttributeStore::bytes()\n",
              double(h1 - h0) / kSets, double(store.bytes()) / kSets);
  std::printf("route, 1 path: %.1f B (Loc-RIB only), %.1f B including the shared sets\n",
              double(h2 - h1) / kRoutes, double(h2 - h0) / kRoutes);
  std::printf("second path per prefix: +%.1f B\n", double(h3 - h2) / kRoutes);
  std::printf("insert: %.0f ns per route\n",
              std::chrono::duration<double, std::nano>(elapsed).count() / kRoutes);
  bool ok = rib.prefixCount() == kRoutes && rib.pathCount() == 2 * kRoutes;
  if (!ok) std::fprintf(stderr, "rib_memory: unexpected route or path count\n");
  return ok ? 0 : 1;
}
