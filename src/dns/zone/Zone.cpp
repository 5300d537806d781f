// Zone: lookups in the immutable zone store.
#include "dns/zone/Zone.h"

namespace anycast::dns {

const Node* Zone::find(ByteSpan wire) const {
  auto at = index_.find(wire, [this](uint32_t i) { return name(nodes_[i]); });
  return at ? &nodes_[*at] : nullptr;
}

const RRset* Zone::rrset(const Node& node, uint16_t type) const {
  for (const RRset& set : rrsets(node)) {
    if (set.type == type) return &set;
    if (set.type > type) break;  // sorted by type
  }
  return nullptr;
}

size_t Zone::memoryBytes() const {
  return nodes_.capacity() * sizeof(Node) + rrsets_.capacity() * sizeof(RRset) + rdata_.capacity() +
         names_.capacity() + index_.bytes();
}

}  // namespace anycast::dns
