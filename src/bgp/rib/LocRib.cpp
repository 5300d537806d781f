#include "bgp/rib/LocRib.h"

#include <algorithm>
#include <functional>

namespace anycast::bgp {
namespace {

uint64_t load64(const uint8_t* bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | bytes[i];
  return v;
}

}  // namespace

LocRib::LocRib(DecisionProcess decision) : decision_(std::move(decision)) {}

uint64_t LocRib::v4Key(const Prefix& prefix) {
  return uint64_t{prefix.address().v4HostOrder()} << 8 | prefix.length();
}

LocRib::V6Key LocRib::v6Key(const Prefix& prefix) {
  const uint8_t* b = prefix.address().data();
  return {load64(b), load64(b + 8), prefix.length()};
}

Prefix LocRib::fromV4Key(uint64_t key) {
  return Prefix(IpAddress::v4(static_cast<uint32_t>(key >> 8)), static_cast<uint8_t>(key & 0xff));
}

Prefix LocRib::fromV6Key(const V6Key& key) {
  uint8_t bytes[16];
  for (int i = 0; i < 8; ++i) {
    bytes[i] = static_cast<uint8_t>(key.high >> (56 - 8 * i));
    bytes[8 + i] = static_cast<uint8_t>(key.low >> (56 - 8 * i));
  }
  return Prefix(IpAddress::v6Bytes(bytes), key.length);
}

void LocRib::forEachPrefix(const std::function<void(const Prefix&)>& fn) const {
  for (const auto& [key, entry] : v4_) fn(fromV4Key(key));
  for (const auto& [key, entry] : v6_) fn(fromV6Key(key));
}

size_t LocRib::V6KeyHash::operator()(const V6Key& k) const {
  return std::hash<uint64_t>{}(k.high * 0x9e3779b97f4a7c15ULL ^ k.low) ^ k.length;
}

template <class Self, class Fn>
decltype(auto) LocRib::onTable(Self& self, const Prefix& prefix, Fn&& fn) {
  if (prefix.family() == Family::kV4) return fn(self.v4_, v4Key(prefix));
  return fn(self.v6_, v6Key(prefix));
}

const LocRib::Entry* LocRib::find(const Prefix& prefix) const {
  return onTable(*this, prefix, [](const auto& table, const auto& key) -> const Entry* {
    auto it = table.find(key);
    return it == table.end() ? nullptr : &it->second;
  });
}

RibChange LocRib::update(const Prefix& prefix, const RouteSource& source, AttrHandle attributes) {
  Entry& entry =
      onTable(*this, prefix, [](auto& table, const auto& key) -> Entry& { return table[key]; });
  std::vector<Path> next(entry.candidates().begin(), entry.candidates().end());
  auto it =
      std::find_if(next.begin(), next.end(), [&](const Path& p) { return p.source == &source; });
  if (it == next.end()) {
    next.push_back({std::move(attributes), &source});
    ++paths_;
  } else if (it->attributes == attributes) {
    return {false, false, entry.selection()};
  } else {
    it->attributes = std::move(attributes);
  }
  return reselect(entry, std::move(next));
}

RibChange LocRib::withdraw(const Prefix& prefix, const RouteSource& source) {
  return onTable(*this, prefix, [&](auto& table, const auto& key) -> RibChange {
    auto found = table.find(key);
    if (found == table.end()) return {};
    Entry& entry = found->second;
    std::vector<Path> next;
    for (const Path& p : entry.candidates())
      if (p.source != &source) next.push_back(p);
    if (next.size() == entry.size) return {false, false, entry.selection()};
    --paths_;
    RibChange change = reselect(entry, std::move(next));
    if (entry.size == 0) {
      table.erase(found);
      change.selected = {};
    }
    return change;
  });
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
  return {bestChanged, multipathChanged, entry.selection()};
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
