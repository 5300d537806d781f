#include "bgp/rib/RouteExchange.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "base/Log.h"
#include "bgp/policy/Action.h"

namespace anycast::bgp {
namespace {

// Routes sent to a backlogged peer per drain of its send queue (see sendQueueDrained).
constexpr size_t kRoutesPerDrain = 65536;

size_t familyIndex(Family family) { return family == Family::kV4 ? 0 : 1; }

// Empties `queue` and returns its routes, each once, in id order (mostly the order the
// entries sit in memory).
std::vector<RouteId> takeUnique(std::vector<RouteId>& queue) {
  std::vector<RouteId> routes = std::move(queue);
  queue.clear();
  std::sort(routes.begin(), routes.end());
  routes.erase(std::unique(routes.begin(), routes.end()), routes.end());
  return routes;
}

NlriField fieldFor(const Prefix& prefix) {
  return prefix.family() == Family::kV4 ? NlriField::kNlri : NlriField::kMpReach;
}

// The next hop of routes of `family` sent with `out`: NEXT_HOP for IPv4, MP_REACH for IPv6.
void setNextHop(PathAttributes& out, Family family, const IpAddress& nextHop) {
  if (family == Family::kV4) {
    out.nextHop = nextHop;
  } else {
    out.mpReach = MpReach{kAfiIpv6, kSafiUnicast, nextHop, std::nullopt, {}};
  }
}

}  // namespace

RouteExchange::RouteExchange(uint32_t localAs, DecisionOptions decision, TimerFactory* timers,
                             NextHopReachable reachable)
    : localAs_(localAs), timers_(timers), locRib_([&] {
        decision.localAs = localAs;
        return DecisionProcess(decision, std::move(reachable));
      }()) {
  localSource_.local = true;
  localSource_.peerAs = localAs;
}

void RouteExchange::setReflectorIds(uint32_t routerId, uint32_t clusterId) {
  reflector_ = {routerId, clusterId != 0 ? clusterId : routerId};
}

const RouteExchange::PeerRoutes* RouteExchange::routesOf(const ExchangePeer& peer) const {
  for (const auto& p : peers_)
    if (p.peer == &peer) return &p;
  return nullptr;
}

RouteExchange::PeerRoutes* RouteExchange::routesOf(const ExchangePeer& peer) {
  return const_cast<PeerRoutes*>(std::as_const(*this).routesOf(peer));
}

size_t RouteExchange::advertisedTo(const ExchangePeer& peer) const {
  const PeerRoutes* routes = routesOf(peer);
  return routes ? routes->advertised.size() : 0;
}

size_t RouteExchange::learnedFrom(const ExchangePeer& peer) const {
  return learnedFrom(peer, Family::kV4) + learnedFrom(peer, Family::kV6);
}

size_t RouteExchange::learnedFrom(const ExchangePeer& peer, Family family) const {
  const PeerRoutes* routes = routesOf(peer);
  return routes ? routes->learned[familyIndex(family)] : 0;
}

void RouteExchange::attach(ExchangePeer& peer) {
  PeerRoutes routes{&peer};
  if (peer.keepsReceived()) routes.received = std::make_unique<PrefixTable<ReceivedRoute>>();
  if (timers_ && peer.mrai() > Duration::zero())
    routes.mraiTimer = timers_->create([this, &peer] { sendWaiting(peer, SIZE_MAX); });
  peers_.push_back(std::move(routes));
}

void RouteExchange::detach(ExchangePeer& peer) {
  peerDown(peer);
  std::erase_if(peers_, [&](const PeerRoutes& p) { return p.peer == &peer; });
}

void RouteExchange::applyChange(PeerRoutes* from, const Prefix& prefix, const RibChange& change,
                                std::vector<RouteId>& changed) {
  if (from) from->learned[familyIndex(prefix.family())] += change.pathsAdded;
  if (change.multipathChanged && onSelectionChanged) onSelectionChanged(prefix, change.selected);
  if (change.bestChanged) changed.push_back(change.id);
}

RouteExchange::LearnedCounts RouteExchange::received(ExchangePeer& from,
                                                     const UpdateMessage& update) {
  PeerRoutes* routes = routesOf(from);
  if (!routes) return {};
  const RouteSource& source = from.source();
  std::vector<RouteId> changed;
  auto withdraw = [&](const Prefix& p) {
    if (routes->received) routes->received->erase(p);
    applyChange(routes, p, locRib_.withdraw(p, source), changed);
  };
  prefetch(update);
  // RFC 4271 §9: "the withdrawn routes ... shall be removed" before the new routes are used.
  for (const auto& p : update.withdrawn) withdraw(p);
  // RFC 7606 §7.9, §7.10: ORIGINATOR_ID and CLUSTER_LIST from an external peer are discarded.
  std::optional<PathAttributes> external;
  if (source.ebgp && (update.attributes.originatorId || !update.attributes.clusterList.empty())) {
    external = update.attributes;
    stripReflectionAttributes(*external);
  }
  const PathAttributes& attrs = external ? *external : update.attributes;
  if (attrs.mpUnreach)
    for (const auto& p : attrs.mpUnreach->withdrawn) withdraw(p);
  // A route that looped back to us (RFC 4271 §9.1.2, RFC 4456 §8) is ignored; what the peer
  // sent before for those prefixes is withdrawn, as for a route the import policy rejects.
  std::optional<std::string> loop = loopIn(attrs);
  if (loop && (!update.nlri.empty() || (attrs.mpReach && !attrs.mpReach->nlri.empty())))
    noteLoop(*routes, *loop);
  auto announce = [&](const std::vector<Prefix>& prefixes, NlriField field) {
    if (prefixes.empty()) return;
    AttrHandle receivedSet = loop && !routes->received ? AttrHandle() : store_.intern(attrs, field);
    for (const auto& p : prefixes) {
      if (routes->received) (*routes->received)[p] = {receivedSet, field};
      importRoute(*routes, p, receivedSet, field, loop.has_value(), changed);
    }
  };
  announce(update.nlri, NlriField::kNlri);
  if (attrs.mpReach) announce(attrs.mpReach->nlri, NlriField::kMpReach);
  disseminate(std::move(changed));
  return routes->learned;
}

void RouteExchange::prefetch(const UpdateMessage& update) const {
  auto each = [&](const std::vector<Prefix>& prefixes) {
    for (const Prefix& p : prefixes) locRib_.prefetch(p);
  };
  each(update.withdrawn);
  each(update.nlri);
  const PathAttributes& attrs = update.attributes;
  if (attrs.mpUnreach) each(attrs.mpUnreach->withdrawn);
  if (attrs.mpReach) each(attrs.mpReach->nlri);
}

void RouteExchange::importRoute(PeerRoutes& from, const Prefix& prefix, const AttrHandle& received,
                                NlriField field, bool looped, std::vector<RouteId>& changed) {
  const RouteSource& source = from.peer->source();
  if (!looped) {
    auto result = policy::importRoute(from.peer->policy(), sessionWith(*from.peer), prefix,
                                      received->attributes());
    if (result.accepted) {
      // Routes the policy left alone keep the received set; changed ones share their own.
      const policy::CowAttributes& imported = result.route.attributes;
      AttrHandle handle = imported.modified() ? store_.intern(imported.get(), field) : received;
      return applyChange(&from, prefix, locRib_.update(prefix, source, std::move(handle)), changed);
    }
  }
  // Rejected or looped: it replaces what the peer sent before, so treat it as a withdrawal.
  applyChange(&from, prefix, locRib_.withdraw(prefix, source), changed);
}

bool RouteExchange::reimport(ExchangePeer& peer) {
  PeerRoutes* routes = routesOf(peer);
  if (!routes || !routes->received) return false;
  std::vector<RouteId> changed;
  routes->received->forEach([&](const Prefix& prefix, const ReceivedRoute& route) {
    bool looped = loopIn(route.attributes->attributes()).has_value();
    importRoute(*routes, prefix, route.attributes, route.field, looped, changed);
  });
  disseminate(std::move(changed));
  return true;
}

const PrefixTable<RouteExchange::ReceivedRoute>* RouteExchange::receivedFrom(
    const ExchangePeer& peer) const {
  const PeerRoutes* routes = routesOf(peer);
  return routes ? routes->received.get() : nullptr;
}

void RouteExchange::resend(ExchangePeer& peer, Family family) {
  PeerRoutes* routes = routesOf(peer);
  if (!routes || !peer.ready()) return;
  std::vector<RouteId> all;
  locRib_.forEachRoute([&](RouteId id) {
    if (locRib_.prefixAt(id).family() == family) all.push_back(id);
  });
  advertise(*routes, all);
}

std::optional<std::string> RouteExchange::loopIn(const PathAttributes& attributes) const {
  // RFC 4271 §9.1.2: a route with our AS in its AS_PATH is a loop.
  if (attributes.asPath && attributes.asPath->contains(localAs_))
    return "AS path contains our AS " + std::to_string(localAs_);
  return reflectionLoop(attributes, reflector_);
}

void RouteExchange::noteLoop(PeerRoutes& from, const std::string& why) {
  if (from.loopedUpdates++ > 0) return;
  LOG_WARN("bgp.update.loop", LogFields()
                                  .kv("peer", from.peer->name())
                                  .kv("reason", why)
                                  .kv("effect",
                                      "routes ignored as withdrawals; further looped "
                                      "UPDATEs of this session are counted, not logged"));
}

size_t RouteExchange::loopedUpdatesFrom(const ExchangePeer& peer) const {
  const PeerRoutes* routes = routesOf(peer);
  return routes ? routes->loopedUpdates : 0;
}

void RouteExchange::peerUp(ExchangePeer& peer) {
  PeerRoutes* routes = routesOf(peer);
  if (!routes) return;
  routes->loopedUpdates = 0;
  routes->advertised.clear();
  std::vector<RouteId> all;
  all.reserve(locRib_.prefixCount());
  locRib_.forEachRoute([&](RouteId id) { all.push_back(id); });
  advertise(*routes, all);
}

void RouteExchange::nextHopsChanged(const std::function<bool(const IpAddress&)>& changed) {
  std::vector<RouteId> moved;
  locRib_.reevaluate(
      [&](const Path& path) { return !path.source->local && changed(path.attributes->nextHop()); },
      [&](const Prefix& prefix, const RibChange& change) {
        applyChange(nullptr, prefix, change, moved);
      });
  disseminate(std::move(moved));
}

void RouteExchange::peerDown(ExchangePeer& peer) {
  PeerRoutes* routes = routesOf(peer);
  if (!routes) return;
  std::vector<RouteId> changed;
  locRib_.withdrawAll(peer.source(), [&](const Prefix& p, const RibChange& change) {
    applyChange(routes, p, change, changed);
  });
  routes->advertised.clear();
  if (routes->received) routes->received->clear();
  routes->waiting.clear();
  if (routes->mraiTimer) routes->mraiTimer->cancel();
  disseminate(std::move(changed));  // the peer itself is no longer ready()
}

void RouteExchange::originate(const Prefix& prefix, const PathAttributes& attributes) {
  RibChange change =
      locRib_.update(prefix, localSource_, store_.intern(attributes, fieldFor(prefix)));
  originated_ += change.pathsAdded;
  std::vector<RouteId> changed;
  applyChange(nullptr, prefix, change, changed);
  disseminate(std::move(changed));
}

bool RouteExchange::stopOriginating(const Prefix& prefix) {
  RibChange change = locRib_.withdraw(prefix, localSource_);
  if (change.pathsAdded == 0) return false;  // not ours
  --originated_;
  std::vector<RouteId> changed;
  applyChange(nullptr, prefix, change, changed);
  disseminate(std::move(changed));
  return true;
}

void RouteExchange::disseminate(std::vector<RouteId> changed) {
  if (changed.empty()) return;
  if (!scheduleFlush) return sendToAll(changed);
  bool wasEmpty = pending_.empty();
  pending_.insert(pending_.end(), changed.begin(), changed.end());
  if (wasEmpty) scheduleFlush();
}

void RouteExchange::flush() {
  if (pending_.empty()) return;
  // A route that changed several times is sent once, as it is now.
  std::vector<RouteId> changed = takeUnique(pending_);
  sendToAll(changed);
}

void RouteExchange::sendQueueDrained(ExchangePeer& peer) {
  // A slice at a time: the UPDATEs of one slice are all in memory until the peer reads them,
  // and the next slice goes when it has (bench/bgp: 64k routes keep the peak RSS of a
  // million-route table where it was; the whole backlog at once took 40% more).
  sendWaiting(peer, kRoutesPerDrain);
}

void RouteExchange::sendWaiting(ExchangePeer& peer, size_t limit) {
  PeerRoutes* to = routesOf(peer);
  if (!to || !peer.ready() || to->waiting.empty() || holdsAnnouncements(*to)) return;
  // As the routes are now; restarts the MRAI timer if it announces any.
  advertise(*to, to->waiting.take(limit));
}

bool RouteExchange::holdsAnnouncements(const PeerRoutes& to) const {
  return (to.mraiTimer && to.mraiTimer->running()) || to.peer->sendBacklogged();
}

void RouteExchange::sendToAll(const std::vector<RouteId>& changed) {
  for (auto& p : peers_)
    if (p.peer->ready()) advertise(p, changed);
  // Every ready peer has been told of the withdrawals; peers not ready hold no routes.
  locRib_.collectEmpty();
}

policy::SessionContext RouteExchange::sessionWith(const ExchangePeer& peer) const {
  return {localAs_, peer.source().peerAs, peer.source().ebgp};
}

policy::RouteFrom RouteExchange::routeFrom(const RouteSource& source) const {
  if (source.local) return {true, std::nullopt};
  for (const auto& p : peers_)
    if (&p.peer->source() == &source) return {false, p.peer->policy().role};
  return {};
}

std::optional<PathAttributes> RouteExchange::exportAttributes(const Path& best, Family family,
                                                              const ExchangePeer& to) const {
  const RouteSource& target = to.source();
  const RouteSource& from = *best.source;
  if (&from == &target) return std::nullopt;  // never back to the peer it came from
  bool toEbgp = target.ebgp;
  // RFC 4271 §9.2.1 (split horizon): iBGP-learned routes are not sent to iBGP peers, except
  // as route reflection allows (RFC 4456 §6).
  bool reflecting = isIbgpToIbgp(from, target);
  if (reflecting && !mayReflect(from, target)) return std::nullopt;

  PathAttributes out = best.attrs();
  if (reflecting) {
    addReflectionAttributes(out, from, reflector_);
  } else {
    stripReflectionAttributes(out);
  }
  out.mpReach.reset();
  out.mpUnreach.reset();
  out.nextHop.reset();
  if (toEbgp) {
    // §5.1.2: prepend our AS; §5.1.5: no LOCAL_PREF to eBGP; §5.1.4: a MED received from
    // another AS is not passed on to other ASes.
    if (!out.asPath) out.asPath = AsPath{};
    policy::prependAs(*out.asPath, localAs_, 1);
    out.localPref.reset();
    if (!from.local) out.med.reset();
  } else if (!out.localPref) {
    out.localPref = 100;  // §5.1.5: LOCAL_PREF in every UPDATE to an internal peer
  }
  // §5.1.3: next hop self towards eBGP peers; an iBGP peer gets the eBGP next hop unchanged.
  // Our own routes use their configured next hop, else self.
  IpAddress nextHop = best.attributes->nextHop();
  bool useSelf = from.local ? nextHop.isUnspecified() || nextHop.family() != family : toEbgp;
  if (useSelf) {
    auto self = to.selfNextHop(family);
    if (!self) return std::nullopt;
    nextHop = *self;
  }
  setNextHop(out, family, nextHop);
  return out;
}

bool RouteExchange::exportPrefix(const Prefix& prefix, ExportGroup& group,
                                 const ExchangePeer& to) const {
  auto result =
      policy::exportRoute(to.policy(), sessionWith(to), group.from, prefix, *group.attributes);
  if (!result.accepted) return false;
  const policy::PolicyRoute& route = result.route;
  if (!route.attributes.modified() && !route.nextHopSelf) {
    group.prefixes.push_back(prefix);
    return true;
  }
  PathAttributes out = route.attributes.get();
  if (route.nextHopSelf) {
    auto self = to.selfNextHop(prefix.family());
    if (!self) return false;
    setNextHop(out, prefix.family(), *self);
  }
  if (to.source().ebgp) out.localPref.reset();  // §5.1.5, whatever the filter set
  if (out == *group.attributes) {
    group.prefixes.push_back(prefix);
    return true;
  }
  for (auto& [attributes, prefixes] : group.changed)
    if (attributes == out) {
      prefixes.push_back(prefix);
      return true;
    }
  group.changed.emplace_back(std::move(out), std::vector<Prefix>{prefix});
  return true;
}

void RouteExchange::advertise(PeerRoutes& to, const std::vector<RouteId>& routes) {
  // §9.2.1.1: while the MRAI timer runs, announcements wait (and the peer is not yet told of
  // them); withdrawals go at once. So they do while the peer has not read what it was sent:
  // held, they pack into fewer UPDATEs, and a route that changes again is sent once.
  bool hold = holdsAnnouncements(to);
  std::vector<Prefix> withdrawn;
  // The groups in the order their first route came, found by (attributes, source, family).
  std::vector<ExportGroup>& groups = exportGroups_;
  auto& groupOf = exportGroupOf_;
  groups.clear();
  groupOf.clear();
  // A peer we send nothing to (an export filter that rejects all) only hears withdrawals of
  // what it was told before its policy changed.
  bool exportsNothing = policy::rejectsEverything(to.peer->policy().exportFilter);
  for (RouteId id : routes) {
    const Prefix& prefix = locRib_.prefixAt(id);
    auto selected = locRib_.selectedAt(id);
    if (!selected.empty() && !exportsNothing) {
      const Path& best = selected.front();
      auto key = std::make_tuple(best.attributes.get(), best.source, prefix.family());
      auto [it, inserted] = groupOf.try_emplace(key, groups.size());
      if (inserted) {
        groups.push_back({exportAttributes(best, prefix.family(), *to.peer),
                          routeFrom(*best.source), {}, {}});
      }
      ExportGroup& group = groups[it->second];
      if (group.attributes && exportPrefix(prefix, group, *to.peer)) {
        if (hold) {
          to.waiting.push(id);
        } else {
          to.advertised.insert(id);
        }
        continue;
      }
    }
    if (to.advertised.erase(id)) withdrawn.push_back(prefix);
  }
  // Each exported set goes in as few UPDATEs as fit (§9.2).
  CodecOptions options = to.peer->codecOptions();
  std::vector<Bytes> messages;
  if (!withdrawn.empty()) messages = packUpdates(withdrawn, {}, {}, options);
  auto pack = [&](const PathAttributes& attributes, const std::vector<Prefix>& group) {
    if (group.empty()) return;
    auto packed = packUpdates({}, attributes, group, options);
    std::move(packed.begin(), packed.end(), std::back_inserter(messages));
  };
  size_t withdrawals = messages.size();
  for (const ExportGroup& group : groups) {
    if (!group.attributes || hold) continue;
    pack(*group.attributes, group.prefixes);
    for (const auto& [attributes, changed] : group.changed) pack(attributes, changed);
  }
  if (messages.size() > withdrawals && to.mraiTimer) to.mraiTimer->start(to.peer->mrai());
  if (!messages.empty()) to.peer->send(std::move(messages));
}

}  // namespace anycast::bgp
