// ZoneBuilder: zone checks (RFC 1035 §5.2, RFC 2181 §5 and §10.1, RFC 4035 §2.5, RFC 6672
// §2.4) and the store's layout (canonical order RFC 4034 §6.1, empty non-terminals RFC 4592
// §2.2.2, names occluded by a DNAME RFC 6672 §2.4).
#include "dns/zone/ZoneBuilder.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "dns/wire/Constants.h"
#include "dns/zone/RRType.h"

namespace anycast::dns {
namespace {

constexpr size_t kSoaFixedSize = 20;  // SERIAL REFRESH RETRY EXPIRE MINIMUM

// RFC 6895 §3.1: OPT and the meta types 128-255 (TSIG, IXFR, AXFR, ANY, ...) are no zone data.
bool isMetaType(uint16_t type) { return type == kTypeOpt || (type >= 128 && type <= 255); }

// The layout's fields are all there and each name is a well-formed uncompressed name; for SOA
// exactly the 20 fixed octets follow. RDATA in RFC 3597's generic form can be anything, so the
// answer writer and the additional-section lookup rely on this check.
bool wellFormed(const RRTypeInfo& info, ByteSpan rdata) {
  size_t at = 0;
  for (char field : info.layout) {
    size_t size = field == 'n' ? (at < rdata.size() ? wireNameSize(rdata.subspan(at)) : 0) : 2;
    if (size == 0 || at + size > rdata.size()) return false;
    at += size;
  }
  return info.type != kTypeSoa || rdata.size() - at == kSoaFixedSize;
}

int compareBytes(ByteSpan a, ByteSpan b) {
  size_t n = std::min(a.size(), b.size());
  int c = n ? std::memcmp(a.data(), b.data(), n) : 0;
  if (c != 0 || a.size() == b.size()) return c;
  return a.size() < b.size() ? -1 : 1;
}

uint32_t readU32(ByteSpan b) {
  return uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
}

std::string nameText(ByteSpan wire) {
  auto name = Name::fromWire(wire);
  return name ? name->text() : "?";
}

}  // namespace

ZoneBuilder::ZoneBuilder(const Name& origin, std::string_view source)
    : origin_(origin), files_{std::string(source)} {}

Unexpected<Error> ZoneBuilder::failAt(SourcePosition where, const std::string& what) const {
  // Line 0: about the zone as a whole, not one record.
  std::string line = where.line ? ":" + std::to_string(where.line) : "";
  return failWith(std::string(where.file) + line + ": " + what);
}

Unexpected<Error> ZoneBuilder::failAt(const Record& r, const std::string& what) const {
  return failAt(SourcePosition{files_[r.file], r.line}, what);
}

Result<Ok> ZoneBuilder::add(ByteSpan owner, uint16_t type, uint16_t klass, uint32_t ttl,
                            ByteSpan rdata, SourcePosition where) {
  auto name = Name::fromWire(owner);
  if (!name) return failAt(where, "malformed owner name");
  if (!name->isSubdomainOf(origin_)) {
    return failAt(where, "out-of-zone record " + name->text() + " (zone " + origin_.text() + ")");
  }
  if (klass != kClassIn) return failAt(where, "class " + std::to_string(klass) + " is not IN");
  if (isMetaType(type)) return failAt(where, rrTypeName(type) + " is a meta type, not zone data");
  if (type == kTypeSoa && !(*name == origin_)) {
    return failAt(where, "SOA owner " + name->text() + " is not the zone origin " + origin_.text());
  }
  const RRTypeInfo* info = rrTypeInfo(type);
  if (info && !wellFormed(*info, rdata))
    return failAt(where, "malformed " + rrTypeName(type) + " data");
  if (rdata.size() > 0xffff) return failAt(where, "RDATA over 65535 octets");

  auto known = std::find(files_.begin(), files_.end(), where.file);
  if (known == files_.end()) known = files_.insert(files_.end(), std::string(where.file));
  const auto file = static_cast<uint16_t>(known - files_.begin());
  Record r{static_cast<uint32_t>(names_.size()),
           static_cast<uint32_t>(rdata_.size()),
           ttl,
           static_cast<uint32_t>(where.line),
           static_cast<uint16_t>(rdata.size()),
           type,
           file,
           static_cast<uint8_t>(owner.size())};
  names_.insert(names_.end(), owner.begin(), owner.end());
  rdata_.insert(rdata_.end(), rdata.begin(), rdata.end());
  records_.push_back(r);
  return Ok{};
}

Result<Ok> ZoneBuilder::checkNode(const Zone& zone, const Node& node,
                                  const std::vector<const Record*>& firstOfSet) const {
  const std::string owner = nameText(zone.name(node));
  const RRset* cname = zone.rrset(node, kTypeCname);
  if (cname) {
    const Record& at = *firstOfSet[cname - zone.rrsets_.data()];
    if (cname->count > 1) return failAt(at, "more than one CNAME at " + owner);
    for (const RRset& set : zone.rrsets(node)) {
      if (set.type != kTypeCname && set.type != kTypeRrsig && set.type != kTypeNsec) {
        return failAt(at, "CNAME and other data (" + rrTypeName(set.type) + ") at " + owner);
      }
    }
  }
  // RFC 6672 §2.4: "except for CNAME or other DNAME RRs" (CNAME beside it: the check above).
  const RRset* dname = zone.rrset(node, kTypeDname);
  if (dname && dname->count > 1) {
    return failAt(*firstOfSet[dname - zone.rrsets_.data()], "more than one DNAME at " + owner);
  }
  if (!(node.flags & kNodeApex)) return Ok{};
  const RRset* soa = zone.rrset(node, kTypeSoa);
  if (!soa) return failAt(SourcePosition{files_[0], 0}, "no SOA at the zone apex " + owner);
  if (soa->count > 1) return failAt(*firstOfSet[soa - zone.rrsets_.data()], "more than one SOA");
  if (!zone.rrset(node, kTypeNs)) {
    return failAt(SourcePosition{files_[0], 0}, "no NS at the zone apex " + owner);
  }
  return Ok{};
}

Result<Zone> ZoneBuilder::build() {
  // Records in canonical order of owner, then type, then RDATA; equal records by file order.
  std::vector<uint32_t> order(records_.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
    const Record &x = records_[a], &y = records_[b];
    if (int c = compareCanonical(ownerOf(x), ownerOf(y))) return c < 0;
    if (x.type != y.type) return x.type < y.type;
    if (int c = compareBytes(rdataOf(x), rdataOf(y))) return c < 0;
    return a < b;
  });
  // RFC 2181 §5: "the data of two RRs in an RRset [is never] identical": drop repeats.
  std::vector<uint32_t> kept;
  kept.reserve(order.size());
  for (uint32_t i : order) {
    if (!kept.empty()) {
      const Record &last = records_[kept.back()], &r = records_[i];
      if (last.type == r.type && equalWireNames(ownerOf(last), ownerOf(r)) &&
          compareBytes(rdataOf(last), rdataOf(r)) == 0) {
        continue;
      }
    }
    kept.push_back(i);
  }

  // Every owner, and every name between an owner and the apex (empty non-terminals).
  struct Draft {
    ByteSpan wire;
    uint32_t first, end;  // range in `kept`; empty for an empty non-terminal
  };
  std::vector<Draft> drafts;
  for (uint32_t k = 0; k < kept.size();) {
    uint32_t end = k + 1;
    ByteSpan owner = ownerOf(records_[kept[k]]);
    while (end < kept.size() && equalWireNames(ownerOf(records_[kept[end]]), owner)) ++end;
    drafts.push_back({owner, k, end});
    for (ByteSpan up = owner; up.size() > origin_.size();) {
      up = up.subspan(1 + up[0]);
      drafts.push_back({up, end, end});
    }
    k = end;
  }
  std::stable_sort(drafts.begin(), drafts.end(), [](const Draft& a, const Draft& b) {
    if (int c = compareCanonical(a.wire, b.wire)) return c < 0;
    return a.first != a.end && b.first == b.end;  // the name with data first
  });
  drafts.erase(
      std::unique(drafts.begin(), drafts.end(),
                  [](const Draft& a, const Draft& b) { return equalWireNames(a.wire, b.wire); }),
      drafts.end());
  if (drafts.empty() || !equalWireNames(drafts[0].wire, origin_.wire())) {
    return failAt(SourcePosition{files_[0], 0}, "no SOA at the zone apex " + origin_.text());
  }

  Zone zone;
  zone.origin_ = origin_;
  zone.records_ = kept.size();
  zone.nodes_.reserve(drafts.size());
  std::vector<const Record*> firstOfSet;  // per RRset: its first record in file order
  for (const Draft& d : drafts) {
    Node node{
        static_cast<uint32_t>(zone.names_.size()),           static_cast<uint8_t>(d.wire.size()),
        d.first == d.end ? uint8_t(kNodeEmpty) : uint8_t(0), 0,
        static_cast<uint32_t>(zone.rrsets_.size()),          0};
    zone.names_.insert(zone.names_.end(), d.wire.begin(), d.wire.end());
    for (uint32_t k = d.first; k < d.end;) {
      const uint16_t type = records_[kept[k]].type;
      RRset set{type, 0, 0, static_cast<uint32_t>(zone.rdata_.size()), 0};
      const Record* first = &records_[kept[k]];
      for (; k < d.end && records_[kept[k]].type == type; ++k) {
        const Record& r = records_[kept[k]];
        if (&r < first) first = &r;  // records_ is in file order
        zone.rdata_.push_back(static_cast<uint8_t>(r.rdataSize >> 8));
        zone.rdata_.push_back(static_cast<uint8_t>(r.rdataSize));
        ByteSpan rdata = rdataOf(r);
        zone.rdata_.insert(zone.rdata_.end(), rdata.begin(), rdata.end());
        ++set.count;
      }
      set.ttl = first->ttl;
      set.size = static_cast<uint32_t>(zone.rdata_.size() - set.offset);
      zone.rrsets_.push_back(set);
      firstOfSet.push_back(first);
      ++node.rrsetCount;
    }
    zone.nodes_.push_back(node);
  }
  zone.index_.build(static_cast<uint32_t>(zone.nodes_.size()),
                    [&zone](uint32_t i) { return zone.name(zone.nodes_[i]); });

  // Flags: parents sort before their children, so one pass in canonical order sees each
  // parent's delegation state before the children's.
  for (uint32_t n = 0; n < zone.nodes_.size(); ++n) {
    Node& node = zone.nodes_[n];
    ByteSpan name = zone.name(node);
    if (n == 0) {
      node.flags |= kNodeApex;
      node.parent = 0;
    } else {
      node.parent =
          static_cast<uint32_t>(zone.find(name.subspan(1 + name[0])) - zone.nodes_.data());
      Node& parent = zone.nodes_[node.parent];
      if (name[0] == 1 && name[1] == '*') parent.flags |= kNodeWildcardChild;
      if (parent.flags & (kNodeDelegation | kNodeBelowDelegation))
        node.flags |= kNodeBelowDelegation;
      if (zone.rrset(node, kTypeNs)) node.flags |= kNodeDelegation;
      // RFC 6672 §2.4: "If the server does load the zone, those names below the DNAME RR will
      // be occluded" (knotd refuses such a zone; BIND loads and occludes, as here).
      if (parent.flags & (kNodeDname | kNodeBelowDname)) node.flags |= kNodeBelowDname;
    }
    if (zone.rrset(node, kTypeDname) &&
        !(node.flags & (kNodeDelegation | kNodeBelowDelegation | kNodeBelowDname))) {
      node.flags |= kNodeDname;
    }
    auto checked = checkNode(zone, node, firstOfSet);
    if (!checked.ok()) return fail(checked.error());
  }
  ByteSpan soa = zone.records(zone.soa());
  zone.negativeTtl_ = std::min(zone.soa().ttl, readU32(soa.subspan(soa.size() - 4)));
  zone.apex_ = 0;
  zone.rrsets_.shrink_to_fit();  // grown by doubling: give the slack back, the store is final
  zone.rdata_.shrink_to_fit();
  zone.names_.shrink_to_fit();
  records_.clear();
  names_.clear();
  rdata_.clear();
  return zone;
}

}  // namespace anycast::dns
