// Report: one self-contained HTML file of a lab run (inline SVG and CSS, no script, nothing
// fetched) — the topology drawn with every client coloured by its catchment, a timeline per
// client of which site answered each probe (grey: lost) with the events marked, the outage per
// event, the load per site over time, and, when measured, each client's catchment against
// its nearest site (latency inflation).
#pragma once

#include <map>
#include <string>

#include "lab/LabPlan.h"
#include "lab/RunSummary.h"
#include "lab/Scenario.h"

namespace anycast::lab {

// What the demo measures before the scenario: per client, the RTT to the anycast address and
// to every site at its unicast address.
struct NearestSites {
  std::map<std::string, double> anycastRtt;                      // client -> ms
  std::map<std::string, std::string> catchment;                  // client -> site
  std::map<std::string, std::map<std::string, double>> siteRtt;  // client -> site -> ms
};

std::string htmlReport(const LabPlan& plan, const Scenario& scenario, const RunResults& results,
                       const NearestSites* nearest);

}  // namespace anycast::lab
