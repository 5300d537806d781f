#include "lab/LabBuilder.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "control/ControlClient.h"
#include "lab/RouterConfig.h"
#include "lab/SiteConfig.h"

namespace anycast::lab {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// How long a daemon gets to exit on SIGTERM at `down` (anycastd withdraws first).
constexpr auto kStopGrace = 3s;

Result<Ok> writeFile(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  if (!out) return failWith("write " + path);
  return Ok{};
}

std::string seconds(Clock::time_point since) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << std::chrono::duration<double>(Clock::now() - since).count() << " s";
  return out.str();
}

// The wire's config (lab/wire/WireConfig.h): every link with its properties.
Json wireConfig(const LabPlan& plan) {
  Json links = Json::array();
  for (const WireLink& l : plan.links()) {
    const LinkProperties& p = l.properties;
    links.push_back({{"name", l.name},
                     {"a", {{"netns", l.netnsA}, {"ifname", l.ifA}}},
                     {"b", {{"netns", l.netnsB}, {"ifname", l.ifB}}},
                     {"delay-ms", p.delay.count() / 1000.0},
                     {"jitter-ms", p.jitter.count() / 1000.0},
                     {"loss", p.loss},
                     {"rate-mbit", static_cast<double>(p.rateBits) / 1e6}});
  }
  return {{"links", links}};
}

// `ip -batch` lines for a node: addresses, routes; forwarding for routers.
std::string ipCommands(const Node& n, const Service& service) {
  std::ostringstream out;
  out << "link set lo up\n";
  for (const Interface& i : n.interfaces) {
    out << "address add " << i.v4.str() << "/" << int(i.length4) << " dev " << i.name << "\n"
        << "address add " << i.v6.str() << "/64 dev " << i.name << " nodad\n";
  }
  if (n.role == NodeRole::kSite) {  // the service addresses, before anycast-dns binds them
    out << "address add " << service.address.str() << "/32 dev lo\n";
    if (service.address6) out << "address add " << service.address6->str() << "/128 dev lo\n";
  }
  if (n.gateway4) out << "route add default via " << n.gateway4->str() << "\n";
  if (n.gateway6) out << "route add default via " << n.gateway6->str() << "\n";
  return out.str();
}

// Anycast is asymmetric by nature: strict reverse-path filtering would drop it.
const std::vector<std::string> kSysctls{"net.ipv4.conf.all.rp_filter=0",
                                        "net.ipv4.conf.default.rp_filter=0"};
const std::vector<std::string> kRouterSysctls{"net.ipv4.ip_forward=1",
                                              "net.ipv6.conf.all.forwarding=1"};

std::vector<std::string> namespacesNamed(const std::string& prefix) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/run/netns", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0) names.push_back(name);
  }
  return names;
}

// Copies the regular files of `from` (configs, logs; not sockets) to a fresh `to`.
std::error_code keepFiles(const std::string& from, const std::string& to) {
  std::error_code ec;
  fs::remove_all(to, ec);
  for (auto it = fs::recursive_directory_iterator(from, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    fs::path target = fs::path(to) / fs::relative(it->path(), from);
    fs::create_directories(target.parent_path(), ec);
    if (!ec) fs::copy_file(it->path(), target, ec);
  }
  return ec;
}

}  // namespace

LabBuilder::LabBuilder(const LabPlan& plan, BuildOptions options)
    : LabBuilder(plan, std::move(options), LabState{}) {
  state_.lab = plan.topology().name;
  state_.topologyFile = options_.topologyFile;
}

LabBuilder::LabBuilder(const LabPlan& plan, BuildOptions options, LabState state)
    : plan_(plan), options_(std::move(options)), state_(std::move(state)) {
  for (const Node& n : plan_.nodes())
    if (n.role == NodeRole::kRouter) {
      routers_.push_back(&n);
      routerNames_.insert(n.name);
    }
}

Result<LabState> LabBuilder::up() {
  removeLeftovers(state_.lab, options_.progress);
  if (auto built = build(); !built.ok()) {
    // The logs say why: they are kept where the next run does not remove them.
    std::string kept = "/tmp/anycast-lab-" + state_.lab + ".failed";
    std::error_code ec = keepFiles(state_.directory(), kept);
    options_.progress("failed: " + built.error().message + "; removing what was created (logs" +
                      (ec ? " lost: " + ec.message() : " kept in " + kept) + ")");
    down(state_, options_.progress);
    return fail(built.error());
  }
  return state_;
}

Result<Ok> LabBuilder::build() {
  std::error_code ec;
  fs::create_directories(state_.directory(), ec);
  if (ec) return failWith("create " + state_.directory() + ": " + ec.message());
  if (auto saved = state_.save(); !saved.ok()) return saved;
  using Step = Result<Ok> (LabBuilder::*)();
  const std::pair<const char*, Step> steps[] = {
      {"namespaces", &LabBuilder::createNamespaces},
      {"links (anycast-wire)", &LabBuilder::startWire},
      {"addresses and routes", &LabBuilder::configureNodes},
      {"routers", &LabBuilder::startRouters},
      {"BGP sessions", &LabBuilder::waitForSessions},
      {"sites (anycastd + anycast-dns)", &LabBuilder::startSites},
      {"the anycast service at every router", &LabBuilder::waitForService},
  };
  size_t number = 0;
  for (const auto& [name, step] : steps) {
    if (interrupted()) return failWith("interrupted");
    auto began = Clock::now();
    options_.progress("[" + std::to_string(++number) + "/" + std::to_string(std::size(steps)) +
                      "] " + name + " ...");
    auto done = (this->*step)();
    if (auto saved = state_.save(); !saved.ok() && done.ok()) done = saved;
    if (!done.ok()) return done;
    options_.progress("      " + std::string(name) + ": done in " + seconds(began));
  }
  return Ok{};
}

Result<Ok> LabBuilder::createNamespaces() {
  for (const Node& n : plan_.nodes()) {
    if (interrupted()) return failWith("interrupted");
    if (auto made = runIn("", {"ip", "netns", "add", n.netns}); !made.ok())
      return fail(made.error());
    state_.namespaces.push_back(n.netns);
    std::error_code ec;
    fs::create_directories(nodeDir(n), ec);
    if (ec) return failWith("create " + nodeDir(n) + ": " + ec.message());
  }
  options_.progress("      " + std::to_string(plan_.nodes().size()) + " namespaces " +
                    LabPlan::namespacePrefix(state_.lab) + "*");
  return Ok{};
}

Result<Ok> LabBuilder::start(const std::string& netns, const std::vector<std::string>& argv,
                             const std::string& log, std::string what) {
  auto started = startIn(netns, argv, log, std::move(what));
  if (!started.ok()) return fail(started.error());
  state_.processes.push_back(*started);
  return state_.save();
}

Result<Ok> LabBuilder::startWire() {
  std::string dir = state_.directory();
  if (auto w = writeFile(dir + "/wire.json", wireConfig(plan_).dump(2)); !w.ok()) return w;
  std::string ready = dir + "/wire.ready";
  std::error_code ec;
  fs::remove(ready, ec);
  if (auto s = start("",
                     {bin("anycast-wire"), "--config", dir + "/wire.json", "--socket",
                      dir + "/wire.sock", "--ready-file", ready},
                     dir + "/wire.log", "the wire (anycast-wire)");
      !s.ok())
    return s;
  const StartedProcess& wire = state_.processes.back();
  for (auto deadline = Clock::now() + 30s; Clock::now() < deadline && !interrupted();) {
    if (fs::exists(ready)) {
      options_.progress("      " + std::to_string(plan_.links().size()) + " links, " +
                        std::to_string(2 * plan_.links().size()) + " TAPs");
      return Ok{};
    }
    if (!isRunning(wire)) return failWith("anycast-wire exited: see " + dir + "/wire.log");
    std::this_thread::sleep_for(20ms);
  }
  return failWith("anycast-wire did not create its TAPs within 30 s: see " + dir + "/wire.log");
}

Result<Ok> LabBuilder::configureNodes() {
  for (const Node& n : plan_.nodes()) {
    if (interrupted()) return failWith("interrupted");
    std::string batch = nodeDir(n) + "/ip.batch";
    if (auto w = writeFile(batch, ipCommands(n, plan_.topology().service)); !w.ok()) return w;
    if (auto r = runIn(n.netns, {"ip", "-batch", batch}); !r.ok()) return fail(r.error());
    std::vector<std::string> sysctl{"sysctl", "-q", "-w"};
    sysctl.insert(sysctl.end(), kSysctls.begin(), kSysctls.end());
    if (n.role == NodeRole::kRouter)
      sysctl.insert(sysctl.end(), kRouterSysctls.begin(), kRouterSysctls.end());
    if (auto r = runIn(n.netns, sysctl); !r.ok()) return fail(r.error());
  }
  return Ok{};
}

Result<Ok> LabBuilder::startRouter(const Node& n) {
  std::string dir = nodeDir(n);
  switch (n.kind) {
    case RouterKind::kAnycastd:
      if (auto w = writeFile(dir + "/anycastd.yaml", anycastdRouterConfig(n, dir)); !w.ok())
        return w;
      return start(n.netns, {bin("anycastd"), "--config", dir + "/anycastd.yaml"},
                   dir + "/anycastd.log", routerProcess(n.name));
    case RouterKind::kBird:
      if (auto w = writeFile(dir + "/bird.conf", birdRouterConfig(n, dir)); !w.ok()) return w;
      return start(n.netns,
                   {"bird", "-f", "-c", dir + "/bird.conf", "-s", dir + "/bird.ctl", "-P",
                    dir + "/bird.pid"},
                   dir + "/bird.stderr", routerProcess(n.name));
    case RouterKind::kFrr:
      return startFrr(n);
  }
  return failWith("router " + n.name + ": unknown kind");
}

// zebra (it drops to user frr: the directory becomes frr's) unless it runs already, then bgpd
// (-S: stays root), each with the node's own sockets.
Result<Ok> LabBuilder::startFrr(const Node& n) {
  std::string dir = nodeDir(n);
  if (auto w = writeFile(dir + "/bgpd.conf", frrRouterConfig(n)); !w.ok()) return w;
  if (auto w = writeFile(dir + "/zebra.conf", "hostname " + n.name + "-zebra\n"); !w.ok()) return w;
  (void)runIn("", {"chown", "-R", "frr:frr", dir});
  std::string zebra = routerProcess(n.name) + " (zebra)";
  bool zebraRuns =
      std::any_of(state_.processes.begin(), state_.processes.end(),
                  [&](const StartedProcess& p) { return p.what == zebra && isRunning(p); });
  if (!zebraRuns) {
    if (auto s = start(n.netns,
                       {"/usr/lib/frr/zebra", "-f", dir + "/zebra.conf", "-i", dir + "/zebra.pid",
                        "-z", dir + "/zserv.api", "--vty_socket", dir, "-P", "0", "--log",
                        "file:" + dir + "/zebra.log"},
                       dir + "/zebra.stderr", zebra);
        !s.ok())
      return s;
    for (auto deadline = std::chrono::steady_clock::now() + 10s; !fs::exists(dir + "/zserv.api");) {
      if (std::chrono::steady_clock::now() > deadline)
        return failWith("zebra of " + n.name + " did not open " + dir + "/zserv.api in 10 s");
      std::this_thread::sleep_for(20ms);
    }
  }
  return start(n.netns,
               {"/usr/lib/frr/bgpd", "-f", dir + "/bgpd.conf", "-i", dir + "/bgpd.pid", "-z",
                dir + "/zserv.api", "--vty_socket", dir, "-P", "0", "-S", "--log",
                "file:" + dir + "/bgpd.log"},
               dir + "/bgpd.stderr", routerProcess(n.name));
}

std::string LabBuilder::askFrr(const Node& router, const std::string& command) const {
  auto out = runIn(router.netns,
                   {"vtysh", "--vty_socket", nodeDir(router), "-d", "bgpd", "-c", command}, 2s);
  return out.ok() ? *out : "";
}

Result<Ok> LabBuilder::startRouters() {
  for (const Node* n : routers())
    if (auto s = startRouter(*n); !s.ok()) return s;
  options_.progress("      " + std::to_string(routers().size()) + " routers started");
  return Ok{};
}

Json LabBuilder::askRouter(const Node& router, const Json& request) const {
  auto payload = control::ask(nodeDir(router) + "/anycastd.sock", request, 2s);
  return payload.ok() ? *payload : Json();  // not listening yet: null
}

std::string LabBuilder::askBird(const Node& router, std::vector<std::string> command) const {
  std::vector<std::string> argv{"birdc", "-s", nodeDir(router) + "/bird.ctl"};
  argv.insert(argv.end(), command.begin(), command.end());
  auto out = runIn(router.netns, argv, 2s);
  return out.ok() ? *out : "";
}

size_t LabBuilder::establishedWithRouters(const Node& router) const {
  size_t established = 0;
  if (router.kind == RouterKind::kBird) {
    // "peer_teu2  BGP  ---  up  12:00:00.000  Established": protocol names are peer_<node>
    // with '-' as '_'.
    std::istringstream lines(askBird(router, {"show", "protocols"}));
    for (std::string line; std::getline(lines, line);)
      for (const Session& s : router.sessions) {
        std::string proto = "peer_" + s.peerNode;
        std::replace(proto.begin(), proto.end(), '-', '_');
        established += routerNames_.count(s.peerNode) && line.rfind(proto + " ", 0) == 0 &&
                       line.find("Established") != std::string::npos;
      }
    return established;
  }
  if (router.kind == RouterKind::kFrr) {
    // {"ipv4Unicast": {"peers": {"10.64.0.1": {"state": "Established", ...}}}}
    Json summary = Json::parse(askFrr(router, "show bgp summary json"), nullptr, false);
    Json peers = summary.is_object()
                     ? summary.value("ipv4Unicast", Json::object()).value("peers", Json::object())
                     : Json::object();
    for (const Session& s : router.sessions)
      established +=
          routerNames_.count(s.peerNode) &&
          peers.value(s.remote.str(), Json::object()).value("state", "") == "Established";
    return established;
  }
  Json peers = askRouter(router, {{"command", "show-peers"}});
  if (!peers.is_array()) return 0;
  for (const auto& p : peers)
    established += routerNames_.count(p.value("name", "")) && p.value("state", "") == "Established";
  return established;
}

bool LabBuilder::hasRoute(const Node& router, const std::string& prefix) const {
  if (router.kind == RouterKind::kBird)
    return askBird(router, {"show", "route", prefix}).find(prefix + " ") != std::string::npos;
  if (router.kind == RouterKind::kFrr) {
    Json route = Json::parse(askFrr(router, "show ip bgp " + prefix + " json"), nullptr, false);
    return route.is_object() && !route.value("paths", Json::array()).empty();
  }
  Json route = askRouter(router, {{"command", "show-route"}, {"prefix", prefix}});
  return route.is_object() && !route.value("candidates", Json::array()).empty();
}

Result<Ok> LabBuilder::waitUntil(const std::string& what, size_t expected,
                                 const std::function<size_t()>& count, const std::string& logs) {
  auto deadline = Clock::now() + options_.convergeTimeout;
  size_t lastReported = SIZE_MAX;
  for (;;) {
    size_t done = count();
    if (done != lastReported)
      options_.progress("      " + std::to_string(done) + "/" + std::to_string(expected) + " " +
                        what);
    lastReported = done;
    if (done >= expected) return Ok{};
    if (interrupted()) return failWith("interrupted");
    if (Clock::now() > deadline)
      return failWith(std::to_string(expected - done) + " short of " + std::to_string(expected) +
                      " " + what + " after " + std::to_string(options_.convergeTimeout.count()) +
                      " s: see " + logs + " in " + state_.directory());
    std::this_thread::sleep_for(250ms);
  }
}

Result<Ok> LabBuilder::waitForSessions() {
  size_t expected = 0;
  for (const Node* r : routers())
    for (const Session& s : r->sessions) expected += routerNames_.count(s.peerNode);
  return waitUntil(
      "router sessions Established", expected,
      [&] {
        size_t established = 0;
        for (const Node* r : routers()) established += establishedWithRouters(*r);
        return established;
      },
      "the routers' logs");
}

Result<Ok> LabBuilder::startSiteDns(const Node& n) {
  const Topology& topology = plan_.topology();
  const Site& site = *topology.site(n.name);
  std::string dir = nodeDir(n);
  for (const auto& [file, text] :
       {std::pair{"/service.zone", serviceZone(topology)},
        std::pair{"/anycast-dns.yaml", anycastDnsConfig(n, topology, site.capacityQps, dir)}})
    if (auto w = writeFile(dir + file, text); !w.ok()) return w;
  return start(n.netns, {bin("anycast-dns"), "--config", dir + "/anycast-dns.yaml"},
               dir + "/anycast-dns.log", siteDnsProcess(n.name));
}

Result<Ok> LabBuilder::startSiteDaemon(const Node& n) {
  std::string dir = nodeDir(n);
  if (auto w = writeFile(dir + "/anycastd.yaml", anycastdSiteConfig(n, plan_.topology(), dir));
      !w.ok())
    return w;
  return start(n.netns, {bin("anycastd"), "--config", dir + "/anycastd.yaml"},
               dir + "/anycastd.log", siteDaemonProcess(n.name));
}

Result<Ok> LabBuilder::startSites() {
  const Topology& topology = plan_.topology();
  size_t announcing = 0;
  for (const Site& site : topology.sites) {
    const Node& n = *plan_.node(site.name);
    if (auto s = startSiteDns(n); !s.ok()) return s;
    if (!site.up) continue;  // announced when a scenario adds it
    if (auto s = startSiteDaemon(n); !s.ok()) return s;
    ++announcing;
  }
  options_.progress("      " + std::to_string(topology.sites.size()) + " sites, " +
                    std::to_string(announcing) + " announcing " + topology.service.prefix.str());
  return Ok{};
}

Result<Ok> LabBuilder::stop(const std::string& what, bool kill) {
  auto it = std::find_if(state_.processes.begin(), state_.processes.end(),
                         [&](const StartedProcess& p) { return p.what == what; });
  if (it == state_.processes.end()) return failWith(what + " is not running");
  if (kill) {
    killProcess(*it);
  } else {
    stopProcess(*it, kStopGrace);
  }
  state_.processes.erase(it);
  return state_.save();
}

Result<Ok> LabBuilder::waitForService() {
  std::string prefix = plan_.topology().service.prefix.str();
  return waitUntil(
      "routers with a route to " + prefix, routers().size(),
      [&] {
        size_t reached = 0;
        for (const Node* r : routers()) reached += hasRoute(*r, prefix);
        return reached;
      },
      "the sites' anycastd.log and anycast-dns.log");
}

void LabBuilder::down(const LabState& state, const Progress& progress) {
  // Daemons first (routers withdraw while the links still carry it), the wire last.
  size_t stopped = 0;
  for (auto it = state.processes.rbegin(); it != state.processes.rend(); ++it) {
    if (!isRunning(*it)) continue;
    stopProcess(*it, kStopGrace);
    ++stopped;
  }
  // Anything else still inside the lab's namespaces (`exec`, a crashed run's daemons) is the
  // lab's too: the namespace carries its name.
  size_t removed = 0;
  for (const std::string& ns : state.namespaces) {
    if (auto pids = runIn("", {"ip", "netns", "pids", ns}, 2s); pids.ok()) {
      std::istringstream in(*pids);
      for (pid_t pid; in >> pid;) stopProcess({pid, processStartTime(pid), ns}, kStopGrace);
    }
    if (runIn("", {"ip", "netns", "delete", ns}).ok()) ++removed;
  }
  std::error_code ec;
  fs::remove_all(state.directory(), ec);
  progress("down: " + std::to_string(stopped) + " processes ended, " + std::to_string(removed) +
           " namespaces removed (" + LabPlan::namespacePrefix(state.lab) + "*)");
}

void LabBuilder::removeLeftovers(const std::string& lab, const Progress& progress) {
  LabState state;
  if (auto previous = LabState::load(lab); previous.ok()) {
    state = *previous;
    progress("a previous run of lab \"" + lab + "\" left state behind: removing it");
  } else {
    state.lab = lab;
  }
  std::string prefix = LabPlan::namespacePrefix(lab);
  for (const std::string& ns : namespacesNamed(prefix))
    if (std::find(state.namespaces.begin(), state.namespaces.end(), ns) == state.namespaces.end())
      state.namespaces.push_back(ns);
  if (state.namespaces.empty() && state.processes.empty()) return;
  down(state, progress);
}

}  // namespace anycast::lab
