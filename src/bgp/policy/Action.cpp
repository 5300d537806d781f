#include "bgp/policy/Action.h"

#include <algorithm>

namespace anycast::bgp::policy {
namespace {

template <class T>
using ListField = std::vector<T> PathAttributes::*;

template <class T>
bool contains(const std::vector<T>& list, const T& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

template <class T>
void addMissing(CowAttributes& attributes, ListField<T> field, const std::vector<T>& values) {
  for (const T& value : values)
    if (!contains(attributes.get().*field, value)) (attributes.mutate().*field).push_back(value);
}

template <class T, class Pred>
void removeWhere(CowAttributes& attributes, ListField<T> field, Pred remove) {
  const auto& list = attributes.get().*field;
  if (std::any_of(list.begin(), list.end(), remove))
    std::erase_if(attributes.mutate().*field, remove);
}

template <class T>
void replaceList(CowAttributes& attributes, ListField<T> field, const std::vector<T>& values) {
  if (attributes.get().*field != values) attributes.mutate().*field = values;
}

template <class T>
void setOptional(CowAttributes& attributes, std::optional<T> PathAttributes::*field, T value) {
  if (attributes.get().*field != value) attributes.mutate().*field = value;
}

struct Apply {
  uint32_t localAs;
  PolicyRoute& route;
  CowAttributes& a = route.attributes;

  void operator()(const SetLocalPref& x) { setOptional(a, &PathAttributes::localPref, x.value); }
  void operator()(const SetMed& x) { setOptional(a, &PathAttributes::med, x.value); }
  void operator()(const AddCommunities& x) {
    addMissing(a, &PathAttributes::communities, x.values);
  }
  void operator()(const RemoveCommunities& x) {
    removeWhere(a, &PathAttributes::communities, [&](uint32_t c) { return contains(x.values, c); });
  }
  void operator()(const ReplaceCommunities& x) {
    replaceList(a, &PathAttributes::communities, x.values);
  }
  void operator()(const AddLargeCommunities& x) {
    addMissing(a, &PathAttributes::largeCommunities, x.values);
  }
  void operator()(const RemoveLargeCommunities& x) {
    removeWhere(a, &PathAttributes::largeCommunities, [&](const LargeCommunity& c) {
      return std::any_of(x.patterns.begin(), x.patterns.end(),
                         [&](const LargeCommunityPattern& p) { return p.matches(c); });
    });
  }
  void operator()(const ReplaceLargeCommunities& x) {
    replaceList(a, &PathAttributes::largeCommunities, x.values);
  }
  void operator()(const PrependOwnAs& x) {
    if (x.count == 0) return;
    auto& attributes = a.mutate();
    if (!attributes.asPath) attributes.asPath = AsPath{};
    prependAs(*attributes.asPath, localAs, x.count);
  }
  void operator()(const SetNextHop& x) {
    Family family = route.prefix.family();
    if (!x.address) {
      route.nextHopSelf = true;
      return;
    }
    if (x.address->family() != family) return;
    route.nextHopSelf = false;
    const IpAddress* current = nextHopFor(a.get(), family);
    if (current && *current == *x.address) return;
    auto& attributes = a.mutate();
    if (usesMpReachNextHop(attributes, family)) {
      attributes.mpReach->nextHop = *x.address;
    } else {
      attributes.nextHop = *x.address;
    }
  }
};

}  // namespace

void apply(const Action& action, uint32_t localAs, PolicyRoute& route) {
  std::visit(Apply{localAs, route}, action);
}

void prependAs(AsPath& path, uint32_t asn, size_t count) {
  auto& segments = path.segments;
  for (size_t i = 0; i < count; ++i) {
    if (segments.empty() || segments.front().type != AsPathSegment::kSequence ||
        segments.front().asns.size() >= 255)
      segments.insert(segments.begin(), AsPathSegment{AsPathSegment::kSequence, {}});
    auto& asns = segments.front().asns;
    asns.insert(asns.begin(), asn);
  }
}

}  // namespace anycast::bgp::policy
