// Topology: what an anycast-lab file describes — ASes and their routers, links with their
// business relationship (which become RFC 9234 BGP roles) and emulated properties, the
// anycast service, the sites that serve it and the clients that use it. Plain structs with
// defaults; src/config/LabLoader.cpp reads them from YAML, lab::checkTopology() validates
// what a YAML schema cannot (names, references, relationships).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/Ip.h"

namespace anycast::lab {

using Micros = std::chrono::microseconds;

enum class RouterKind { kAnycastd, kBird, kFrr };
const char* routerKindName(RouterKind kind);

// What the link's first end (`a`) is to the second (`b`). Inside one AS: kInternal (iBGP).
// Between ASes: customer (a buys transit from b), provider (b buys from a) or peer
// (settlement-free), as in CAIDA's AS relationships and RFC 9234's roles.
enum class Relationship { kInternal, kCustomer, kProvider, kPeer };
const char* relationshipName(Relationship r);

// How the lab's wire process treats the frames of a link, both directions alike.
struct LinkProperties {
  Micros delay{0};
  Micros jitter{0};       // uniform in [-jitter, +jitter], frames never reordered
  double loss = 0;        // probability per frame, 0..1
  uint64_t rateBits = 0;  // bits per second; 0 = unlimited
};

struct Router {
  std::string name;
  uint32_t as = 0;
  RouterKind kind = RouterKind::kAnycastd;
  std::string region;  // a label for the report; "" = the AS's region
  int line = 0;        // in the lab file, for later errors
};

struct As {
  uint32_t number = 0;
  std::string name;  // "" = "AS<number>"
  std::string region;
  std::vector<Router> routers;
  int line = 0;
};

struct Link {
  std::string a, b;  // router names
  Relationship aIs = Relationship::kInternal;
  LinkProperties properties;
  int line = 0;
};

// The anycast service: one prefix per family announced by every healthy site, the
// service address inside it where anycast-dns answers.
struct Service {
  Prefix prefix;
  IpAddress address;
  std::optional<Prefix> prefix6;
  std::optional<IpAddress> address6;
  std::string zone = "example.";  // the zone every site serves (a small generated one)
};

struct Site {
  std::string name;
  std::string router;  // the router it is attached to (eBGP, the site's own AS)
  LinkProperties uplink;
  uint32_t capacityQps = 0;  // the site's DNS rate limit; 0 = unlimited
  bool up = true;            // false: created at `up`, announced only when a scenario adds it
  int line = 0;
};

struct Client {
  std::string name;
  std::string router;
  std::string region;  // "" = its router's region
  LinkProperties uplink;
  int line = 0;
};

// Where the lab takes its addresses from (lab/AddressPlan.h); `addressing:` in the file.
struct AddressPools {
  Prefix routerIds = *Prefix::parse("10.255.0.0/16");
  Prefix links = *Prefix::parse("10.64.0.0/10");     // /31 per router-router link
  Prefix sites = *Prefix::parse("10.128.0.0/12");    // /30 per site uplink
  Prefix clients = *Prefix::parse("10.192.0.0/12");  // /30 per client uplink
  Prefix ipv6 = *Prefix::parse("fd00:a5::/32");      // <ipv6>:<pool>:<index>::/64
};

struct Topology {
  std::string name;         // [a-z0-9-], at most 12 characters: it goes into namespace names
  std::string file;         // where it was read from, for messages
  uint32_t siteAs = 64496;  // the anycast operator's AS, the same at every site
  AddressPools pools;
  Service service;
  std::vector<As> ases;
  std::vector<Link> links;
  std::vector<Site> sites;
  std::vector<Client> clients;

  const Router* router(const std::string& name) const;
  const Site* site(const std::string& name) const;
};

}  // namespace anycast::lab
