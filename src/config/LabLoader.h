// LabLoader: reads an anycast-lab topology file (YAML; docs/lab.md documents every key) into
// lab::Topology. Every error names file:line and the key, before anything is created: unknown
// keys, names that cannot be namespaces, references to routers that do not exist, a link
// inside an AS given a business relationship or one between ASes without it.
#pragma once

#include <string>

#include "base/Result.h"
#include "config/ConfigLoader.h"
#include "lab/Topology.h"

namespace anycast::config {

Result<lab::Topology, ConfigError> loadLabFile(const std::string& path);
// For tests: `name` is used in error messages as the file name.
Result<lab::Topology, ConfigError> loadLabText(const std::string& text, const std::string& name);

}  // namespace anycast::config
