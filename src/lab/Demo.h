// Demo: `anycast-lab demo` — builds the built-in lab (examples/lab/demo.yaml), shows the seven
// properties of anycast one after the other with progress, and removes the lab:
//   (1) every site has the same address; (2) each client's catchment and RTT, against its
//   nearest site's RTT; (3) queries per site; (4) a site fails: who moved, each one's outage;
//   (5) a site drains: no failed query; (6) a new site takes its clients; (7) a flood: the load
//   per site, and clients elsewhere still answered. It writes every probe as JSON and the HTML
//   report (Report.h) to /tmp/anycast-lab-demo/, and prints their paths.
#pragma once

#include <string>

#include "base/Result.h"
#include "lab/LabBuilder.h"
#include "lab/Scenario.h"

namespace anycast::lab {

// Outlives the lab (`down` removes /run/anycast-lab/demo): the results, the report, and the
// built-in topology, which the caller writes there (options.topologyFile).
constexpr const char* kReportDir = "/tmp/anycast-lab-demo";

// Returns the path of the HTML report.
Result<std::string> runDemo(const Topology& topology, const Scenario& scenario,
                            const BuildOptions& options);

}  // namespace anycast::lab
