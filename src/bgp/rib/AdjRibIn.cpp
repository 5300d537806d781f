#include "bgp/rib/AdjRibIn.h"

namespace anycast::bgp {

long AdjRibIn::apply(const UpdateMessage& update) {
  long before = static_cast<long>(routes_.size());
  const PathAttributes& attrs = update.attributes;
  for (const auto& p : update.withdrawn) routes_.erase(p);
  if (attrs.mpUnreach)
    for (const auto& p : attrs.mpUnreach->withdrawn) routes_.erase(p);

  bool announces = !update.nlri.empty() || (attrs.mpReach && !attrs.mpReach->nlri.empty());
  if (announces) {
    auto shared = std::make_shared<PathAttributes>(attrs);
    shared->mpReach.reset();
    shared->mpUnreach.reset();
    std::shared_ptr<const PathAttributes> stored = std::move(shared);
    if (attrs.nextHop)
      for (const auto& p : update.nlri) routes_[p] = ReceivedRoute{stored, *attrs.nextHop};
    if (attrs.mpReach)
      for (const auto& p : attrs.mpReach->nlri)
        routes_[p] = ReceivedRoute{stored, attrs.mpReach->nextHop};
  }
  return static_cast<long>(routes_.size()) - before;
}

}  // namespace anycast::bgp
