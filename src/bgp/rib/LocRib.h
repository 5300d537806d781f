// LocRib: per prefix, the candidate paths from every source and the selection the decision
// process made among them (RFC 4271 §3.2 Loc-RIB, §9.1 decision process), IPv4 and IPv6
// unicast. Each change reports whether the best path or the ECMP set moved, so the caller
// knows when to send UPDATEs (§9.2) and when to reprogram the FIB.
//
// Layout: every prefix has an entry in an arena, named by a RouteId (its index, stable while the
// entry lives: BIRD's route ids), and a RouteIndex (open addressing, keyed by a packed prefix)
// maps prefixes to ids. The route exchange keeps per-peer state as bitmaps indexed by RouteId
// and queues changed routes by id, so passing a route on needs no prefix lookup. An entry holds
// its candidates (16-byte Paths) best first, the ECMP set right after, so the selection needs no
// separate storage. An entry left without paths keeps its id until collectEmpty(), so the
// exchange can still send its withdrawal by id. Memory: see docs/architecture.md.
#pragma once

#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "base/Ip.h"
#include "bgp/rib/Arena.h"
#include "bgp/rib/DecisionProcess.h"
#include "bgp/rib/Path.h"
#include "bgp/rib/PathList.h"
#include "bgp/rib/RouteIndex.h"

namespace anycast::bgp {


struct RibChange {
  bool bestChanged = false;       // new best, new attributes on the best, or no route left
  bool multipathChanged = false;  // the selected (FIB) set changed; implied by bestChanged
  int pathsAdded = 0;             // +1: the source had no path to the prefix, -1: it has none now
  RouteId id = 0;                 // the prefix's entry (meaningless when nothing changed)
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
  // A hint that update() or withdraw() of `prefix` follows soon: call it for every prefix of a
  // batch first, so that their index lookups overlap (see PrefixTable::prefetch).
  void prefetch(const Prefix& prefix) const { index_.prefetch(prefix); }
  // Withdraws every path of `source` (its session went down), calling fn(prefix, change) for
  // each; fn must not change the LocRib.
  void withdrawAll(const RouteSource& source,
                   const std::function<void(const Prefix&, const RibChange&)>& fn);

  // Selects again in every entry with a candidate `affected` names — what the decision process
  // thinks of those paths changed (their next hop became reachable or not, RFC 4271
  // §9.1.2.1) — calling fn(prefix, change) for each. A change whose selection still holds an
  // affected path reports multipathChanged: how it is forwarded may have changed. fn must not
  // change the LocRib.
  void reevaluate(const std::function<bool(const Path&)>& affected,
                  const std::function<void(const Prefix&, const RibChange&)>& fn);

  // Best first, then the rest of the ECMP set; empty when there is no eligible path.
  std::span<const Path> selected(const Prefix& prefix) const;
  // All candidates, the selected ones first.
  std::span<const Path> candidates(const Prefix& prefix) const;
  // Every candidate with the step and reason it lost at (`show route PREFIX --detail`).
  std::vector<ExplainedPath> explain(const Prefix& prefix) const;

  // Every prefix that has candidates, in no particular order.
  void forEachPrefix(const std::function<void(const Prefix&)>& fn) const;
  // Every route that has candidates, by id, in id order.
  void forEachRoute(const std::function<void(RouteId)>& fn) const;

  // By id, for ids given out by a change and not yet collected.
  const Prefix& prefixAt(RouteId id) const { return entries_[id].prefix; }
  std::span<const Path> selectedAt(RouteId id) const { return entries_[id].selection(); }

  // Frees the entries left without paths since the last call; their ids may then be reused.
  void collectEmpty();

  size_t prefixCount() const { return live_; }
  size_t pathCount() const { return paths_; }

 private:
  // 40 bytes (and no heap block for a prefix with one path).
  struct Entry {
    [[no_unique_address]] PathList paths;  // [0, selected) is the selection, then the others
    Prefix prefix;
    uint16_t selected = 0;
    bool collectable = false;  // in emptied_
    size_t size() const { return paths.size(); }
    std::span<const Path> candidates() const { return paths.all(); }
    std::span<const Path> selection() const { return paths.all().first(selected); }
    Path* pathOf(const RouteSource& source);  // null when `source` has none
  };
  // The selection before a change, by identity (no reference counts taken): enough to tell
  // whether the best or the ECMP set moved. The addresses are only compared, never followed.
  using SelectionSnapshot =
      absl::InlinedVector<std::pair<const StoredAttributes*, const RouteSource*>, 2>;
  static SelectionSnapshot snapshot(std::span<const Path> selection);

  const Entry* find(const Prefix& prefix) const;
  RouteId idFor(const Prefix& prefix);  // the prefix's entry, made if it has none
  // Removes the path of `source` from entry `id`, which may be left empty.
  RibChange withdrawFrom(RouteId id, const RouteSource& source);
  // Puts the entry's paths in the order the decision process selects.
  void order(Entry& entry);
  // order() on entry `id`, then the change: how its selection differs from `before` (the
  // previous one) and the paths added (+1) or removed (-1).
  RibChange reselect(RouteId id, const SelectionSnapshot& before, int pathsAdded);

  DecisionProcess decision_;
  Arena<Entry> entries_;  // by RouteId
  RouteIndex index_;
  std::vector<RouteId> freeIds_;
  std::vector<RouteId> emptied_;  // entries left without paths, for collectEmpty()
  size_t paths_ = 0;
  size_t live_ = 0;  // entries with paths
};

}  // namespace anycast::bgp
