// ScenarioLoader: reads an anycast-lab scenario (YAML; docs/lab.md "Scenarios") into
// lab::Scenario, checking every site, router, link and client it names against the lab's
// topology — errors name file:line and the key, before the run starts.
#pragma once

#include <string>

#include "base/Result.h"
#include "config/ConfigLoader.h"
#include "lab/Scenario.h"
#include "lab/Topology.h"

namespace anycast::config {

Result<lab::Scenario, ConfigError> loadScenarioFile(const std::string& path,
                                                    const lab::Topology& topology);
Result<lab::Scenario, ConfigError> loadScenarioText(const std::string& text,
                                                    const std::string& name,
                                                    const lab::Topology& topology);

}  // namespace anycast::config
