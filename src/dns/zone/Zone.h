// Zone: one authoritative zone's data, immutable once built (ZoneBuilder) — a reload builds a
// new Zone and swaps it in. Layout (bytes per record is a design input):
// - nodes_: one 16-byte Node per name, in RFC 4034 §6.1 canonical order, including the empty
//   non-terminals between every owner and the apex (RFC 4592 §2.2.2: they exist);
// - rrsets_: one 16-byte RRset per (name, type), a node's RRsets contiguous and sorted by type;
// - rdata_: each RRset's records as [RDLENGTH (2)][RDATA], pre-encoded for the answer writer;
// - names_: the owner names, uncompressed wire form, case as loaded;
// - index_: NameIndex from name to node (8 bytes per slot, at most half full).
// Node flags say what the query processor asks of a name: apex, delegation point (NS below the
// apex), below a delegation (glue and occluded data, RFC 1034 §4.2.1 "non-authoritative"),
// has a wildcard child ("*" label, RFC 4592), empty non-terminal, owns an authoritative DNAME
// (RFC 6672: names below it are substituted), below such a DNAME (occluded, RFC 6672 §2.4).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/Bytes.h"
#include "dns/wire/Name.h"
#include "dns/zone/NameIndex.h"

namespace anycast::dns {

enum NodeFlag : uint8_t {
  kNodeApex = 1,
  kNodeDelegation = 2,
  kNodeBelowDelegation = 4,
  kNodeWildcardChild = 8,
  kNodeEmpty = 16,
  kNodeDname = 32,       // a DNAME not at or below a delegation nor below another DNAME
  kNodeBelowDname = 64,  // a descendant of a kNodeDname node: its data is never answered
};

struct RRset {
  uint16_t type;
  uint16_t count;  // records
  uint32_t ttl;
  uint32_t offset;  // of the first record in the zone's rdata
  uint32_t size;    // octets of all records, each [RDLENGTH][RDATA]
};

struct Node {
  uint32_t nameOffset;
  uint8_t nameSize;
  uint8_t flags;
  uint16_t rrsetCount;
  uint32_t firstRRset;
  uint32_t parent;  // index of the node one label up; the apex's own index for the apex
};

class Zone {
 public:
  Zone(Zone&&) = default;
  Zone& operator=(Zone&&) = default;
  Zone(const Zone&) = delete;

  const Name& origin() const { return origin_; }
  const Node& apex() const { return nodes_[apex_]; }
  std::span<const Node> nodes() const { return nodes_; }

  // The node of exactly this name (any case), or nullptr.
  const Node* find(ByteSpan wire) const;
  const Node& parent(const Node& node) const { return nodes_[node.parent]; }
  ByteSpan name(const Node& node) const { return {names_.data() + node.nameOffset, node.nameSize}; }
  bool has(const Node& node, NodeFlag flag) const { return node.flags & flag; }

  std::span<const RRset> rrsets(const Node& node) const {
    return {rrsets_.data() + node.firstRRset, node.rrsetCount};
  }
  const RRset* rrset(const Node& node, uint16_t type) const;
  ByteSpan records(const RRset& rrset) const { return {rdata_.data() + rrset.offset, rrset.size}; }
  // The RDATA of each record of an RRset in turn.
  template <class F>
  void forEachRdata(const RRset& rrset, F f) const {
    ByteSpan all = records(rrset);
    for (size_t at = 0; at + 2 <= all.size();) {
      size_t length = size_t(all[at]) << 8 | all[at + 1];
      f(all.subspan(at + 2, length));
      at += 2 + length;
    }
  }

  const RRset& soa() const { return *rrset(apex(), 6); }
  // RFC 2308 §5 (and knotd): the TTL of the SOA in a negative answer is the lesser of the SOA's
  // own TTL and its MINIMUM field.
  uint32_t negativeTtl() const { return negativeTtl_; }

  size_t recordCount() const { return records_; }
  // Octets held by the store (vectors' capacity), for the bytes-per-record figure.
  size_t memoryBytes() const;

 private:
  friend class ZoneBuilder;
  Zone() = default;

  Name origin_;
  uint32_t apex_ = 0;
  uint32_t negativeTtl_ = 0;
  size_t records_ = 0;
  std::vector<Node> nodes_;
  std::vector<RRset> rrsets_;
  Bytes rdata_;
  Bytes names_;
  NameIndex index_;
};

}  // namespace anycast::dns
