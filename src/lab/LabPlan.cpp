#include "lab/LabPlan.h"

namespace anycast::lab {
namespace {

Relationship inverse(Relationship r) {
  switch (r) {
    case Relationship::kCustomer:
      return Relationship::kProvider;
    case Relationship::kProvider:
      return Relationship::kCustomer;
    default:
      return r;
  }
}

}  // namespace

const char* nodeRoleName(NodeRole role) {
  switch (role) {
    case NodeRole::kRouter:
      return "router";
    case NodeRole::kSite:
      return "site";
    case NodeRole::kClient:
      return "client";
  }
  return "?";
}

LabPlan::LabPlan(const Topology& topology) : topology_(topology), addresses_(topology) {
  for (const As& as : topology.ases) {
    for (const Router& r : as.routers) {
      Node& n = add(r.name, NodeRole::kRouter);
      n.as = r.as;
      n.routerId = addresses_.routerId(r.name);
      n.kind = r.kind;
      n.region = r.region;
    }
  }
  for (size_t k = 0; k < topology.links.size(); ++k) {
    const Link& link = topology.links[k];
    Node& a = at(link.a);
    Node& b = at(link.b);
    const LinkAddresses& addresses = addresses_.link(k);
    join(a, b, addresses, link.properties);
    a.sessions.push_back({b.name, addresses.a4, addresses.b4, b.as, link.aIs});
    b.sessions.push_back({a.name, addresses.b4, addresses.a4, a.as, inverse(link.aIs)});
  }
  for (size_t j = 0; j < topology.sites.size(); ++j) {
    const Site& site = topology.sites[j];
    Node& s = add(site.name, NodeRole::kSite);
    Node& r = at(site.router);
    const LinkAddresses& addresses = addresses_.siteUplink(j);
    s.as = topology.siteAs;
    s.routerId = addresses.b4;
    s.region = r.region;
    attachLeaf(s, r, addresses, site.uplink);
    r.sessions.push_back({s.name, addresses.a4, addresses.b4, s.as, Relationship::kProvider});
    s.sessions.push_back({r.name, addresses.b4, addresses.a4, r.as, Relationship::kCustomer});
  }
  for (size_t c = 0; c < topology.clients.size(); ++c) {
    const Client& client = topology.clients[c];
    Node& n = add(client.name, NodeRole::kClient);
    Node& r = at(client.router);
    const LinkAddresses& addresses = addresses_.clientUplink(c);
    n.region = client.region;
    attachLeaf(n, r, addresses, client.uplink);
  }
}

const Node* LabPlan::node(const std::string& name) const {
  for (const Node& n : nodes_)
    if (n.name == name) return &n;
  return nullptr;
}

Node& LabPlan::add(std::string name, NodeRole role) {
  Node& n = nodes_.emplace_back();
  n.netns = namespacePrefix(topology_.name) + name;
  n.name = std::move(name);
  n.role = role;
  return n;
}

Node& LabPlan::at(const std::string& name) { return const_cast<Node&>(*node(name)); }

void LabPlan::attachLeaf(Node& leaf, Node& router, const LinkAddresses& addresses,
                         const LinkProperties& properties) {
  join(router, leaf, addresses, properties);
  leaf.gateway4 = addresses.a4;
  leaf.gateway6 = addresses.a6;
  // The router announces the leaf's subnet: a site's own (unicast) address is reachable, for
  // measuring the RTT to it, and so is every client, for the answers.
  router.originates.push_back(addresses.net4);
  router.originates.push_back(addresses.net6);
}

void LabPlan::join(Node& a, Node& b, const LinkAddresses& addresses,
                   const LinkProperties& properties) {
  auto interface = [](Node& n, IpAddress v4, IpAddress v6, uint8_t length, const Node& peer) {
    n.interfaces.push_back(
        {"eth" + std::to_string(n.interfaces.size()), v4, v6, length, peer.name});
    return n.interfaces.back().name;
  };
  uint8_t length = addresses.net4.length();
  std::string ifA = interface(a, addresses.a4, addresses.a6, length, b);
  std::string ifB = interface(b, addresses.b4, addresses.b6, length, a);
  links_.push_back({a.name + "-" + b.name, a.name, b.name, a.netns, ifA, b.netns, ifB, properties});
}

}  // namespace anycast::lab
