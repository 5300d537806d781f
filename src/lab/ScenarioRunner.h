// ScenarioRunner: plays a scenario against a running lab — every client probes the service
// for the scenario's whole duration (Prober, on its own thread) while the events happen at
// their times on the calling thread, each reported through `progress` as it is applied; a
// flood is one more prober, from the chosen clients at their rate, for its duration.
#pragma once

#include <atomic>

#include "base/Result.h"
#include "lab/LabBuilder.h"
#include "lab/Prober.h"
#include "lab/RunSummary.h"
#include "lab/Scenario.h"

namespace anycast::lab {

struct RunOptions {
  Progress progress = [](const std::string&) {};
  const std::atomic<bool>* interrupted = nullptr;  // stops the run early; results so far kept
};

// The plan's client namespaces as probe targets: all of them, or those named in `only`.
std::vector<ProbeTarget> clientTargets(const LabPlan& plan,
                                       const std::vector<std::string>& only = {});

Result<RunResults> runScenario(const LabPlan& plan, LabBuilder& lab, const Scenario& scenario,
                               const RunOptions& options);

}  // namespace anycast::lab
