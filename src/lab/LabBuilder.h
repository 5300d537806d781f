// LabBuilder: brings a lab up from its LabPlan and takes it down again.
//
// up, in order, each step reported through `progress`: remove what a crashed run of the same
// lab left (its state file's processes and every namespace named acl-<lab>-*); one namespace
// per node; the wire (anycast-wire, all links, TAPs in the nodes' namespaces); addresses,
// default routes and forwarding sysctls; the routers (configs rendered by RouterConfig); it
// waits, bounded, until every router-to-router BGP session is Established; then the sites
// (anycast-dns, and anycastd announcing the service; SiteConfig) and it waits until every
// router has a route to the service prefix. The state file
// is written as things are created, so a failure or an interrupt at any point is undone by
// the same teardown as `down`.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "base/Result.h"
#include "lab/LabPlan.h"
#include "lab/LabState.h"

namespace anycast::lab {

using Progress = std::function<void(const std::string&)>;

struct BuildOptions {
  std::string binDir;        // where anycastd, anycast-dns and anycast-wire are
  std::string topologyFile;  // recorded in the state, shown by status
  std::chrono::seconds convergeTimeout{60};
  Progress progress = [](const std::string&) {};
  // Set from a signal handler: the build stops at the next check and undoes itself.
  const std::atomic<bool>* interrupted = nullptr;
};

class LabBuilder {
 public:
  LabBuilder(const LabPlan& plan, BuildOptions options);
  // For a lab that is up already (a scenario run): starts and stops its programs.
  LabBuilder(const LabPlan& plan, BuildOptions options, LabState state);

  // Everything up, or the error with everything created so far removed again.
  Result<LabState> up();

  // The programs of one node, started as `up` starts them and recorded in the state.
  Result<Ok> startRouter(const Node& router);
  Result<Ok> startSiteDns(const Node& site);
  Result<Ok> startSiteDaemon(const Node& site);
  // Ends the recorded process `what` ("router tus1 (anycastd)"): SIGTERM, or SIGKILL at once
  // with `kill` (a crash); it leaves the state.
  Result<Ok> stop(const std::string& what, bool kill);
  static std::string routerProcess(const std::string& name) { return "router " + name; }
  static std::string siteDnsProcess(const std::string& name) {
    return "site " + name + " (anycast-dns)";
  }
  static std::string siteDaemonProcess(const std::string& name) {
    return "site " + name + " (anycastd)";
  }
  const LabState& state() const { return state_; }
  std::string nodeDir(const Node& n) const { return state_.directory() + "/" + n.name; }

  // Ends the lab's processes (the wire last) and deletes its namespaces and state.
  static void down(const LabState& state, const Progress& progress);
  // Whatever a lab of this name left behind: its state, and namespaces acl-<lab>-* without one.
  static void removeLeftovers(const std::string& lab, const Progress& progress);

 private:
  Result<Ok> build();
  Result<Ok> createNamespaces();
  Result<Ok> startWire();
  Result<Ok> configureNodes();
  Result<Ok> startRouters();
  Result<Ok> waitForSessions();
  Result<Ok> startSites();
  Result<Ok> waitForService();
  Result<Ok> start(const std::string& netns, const std::vector<std::string>& argv,
                   const std::string& log, std::string what);
  // Polls `count` until it reaches `expected` (progress on every change), at most the
  // converge timeout; the error names what was short and the `logs` to read.
  Result<Ok> waitUntil(const std::string& what, size_t expected,
                       const std::function<size_t()>& count, const std::string& logs);
  // A control request to an anycastd router; its reply's payload, null when it does not answer.
  nlohmann::json askRouter(const Node& router, const nlohmann::json& request) const;
  Result<Ok> startFrr(const Node& router);
  // `vtysh -c COMMAND` against an FRR router's bgpd; "" when it does not answer.
  std::string askFrr(const Node& router, const std::string& command) const;
  // `birdc ...` against a BIRD router; "" when it does not answer.
  std::string askBird(const Node& router, std::vector<std::string> command) const;
  // Its BGP sessions with other routers that are Established; whether it has a route to `prefix`.
  size_t establishedWithRouters(const Node& router) const;
  bool hasRoute(const Node& router, const std::string& prefix) const;
  const std::vector<const Node*>& routers() const { return routers_; }
  bool interrupted() const { return options_.interrupted && options_.interrupted->load(); }
  std::string bin(const char* program) const { return options_.binDir + "/" + program; }

  const LabPlan& plan_;
  BuildOptions options_;
  LabState state_;
  std::vector<const Node*> routers_;  // the plan's router nodes
  std::set<std::string> routerNames_;
};

}  // namespace anycast::lab
