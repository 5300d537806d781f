#include "bgp/rib/LocRib.h"

#include <algorithm>
#include <functional>

namespace anycast::bgp {
LocRib::LocRib(DecisionProcess decision) : decision_(std::move(decision)) {}

void LocRib::forEachPrefix(const std::function<void(const Prefix&)>& fn) const {
  entries_.forEach([&](const Prefix& prefix, const Entry&) { fn(prefix); });
}

RibChange LocRib::update(const Prefix& prefix, const RouteSource& source, AttrHandle attributes) {
  Entry& entry = entries_[prefix];
  std::vector<Path> next(entry.candidates().begin(), entry.candidates().end());
  auto it =
      std::find_if(next.begin(), next.end(), [&](const Path& p) { return p.source == &source; });
  int added = 0;
  if (it == next.end()) {
    next.push_back({std::move(attributes), &source});
    added = 1;
  } else if (it->attributes == attributes) {
    return {false, false, 0, entry.selection()};
  } else {
    it->attributes = std::move(attributes);
  }
  paths_ += added;
  RibChange change = reselect(entry, std::move(next));
  change.pathsAdded = added;
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
  std::vector<Path> next;
  for (const Path& p : entry.candidates())
    if (p.source != &source) next.push_back(p);
  if (next.size() == entry.size) return {false, false, 0, entry.selection()};
  --paths_;
  RibChange change = reselect(entry, std::move(next));
  change.pathsAdded = -1;
  return change;
}

RibChange LocRib::reselect(Entry& entry, std::vector<Path> candidates) {
  Selection selection = decision_.select(candidates);
  // Selected paths first, in selection order; the others keep their relative order.
  auto paths = std::make_unique<Path[]>(candidates.size());
  std::vector<bool> taken(candidates.size());
  size_t n = 0;
  for (size_t i : selection.selected) {
    paths[n++] = std::move(candidates[i]);
    taken[i] = true;
  }
  for (size_t i = 0; i < candidates.size(); ++i)
    if (!taken[i]) paths[n++] = std::move(candidates[i]);

  std::span<const Path> before = entry.selection();
  std::span<const Path> after(paths.get(), selection.selected.size());
  bool bestChanged = before.empty() != after.empty() || (!after.empty() && before[0] != after[0]);
  bool multipathChanged = !std::equal(before.begin(), before.end(), after.begin(), after.end());

  entry.paths = std::move(paths);
  entry.size = static_cast<uint16_t>(candidates.size());
  entry.selected = static_cast<uint16_t>(selection.selected.size());
  return {bestChanged, multipathChanged, 0, entry.selection()};
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
