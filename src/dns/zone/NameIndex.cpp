// NameIndex: case-insensitive name hashing (RFC 4343).
#include "dns/zone/NameIndex.h"

#include "base/Text.h"

namespace anycast::dns {

uint32_t NameIndex::hash(ByteSpan wire) {
  uint32_t h = 2166136261u;
  for (uint8_t c : wire) {
    h ^= static_cast<uint8_t>(strings::asciiLower(static_cast<char>(c)));
    h *= 16777619u;
  }
  return h;
}

}  // namespace anycast::dns
