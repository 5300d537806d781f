// RunSummary: what a scenario run showed, computed from its probes — each client's catchment
// (the site that answered it most in a time window), the clients an event moved and each
// one's outage (from its first lost probe after the event to its next answer), and the load
// per site per second. Pure functions over the results, so tests can feed them made-up runs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lab/Prober.h"

namespace anycast::lab {

struct EventRecord {
  double at = 0;            // seconds since the run began
  std::string description;  // "fail-service fra"
  std::string error;        // "" when applied
};

struct RunResults {
  std::vector<ProbeResult> probes;  // the clients' regular probes
  std::vector<ProbeResult> flood;   // flood queries (answered ones count as load)
  std::vector<EventRecord> events;
  double duration = 0;
};

// client -> the site that answered most of its probes sent in [from, to); "" = none answered.
std::map<std::string, std::string> catchments(const std::vector<ProbeResult>& probes, double from,
                                              double to);

struct ClientOutcome {
  std::string client;
  std::string before, after;  // catchment in the window before the event and after it
  double outageMs = 0;        // 0: no probe lost
  size_t lost = 0;
};

// Per client, around an event at `at` whose effects last until `until` (the next event, or
// the end): where it went and how long it was without answers.
std::vector<ClientOutcome> outcomesOf(const std::vector<ProbeResult>& probes, double at,
                                      double until);

// One event of a run and what it did until the next event (or the end): the clients it
// affected, those that changed catchment or lost a probe.
struct EventOutcome {
  const EventRecord* event = nullptr;
  double until = 0;
  std::vector<ClientOutcome> affected;
};
std::vector<EventOutcome> eventOutcomes(const RunResults& results);

// For people: the catchments at the start, per event the clients it moved with their
// outage, the catchments at the end and the answers per site.
std::string summaryText(const RunResults& results);

// site -> answers per whole second of the run (index = second).
std::map<std::string, std::vector<size_t>> loadPerSite(const RunResults& results);

}  // namespace anycast::lab
