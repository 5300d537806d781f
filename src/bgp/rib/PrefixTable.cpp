#include "bgp/rib/PrefixTable.h"

namespace anycast::bgp {
namespace {

uint64_t load64(const uint8_t* bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | bytes[i];
  return v;
}

void store64(uint64_t v, uint8_t* bytes) {
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}

}  // namespace

V4PrefixKey v4PrefixKey(const Prefix& prefix) {
  return uint64_t{prefix.address().v4HostOrder()} << 8 | prefix.length();
}

V6PrefixKey v6PrefixKey(const Prefix& prefix) {
  const uint8_t* b = prefix.address().data();
  return {load64(b), load64(b + 8), prefix.length()};
}

Prefix prefixOf(V4PrefixKey key) {
  return Prefix(IpAddress::v4(static_cast<uint32_t>(key >> 8)), static_cast<uint8_t>(key & 0xff));
}

Prefix prefixOf(const V6PrefixKey& key) {
  uint8_t bytes[16];
  store64(key.high, bytes);
  store64(key.low, bytes + 8);
  return Prefix(IpAddress::v6Bytes(bytes), key.length);
}

}  // namespace anycast::bgp
