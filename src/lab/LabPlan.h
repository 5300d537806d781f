// LabPlan: everything the lab will create, derived from the topology and its address plan
// before anything exists — one node per router, site and client (its namespace, interfaces,
// addresses, default route and BGP sessions) and one wire link per topology link and uplink.
// Pure: the builder (LabBuilder) and the config renderers read it; tests check it.
//
// BGP, as the lab runs it:
// - between ASes, eBGP with the RFC 9234 roles the link's relationship gives (`a-is:
//   customer` makes a's local role customer and b's provider), so routing is valley-free;
// - inside an AS, iBGP on every link, hop by hop: each router is route reflector for every
//   iBGP neighbour (RFC 4456, its router-id as cluster) and sets next hop self, so no IGP is
//   needed and a route crosses the AS link by link (CLUSTER_LIST length counts the hops);
// - a site is a customer of its router's AS, in the operator's AS (topology.siteAs);
// - a router originates its clients' uplink prefixes, so answers find their way back, and its
//   sites' uplink prefixes, so each site can also be reached at its own (unicast) address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Ip.h"
#include "lab/AddressPlan.h"
#include "lab/Topology.h"

namespace anycast::lab {

enum class NodeRole { kRouter, kSite, kClient };
const char* nodeRoleName(NodeRole role);

struct Interface {
  std::string name;  // inside the node's namespace: eth0, eth1, ...
  IpAddress v4, v6;
  uint8_t length4 = 0;   // prefix length of v4 (v6 is /64)
  std::string peerNode;  // the node at the other end
};

// One BGP session as the node sees it.
struct Session {
  std::string peerNode;
  IpAddress local, remote;  // IPv4 addresses on the shared link
  uint32_t remoteAs = 0;
  // What we are to the other end: the RFC 9234 local role (BIRD `local role`, FRR
  // `local-role`, anycastd `role:`); kInternal on iBGP.
  Relationship localRole = Relationship::kInternal;
};

struct Node {
  std::string name;
  NodeRole role = NodeRole::kRouter;
  std::string netns;  // acl-<lab>-<name>
  uint32_t as = 0;
  IpAddress routerId;
  RouterKind kind = RouterKind::kAnycastd;  // routers; sites and clients run our own programs
  std::string region;
  std::vector<Interface> interfaces;
  std::vector<Session> sessions;
  std::optional<IpAddress> gateway4, gateway6;  // sites and clients: their router
  std::vector<Prefix> originates;               // routers: their sites' and clients' uplinks
};

// Two TAPs, one in each node's namespace, joined by the wire.
struct WireLink {
  std::string name;  // "<a>-<b>"
  std::string a, b;  // the two nodes' names
  std::string netnsA, ifA, netnsB, ifB;
  LinkProperties properties;
};

class LabPlan {
 public:
  explicit LabPlan(const Topology& topology);

  const Topology& topology() const { return topology_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  const std::vector<WireLink>& links() const { return links_; }
  const Node* node(const std::string& name) const;
  // The prefix every lab namespace name starts with: "acl-<lab>-".
  static std::string namespacePrefix(const std::string& lab) { return "acl-" + lab + "-"; }

 private:
  Node& add(std::string name, NodeRole role);
  Node& at(const std::string& name);
  // A wire link between `a` and `b`, each given a new interface with the addresses.
  void join(Node& a, Node& b, const LinkAddresses& addresses, const LinkProperties& properties);
  // A site or client on its router's link: its default gateway, and its subnet originated by
  // the router.
  void attachLeaf(Node& leaf, Node& router, const LinkAddresses& addresses,
                  const LinkProperties& properties);

  const Topology& topology_;
  AddressPlan addresses_;
  std::vector<Node> nodes_;
  std::vector<WireLink> links_;
};

}  // namespace anycast::lab
