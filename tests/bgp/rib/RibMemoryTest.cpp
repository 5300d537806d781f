// Micro-measure, not a test: bytes per route and per attribute set for 1M synthetic IPv4
// routes sharing 50k attribute sets. Run with
//   test_bgp_rib --gtest_also_run_disabled_tests --gtest_filter='*RibMemory*'
#include <gtest/gtest.h>
#include <malloc.h>

#include <chrono>
#include <cstdio>

#include "RibTestUtil.h"
#include "bgp/rib/LocRib.h"

namespace anycast::bgp {
namespace {

constexpr size_t kRoutes = 1'000'000;
constexpr size_t kSets = 50'000;

// malloc'd chunks (with their headers) plus mmap'd blocks (large hash-table bucket arrays).
size_t heapInUse() {
  struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

// A typical Internet path: 3-5 ASes, 0-3 communities, MED on some.
PathAttributes syntheticSet(uint32_t i) {
  std::vector<uint32_t> asns = {65001, 3356, 1000 + i % 20000};
  for (uint32_t k = 0; k < i % 3; ++k) asns.push_back(200000 + i);
  test::AttrSpec spec{.asPath = test::seq(asns), .nextHop = "10.0.0.1"};
  if (i % 4 == 0) spec.med = i % 100;
  for (uint32_t k = 0; k < i % 4; ++k) spec.communities.push_back(65001u << 16 | k);
  return test::makeAttributes(spec);
}

TEST(RibMemory, DISABLED_MillionRoutesFiftyThousandSets) {
  AttributeStore store;
  std::vector<AttrHandle> sets;
  sets.reserve(kSets);
  size_t h0 = heapInUse();
  for (uint32_t i = 0; i < kSets; ++i)
    sets.push_back(store.intern(syntheticSet(i), NlriField::kNlri));
  size_t h1 = heapInUse();
  ASSERT_EQ(store.size(), kSets);

  LocRib rib;
  const RouteSource peerA = test::ebgpPeer("10.0.0.1", "1.1.1.1", 65001);
  const RouteSource peerB = test::ebgpPeer("10.0.0.2", "2.2.2.2", 65002);
  auto prefix = [](size_t i) { return Prefix(IpAddress::v4(uint32_t(i) << 8), 24); };
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kRoutes; ++i) rib.update(prefix(i), peerA, sets[i % kSets]);
  auto elapsed = std::chrono::steady_clock::now() - start;
  size_t h2 = heapInUse();
  for (size_t i = 0; i < kRoutes; ++i) rib.update(prefix(i), peerB, sets[(i + 1) % kSets]);
  size_t h3 = heapInUse();

  std::printf("attribute set: %.0f B measured, %.0f B estimated by AttributeStore::bytes()\n",
              double(h1 - h0) / kSets, double(store.bytes()) / kSets);
  std::printf("route, 1 path: %.1f B (LocRib only), %.1f B including shared sets\n",
              double(h2 - h1) / kRoutes, double(h2 - h0) / kRoutes);
  std::printf("second path per prefix: +%.1f B\n", double(h3 - h2) / kRoutes);
  std::printf("insert: %.0f ns per route (build type dependent)\n",
              std::chrono::duration<double, std::nano>(elapsed).count() / kRoutes);
  EXPECT_EQ(rib.prefixCount(), kRoutes);
  EXPECT_EQ(rib.pathCount(), 2 * kRoutes);
}

}  // namespace
}  // namespace anycast::bgp
