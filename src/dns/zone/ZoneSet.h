// ZoneSet: the zones a server is authoritative for, immutable; find() gives the zone whose
// origin is the longest suffix of a name (RFC 1034 §4.3.2 step 2: "the nearest ancestor to
// QNAME"). A reload builds a new ZoneSet (sharing unchanged zones) and swaps it in.
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "dns/wire/Name.h"
#include "dns/zone/NameIndex.h"
#include "dns/zone/Zone.h"

namespace anycast::dns {

class ZoneSet {
 public:
  ZoneSet() = default;
  // Of two zones with one origin, the later is kept.
  explicit ZoneSet(std::vector<std::shared_ptr<const Zone>> zones);

  const Zone* find(const Name& name) const;
  std::span<const std::shared_ptr<const Zone>> zones() const { return zones_; }

 private:
  std::vector<std::shared_ptr<const Zone>> zones_;
  NameIndex index_;
  size_t minLabels_ = 0, maxLabels_ = 0;  // of the origins: bounds the suffixes tried
};

}  // namespace anycast::dns
