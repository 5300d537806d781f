// HugePageAllocator: a standard allocator for the large tables looked up at random (the
// Loc-RIB's prefix index and entry arena): blocks of 2 MiB and more are mapped 2 MiB-aligned
// and marked MADV_HUGEPAGE, so that the kernel backs them with transparent huge pages when it
// can. A random probe into a table of tens of MiB then costs a cache miss instead of a cache
// miss and a page walk, which under virtualisation is itself several misses (bench/bgp: the
// prefix index insert was a quarter of the router's time). Smaller blocks come from malloc.
// Without THP ("never") the blocks are ordinary pages; nothing else changes.
#pragma once

#include <sys/mman.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace anycast {

namespace hugepages {

constexpr size_t kSize = size_t{2} << 20;

// Bytes mapped by map() and not yet unmapped, process-wide (malloc's statistics miss them).
inline std::atomic<size_t> mappedBytes{0};

inline size_t roundUp(size_t bytes) { return (bytes + kSize - 1) / kSize * kSize; }

// `bytes` (a multiple of kSize) at a kSize-aligned address; throws std::bad_alloc.
inline void* map(size_t bytes) {
  size_t span = bytes + kSize;  // room to align
  void* raw = ::mmap(nullptr, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  auto start = reinterpret_cast<uintptr_t>(raw);
  uintptr_t aligned = (start + kSize - 1) / kSize * kSize;
  if (aligned > start) ::munmap(raw, aligned - start);
  if (uintptr_t end = start + span; end > aligned + bytes)
    ::munmap(reinterpret_cast<void*>(aligned + bytes), end - aligned - bytes);
  ::madvise(reinterpret_cast<void*>(aligned), bytes, MADV_HUGEPAGE);  // a hint: errors ignored
  mappedBytes += bytes;
  return reinterpret_cast<void*>(aligned);
}

inline void unmap(void* p, size_t bytes) {
  ::munmap(p, bytes);
  mappedBytes -= bytes;
}

}  // namespace hugepages

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: converting, as allocators are

  T* allocate(size_t n) {
    size_t bytes = n * sizeof(T);
    if (bytes < hugepages::kSize) return std::allocator<T>().allocate(n);
    return static_cast<T*>(hugepages::map(hugepages::roundUp(bytes)));
  }
  void deallocate(T* p, size_t n) {
    size_t bytes = n * sizeof(T);
    if (bytes < hugepages::kSize) return std::allocator<T>().deallocate(p, n);
    hugepages::unmap(p, hugepages::roundUp(bytes));
  }

  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

}  // namespace anycast
