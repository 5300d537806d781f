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
    if (entries_[id].size > 0) fn(id);
}

const LocRib::Entry* LocRib::find(const Prefix& prefix) const {
  const IndexSlot* slot = index_.find(prefix);
  return slot ? &entries_[slot->id] : nullptr;
}

RouteId LocRib::idFor(const Prefix& prefix) {
  RouteId& id = index_[prefix].id;
  if (id != kNoRoute) return id;
  RouteId fresh;
  if (freeIds_.empty()) {
    fresh = static_cast<RouteId>(entries_.size());
    entries_.emplace_back();
  } else {
    fresh = freeIds_.back();
    freeIds_.pop_back();
  }
  entries_[fresh].prefix = prefix;
  id = fresh;
  return fresh;
}

void LocRib::collectEmpty() {
  for (RouteId id : emptied_) {
    Entry& entry = entries_[id];
    entry.collectable = false;
    if (entry.size > 0) continue;  // it got a path again meanwhile
    index_.erase(entry.prefix);
    entry = Entry{};
    freeIds_.push_back(id);
  }
  emptied_.clear();
}

namespace {

bool same(const std::pair<const StoredAttributes*, const RouteSource*>& before, const Path& now) {
  return before.first == now.attributes.get() && before.second == now.source;
}

}  // namespace

LocRib::SelectionSnapshot LocRib::snapshot(std::span<const Path> selection) {
  SelectionSnapshot out;
  for (const Path& p : selection) out.emplace_back(p.attributes.get(), p.source);
  return out;
}

RibChange LocRib::update(const Prefix& prefix, const RouteSource& source, AttrHandle attributes) {
  RouteId id = idFor(prefix);
  Entry& entry = entries_[id];
  Path* begin = entry.paths.get();
  Path* existing =
      std::find_if(begin, begin + entry.size, [&](const Path& p) { return p.source == &source; });
  bool added = existing == begin + entry.size;
  if (!added && existing->attributes == attributes)
    return {.id = id, .selected = entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  if (added) {
    auto grown = std::make_unique<Path[]>(entry.size + 1);
    std::move(begin, begin + entry.size, grown.get());
    grown[entry.size] = {std::move(attributes), &source};
    entry.paths = std::move(grown);
    if (entry.size++ == 0) ++live_;
    ++paths_;
  } else {
    existing->attributes = std::move(attributes);
  }
  RibChange change = reselect(entry, before);
  change.pathsAdded = added ? 1 : 0;
  change.id = id;
  return change;
}

RibChange LocRib::withdraw(const Prefix& prefix, const RouteSource& source) {
  const IndexSlot* slot = index_.find(prefix);
  return slot ? withdrawFrom(slot->id, source) : RibChange{};
}

void LocRib::withdrawAll(const RouteSource& source,
                         const std::function<void(const Prefix&, const RibChange&)>& fn) {
  for (RouteId id = 0; id < entries_.size(); ++id) {
    if (entries_[id].size == 0) continue;
    RibChange change = withdrawFrom(id, source);
    if (change.pathsAdded != 0) fn(entries_[id].prefix, change);
  }
}

RibChange LocRib::withdrawFrom(RouteId id, const RouteSource& source) {
  Entry& entry = entries_[id];
  Path* begin = entry.paths.get();
  Path* end = begin + entry.size;
  Path* gone = std::find_if(begin, end, [&](const Path& p) { return p.source == &source; });
  if (gone == end) return {.id = id, .selected = entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  std::move(gone + 1, end, gone);  // the array keeps its length; `size` says what is used
  end[-1] = Path{};
  --paths_;
  if (--entry.size == 0) {
    --live_;
    if (!std::exchange(entry.collectable, true)) emptied_.push_back(id);
  }
  RibChange change = reselect(entry, before);
  change.pathsAdded = -1;
  change.id = id;
  return change;
}

void LocRib::order(Entry& entry) {
  if (entry.size <= 1) {
    // One candidate: selected if eligible; nothing to compare it with.
    entry.selected = entry.size == 1 && !decision_.ineligibility(entry.paths[0]) ? 1 : 0;
    return;
  }
  Selection selection = decision_.select(entry.candidates());
  // Selected paths first, in selection order; the others keep their relative order.
  auto paths = std::make_unique<Path[]>(entry.size);
  absl::InlinedVector<bool, 8> taken(entry.size);
  size_t n = 0;
  for (size_t i : selection.selected) {
    paths[n++] = std::move(entry.paths[i]);
    taken[i] = true;
  }
  for (size_t i = 0; i < entry.size; ++i)
    if (!taken[i]) paths[n++] = std::move(entry.paths[i]);
  entry.paths = std::move(paths);
  entry.selected = static_cast<uint16_t>(selection.selected.size());
}

RibChange LocRib::reselect(Entry& entry, const SelectionSnapshot& before) {
  order(entry);
  std::span<const Path> after = entry.selection();
  bool bestChanged =
      before.empty() != after.empty() || (!after.empty() && !same(before[0], after[0]));
  bool multipathChanged =
      !std::equal(before.begin(), before.end(), after.begin(), after.end(), same);
  return {.bestChanged = bestChanged, .multipathChanged = multipathChanged, .selected = after};
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
