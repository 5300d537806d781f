#include "lab/ResultsFile.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace anycast::lab {
namespace {

using Json = nlohmann::json;

Json probesJson(const std::vector<ProbeResult>& probes, bool answeredOnly) {
  Json out = Json::array();
  for (const ProbeResult& p : probes)
    if (!answeredOnly || p.rcode >= 0)
      out.push_back({{"t", p.sentAt},
                     {"client", p.client},
                     {"site", p.site},
                     {"rtt-ms", p.rttMs},
                     {"rcode", p.rcode}});
  return out;
}

std::vector<ProbeResult> probesFrom(const Json& list) {
  std::vector<ProbeResult> out;
  if (!list.is_array()) return out;
  for (const Json& p : list)
    if (p.is_object())
      out.push_back({p.value("t", 0.0), p.value("client", ""), p.value("site", ""),
                     p.value("rtt-ms", 0.0), p.value("rcode", -1)});
  return out;
}

}  // namespace

std::string resultsJson(const RunResults& results, const Scenario& scenario,
                        const std::string& topologyFile) {
  Json events = Json::array();
  for (const EventRecord& e : results.events)
    events.push_back({{"t", e.at}, {"event", e.description}, {"error", e.error}});
  Json load = Json::object();
  for (const auto& [site, perSecond] : loadPerSite(results)) load[site] = perSecond;
  return Json{{"scenario", scenario.name},
              {"probe-rate", scenario.probeRate},
              {"topology", topologyFile},
              {"duration", results.duration},
              {"events", events},
              {"load-per-second", load},
              {"probes", probesJson(results.probes, false)},
              {"flood", probesJson(results.flood, true)}}
      .dump(1);
}

Result<SavedRun> loadResults(const std::string& path) {
  std::ifstream in(path);
  if (!in) return failWith(path + ": cannot open the file");
  Json json = Json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("probes"))
    return failWith(path + ": not the results of anycast-lab run");
  SavedRun run;
  run.scenario.name = json.value("scenario", "");
  run.scenario.probeRate = json.value("probe-rate", 10.0);
  run.topologyFile = json.value("topology", "");
  run.results.duration = json.value("duration", 0.0);
  run.results.probes = probesFrom(json["probes"]);
  run.results.flood = probesFrom(json.value("flood", Json::array()));
  for (const Json& e : json.value("events", Json::array()))
    if (e.is_object())
      run.results.events.push_back({e.value("t", 0.0), e.value("event", ""), e.value("error", "")});
  return run;
}

}  // namespace anycast::lab
