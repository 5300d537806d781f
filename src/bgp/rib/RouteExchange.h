// RouteExchange: what a BGP router does between its sessions — routes received go into the
// Loc-RIB, the decision process picks the best per prefix, and every change is sent to the
// other peers with the attributes the RFCs prescribe. RFC 4271 §9.1 (phases 1-3), §9.1.3 and
// §9.2 (Adj-RIB-Out, UPDATE packing), §5.1.2-§5.1.5 (AS_PATH prepend, NEXT_HOP, MED and
// LOCAL_PREF on eBGP/iBGP), §9.2.1 split horizon for iBGP as relaxed by route reflection
// (RFC 4456 §6, §8: see RouteReflection.h), RFC 1997 NO_EXPORT/NO_ADVERTISE.
// RFC 4271 §9.2.1.1 MinRouteAdvertisementInterval per peer (default 0 = off): after routes are
// announced to a peer, further announcements to it wait until the interval has passed and go
// out then, as they are at that moment; withdrawals are never delayed.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "base/Bytes.h"
#include "base/Clock.h"
#include "bgp/policy/PeerPolicy.h"
#include "bgp/rib/AttributeStore.h"
#include "bgp/rib/LocRib.h"
#include "bgp/rib/PrefixTable.h"
#include "bgp/rib/RouteBitmap.h"
#include "bgp/rib/RouteQueue.h"
#include "bgp/rib/RouteReflection.h"
#include "bgp/wire/CodecOptions.h"
#include "bgp/wire/UpdateMessage.h"

namespace anycast::bgp {

// One peer as the exchange sees it. The owner (the daemon) keeps it alive while attached.
class ExchangePeer {
 public:
  virtual ~ExchangePeer() = default;
  virtual const std::string& name() const = 0;
  // Identity used by the decision process for routes learned from this peer; its peerAs and
  // ebgp describe the session to the policy too.
  virtual const RouteSource& source() const = 0;
  // Import and export policy of the session. Its role is our role toward this peer: the role
  // every route learned from it was learned over (valley-free export asks it).
  virtual const policy::PeerPolicy& policy() const = 0;
  // Whether routes may be sent now (the session is Established).
  virtual bool ready() const = 0;
  virtual CodecOptions codecOptions() const = 0;
  // next-hop-self for this session, per family (RFC 4271 §5.1.3); unset = cannot send it.
  virtual std::optional<IpAddress> selfNextHop(Family family) const = 0;
  virtual void send(std::vector<Bytes> messages) = 0;
  // Whether UPDATEs already given to send() are still waiting to leave: while they are, new
  // announcements wait too (and pack into fewer UPDATEs), until sendQueueDrained().
  virtual bool sendBacklogged() const { return false; }
  // RFC 4271 §9.2.1.1 MinRouteAdvertisementInterval towards this peer; zero = off.
  virtual Duration mrai() const { return Duration::zero(); }
  // Soft reconfiguration inbound: keep the peer's routes as received, before import policy
  // (the pre-policy Adj-RIB-In, RFC 4271 §3.2), so policy can be re-run without the peer.
  virtual bool keepsReceived() const { return false; }
};

class RouteExchange {
 public:
  // `timers` runs the MRAI timers; without it MRAI is off for every peer. `reachable` says
  // whether a learned route's next hop resolves (RFC 4271 §9.1.2.1); unset, every one does.
  explicit RouteExchange(uint32_t localAs, DecisionOptions decision = {},
                         TimerFactory* timers = nullptr, NextHopReachable reachable = {});

  // Our router id and cluster id (RFC 4456 §7; 0 = the router id), used to reflect routes
  // between iBGP peers whose source() is marked rrClient and to drop reflection loops. Unset,
  // no loop is detected; reflection still follows each peer's rrClient.
  void setReflectorIds(uint32_t routerId, uint32_t clusterId = 0);
  const ReflectorIds& reflectorIds() const { return reflector_; }
  // UPDATEs from `peer` in its current session whose routes were ignored as loops — our AS in
  // AS_PATH (RFC 4271 §9.1.2) or a reflection loop (RFC 4456 §8). The first is logged, the
  // others only counted.
  size_t loopedUpdatesFrom(const ExchangePeer& peer) const;

  // A route as the peer sent it, before import policy (soft reconfiguration).
  struct ReceivedRoute {
    AttrHandle attributes;
    NlriField field = NlriField::kNlri;
  };
  // `peer`'s routes as received; null unless it keeps them (keepsReceived()).
  const PrefixTable<ReceivedRoute>* receivedFrom(const ExchangePeer& peer) const;

  void attach(ExchangePeer& peer);
  void detach(ExchangePeer& peer);  // withdraws its routes first

  // How many prefixes a peer announces to us now, [0] IPv4 and [1] IPv6.
  using LearnedCounts = std::array<size_t, 2>;
  // RFC 4271 §9: withdrawals first, then announcements, then dissemination of the changes.
  // Returns `from`'s counts after the UPDATE (for max-prefix, RFC 4486).
  LearnedCounts received(ExchangePeer& from, const UpdateMessage& update);
  // The session came up: send it the whole table (§9.1.3 initial exchange).
  void peerUp(ExchangePeer& peer);
  // The session went down: every route learned from it is withdrawn (§8.2.2, §9.1).
  void peerDown(ExchangePeer& peer);
  // RFC 2918 §4: the peer asked for the routes of `family` again (ROUTE-REFRESH): its
  // Adj-RIB-Out of that family is sent anew.
  void resend(ExchangePeer& peer, Family family);
  // The peer's earlier UPDATEs have left (it is no longer sendBacklogged()): the announcements
  // held back meanwhile go now, each route as it is now, packed together.
  void sendQueueDrained(ExchangePeer& peer);
  // Runs `peer`'s import policy again over its routes as received (soft reconfiguration);
  // false when the peer does not keep them.
  bool reimport(ExchangePeer& peer);

  // The answer of `reachable` changed for the next hops `changed` names: routes through them
  // are selected again, and the changes sent and reported (onSelectionChanged also for routes
  // whose selection stays but goes through them, as their forwarding may have moved).
  void nextHopsChanged(const std::function<bool(const IpAddress&)>& changed);

  // Routes this router originates (site services, static announcements).
  void originate(const Prefix& prefix, const PathAttributes& attributes);
  // False when `prefix` was not originated.
  bool stopOriginating(const Prefix& prefix);
  size_t originatedCount() const { return originated_; }

  const LocRib& locRib() const { return locRib_; }
  const AttributeStore& attributeStore() const { return store_; }
  // How many prefixes `peer`'s Adj-RIB-Out holds (what it was last told).
  size_t advertisedTo(const ExchangePeer& peer) const;
  // How many prefixes `peer` announces to us now (its Adj-RIB-In), all families or one.
  size_t learnedFrom(const ExchangePeer& peer) const;
  size_t learnedFrom(const ExchangePeer& peer, Family family) const;

  // Batching: when set, changes are collected and this is called once when the first one is
  // pending; the owner then calls flush() (e.g. on the next event-loop turn), so that every
  // UPDATE read in one go is sent on as few, fuller UPDATEs as possible. Unset: every change is
  // sent at once.
  std::function<void()> scheduleFlush;
  void flush();

  // Called for every prefix whose selection (best or ECMP set) changed, e.g. to program the FIB.
  std::function<void(const Prefix&, std::span<const Path> selected)> onSelectionChanged;

 private:
  struct PeerRoutes {
    ExchangePeer* peer;
    // The Adj-RIB-In is the peer's paths in the Loc-RIB; here only their count per family.
    LearnedCounts learned{};
    RouteBitmap advertised;            // Adj-RIB-Out: the routes it was last told about
    std::unique_ptr<Timer> mraiTimer;  // running: announcements to the peer wait
    // Routes changed while announcements waited (MRAI, send backlog), sent when they may.
    RouteQueue waiting;
    size_t loopedUpdates = 0;                              // in this session
    std::unique_ptr<PrefixTable<ReceivedRoute>> received;  // pre-policy, when kept
  };

  // Prefixes whose best shares one attribute set and source: their §5.1 attributes, computed
  // once, and the prefixes the export policy sends with them unchanged or, per distinct result,
  // changed.
  struct ExportGroup {
    std::optional<PathAttributes> attributes;  // unset: not sent to this peer
    policy::RouteFrom from;
    std::vector<Prefix> prefixes;
    std::vector<std::pair<PathAttributes, std::vector<Prefix>>> changed;
  };

  // Reports the change to the FIB, counts the paths of `from` and queues the prefix to be
  // sent when its best moved.
  void applyChange(PeerRoutes* from, const Prefix& prefix, const RibChange& change,
                   std::vector<RouteId>& changed);
  // Sends the current best of each route in `routes` (or its withdrawal) to `to`.
  void advertise(PeerRoutes& to, const std::vector<RouteId>& routes);
  // The attributes `best` (a route of `family`) is sent with to `to` by the RFC 4271 §5.1
  // rules, before export policy; nothing when it must not be sent. Once per attribute set.
  std::optional<PathAttributes> exportAttributes(const Path& best, Family family,
                                                 const ExchangePeer& to) const;
  // Runs `to`'s export policy on `prefix` and files it in `group` under the attributes it is
  // sent with; false when the policy rejects it (or wants a next-hop self `to` lacks).
  bool exportPrefix(const Prefix& prefix, ExportGroup& group, const ExchangePeer& to) const;
  policy::SessionContext sessionWith(const ExchangePeer& peer) const;
  // Where routes of `source` came from, for valley-free export.
  policy::RouteFrom routeFrom(const RouteSource& source) const;
  // Sends (up to `limit` of) the routes held back for `peer` by MRAI or a send backlog, unless
  // still held.
  void sendWaiting(ExchangePeer& peer, size_t limit);
  bool holdsAnnouncements(const PeerRoutes& to) const;
  // Starts loading the Loc-RIB index entries of every prefix `update` names.
  void prefetch(const UpdateMessage& update) const;
  // Import policy for one route of `from` (RFC 4271 §9.1.1): accepted, it replaces the
  // peer's path in the Loc-RIB; rejected or `looped`, it withdraws that path.
  void importRoute(PeerRoutes& from, const Prefix& prefix, const AttrHandle& received,
                   NlriField field, bool looped, std::vector<RouteId>& changed);
  // Why the routes of a received UPDATE came back to us; nullopt when they did not.
  std::optional<std::string> loopIn(const PathAttributes& attributes) const;
  // Counts a looped UPDATE from `from`; logs the first of the session.
  void noteLoop(PeerRoutes& from, const std::string& why);
  void disseminate(std::vector<RouteId> changed);
  // Sends `changed` (no repeats) to every ready peer; then the emptied routes can go.
  void sendToAll(const std::vector<RouteId>& changed);
  PeerRoutes* routesOf(const ExchangePeer& peer);
  const PeerRoutes* routesOf(const ExchangePeer& peer) const;

  uint32_t localAs_;
  ReflectorIds reflector_;
  TimerFactory* timers_;
  AttributeStore store_;
  LocRib locRib_;
  RouteSource localSource_;
  std::vector<PeerRoutes> peers_;
  size_t originated_ = 0;         // our own paths in the Loc-RIB
  std::vector<RouteId> pending_;  // changed routes not yet sent (may repeat)
  // advertise()'s groups, kept between calls so that their memory is reused rather than
  // mapped afresh for every batch (page faults were a tenth of the router's time).
  std::vector<ExportGroup> exportGroups_;
  absl::flat_hash_map<std::tuple<const StoredAttributes*, const RouteSource*, Family>, size_t>
      exportGroupOf_;
};

}  // namespace anycast::bgp
