// ResultsFile: a scenario run as JSON — every probe (time, client, site, RTT, rcode), every
// answered flood query, the events with their times and errors, the answers per site per
// second, and where the lab's topology file is — and read back, so `anycast-lab report` can
// draw the report again from it.
#pragma once

#include <string>

#include "base/Result.h"
#include "lab/RunSummary.h"
#include "lab/Scenario.h"

namespace anycast::lab {

std::string resultsJson(const RunResults& results, const Scenario& scenario,
                        const std::string& topologyFile);

struct SavedRun {
  RunResults results;
  Scenario scenario;  // its name and probe rate
  std::string topologyFile;
};
Result<SavedRun> loadResults(const std::string& path);

}  // namespace anycast::lab
