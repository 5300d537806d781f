#include "lab/Topology.h"

namespace anycast::lab {

const char* routerKindName(RouterKind kind) {
  switch (kind) {
    case RouterKind::kAnycastd:
      return "anycastd";
    case RouterKind::kBird:
      return "bird";
    case RouterKind::kFrr:
      return "frr";
  }
  return "?";
}

const char* relationshipName(Relationship r) {
  switch (r) {
    case Relationship::kInternal:
      return "internal";
    case Relationship::kCustomer:
      return "customer";
    case Relationship::kProvider:
      return "provider";
    case Relationship::kPeer:
      return "peer";
  }
  return "?";
}

const Router* Topology::router(const std::string& name) const {
  for (const As& as : ases)
    for (const Router& r : as.routers)
      if (r.name == name) return &r;
  return nullptr;
}

const Site* Topology::site(const std::string& name) const {
  for (const Site& s : sites)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace anycast::lab
