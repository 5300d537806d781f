#include "base/HugePageAllocator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace anycast {
namespace {

TEST(HugePageAllocator, LargeBlocksAreAlignedCountedAndReturned) {
  size_t before = hugepages::mappedBytes;
  HugePageAllocator<uint64_t> alloc;
  size_t n = (hugepages::kSize + 1000) / sizeof(uint64_t);  // just over 2 MiB: rounds to 4
  uint64_t* block = alloc.allocate(n);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block) % hugepages::kSize, 0u);
  EXPECT_EQ(hugepages::mappedBytes, before + 2 * hugepages::kSize);
  for (size_t i = 0; i < n; ++i) block[i] = i;  // every byte asked for is usable
  EXPECT_EQ(block[n - 1], n - 1);
  alloc.deallocate(block, n);
  EXPECT_EQ(hugepages::mappedBytes, before);
}

TEST(HugePageAllocator, SmallBlocksComeFromTheHeap) {
  size_t before = hugepages::mappedBytes;
  HugePageAllocator<uint64_t> alloc;
  uint64_t* block = alloc.allocate(16);
  EXPECT_EQ(hugepages::mappedBytes, before);
  alloc.deallocate(block, 16);
}

TEST(HugePageAllocator, ContainersGrowAcrossTheThreshold) {
  std::vector<uint32_t, HugePageAllocator<uint32_t>> values;
  for (uint32_t i = 0; i < 3'000'000; ++i) values.push_back(i);  // 12 MB: several moves
  EXPECT_EQ(values[2'999'999], 2'999'999u);
  EXPECT_GT(hugepages::mappedBytes, 0u);
}

}  // namespace
}  // namespace anycast
