// QueryProcessor: RFC 1034 §4.3.2 lookup over the zone store, with RFC 4592 (wildcards),
// RFC 2308 (negative answers), RFC 6604 (CNAME chains), RFC 6672 (DNAME substitution),
// RFC 8482 (ANY), RFC 4892 (CHAOS).
#include "dns/query/QueryProcessor.h"

#include <cstring>
#include <string_view>

#include "base/Text.h"
#include "dns/zone/RRType.h"

namespace anycast::dns {
namespace {

constexpr uint16_t kRcodeNotAuth = 9;  // RFC 2136 §2.2 / RFC 8945

Verdict refused() {
  Verdict v;
  v.rcode = Rcode::kRefused;
  return v;
}

// RFC 4892 §2 (and version.bind/version.server, which knotd answers too): class CH, TXT only;
// anything else in CH is REFUSED, as knotd does. No AA, TTL 0 (knotd).
Verdict chaos(const Query& q, const Identity& id) {
  if (q.qtype != kTypeTxt) return refused();
  const std::string text = q.qname.text();
  const std::optional<std::string>* answer = nullptr;
  if (strings::equalsIgnoreCase(text, "id.server.")) answer = &id.idServer;
  if (strings::equalsIgnoreCase(text, "hostname.bind.")) answer = &id.hostnameBind;
  if (strings::equalsIgnoreCase(text, "version.bind.") ||
      strings::equalsIgnoreCase(text, "version.server.")) {
    answer = &id.versionBind;
  }
  if (!answer || !answer->has_value()) return refused();
  Verdict v;
  v.kind = VerdictKind::kAnswer;
  v.answer.push(RecordRef{nullptr, nullptr, &answer->value(), 0, 0});
  return v;
}

class Resolver {
 public:
  Resolver(const Query& q, const Zone& zone, Verdict& v) : q_(q), zone_(zone), v_(v) {
    v_.zone = &zone;
  }

  void run() {
    ByteSpan name = q_.qname.wire();
    ByteSpan owner;  // empty: the query's name, written in the query's case
    for (size_t link = 0; link <= kMaxCnameChain; ++link) {
      if (!step(name, owner, link == 0)) return;
      name = next_;
      owner = next_;
    }
  }

 private:
  // One name of the chain; true when a CNAME (from the zone or from a DNAME) is to be followed
  // to next_.
  bool step(ByteSpan name, ByteSpan owner, bool first) {
    const Node* encloser = nullptr;
    const Node* node = lookup(name, encloser);
    if (!encloser) {  // a CNAME target outside the zone: not followed (knotd)
      return false;
    }
    // RFC 6672 §2.3, §3.2: a name strictly below a DNAME owner is answered by substitution,
    // before wildcards and whatever (occluded, §2.4) data lies below the owner.
    if (const Node* cut = dnameAbove(node ? *node : *encloser, node != nullptr)) {
      return dname(*cut, name, owner, first);
    }
    bool wildcard = false;
    if (!node) {
      // RFC 4592 §3.3.1: the closest encloser's "*" child, if any, is the source of synthesis;
      // never through an existing name, as the encloser is the longest existing ancestor.
      if (!(encloser->flags & (kNodeDelegation | kNodeBelowDelegation)) &&
          (encloser->flags & kNodeWildcardChild)) {
        node = wildcardChild(*encloser);
        wildcard = node != nullptr;
      }
      if (!node) {
        if (encloser->flags & (kNodeDelegation | kNodeBelowDelegation)) {
          referral(*encloser, first);
        } else {
          negative(Rcode::kNxDomain, VerdictKind::kNxdomain, first);
        }
        return false;
      }
    }
    if (first) v_.wildcard = wildcard;
    // RFC 4035 §3.1.4.1 / knotd: a DS query at a delegation point is answered from the parent's
    // side; every other query at or below a delegation is a referral (RFC 1034 §4.3.2 3b).
    if ((node->flags & kNodeBelowDelegation) ||
        ((node->flags & kNodeDelegation) && q_.qtype != kTypeDs)) {
      referral(*node, first);
      return false;
    }
    if (first) v_.authoritative = true;
    const RRset* target = zone_.rrset(*node, kTypeCname);
    // RFC 1034 §4.3.2 3a: a CNAME is followed unless CNAME is asked for; knotd also returns it
    // as it is for ANY, and answers RRSIG and NSEC from the CNAME's own node (RFC 4035 §2.5:
    // the two types that may sit beside a CNAME).
    // The owner written: the name asked for (synthesized from a wildcard, RFC 4592 §3.4.3, or
    // the query's name in its case), else the node's.
    ByteSpan written = wildcard || first ? owner : zone_.name(*node);
    if (target && q_.qtype != kTypeCname && q_.qtype != kTypeRrsig && q_.qtype != kTypeNsec &&
        q_.qtype != kTypeAny) {
      return cname(*node, *target, written, wildcard || isWildcardOwner(*node));
    }
    answerAt(*node, written, first, wildcard);
    return false;
  }

  // Exact node, or nullptr with `encloser` the closest existing ancestor; `encloser` nullptr
  // when the name is not in the zone.
  const Node* lookup(ByteSpan name, const Node*& encloser) const {
    const size_t originSize = zone_.origin().size();
    for (ByteSpan s = name; s.size() >= originSize; s = s.subspan(1 + s[0])) {
      if (const Node* found = zone_.find(s)) {
        encloser = found;
        return s.size() == name.size() ? found : nullptr;
      }
      if (s[0] == 0) break;
    }
    encloser = nullptr;
    return nullptr;
  }

  const Node* wildcardChild(const Node& encloser) const {
    std::array<uint8_t, kMaxNameSize + 2> wire;
    ByteSpan parent = zone_.name(encloser);
    if (parent.size() + 2 > kMaxNameSize) return nullptr;
    wire[0] = 1;
    wire[1] = '*';
    std::memcpy(&wire[2], parent.data(), parent.size());
    return zone_.find({wire.data(), parent.size() + 2});
  }

  // The DNAME owner that `found` (the node of the name, or with `exact` false its closest
  // encloser) is strictly below, nullptr when none. Nested DNAMEs are occluded themselves: the
  // topmost one counts. A DNAME at or below a delegation is not flagged (the referral wins).
  const Node* dnameAbove(const Node& found, bool exact) const {
    if (!(found.flags & (kNodeDname | kNodeBelowDname))) return nullptr;
    const Node* n = &found;
    while (n->flags & kNodeBelowDname) n = &zone_.parent(*n);
    return n != &found || !exact ? n : nullptr;
  }

  // `owner` empty: the query's name; a name made by a DNAME substitution is named by its slot.
  RecordRef ref(ByteSpan owner, const RRset* set, uint32_t ttl) const {
    RecordRef r{owner.empty() ? nullptr : owner.data(), set, nullptr, ttl,
                static_cast<uint8_t>(owner.size())};
    if (!owner.empty()) r.ownerSlot = v_.names.slotOf(owner.data());
    return r;
  }

  // The node of a wildcard's own "*" owner: asked for by name or through synthesis.
  bool isWildcardOwner(const Node& node) const {
    ByteSpan name = zone_.name(node);
    return name.size() > 2 && name[0] == 1 && name[1] == '*';
  }

  // A CNAME or DNAME RRset into the answer as a link of the chain; false when the chain ends
  // here. Loops end where knotd ends them: an RRset already in the answer (unless `wildcard`),
  // or a wildcard node already used once in this chain (cname(), knotd's wildcard_visit).
  bool link(const RRset& set, ByteSpan owner, bool wildcard) {
    if (!wildcard && v_.answer.holds(&set)) return false;
    if (!v_.answer.push(ref(owner, &set, set.ttl))) return false;
    v_.kind = VerdictKind::kAnswer;
    return true;
  }

  // `wildcard`: the CNAME is a wildcard's, synthesized or asked for by the "*" name.
  bool cname(const Node& node, const RRset& set, ByteSpan owner, bool wildcard) {
    if (!link(set, owner, wildcard)) return false;
    if (wildcard) {
      for (size_t i = 0; i < visited_; ++i) {
        if (visitedWildcards_[i] == &node) return false;
      }
      if (visited_ == visitedWildcards_.size()) return false;
      visitedWildcards_[visited_++] = &node;
    }
    next_ = firstName(set);
    return !next_.empty();
  }

  // RFC 6672 §3.1 (as knotd): `name` is below the DNAME at `node`. The DNAME, then a CNAME from
  // `name` (written as `owner`) to `name` with the DNAME's owner replaced by its target, TTL
  // the DNAME's; the chain goes on at the new name as after a CNAME (inside this zone only).
  bool dname(const Node& node, ByteSpan name, ByteSpan owner, bool first) {
    if (first) v_.authoritative = true;
    const RRset& set = *zone_.rrset(node, kTypeDname);
    if (!link(set, zone_.name(node), false)) return false;
    ByteSpan target = firstName(set);
    const size_t kept = name.size() - zone_.name(node).size();  // the labels below the owner
    if (kept + target.size() > kMaxNameSize) {
      // §2.2: "the server MUST return a YXDOMAIN" — the DNAME alone in the answer.
      v_.rcode = Rcode::kYxDomain;
      v_.kind = VerdictKind::kError;
      return false;
    }
    const uint8_t slot = v_.names.add(name.first(kept), target);
    if (!slot) return false;
    RecordRef cname = ref(owner, nullptr, set.ttl);
    cname.cname = slot;
    if (!v_.answer.push(cname)) return false;
    next_ = v_.names.name(slot);
    return q_.qtype != kTypeCname;  // knotd: the synthesized CNAME is the answer asked for
  }

  // The name that starts the RDATA of an RRset's first record (CNAME, DNAME).
  ByteSpan firstName(const RRset& set) const {
    ByteSpan rdata = zone_.records(set).subspan(2);
    return rdata.first(wireNameSize(rdata));
  }

  // RFC 8482 §4.1: ANY gets one RRset. knotd 3.2 gives the node's first, its RRsets being
  // sorted by type: the lowest type, RRSIG aside.
  const RRset* anyRRset(const Node& node) const {
    for (const RRset& set : zone_.rrsets(node)) {
      if (set.type != kTypeRrsig) return &set;
    }
    return nullptr;
  }

  void answerAt(const Node& node, ByteSpan owner, bool first, bool wildcard) {
    const RRset* set = q_.qtype == kTypeAny ? anyRRset(node) : zone_.rrset(node, q_.qtype);
    if (!set) {
      negative(Rcode::kNoError, VerdictKind::kNodata, first);  // NODATA, RFC 2308 §2.2
      return;
    }
    v_.answer.push(ref(owner, set, set->ttl));
    v_.kind = VerdictKind::kAnswer;
    if (wildcard && first) account(zone_.apex());
    addAdditional(*set);
  }

  // RFC 2308 §3 and §5: the zone's SOA in the authority section with the negative TTL. After a
  // CNAME the RCODE is the last name's (RFC 6604 §3).
  void negative(Rcode rcode, VerdictKind kind, bool first) {
    v_.rcode = rcode;
    if (first) {
      v_.authoritative = true;
      v_.kind = kind;
      account(zone_.apex());
    }
    v_.authority.push(ref(zone_.name(zone_.apex()), &zone_.soa(), zone_.negativeTtl()));
  }

  // RFC 1034 §4.3.2 3b: the NS of the delegation (the topmost one above `node`) in authority,
  // their addresses from the zone (glue) in additional, AA clear (unless a CNAME led here).
  void referral(const Node& node, bool first) {
    const Node* cut = nullptr;
    for (const Node* n = &node; !(n->flags & kNodeApex); n = &zone_.parent(*n)) {
      if (n->flags & kNodeDelegation) cut = n;
    }
    if (!cut) return;
    const RRset* ns = zone_.rrset(*cut, kTypeNs);
    v_.authority.push(ref(zone_.name(*cut), ns, ns->ttl));
    if (first) {
      v_.kind = VerdictKind::kReferral;
      account(*cut);
    }
    addAdditional(*ns);
  }

  // Knot's additional-section processing: for NS, MX and SRV, the A and AAAA RRsets of each
  // target that is a name of this zone (glue included; CNAMEs not followed, RFC 2181 §10.3).
  void addAdditional(const RRset& set) {
    const RRTypeInfo* info = rrTypeInfo(set.type);
    if (!info || !info->additional) return;
    zone_.forEachRdata(set, [&](ByteSpan rdata) {
      ByteSpan target = firstRdataName(*info, rdata);
      if (target.empty()) return;
      const Node* node = zone_.find(target);
      if (!node) return;
      for (uint16_t type : {kTypeA, kTypeAaaa}) {
        const RRset* address = zone_.rrset(*node, type);
        if (address && !v_.additional.holds(address)) {
          v_.additional.push(ref(zone_.name(*node), address, address->ttl));
        }
      }
    });
  }

  void account(const Node& node) {
    ByteSpan name = zone_.name(node);
    v_.accountName = name.data();
    v_.accountNameSize = static_cast<uint8_t>(name.size());
  }

  const Query& q_;
  const Zone& zone_;
  Verdict& v_;
  ByteSpan next_;
  std::array<const Node*, kMaxCnameChain> visitedWildcards_{};
  size_t visited_ = 0;
};

}  // namespace

Verdict errorVerdict(QueryStatus status) {
  Verdict v;
  switch (status) {
    case QueryStatus::kNotImp:
      v.rcode = Rcode::kNotImp;
      break;
    case QueryStatus::kBadVers:
      v.rcode = Rcode::kBadVers;
      break;
    default:
      v.rcode = Rcode::kFormErr;
      break;
  }
  return v;
}

Verdict processQuery(const Query& q, Transport transport, const ZoneSet& zones,
                     const Identity& identity) {
  if (q.qclass == kClassCh) return chaos(q, identity);
  // Class ANY is answered as IN (knotd does); other classes are not served.
  if (q.qclass != kClassIn && q.qclass != kClassAny) return refused();
  if (q.qtype == kTypeAxfr || q.qtype == kTypeIxfr) {
    // No zone transfers. knotd: AXFR over UDP is NOTIMP (RFC 5936 §4.2 leaves it to the
    // server), a transfer it is not configured to allow is NOTAUTH.
    Verdict v;
    v.rcode = q.qtype == kTypeAxfr && transport == Transport::kUdp
                  ? Rcode::kNotImp
                  : static_cast<Rcode>(kRcodeNotAuth);
    return v;
  }
  const Zone* zone = zones.find(q.qname);
  if (!zone) {
    // Not authoritative, and never recursive: REFUSED without AA, and (as knotd) the Extended
    // DNS Error "Not Authoritative" (RFC 8914 §4.21).
    Verdict v = refused();
    v.extendedError = kEdeNotAuthoritative;
    return v;
  }
  Verdict v;
  Resolver(q, *zone, v).run();
  return v;
}

}  // namespace anycast::dns
