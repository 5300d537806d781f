#include "lab/ScenarioRunner.h"

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "control/ControlClient.h"
#include "lab/SiteConfig.h"

namespace anycast::lab {
namespace {

using Json = nlohmann::json;
using Clock = Prober::Clock;
using namespace std::chrono_literals;

class Runner {
 public:
  Runner(const LabPlan& plan, LabBuilder& lab, const Scenario& scenario, const RunOptions& options)
      : plan_(plan), lab_(lab), scenario_(scenario), options_(options) {}

  Result<RunResults> run() {
    ProbeOptions probe{plan_.topology().service.address, probeName(plan_.topology()),
                       scenario_.probeRate, scenario_.probeTimeout};
    auto prober = Prober::open(clientTargets(plan_), probe);
    if (!prober.ok()) return fail(prober.error());
    start_ = Clock::now();
    Clock::time_point end = start_ + scenario_.duration;
    std::thread probing([&] {
      prober->run(
          end, [&](const ProbeResult& r) { record(results_.probes, r); }, options_.interrupted);
    });
    for (const ScenarioEvent& e : scenario_.events) {
      if (!sleepUntil(start_ + e.at)) break;
      apply(e);
    }
    sleepUntil(end);
    probing.join();
    for (std::thread& t : floods_) t.join();
    results_.duration = std::chrono::duration<double>(Clock::now() - start_).count();
    return std::move(results_);
  }

 private:
  bool sleepUntil(Clock::time_point t) {
    while (Clock::now() < t) {
      if (options_.interrupted && options_.interrupted->load()) return false;
      std::this_thread::sleep_for(std::min<Clock::duration>(t - Clock::now(), 50ms));
    }
    return true;
  }

  void record(std::vector<ProbeResult>& list, const ProbeResult& r) {
    std::lock_guard lock(mutex_);
    list.push_back(r);
  }

  double now() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  void apply(const ScenarioEvent& e) {
    double at = now();
    Result<Ok> done = perform(e);
    std::string error = done.ok() ? "" : done.error().message;
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "t=%5.1f s  ", at);
    options_.progress(stamp + e.describe() + (error.empty() ? "" : "  FAILED: " + error));
    std::lock_guard lock(mutex_);
    results_.events.push_back({at, e.describe(), error});
  }

  Result<Ok> perform(const ScenarioEvent& e) {
    switch (e.kind) {
      case EventKind::kFailService:
        return lab_.stop(LabBuilder::siteDnsProcess(e.target), false);
      case EventKind::kRestoreService:
        return lab_.startSiteDns(*plan_.node(e.target));
      case EventKind::kDrain: {
        Json drain{{"command", "drain"}, {"service", "dns"}};
        if (e.duration) drain["for"] = std::to_string(e.duration->count()) + "ms";
        return siteDaemon(e.target, drain);
      }
      case EventKind::kUndrain:
        return siteDaemon(e.target, {{"command", "undrain"}, {"service", "dns"}});
      case EventKind::kAddSite:
      case EventKind::kRestartSite:
        return lab_.startSiteDaemon(*plan_.node(e.target));
      case EventKind::kKillSite:
        return lab_.stop(LabBuilder::siteDaemonProcess(e.target), true);
      case EventKind::kKillRouter:
        return lab_.stop(LabBuilder::routerProcess(e.target), true);
      case EventKind::kRestartRouter:
        return lab_.startRouter(*plan_.node(e.target));
      case EventKind::kSetLink: {
        const LinkProperties& p = *e.link;
        return wire({{"command", "set"},
                     {"link", e.target},
                     {"delay-ms", p.delay.count() / 1000.0},
                     {"jitter-ms", p.jitter.count() / 1000.0},
                     {"loss", p.loss},
                     {"rate-mbit", static_cast<double>(p.rateBits) / 1e6}});
      }
      case EventKind::kCutLink:
        return wire({{"command", "cut"}, {"link", e.target}});
      case EventKind::kRestoreLink:
        return wire({{"command", "restore"}, {"link", e.target}});
      case EventKind::kFlood:
        return flood(e);
    }
    return failWith("unknown event");
  }

  Result<Ok> siteDaemon(const std::string& site, const Json& request) {
    return ask(lab_.nodeDir(*plan_.node(site)) + "/anycastd.sock", request);
  }

  Result<Ok> wire(const Json& request) {
    return ask(lab_.state().directory() + "/wire.sock", request);
  }

  static Result<Ok> ask(const std::string& socket, const Json& request) {
    auto payload = control::ask(socket, request, 5s);
    if (!payload.ok()) return fail(payload.error());
    return Ok{};
  }

  Result<Ok> flood(const ScenarioEvent& e) {
    ProbeOptions options{plan_.topology().service.address, probeName(plan_.topology()), e.floodRate,
                         500ms};
    auto prober = Prober::open(clientTargets(plan_, e.clients), options);
    if (!prober.ok()) return fail(prober.error());
    Clock::time_point until = Clock::now() + *e.duration;
    floods_.emplace_back([this, p = std::make_shared<Prober>(std::move(*prober)), until] {
      double offset = now();
      p->run(
          until,
          [&](const ProbeResult& r) {
            ProbeResult shifted = r;
            shifted.sentAt += offset;
            record(results_.flood, shifted);
          },
          options_.interrupted);
    });
    return Ok{};
  }

  const LabPlan& plan_;
  LabBuilder& lab_;
  const Scenario& scenario_;
  const RunOptions& options_;
  Clock::time_point start_;
  std::mutex mutex_;
  RunResults results_;
  std::vector<std::thread> floods_;
};

}  // namespace

std::vector<ProbeTarget> clientTargets(const LabPlan& plan, const std::vector<std::string>& only) {
  std::vector<ProbeTarget> targets;
  for (const Node& n : plan.nodes())
    if (n.role == NodeRole::kClient &&
        (only.empty() || std::find(only.begin(), only.end(), n.name) != only.end()))
      targets.push_back({n.name, n.netns});
  return targets;
}

Result<RunResults> runScenario(const LabPlan& plan, LabBuilder& lab, const Scenario& scenario,
                               const RunOptions& options) {
  return Runner(plan, lab, scenario, options).run();
}

}  // namespace anycast::lab
