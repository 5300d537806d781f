#include "bgp/rib/LocRib.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace anycast::bgp {
LocRib::LocRib(DecisionProcess decision) : decision_(std::move(decision)) {}

void LocRib::forEachPrefix(const std::function<void(const Prefix&)>& fn) const {
  forEachRoute([&](RouteId id) { fn(entries_[id].prefix); });
}

void LocRib::forEachRoute(const std::function<void(RouteId)>& fn) const {
  for (RouteId id = 0; id < entries_.size(); ++id)
    if (entries_[id].size() > 0) fn(id);
}

const LocRib::Entry* LocRib::find(const Prefix& prefix) const {
  RouteId id = index_.find(prefix);
  return id == kNoRoute ? nullptr : &entries_[id];
}

RouteId LocRib::idFor(const Prefix& prefix) {
  return index_.findOrInsert(prefix, [&] {
    RouteId fresh;
    if (freeIds_.empty()) {
      fresh = static_cast<RouteId>(entries_.size());
      entries_.grow();
    } else {
      fresh = freeIds_.back();
      freeIds_.pop_back();
    }
    entries_[fresh].prefix = prefix;
    return fresh;
  });
}

void LocRib::collectEmpty() {
  for (RouteId id : emptied_) {
    Entry& entry = entries_[id];
    entry.collectable = false;
    if (entry.size() > 0) continue;  // it got a path again meanwhile
    index_.erase(entry.prefix);
    entry.prefix = Prefix();
    entry.selected = 0;
    freeIds_.push_back(id);
  }
  emptied_.clear();
}

namespace {

bool same(const std::pair<const StoredAttributes*, const RouteSource*>& before, const Path& now) {
  return before.first == now.attributes.get() && before.second == now.source;
}

}  // namespace

Path* LocRib::Entry::pathOf(const RouteSource& source) {
  for (Path& p : paths.all())
    if (p.source == &source) return &p;
  return nullptr;
}

LocRib::SelectionSnapshot LocRib::snapshot(std::span<const Path> selection) {
  SelectionSnapshot out;
  for (const Path& p : selection) out.emplace_back(p.attributes.get(), p.source);
  return out;
}

RibChange LocRib::update(const Prefix& prefix, const RouteSource& source, AttrHandle attributes) {
  RouteId id = idFor(prefix);
  Entry& entry = entries_[id];
  Path* existing = entry.pathOf(source);
  if (existing && existing->attributes == attributes)
    return {.id = id, .selected = entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  if (existing) {
    existing->attributes = std::move(attributes);
    return reselect(id, before, 0);
  }
  if (entry.size() == 0) ++live_;
  entry.paths.push({std::move(attributes), &source});
  ++paths_;
  return reselect(id, before, 1);
}

RibChange LocRib::withdraw(const Prefix& prefix, const RouteSource& source) {
  RouteId id = index_.find(prefix);
  return id == kNoRoute ? RibChange{} : withdrawFrom(id, source);
}

void LocRib::withdrawAll(const RouteSource& source,
                         const std::function<void(const Prefix&, const RibChange&)>& fn) {
  for (RouteId id = 0; id < entries_.size(); ++id) {
    if (entries_[id].size() == 0) continue;
    RibChange change = withdrawFrom(id, source);
    if (change.pathsAdded != 0) fn(entries_[id].prefix, change);
  }
}

void LocRib::reevaluate(const std::function<bool(const Path&)>& affected,
                        const std::function<void(const Prefix&, const RibChange&)>& fn) {
  for (RouteId id = 0; id < entries_.size(); ++id) {
    Entry& entry = entries_[id];
    auto candidates = entry.candidates();
    if (std::none_of(candidates.begin(), candidates.end(), affected)) continue;
    RibChange change = reselect(id, snapshot(entry.selection()), 0);
    auto selection = entry.selection();
    change.multipathChanged |= std::any_of(selection.begin(), selection.end(), affected);
    fn(entry.prefix, change);
  }
}

RibChange LocRib::withdrawFrom(RouteId id, const RouteSource& source) {
  Entry& entry = entries_[id];
  Path* gone = entry.pathOf(source);
  if (!gone) return {.id = id, .selected = entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  entry.paths.erase(static_cast<size_t>(gone - entry.paths.all().data()));
  --paths_;
  if (entry.size() == 0) {
    --live_;
    if (!std::exchange(entry.collectable, true)) emptied_.push_back(id);
  }
  return reselect(id, before, -1);
}

void LocRib::order(Entry& entry) {
  if (entry.size() <= 1) {
    // One candidate: selected if eligible; nothing to compare it with.
    entry.selected = entry.size() == 1 && !decision_.ineligibility(entry.candidates()[0]) ? 1 : 0;
    return;
  }
  Selection selection = decision_.select(entry.candidates());
  // Selected paths first, in selection order; the others keep their relative order.
  absl::InlinedVector<size_t, 8> order(selection.selected.begin(), selection.selected.end());
  absl::InlinedVector<bool, 8> taken(entry.size());
  for (size_t i : selection.selected) taken[i] = true;
  for (size_t i = 0; i < entry.size(); ++i)
    if (!taken[i]) order.push_back(i);
  entry.paths.reorder(order);
  entry.selected = static_cast<uint16_t>(selection.selected.size());
}

RibChange LocRib::reselect(RouteId id, const SelectionSnapshot& before, int pathsAdded) {
  Entry& entry = entries_[id];
  order(entry);
  std::span<const Path> after = entry.selection();
  bool bestChanged =
      before.empty() != after.empty() || (!after.empty() && !same(before[0], after[0]));
  bool multipathChanged =
      !std::equal(before.begin(), before.end(), after.begin(), after.end(), same);
  return {.bestChanged = bestChanged,
          .multipathChanged = multipathChanged,
          .pathsAdded = pathsAdded,
          .id = id,
          .selected = after};
}

std::span<const Path> LocRib::selected(const Prefix& prefix) const {
  const Entry* entry = find(prefix);
  return entry ? entry->selection() : std::span<const Path>();
}

std::span<const Path> LocRib::candidates(const Prefix& prefix) const {
  const Entry* entry = find(prefix);
  return entry ? entry->candidates() : std::span<const Path>();
}

std::vector<ExplainedPath> LocRib::explain(const Prefix& prefix) const {
  std::span<const Path> paths = candidates(prefix);
  std::vector<Verdict> verdicts = decision_.explain(paths);
  std::vector<ExplainedPath> out;
  for (size_t i = 0; i < paths.size(); ++i) out.push_back({paths[i], std::move(verdicts[i])});
  return out;
}

}  // namespace anycast::bgp
