#include "daemon/Daemon.h"

#include "base/Log.h"
#include "bgp/session/AsioTimers.h"
#include "config/ConfigLoader.h"
#include "config/ValueParsers.h"

namespace anycast::daemon {

using nlohmann::json;

namespace {

json asPathJson(const bgp::AsPath& path) {
  json out = json::array();
  for (const auto& seg : path.segments) {
    if (seg.type == bgp::AsPathSegment::kSequence) {
      for (auto as : seg.asns) out.push_back(as);
    } else {
      out.push_back(seg.asns);  // an AS_SET (or confederation segment) as a nested list
    }
  }
  return out;
}

json routeJson(const Prefix& prefix, const std::string& peer, const bgp::Path& path) {
  const auto& a = path.attrs();
  json r{{"prefix", prefix.str()}, {"peer", peer}, {"next-hop", path.attributes->nextHop().str()}};
  r["as-path"] = a.asPath ? asPathJson(*a.asPath) : json::array();
  r["origin"] = a.origin ? bgp::originName(*a.origin) : "incomplete";
  if (a.med) r["med"] = *a.med;
  if (a.localPref) r["local-pref"] = *a.localPref;
  r["communities"] = json::array();
  for (auto c : a.communities) r["communities"].push_back(bgp::communityStr(c));
  r["large-communities"] = json::array();
  for (const auto& c : a.largeCommunities)
    r["large-communities"].push_back(bgp::largeCommunityStr(c));
  if (a.atomicAggregate) r["atomic-aggregate"] = true;
  // RFC 4456 §8: set on routes reflected to us; ids shown in dotted-quad form.
  if (a.originatorId) r["originator-id"] = IpAddress::v4(*a.originatorId).str();
  if (!a.clusterList.empty()) {
    r["cluster-list"] = json::array();
    for (uint32_t id : a.clusterList) r["cluster-list"].push_back(IpAddress::v4(id).str());
  }
  return r;
}

long uptimeSeconds(const bgp::PeerInfo& info) {
  if (!info.establishedSince) return 0;
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                          *info.establishedSince)
      .count();
}

std::string notificationText(const bgp::NotificationMessage& n) {
  std::string text = bgp::errorName(n.code, n.subcode);
  auto message = n.shutdownCommunication();
  if (!message.empty()) text += ": \"" + message + "\"";
  return text;
}

// The request's "prefix" field, or an error naming the command.
Result<Prefix> prefixField(const json& request, const std::string& command) {
  auto prefix = Prefix::parse(request.value("prefix", std::string()));
  if (!prefix) return failWith(command + ": \"prefix\" must be a prefix such as 192.0.2.0/24");
  return *prefix;
}

}  // namespace

Daemon::Daemon(asio::io_context& io, config::DaemonConfig config)
    : io_(io),
      config_(std::move(config)),
      timers_(std::make_unique<bgp::AsioTimerFactory>(io)),
      exchange_(config_.router.as,
                {.alwaysCompareMed = config_.router.alwaysCompareMed,
                 .maxPaths = config_.router.multipath},
                timers_.get(), [this](const IpAddress& nextHop) {
                  return !nextHops_ || nextHops_->resolver().reachable(nextHop);
                }) {
  // Everything decoded from one read is handled before the changes go out (§9.2 packing).
  exchange_.scheduleFlush = [this] { asio::post(io_, [this] { exchange_.flush(); }); };
  // RFC 4456 §7: the cluster id is the router id unless configured.
  exchange_.setReflectorIds(config_.router.routerId.v4HostOrder(),
                            config_.router.clusterId.value_or(0));
}

Daemon::~Daemon() {
  exchange_.scheduleFlush = nullptr;
  exchange_.onSelectionChanged = nullptr;
  closeListeners();
  for (auto& p : peers_) exchange_.detach(*p);
}

void Daemon::closeListeners() {
  for (auto& listener : listeners_)
    for (auto& p : peers_) listener->removePeer(p->session());
  listeners_.clear();
}

void Daemon::start() {
  startedAt_ = std::chrono::steady_clock::now();
  for (const auto& peer : config_.peers) createPeer(peer);
  if (config_.kernel || config_.router.nextHopTracking || !config_.services.empty()) openNetlink();
  if (config_.router.nextHopTracking) trackNextHops();
  if (config_.kernel) openKernelFib();
  for (const auto& a : config_.announce) originate(a);
  if (!config_.services.empty()) startSite(config_.services);
  for (const auto& endpoint : config_.router.listen) {
    auto listener = std::make_unique<bgp::Listener>(io_, endpoint.address, endpoint.port);
    if (auto opened = listener->open(); !opened.ok())
      throw std::runtime_error("listen on " + endpoint.str() + ": " + opened.error().message);
    for (auto& p : peers_)
      if (auto added = listener->addPeer(p->session()); !added.ok())
        throw std::runtime_error("peer " + p->name() + ": " + added.error().message);
    listeners_.push_back(std::move(listener));
  }
  control_ = std::make_unique<control::ControlServer>(
      io_, config_.control.socket, config_.control.mode,
      [this](const json& request) { return handleCommand(request); });
  if (config_.control.metrics) openMetrics();
  for (auto& p : peers_) p->session().start();
  LOG_INFO("daemon-started", LogFields()
                                 .kv("as", config_.router.as)
                                 .kv("router-id", config_.router.routerId.str())
                                 .kv("peers", peers_.size())
                                 .kv("originated", exchange_.originatedCount()));
}

void Daemon::openNetlink() {
  auto socket = fib::NetlinkSocket::open();
  if (!socket.ok()) throw std::runtime_error("netlink: " + socket.error().text);
  netlink_ = std::move(socket.value());
}

void Daemon::trackNextHops() {
  fib::NextHopResolverConfig resolution{
      .ownProtocol = config_.kernel ? config_.kernel->protocol : fib::kProtocolAnycast,
      .resolveViaDefault = config_.router.resolveViaDefault};
  nextHops_ = std::make_unique<NextHopTracking>(
      io_, *timers_, *netlink_, resolution, [this](const std::vector<IpAddress>& changed) {
        exchange_.nextHopsChanged([&](const IpAddress& nextHop) {
          return std::find(changed.begin(), changed.end(), nextHop) != changed.end();
        });
      });
}

void Daemon::openKernelFib() {
  fib_ = std::make_unique<fib::KernelFib>(*netlink_, *timers_, *config_.kernel);
  exchange_.onSelectionChanged = [this](const Prefix& prefix, std::span<const bgp::Path> selected) {
    programFib(prefix, selected);
  };
}

void Daemon::programFib(const Prefix& prefix, std::span<const bgp::Path> selected) {
  fib::FibRoute route{prefix, {}};
  for (const auto& path : selected) {
    // Our own prefixes are delivered locally (the service address is on an interface).
    if (path.source->local) break;
    const IpAddress& nextHop = path.attributes->nextHop();
    if (!nextHops_) {
      route.nextHops.push_back(fib::NextHop{nextHop, 0});
      continue;
    }
    // A next hop that is not on a connected network is forwarded to through the gateways of
    // the route that covers it (recursive resolution, RFC 4271 §9.1.2.1 "immediate next hop").
    for (const auto& hop : nextHops_->resolver().resolve(nextHop).via)
      route.nextHops.push_back(hop);
  }
  fib_->install(route);  // no next hops (none selected, or ours) removes the route
}

DaemonPeer& Daemon::createPeer(const config::NeighbourConfig& config) {
  peers_.push_back(std::make_unique<DaemonPeer>(
      std::make_unique<bgp::Peer>(io_, config.session, *this, *timers_), config));
  exchange_.attach(*peers_.back());
  return *peers_.back();
}

void Daemon::retirePeer(std::unique_ptr<DaemonPeer> peer, const std::string& why) {
  for (auto& listener : listeners_) listener->removePeer(peer->session());
  exchange_.detach(*peer);  // its routes are withdrawn from the others first
  peer->session().stop(bgp::NotificationMessage::cease(bgp::subcode::kAdministrativeReset, why));
  // Kept a moment so the NOTIFICATION is written, then destroyed.
  after(std::chrono::seconds(1), [retired = std::shared_ptr<DaemonPeer>(std::move(peer))] {});
}

void Daemon::after(Duration delay, std::function<void()> fn) {
  auto timer = std::make_shared<asio::steady_timer>(io_, delay);
  timer->async_wait([timer, fn = std::move(fn)](std::error_code) { fn(); });
}

Result<json> Daemon::reload() {
  auto loaded = config::loadConfigFile(config_.path);
  auto refuse = [](const std::string& why) {
    LOG_WARN("reload-refused", LogFields().kv("reason", why));
    return failWith("reload refused, the running config is kept: " + why);
  };
  if (!loaded) return refuse(loaded.error().str());
  config::DaemonConfig next = std::move(loaded.value());
  if (next.router != config_.router) return refuse("the router section changed: restart to apply");
  if (next.kernel != config_.kernel) return refuse("the kernel section changed: restart to apply");
  if (next.control != config_.control)
    return refuse("the control section changed: restart to apply");
  json done{{"peers", reloadPeers(next.peers)},
            {"announce", reloadAnnouncements(next.announce)},
            {"services", reloadServices(next.services)}};
  setLogLevel(next.log.level);
  config_ = std::move(next);
  LOG_INFO("reloaded", LogFields().kv("file", config_.path).kv("changes", done.dump()));
  auto zones = reloadZones(done["services"]);
  if (!zones) return failWith("the config was reloaded, but " + zones.error().message);
  if (!zones->empty()) done["dns"] = std::move(zones.value());
  return done;
}

Result<json> Daemon::reloadZones(const json& services) {
  if (!dns_) return json::object();
  std::vector<std::string> started;
  for (const char* fresh : {"added", "replaced"})
    for (const auto& name : services.value(fresh, json::array()))
      started.push_back(name.get<std::string>());
  return dns_->reload(*site_, started);
}

json Daemon::reloadPeers(const std::vector<config::NeighbourConfig>& next) {
  json out{{"added", json::array()}, {"removed", json::array()}, {"reset", json::array()}};
  auto configOf = [&](const std::string& name) {
    return std::find_if(next.begin(), next.end(),
                        [&](const auto& c) { return c.session.name == name; });
  };
  // Gone or changed: stopped (Cease/Administrative Reset) and retired; unchanged: untouched.
  for (auto it = peers_.begin(); it != peers_.end();) {
    auto config = configOf((*it)->name());
    if (config != next.end() && config->fingerprint == (*it)->fingerprint()) {
      ++it;
      continue;
    }
    bool gone = config == next.end();
    out[gone ? "removed" : "reset"].push_back((*it)->name());
    // Out of peers_ before it is stopped: stopping calls back into the daemon (onDown).
    std::unique_ptr<DaemonPeer> peer = std::move(*it);
    it = peers_.erase(it);
    retirePeer(std::move(peer), gone ? "peer removed from the config" : "peer reconfigured");
  }
  for (const auto& config : next) {
    if (findPeer(config.session.name)) continue;
    const auto& reset = out["reset"];
    if (std::find(reset.begin(), reset.end(), config.session.name) == reset.end())
      out["added"].push_back(config.session.name);
    DaemonPeer& p = createPeer(config);
    for (auto& listener : listeners_)
      if (auto added = listener->addPeer(p.session()); !added.ok())
        LOG_WARN("reload-listener",
                 LogFields().kv("peer", p.name()).kv("error", added.error().message));
    p.session().start();
  }
  return out;
}

json Daemon::reloadAnnouncements(const std::vector<config::Announcement>& next) {
  json out{{"added", json::array()}, {"removed", json::array()}, {"changed", json::array()}};
  for (const auto& old : config_.announce) {
    auto now = std::find_if(next.begin(), next.end(),
                            [&](const auto& a) { return a.prefix == old.prefix; });
    if (now == next.end()) {
      exchange_.stopOriginating(old.prefix);
      out["removed"].push_back(old.prefix.str());
    }
  }
  for (const auto& a : next) {
    auto before = std::find_if(config_.announce.begin(), config_.announce.end(),
                               [&](const auto& old) { return old.prefix == a.prefix; });
    if (before != config_.announce.end() && *before == a) continue;
    out[before == config_.announce.end() ? "added" : "changed"].push_back(a.prefix.str());
    originate(a);
  }
  return out;
}

json Daemon::reloadServices(const std::vector<site::ServiceConfig>& next) {
  if (!site_ && next.empty()) return json::object();
  if (!site_) {
    if (!netlink_) openNetlink();
    startSite({});
  }
  auto changes = site_->reconfigure(next);
  return json{
      {"added", changes.added}, {"removed", changes.removed}, {"replaced", changes.replaced}};
}

void Daemon::startSite(std::vector<site::ServiceConfig> services) {
  addresses_ = std::make_unique<fib::KernelAddresses>(*netlink_);
  dns_ = std::make_unique<EmbeddedDns>(clock_);
  site_ = std::make_unique<site::SiteController>(
      site::SiteController::Environment{io_, *timers_, clock_, *this, addresses_.get(), dns_.get()},
      config_.router.as, std::move(services));
  site_->start();
}

void Daemon::originate(const Prefix& prefix, const bgp::PathAttributes& attributes) {
  exchange_.originate(prefix, attributes);
}

void Daemon::stopOriginating(const Prefix& prefix) { exchange_.stopOriginating(prefix); }

void Daemon::whenSent(std::function<void()> done) {
  exchange_.flush();  // the changes leave the exchange now, not on the next loop turn
  pollUnsent(std::move(done), 400);
}

void Daemon::pollUnsent(std::function<void()> done, int attemptsLeft) {
  bool pending = std::any_of(peers_.begin(), peers_.end(),
                             [](const auto& p) { return p->session().unsentBytes() > 0; });
  if (!pending || attemptsLeft <= 0) return done();
  // Every 5 ms, up to 2 s: a peer that does not read must not hold up an address removal.
  after(std::chrono::milliseconds(5), [this, done = std::move(done), attemptsLeft]() mutable {
    pollUnsent(std::move(done), attemptsLeft - 1);
  });
}

void Daemon::shutdown(std::function<void()> done) {
  // The services first (withdrawals sent, then their addresses off), then the sessions.
  if (!site_) return stopSessions(std::move(done));
  site_->stop(config_.withdrawOnExit,
              [this, done = std::move(done)]() mutable { stopSessions(std::move(done)); });
}

void Daemon::stopSessions(std::function<void()> done) {
  if (fib_) fib_->flush();  // clean shutdown: our routes leave the kernel with us
  for (auto& p : peers_)
    p->session().stop(bgp::NotificationMessage::cease(bgp::subcode::kAdministrativeShutdown,
                                                      "anycastd shutting down"));
  control_.reset();
  metrics_.reset();
  closeListeners();
  // Give the NOTIFICATIONs a moment to be written before the loop stops.
  after(std::chrono::milliseconds(200), std::move(done));
}

void Daemon::originate(const config::Announcement& a) {
  bgp::PathAttributes attrs;
  attrs.origin = bgp::Origin::kIgp;
  attrs.asPath = bgp::AsPath{};
  attrs.med = a.med;
  attrs.communities = a.communities;
  attrs.largeCommunities = a.largeCommunities;
  if (a.nextHop && a.prefix.family() == Family::kV4) attrs.nextHop = a.nextHop;
  if (a.nextHop && a.prefix.family() == Family::kV6)
    attrs.mpReach = bgp::MpReach{bgp::kAfiIpv6, bgp::kSafiUnicast, *a.nextHop, std::nullopt, {}};
  exchange_.originate(a.prefix, attrs);
}

void Daemon::onEstablished(bgp::Peer& peer) {
  DaemonPeer* p = peerOf(peer);
  if (!p) return;
  p->established();
  exchange_.peerUp(*p);
}

bgp::AnnouncedPrefixes Daemon::onUpdate(bgp::Peer& peer, const bgp::DecodedUpdate& decoded) {
  DaemonPeer* p = peerOf(peer);
  if (!p) return {};
  // RFC 7606 treat-as-withdraw: the decoder already moved the prefixes to the withdrawn lists.
  auto [ipv4, ipv6] = exchange_.received(*p, decoded.update);
  return {ipv4, ipv6};
}

void Daemon::onDown(bgp::Peer& peer, const std::string& reason) {
  DaemonPeer* p = peerOf(peer);
  if (!p) return;
  // RFC 4271 §8.2.2: all routes learned over a closed session are removed.
  size_t lost = exchange_.learnedFrom(*p);
  exchange_.peerDown(*p);
  LOG_INFO("peer-routes-flushed",
           LogFields().kv("peer", peer.name()).kv("routes", lost).kv("reason", reason));
}

void Daemon::onRouteRefresh(bgp::Peer& peer, const bgp::RouteRefreshMessage& request) {
  DaemonPeer* p = peerOf(peer);
  if (!p) return;
  // RFC 2918 §4 (RFC 7313 BoRR/EoRR markers are not acted on): only unicast is served.
  std::optional<Family> family;
  if (request.safi == bgp::kSafiUnicast && request.afi == bgp::kAfiIpv4) family = Family::kV4;
  if (request.safi == bgp::kSafiUnicast && request.afi == bgp::kAfiIpv6) family = Family::kV6;
  if (!family || request.subtype != 0) {
    LOG_INFO("bgp.route_refresh.ignored", LogFields()
                                              .kv("peer", peer.name())
                                              .kv("afi", request.afi)
                                              .kv("safi", request.safi)
                                              .kv("subtype", request.subtype));
    return;
  }
  LOG_INFO("bgp.route_refresh", LogFields().kv("peer", peer.name()).kv("afi", request.afi));
  exchange_.resend(*p, *family);
}

void Daemon::onSendQueueDrained(bgp::Peer& peer) {
  if (DaemonPeer* p = peerOf(peer)) exchange_.sendQueueDrained(*p);
}

DaemonPeer* Daemon::peerOf(const bgp::Peer& session) {
  for (auto& p : peers_)
    if (&p->session() == &session) return p.get();
  return nullptr;
}

DaemonPeer* Daemon::findPeer(const std::string& name) {
  for (auto& p : peers_)
    if (p->name() == name) return p.get();
  return nullptr;
}

json Daemon::nextHopsJson() const {
  json out = json::array();
  if (!nextHops_) return out;
  nextHops_->resolver().forEach([&](const IpAddress& nextHop, const fib::Resolution& r) {
    json via = json::array();
    for (const auto& hop : r.via)
      via.push_back(hop.gateway.str() +
                    (hop.ifindex ? " ifindex " + std::to_string(hop.ifindex) : ""));
    out.push_back(
        {{"next-hop", nextHop.str()}, {"reachable", r.reachable}, {"via", via}, {"why", r.why}});
  });
  std::sort(out.begin(), out.end(),
            [](const json& a, const json& b) { return a["next-hop"] < b["next-hop"]; });
  return out;
}

namespace {

json checksJson(const health::ServiceHealth& health) {
  json out = json::array();
  for (const auto& check : health.checks()) {
    const health::CheckStats& stats = check->stats();
    out.push_back(
        {{"name", check->name()},
         {"kind", health::kindName(check->config().kind)},
         {"state", health::stateName(stats.state)},
         {"ok", stats.last.ok},
         {"detail", stats.last.detail},
         {"latency-ms", std::chrono::duration<double, std::milli>(stats.last.latency).count()},
         {"successes", stats.successes},
         {"failures", stats.failures},
         {"transitions", stats.transitions}});
  }
  return out;
}

json serviceJsonOf(const site::Service& s, bool detail) {
  const site::ServiceState& state = s.state();
  json out{{"name", s.name()},
           {"state", site::statusName(state.status())},
           {"announce", site::announcementName(state.announcement())},
           {"health", health::stateName(s.health().state())},
           {"reason", state.reason()},
           {"prefixes", json::array()}};
  for (const Prefix& p : s.config().prefixes) out["prefixes"].push_back(p.str());
  if (!detail) return out;
  out["addresses-added"] = json::array();
  for (const Prefix& a : s.addressesAdded()) out["addresses-added"].push_back(a.str());
  out["interface"] = s.config().interface;
  out["flaps"] = state.flaps();
  out["hold-down-left-ms"] = state.holdDownLeft().count();
  out["drain-left-ms"] = state.drainLeft().count();
  out["transitions"] = state.transitions();
  out["announcements"] = s.announcements();
  out["withdrawals"] = s.withdrawals();
  out["checks"] = checksJson(s.health());
  if (s.overload()) out["overload-checks"] = checksJson(*s.overload());
  return out;
}

}  // namespace

json Daemon::servicesJson() const {
  json out = json::array();
  if (site_)
    for (const auto& s : site_->services()) out.push_back(serviceJsonOf(*s, false));
  return out;
}

Result<json> Daemon::serviceJson(const json& request) const {
  std::string name = request.value("service", std::string());
  const site::Service* s = site_ ? site_->find(name) : nullptr;
  if (!s) return failWith("service: no service \"" + name + "\"");
  json out = serviceJsonOf(*s, true);
  if (auto dns = dns_->serviceJson(name)) out["dns"] = std::move(*dns);
  return out;
}

Result<json> Daemon::drainService(const json& request) {
  std::string command = request.value("command", std::string());
  std::string name = request.value("service", std::string());
  if (!site_) return failWith(command + ": this daemon has no services");
  std::optional<Duration> duration;
  if (request.contains("for")) {
    duration = config::parseDuration(request.value("for", std::string()));
    if (!duration) return failWith("drain: --for must be a duration such as 30s, 2m or 0");
  }
  auto done = command == "drain" ? site_->drain(name, duration) : site_->undrain(name);
  if (!done) return failWith(command + ": " + done.error().message);
  return serviceJsonOf(*site_->find(name), false);
}

json Daemon::peersJson() const {
  json out = json::array();
  for (const auto& peer : peers_) {
    const auto& pc = peer->session().config();
    auto info = peer->session().info();
    json p{{"name", pc.name},
           {"address", pc.remoteAddress.str()},
           {"as", pc.remoteAs},
           {"state", bgp::stateName(peer->session().state())},
           {"uptime-seconds", uptimeSeconds(info)},
           {"prefixes-received", exchange_.learnedFrom(*peer)},
           {"prefixes-sent", exchange_.advertisedTo(*peer)},
           {"looped-updates", exchange_.loopedUpdatesFrom(*peer)},
           {"updates-received", info.received[bgp::MessageType::kUpdate]},
           {"updates-sent", info.sent[bgp::MessageType::kUpdate]},
           {"route-refresh-received", info.received[bgp::MessageType::kRouteRefresh]},
           {"route-refresh-sent", info.sent[bgp::MessageType::kRouteRefresh]},
           {"last-error", info.lastError}};
    if (info.localAddress) p["local-address"] = info.localAddress->str();
    if (info.lastNotificationReceived)
      p["last-notification-received"] = notificationText(*info.lastNotificationReceived);
    if (info.lastNotificationSent)
      p["last-notification-sent"] = notificationText(*info.lastNotificationSent);
    out.push_back(std::move(p));
  }
  return out;
}

json Daemon::routesJson(const std::optional<Prefix>& only) const {
  std::vector<Prefix> prefixes;
  if (only) {
    prefixes.push_back(*only);
  } else {
    exchange_.locRib().forEachPrefix([&](const Prefix& p) { prefixes.push_back(p); });
    std::sort(prefixes.begin(), prefixes.end());
  }
  json out = json::array();
  for (const auto& prefix : prefixes) {
    for (const auto& path : exchange_.locRib().candidates(prefix)) {
      for (const auto& peer : peers_)
        if (&peer->source() == path.source) out.push_back(routeJson(prefix, peer->name(), path));
    }
  }
  return out;
}

json Daemon::routeDetailJson(const Prefix& prefix) const {
  static const char* kStatus[] = {"best", "multipath", "lost", "ineligible"};
  json candidates = json::array();
  for (const auto& [path, verdict] : exchange_.locRib().explain(prefix)) {
    const auto& a = path.attrs();
    json c{{"from", path.source->local ? std::string("local") : path.source->address.str()},
           {"next-hop", path.attributes->nextHop().str()},
           {"as-path", a.asPath ? asPathJson(*a.asPath) : json::array()},
           {"local-pref", a.localPref.value_or(100)},
           {"status", kStatus[static_cast<int>(verdict.status)]}};
    if (a.med) c["med"] = *a.med;
    if (!verdict.step.empty()) {
      c["decided-by"] = std::string(verdict.step);
      // The step's place in the decision process: 0 = eligibility, then 1, 2, ... in order.
      auto steps = bgp::DecisionProcess::steps();
      auto at = std::find_if(steps.begin(), steps.end(),
                             [&](const bgp::DecisionStep& s) { return s.name == verdict.step; });
      c["decided-by-step"] = at == steps.end() ? 0 : at - steps.begin() + 1;
      c["rfc"] = std::string(verdict.reference);
      c["reason"] = verdict.reason;
    }
    candidates.push_back(std::move(c));
  }
  return json{{"prefix", prefix.str()}, {"candidates", std::move(candidates)}};
}

Result<json> Daemon::announce(const json& request) {
  auto prefix = prefixField(request, "announce");
  if (!prefix) return fail(prefix.error());
  config::Announcement a;
  a.prefix = *prefix;
  for (const auto& c : request.value("communities", json::array())) {
    auto v = config::parseCommunity(c.get<std::string>());
    if (!v) return failWith("announce: bad community \"" + c.get<std::string>() + "\"");
    a.communities.push_back(*v);
  }
  for (const auto& c : request.value("large-communities", json::array())) {
    auto v = config::parseLargeCommunity(c.get<std::string>());
    if (!v) return failWith("announce: bad large community \"" + c.get<std::string>() + "\"");
    a.largeCommunities.push_back(*v);
  }
  if (request.contains("med")) {
    auto v = config::parseUint32(request["med"].get<std::string>());
    if (!v) return failWith("announce: \"med\" must be a number");
    a.med = *v;
  }
  if (request.contains("next-hop")) {
    a.nextHop = IpAddress::parse(request["next-hop"].get<std::string>());
    if (!a.nextHop) return failWith("announce: \"next-hop\" must be an address");
  }
  originate(a);
  LOG_INFO("route-originated", LogFields().kv("prefix", a.prefix.str()));
  return json{{"announced", a.prefix.str()}};
}

Result<json> Daemon::withdraw(const json& request) {
  auto prefix = prefixField(request, "withdraw");
  if (!prefix) return fail(prefix.error());
  if (!exchange_.stopOriginating(*prefix))
    return failWith("withdraw: " + prefix->str() + " is not announced");
  LOG_INFO("route-withdrawn", LogFields().kv("prefix", prefix->str()));
  return json{{"withdrawn", prefix->str()}};
}

Result<DaemonPeer*> Daemon::peerField(const json& request, const std::string& command) {
  std::string name = request.value("peer", std::string());
  DaemonPeer* p = findPeer(name);
  if (!p) return failWith(command + ": no peer named \"" + name + "\"");
  return p;
}

Result<json> Daemon::receivedRoutesJson(const json& request) {
  auto peer = peerField(request, "show received");
  if (!peer) return fail(peer.error());
  const auto* received = exchange_.receivedFrom(**peer);
  if (!received)
    return failWith("show received: peer \"" + (*peer)->name() +
                    "\" does not keep its routes as received (soft-reconfiguration: true)");
  std::vector<std::pair<Prefix, bgp::Path>> routes;
  received->forEach([&](const Prefix& prefix, const bgp::RouteExchange::ReceivedRoute& route) {
    routes.emplace_back(prefix, bgp::Path{route.attributes, &(*peer)->source()});
  });
  std::sort(routes.begin(), routes.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  json out = json::array();
  for (const auto& [prefix, path] : routes) out.push_back(routeJson(prefix, (*peer)->name(), path));
  return out;
}

Result<json> Daemon::refreshPeer(const json& request) {
  auto peer = peerField(request, "refresh");
  if (!peer) return fail(peer.error());
  DaemonPeer& p = **peer;
  if (!p.ready()) return failWith("refresh: peer \"" + p.name() + "\" is not Established");
  std::string direction = request.value("direction", std::string("both"));
  if (direction != "in" && direction != "out" && direction != "both")
    return failWith("refresh: direction must be in, out or both");
  json done = json::object();
  if (direction != "out") {
    if (exchange_.reimport(p)) {
      done["in"] = "import policy applied again to the routes as received";
    } else {
      bool asked = p.session().requestRouteRefresh(bgp::kAfiIpv4, bgp::kSafiUnicast);
      asked = p.session().requestRouteRefresh(bgp::kAfiIpv6, bgp::kSafiUnicast) || asked;
      if (!asked)
        return failWith("refresh: peer \"" + p.name() +
                        "\" neither keeps its routes (soft-reconfiguration) nor supports "
                        "route refresh (RFC 2918)");
      done["in"] = "ROUTE-REFRESH sent to the peer";
    }
  }
  if (direction != "in") {
    exchange_.resend(p, Family::kV4);
    exchange_.resend(p, Family::kV6);
    done["out"] = "routes sent again";
  }
  LOG_INFO("bgp.refresh", LogFields().kv("peer", p.name()).kv("direction", direction));
  return done;
}

Result<json> Daemon::handleCommand(const json& request) {
  const std::string command = request.at("command").get<std::string>();
  if (command == "status") {
    auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() -
                                                               startedAt_);
    size_t established = std::count_if(peers_.begin(), peers_.end(), [](const auto& p) {
      return p->session().state() == bgp::State::kEstablished;
    });
    size_t announced = 0;
    if (site_)
      for (const auto& s : site_->services()) announced += s->announced() ? 1 : 0;
    return json{{"as", config_.router.as},
                {"router-id", config_.router.routerId.str()},
                {"config", config_.path},
                {"uptime-seconds", up.count()},
                {"peers", peers_.size()},
                {"peers-established", established},
                {"originated-prefixes", exchange_.originatedCount()},
                {"rib-prefixes", exchange_.locRib().prefixCount()},
                {"services", site_ ? site_->services().size() : 0},
                {"services-announced", announced}};
  }
  if (command == "show-peers") return peersJson();
  if (command == "show-routes") {
    std::optional<Prefix> only;
    if (request.contains("prefix")) {
      auto prefix = prefixField(request, "show routes");
      if (!prefix) return fail(prefix.error());
      only = *prefix;
    }
    return routesJson(only);
  }
  if (command == "show-route") {
    auto prefix = prefixField(request, "show route");
    if (!prefix) return fail(prefix.error());
    return routeDetailJson(*prefix);
  }
  if (command == "show-received") return receivedRoutesJson(request);
  if (command == "show-next-hops") return nextHopsJson();
  if (command == "show-services") return servicesJson();
  if (command == "reload") return reload();
  if (command == "show-service") return serviceJson(request);
  if (command == "drain" || command == "undrain") return drainService(request);
  if (command == "refresh-peer") return refreshPeer(request);
  if (command == "announce") return announce(request);
  if (command == "withdraw") return withdraw(request);
  if (command == "shutdown-peer" || command == "enable-peer") {
    auto p = peerField(request, command == "enable-peer" ? "enable" : "shutdown");
    if (!p) return fail(p.error());
    if (command == "enable-peer") {
      (*p)->session().start();
    } else {
      (*p)->session().stop(bgp::NotificationMessage::cease(
          bgp::subcode::kAdministrativeShutdown, request.value("message", std::string())));
    }
    return json::object();
  }
  return failWith("unknown command \"" + command + "\"");
}

}  // namespace anycast::daemon
