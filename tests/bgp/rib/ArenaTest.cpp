#include "bgp/rib/Arena.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace anycast::bgp {
namespace {

TEST(Arena, ElementsKeepTheirIdAndAddressAcrossChunks) {
  Arena<std::string> arena;
  std::vector<const std::string*> addresses;
  for (uint32_t id = 0; id < 300'000; ++id) {  // chunks of 4096, 4096, 8192, ... 131072
    arena.grow() = std::to_string(id);
    addresses.push_back(&arena[id]);
  }
  EXPECT_EQ(arena.size(), 300'000u);
  for (uint32_t id : {0u, 4095u, 4096u, 8191u, 8192u, 16383u, 16384u, 262143u, 262144u, 299'999u}) {
    EXPECT_EQ(arena[id], std::to_string(id));
    EXPECT_EQ(&arena[id], addresses[id]);  // never moved
  }
}

TEST(Arena, ConstructsAndDestroysEachElementOnce) {
  auto counter = std::make_shared<int>(0);
  {
    Arena<std::shared_ptr<int>> arena;
    for (int i = 0; i < 5000; ++i) {
      EXPECT_EQ(arena.grow(), nullptr);  // default-constructed
      arena[static_cast<uint32_t>(i)] = counter;
    }
    EXPECT_EQ(counter.use_count(), 5001);
  }
  EXPECT_EQ(counter.use_count(), 1);
}

}  // namespace
}  // namespace anycast::bgp
