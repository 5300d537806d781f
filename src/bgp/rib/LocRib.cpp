#include "bgp/rib/LocRib.h"

#include <algorithm>
#include <functional>

namespace anycast::bgp {
LocRib::LocRib(DecisionProcess decision) : decision_(std::move(decision)) {}

void LocRib::forEachPrefix(const std::function<void(const Prefix&)>& fn) const {
  entries_.forEach([&](const Prefix& prefix, const Entry&) { fn(prefix); });
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
  Entry& entry = entries_[prefix];
  Path* begin = entry.paths.get();
  Path* existing =
      std::find_if(begin, begin + entry.size, [&](const Path& p) { return p.source == &source; });
  bool added = existing == begin + entry.size;
  if (!added && existing->attributes == attributes) return {false, false, 0, entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  if (added) {
    auto grown = std::make_unique<Path[]>(entry.size + 1);
    std::move(begin, begin + entry.size, grown.get());
    grown[entry.size] = {std::move(attributes), &source};
    entry.paths = std::move(grown);
    ++entry.size;
    ++paths_;
  } else {
    existing->attributes = std::move(attributes);
  }
  RibChange change = reselect(entry, before);
  change.pathsAdded = added ? 1 : 0;
  return change;
}

RibChange LocRib::withdraw(const Prefix& prefix, const RouteSource& source) {
  Entry* entry = entries_.find(prefix);
  if (!entry) return {};
  RibChange change = withdrawFrom(*entry, source);
  if (entry->size == 0) {
    entries_.erase(prefix);
    change.selected = {};
  }
  return change;
}

void LocRib::withdrawAll(const RouteSource& source,
                         const std::function<void(const Prefix&, const RibChange&)>& fn) {
  entries_.eraseIf([&](const Prefix& prefix, Entry& entry) {
    RibChange change = withdrawFrom(entry, source);
    if (change.pathsAdded != 0) fn(prefix, change);
    return entry.size == 0;
  });
}

RibChange LocRib::withdrawFrom(Entry& entry, const RouteSource& source) {
  Path* begin = entry.paths.get();
  Path* end = begin + entry.size;
  Path* gone = std::find_if(begin, end, [&](const Path& p) { return p.source == &source; });
  if (gone == end) return {false, false, 0, entry.selection()};
  SelectionSnapshot before = snapshot(entry.selection());
  std::move(gone + 1, end, gone);  // the array keeps its length; `size` says what is used
  end[-1] = Path{};
  --entry.size;
  --paths_;
  RibChange change = reselect(entry, before);
  change.pathsAdded = -1;
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
  return {bestChanged, multipathChanged, 0, after};
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
