#include "lab/Demo.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "lab/Report.h"
#include "lab/ResultsFile.h"
#include "lab/RunSummary.h"
#include "lab/ScenarioRunner.h"
#include "lab/SiteConfig.h"

namespace anycast::lab {
namespace {

using namespace std::chrono_literals;

std::string format(const char* fmt, auto... args) {
  char line[256];
  std::snprintf(line, sizeof line, fmt, args...);
  return line;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Median RTT per client of probes to `address` for `seconds`.
Result<std::map<std::string, std::vector<double>>> probe(const LabPlan& plan,
                                                         const IpAddress& address,
                                                         std::chrono::milliseconds length,
                                                         std::vector<ProbeResult>* all) {
  auto prober =
      Prober::open(clientTargets(plan), {address, probeName(plan.topology()), 10, 1000ms});
  if (!prober.ok()) return fail(prober.error());
  std::map<std::string, std::vector<double>> rtts;
  prober->run(Prober::Clock::now() + length, [&](const ProbeResult& r) {
    if (r.rcode == 0) rtts[r.client].push_back(r.rttMs);
    if (all) all->push_back(r);
  });
  return rtts;
}

class Demo {
 public:
  Demo(const Topology& topology, const Scenario& scenario, const BuildOptions& options)
      : topology_(topology), scenario_(scenario), options_(options), plan_(topology) {}

  Result<std::string> run() {
    say("== anycast-lab demo: " + std::to_string(topology_.ases.size()) + " ASes, " +
        std::to_string(topology_.sites.size()) + " sites, " +
        std::to_string(topology_.clients.size()) + " clients; building the lab");
    LabBuilder builder(plan_, options_);
    auto state = builder.up();
    if (!state.ok()) return fail(state.error());
    LabBuilder lab(plan_, options_, *state);
    auto result = show(lab);
    say("== removing the lab");
    LabBuilder::down(lab.state(), options_.progress);
    return result;
  }

 private:
  void say(const std::string& line) { options_.progress(line); }

  Result<std::string> show(LabBuilder& lab) {
    sameAddress();
    if (auto c = catchmentsAndNearest(); !c.ok()) return fail(c.error());
    say("== (4)-(7): the scenario: " + std::to_string(scenario_.events.size()) + " events over " +
        std::to_string(scenario_.duration.count() / 1000) + " s, every client probing 10/s");
    auto results = runScenario(plan_, lab, scenario_, {options_.progress, options_.interrupted});
    if (!results.ok()) return fail(results.error());
    explain(*results);
    std::error_code ec;
    std::filesystem::create_directories(kReportDir, ec);
    std::string path = std::string(kReportDir) + "/results.json";
    std::ofstream(path) << resultsJson(*results, scenario_, options_.topologyFile) << "\n";
    std::ofstream(std::string(kReportDir) + "/summary.txt") << summaryText(*results);
    std::string report = std::string(kReportDir) + "/report.html";
    std::ofstream(report) << htmlReport(plan_, scenario_, *results, &nearest_);
    say("== every probe: " + path);
    return report;
  }

  // (1)
  void sameAddress() {
    say("== (1) every site has the same address");
    for (const Site& s : topology_.sites) {
      const Node& n = *plan_.node(s.name);
      auto out = runIn(n.netns, {"ip", "-4", "-o", "address", "show", "dev", "lo"});
      bool has =
          out.ok() && out->find(topology_.service.address.str() + "/32") != std::string::npos;
      say(format("    %-5s %s on lo %s, unicast %s, router %s%s", s.name.c_str(),
                 topology_.service.address.str().c_str(), has ? "(yes)" : "(MISSING)",
                 unicastAddress(n).str().c_str(), s.router.c_str(),
                 s.up ? "" : "  — not announced yet"));
    }
  }

  // (2) and (3)
  Result<Ok> catchmentsAndNearest() {
    say("== (2) each client's catchment and RTT, against the nearest site (3 s of probes)");
    std::vector<ProbeResult> baseline;
    auto anycast = probe(plan_, topology_.service.address, 3s, &baseline);
    if (!anycast.ok()) return fail(anycast.error());
    // Every site at once, at its unicast address.
    std::map<std::string, std::map<std::string, double>> perSite;  // client -> site -> RTT
    std::vector<Result<std::map<std::string, std::vector<double>>>> rtts(topology_.sites.size(),
                                                                         failWith("not measured"));
    std::vector<std::thread> probing;
    for (size_t i = 0; i < topology_.sites.size(); ++i)
      probing.emplace_back([&, i] {
        rtts[i] = probe(plan_, unicastAddress(*plan_.node(topology_.sites[i].name)), 2s, nullptr);
      });
    for (std::thread& t : probing) t.join();
    for (size_t i = 0; i < topology_.sites.size(); ++i) {
      if (!rtts[i].ok()) return fail(rtts[i].error());
      for (const auto& [client, v] : *rtts[i]) perSite[client][topology_.sites[i].name] = median(v);
    }
    auto catchment = catchments(baseline, 0, 3);
    nearest_.catchment = catchment;
    nearest_.siteRtt = perSite;
    for (const auto& [client, v] : *anycast) nearest_.anycastRtt[client] = median(v);
    say(format("    %-10s %-9s %-8s %8s   %-8s %8s  %s", "client", "region", "answered", "RTT ms",
               "nearest", "RTT ms", "inflation"));
    size_t inflated = 0;
    for (const Client& c : topology_.clients) {
      const auto& sites = perSite[c.name];
      auto nearest = std::min_element(sites.begin(), sites.end(),
                                      [](auto& a, auto& b) { return a.second < b.second; });
      double rtt = median((*anycast)[c.name]);
      std::string site = catchment[c.name];
      bool worse = nearest != sites.end() && site != nearest->first;
      inflated += worse;
      say(format("    %-10s %-9s %-8s %8.1f   %-8s %8.1f  %s", c.name.c_str(), c.region.c_str(),
                 site.empty() ? "-" : site.c_str(), rtt,
                 nearest == sites.end() ? "-" : nearest->first.c_str(),
                 nearest == sites.end() ? 0.0 : nearest->second,
                 worse ? format("+%.1f ms", rtt - nearest->second).c_str() : ""));
    }
    say(
        format("    %zu of %zu clients are not answered by their nearest site: BGP picks the "
               "shortest AS path and the business relationship, not the lowest latency",
               inflated, topology_.clients.size()));
    say("== (3) queries per site over those 3 s");
    RunResults r;
    r.probes = baseline;
    r.duration = 3;
    for (const auto& [site, perSecond] : loadPerSite(r)) {
      size_t total = 0;
      for (size_t n : perSecond) total += n;
      say(format("    %-5s %5zu answers", site.c_str(), total));
    }
    return Ok{};
  }

  // (4)-(7) from the run.
  void explain(const RunResults& results) {
    std::vector<EventOutcome> outcomes = eventOutcomes(results);
    for (size_t i = 0; i < outcomes.size(); ++i) {
      const EventRecord& e = *outcomes[i].event;
      const ScenarioEvent& planned = scenario_.events[i];
      const std::vector<ClientOutcome>& affected = outcomes[i].affected;
      double until = outcomes[i].until;
      switch (planned.kind) {
        case EventKind::kFailService: {
          say("== (4) " + e.description + ": who moved, and each one's outage");
          for (const ClientOutcome& o : affected)
            say(format("    %-10s %s -> %s  outage %.0f ms (%zu probes lost)", o.client.c_str(),
                       o.before.c_str(), o.after.c_str(), o.outageMs, o.lost));
          break;
        }
        case EventKind::kDrain: {
          size_t lost = 0, moved = 0;
          for (const ClientOutcome& o : affected) lost += o.lost, moved += o.before != o.after;
          say("== (5) " + e.description + ": " + std::to_string(moved) + " clients moved, " +
              std::to_string(lost) + " queries failed" + (lost == 0 ? " (none)" : ""));
          break;
        }
        case EventKind::kAddSite: {
          say("== (6) " + e.description + ": the clients that now go there");
          for (const ClientOutcome& o : affected)
            if (o.after == planned.target)
              say(format("    %-10s %s -> %s", o.client.c_str(), o.before.c_str(),
                         o.after.c_str()));
          break;
        }
        case EventKind::kFlood: {
          say("== (7) " + e.description + ": load per site, and everyone else");
          floodLoad(results, e.at, std::min(until, e.at + planned.duration->count() / 1000.0),
                    planned);
          break;
        }
        default:
          break;
      }
    }
  }

  void floodLoad(const RunResults& results, double from, double until, const ScenarioEvent& e) {
    auto load = loadPerSite(results);
    size_t seconds = std::max<size_t>(1, static_cast<size_t>(until - from));
    for (const auto& [site, perSecond] : load) {
      size_t total = 0;
      for (size_t s = static_cast<size_t>(from); s < std::min(perSecond.size(), size_t(until)); ++s)
        total += perSecond[s];
      const Site* config = topology_.site(site);
      say(format("    %-5s %6zu answers/s (capacity %u/s)", site.c_str(), total / seconds,
                 config ? config->capacityQps : 0));
    }
    std::map<std::string, std::pair<size_t, size_t>> bySite;  // catchment -> answered, sent
    auto catchment = catchments(results.probes, std::max(0.0, from - 2), from);
    for (const ProbeResult& p : results.probes) {
      if (p.sentAt < from || p.sentAt >= until) continue;
      if (std::find(e.clients.begin(), e.clients.end(), p.client) != e.clients.end()) continue;
      auto& [answered, sent] = bySite[catchment[p.client]];
      ++sent;
      answered += p.rcode == 0;
    }
    for (const auto& [site, counts] : bySite)
      say(format("    legitimate clients of %-5s: %zu of %zu probes answered (%.0f%%)",
                 site.c_str(), counts.first, counts.second,
                 counts.second ? 100.0 * counts.first / counts.second : 0.0));
  }

  const Topology& topology_;
  const Scenario& scenario_;
  const BuildOptions& options_;
  LabPlan plan_;
  NearestSites nearest_;
};

}  // namespace

Result<std::string> runDemo(const Topology& topology, const Scenario& scenario,
                            const BuildOptions& options) {
  return Demo(topology, scenario, options).run();
}

}  // namespace anycast::lab
