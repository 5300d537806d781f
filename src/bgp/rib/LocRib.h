// LocRib: per prefix, the candidate paths from every source and the selection the decision
// process made among them (RFC 4271 §3.2 Loc-RIB, §9.1 decision process), IPv4 and IPv6
// unicast. Each change reports whether the best path or the ECMP set moved, so the caller
// knows when to send UPDATEs (§9.2) and when to reprogram the FIB.
//
// Layout: a PrefixTable (open addressing, one table per family keyed by a packed prefix, IPv4
// 8 bytes, IPv6 24), no tree or hash node per route. Each entry holds its candidates (16-byte
// Paths) best first, the ECMP set right after, so the selection needs no separate storage. Memory
// (x86-64, GCC 12, glibc; DISABLED_RibMemory test, 1M IPv4 prefixes): 92 B per prefix with one path
// — table node 32 B in a 48 B malloc chunk, ~12 B of bucket array, candidate array (16 B per path +
// 8 B array cookie) in a 32 B chunk — plus 16 B per further path. Attribute sets are shared
// (AttributeStore, ~520 B per distinct set, 8 B per path).
#pragma once

#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "base/Ip.h"
#include "bgp/rib/DecisionProcess.h"
#include "bgp/rib/Path.h"
#include "bgp/rib/PrefixTable.h"

namespace anycast::bgp {

struct RibChange {
  bool bestChanged = false;       // new best, new attributes on the best, or no route left
  bool multipathChanged = false;  // the selected (FIB) set changed; implied by bestChanged
  int pathsAdded = 0;             // +1: the source had no path to the prefix, -1: it has none now
  // The selection after the change: best first, then the ECMP set; empty = no route.
  // Valid until the next change to the LocRib.
  std::span<const Path> selected;
};

struct ExplainedPath {
  Path path;
  Verdict verdict;
};

class LocRib {
 public:
  explicit LocRib(DecisionProcess decision = DecisionProcess());

  // Adds or replaces the path from `source` (one per source per prefix).
  RibChange update(const Prefix& prefix, const RouteSource& source, AttrHandle attributes);
  RibChange withdraw(const Prefix& prefix, const RouteSource& source);
  // Withdraws every path of `source` (its session went down), calling fn(prefix, change) for
  // each; fn must not change the LocRib.
  void withdrawAll(const RouteSource& source,
                   const std::function<void(const Prefix&, const RibChange&)>& fn);

  // Best first, then the rest of the ECMP set; empty when there is no eligible path.
  std::span<const Path> selected(const Prefix& prefix) const;
  // All candidates, the selected ones first.
  std::span<const Path> candidates(const Prefix& prefix) const;
  // Every candidate with the step and reason it lost at (`show route PREFIX --detail`).
  std::vector<ExplainedPath> explain(const Prefix& prefix) const;

  // Every prefix that has candidates, in no particular order.
  void forEachPrefix(const std::function<void(const Prefix&)>& fn) const;

  size_t prefixCount() const { return entries_.size(); }
  size_t pathCount() const { return paths_; }

 private:
  // 16 bytes: a counted array rather than a 24-byte vector. It grows by one path when a source
  // is added and shrinks in place when one leaves; the paths are kept in selection order.
  struct Entry {
    std::unique_ptr<Path[]> paths;  // [0, selected) is the selection, then the others
    uint16_t size = 0;
    uint16_t selected = 0;
    std::span<const Path> candidates() const { return {paths.get(), size}; }
    std::span<const Path> selection() const { return {paths.get(), selected}; }
  };
  // The selection before a change, by identity (no reference counts taken): enough to tell
  // whether the best or the ECMP set moved. The addresses are only compared, never followed.
  using SelectionSnapshot =
      absl::InlinedVector<std::pair<const StoredAttributes*, const RouteSource*>, 2>;
  static SelectionSnapshot snapshot(std::span<const Path> selection);

  const Entry* find(const Prefix& prefix) const { return entries_.find(prefix); }
  // Removes the path of `source` from `entry`, which may be left empty.
  RibChange withdrawFrom(Entry& entry, const RouteSource& source);
  // Puts the entry's paths in the order the decision process selects.
  void order(Entry& entry);
  // order(), then how the selection differs from `before` (the entry's previous one).
  RibChange reselect(Entry& entry, const SelectionSnapshot& before);

  DecisionProcess decision_;
  PrefixTable<Entry> entries_;
  size_t paths_ = 0;
};

}  // namespace anycast::bgp
