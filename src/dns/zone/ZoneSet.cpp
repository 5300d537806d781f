// ZoneSet: longest-match zone selection (RFC 1034 §4.3.2 step 2).
#include "dns/zone/ZoneSet.h"

#include <algorithm>

namespace anycast::dns {

ZoneSet::ZoneSet(std::vector<std::shared_ptr<const Zone>> zones) {
  // Later zones win: keep the last of each origin.
  std::reverse(zones.begin(), zones.end());
  std::stable_sort(zones.begin(), zones.end(), [](const auto& a, const auto& b) {
    return a->origin().compareCanonical(b->origin()) < 0;
  });
  zones.erase(std::unique(zones.begin(), zones.end(),
                          [](const auto& a, const auto& b) { return a->origin() == b->origin(); }),
              zones.end());
  zones_ = std::move(zones);
  index_.build(static_cast<uint32_t>(zones_.size()),
               [this](uint32_t i) { return zones_[i]->origin().wire(); });
  if (zones_.empty()) return;
  minLabels_ = kMaxLabels;
  for (const auto& zone : zones_) {
    minLabels_ = std::min(minLabels_, zone->origin().labelCount());
    maxLabels_ = std::max(maxLabels_, zone->origin().labelCount());
  }
}

const Zone* ZoneSet::find(const Name& name) const {
  if (zones_.empty() || name.labelCount() < minLabels_) return nullptr;
  const size_t labels = name.labelCount();
  size_t drop = labels > maxLabels_ ? labels - maxLabels_ : 0;
  for (; drop <= labels - minLabels_; ++drop) {
    auto at = index_.find(name.suffixWire(drop),
                          [this](uint32_t i) { return zones_[i]->origin().wire(); });
    if (at) return zones_[*at].get();
  }
  return nullptr;
}

}  // namespace anycast::dns
