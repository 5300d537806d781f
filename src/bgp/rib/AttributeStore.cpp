#include "bgp/rib/AttributeStore.h"

#include <algorithm>
#include <cassert>
#include <functional>

namespace anycast::bgp {
namespace {

// boost::hash_combine's mixing step, 64-bit constant.
void mix(size_t& seed, size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4);
}

void mixAddress(size_t& seed, const IpAddress& a) {
  for (size_t i = 0; i < a.size(); ++i) mix(seed, a.data()[i]);
  mix(seed, static_cast<size_t>(a.family()));
}

template <class T>
void mixOptional(size_t& seed, const std::optional<T>& v) {
  mix(seed, v.has_value());
  if (v) mix(seed, std::hash<T>{}(*v));
}

// What glibc malloc takes for a request of n bytes: an 8-byte header, 16-byte granules, at
// least 32 bytes.
size_t chunk(size_t n) { return n == 0 ? 0 : std::max<size_t>(32, (n + 8 + 15) / 16 * 16); }

template <class T>
size_t vectorBytes(const std::vector<T>& v) {
  return chunk(v.capacity() * sizeof(T));
}

// Per entry in the hash set, besides its node (next pointer + value): one bucket pointer.
constexpr size_t kBucket = sizeof(void*);

}  // namespace

const IpAddress& StoredAttributes::nextHop() const {
  static const IpAddress kNone;
  if (attributes_.mpReach) return attributes_.mpReach->nextHop;
  return attributes_.nextHop ? *attributes_.nextHop : kNone;
}

AttrHandle::AttrHandle(StoredAttributes* entry) : entry_(entry) {
  if (entry_) ++entry_->refs_;
}

AttrHandle::~AttrHandle() {
  if (entry_ && --entry_->refs_ == 0) entry_->store_->release(entry_);
}

AttributeStore::~AttributeStore() {
  assert(entries_.empty() && "AttributeStore destroyed while routes still hold handles");
}

AttrHandle AttributeStore::intern(const PathAttributes& update, NlriField field) {
  PathAttributes key = update;
  key.mpUnreach.reset();
  if (field == NlriField::kMpReach) {
    // RFC 4760 §3: for NLRI carried in MP_REACH_NLRI the NEXT_HOP attribute is ignored.
    key.nextHop.reset();
    if (key.mpReach) key.mpReach->nlri.clear();
  } else {
    key.mpReach.reset();
  }
  if (auto it = entries_.find(key); it != entries_.end()) return AttrHandle(*it);

  size_t hash = Hash{}(key);
  bytes_ += estimateBytes(key);
  auto* entry = new StoredAttributes(std::move(key), hash, this);
  entries_.insert(entry);
  return AttrHandle(entry);
}

void AttributeStore::release(StoredAttributes* entry) {
  entries_.erase(entry);
  bytes_ -= estimateBytes(entry->attributes_);
  delete entry;
}

size_t AttributeStore::estimateBytes(const PathAttributes& a) {
  size_t n = chunk(sizeof(StoredAttributes)) + chunk(2 * sizeof(void*)) + kBucket;
  if (a.asPath) {
    n += vectorBytes(a.asPath->segments);
    for (const auto& s : a.asPath->segments) n += vectorBytes(s.asns);
  }
  n += vectorBytes(a.communities) + vectorBytes(a.clusterList) +
       vectorBytes(a.extendedCommunities) + vectorBytes(a.largeCommunities) +
       vectorBytes(a.unknown);
  for (const auto& u : a.unknown) n += chunk(u.value.capacity());
  if (a.mpReach) n += vectorBytes(a.mpReach->nlri);
  return n;
}

size_t AttributeStore::Hash::operator()(const PathAttributes& a) const {
  // Equal sets must hash equally; collisions only cost an operator== call.
  size_t h = 0;
  mix(h, a.origin ? static_cast<size_t>(*a.origin) + 1 : 0);
  if (a.asPath) {
    for (const auto& s : a.asPath->segments) {
      mix(h, s.type);
      for (uint32_t asn : s.asns) mix(h, asn);
    }
  }
  mix(h, a.nextHop.has_value());
  if (a.nextHop) mixAddress(h, *a.nextHop);
  mixOptional(h, a.med);
  mixOptional(h, a.localPref);
  mix(h, a.atomicAggregate);
  if (a.aggregator) mix(h, a.aggregator->asn);
  for (uint32_t c : a.communities) mix(h, c);
  mixOptional(h, a.originatorId);
  for (uint32_t c : a.clusterList) mix(h, c);
  for (uint64_t c : a.extendedCommunities) mix(h, c);
  for (const auto& c : a.largeCommunities) mix(h, c.globalAdmin ^ c.localData1 ^ c.localData2);
  mixOptional(h, a.onlyToCustomer);
  if (a.mpReach) mixAddress(h, a.mpReach->nextHop);
  for (const auto& u : a.unknown) mix(h, u.type ^ u.value.size());
  return h;
}

}  // namespace anycast::bgp
