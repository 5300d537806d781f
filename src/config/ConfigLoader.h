// ConfigLoader: reads anycastd's YAML file into DaemonConfig. The only place that knows YAML.
// Every error names file:line, the key and what is wrong; unknown keys are errors (a typo must
// not silently fall back to a default).
#pragma once

#include <string>

#include "base/Result.h"
#include "config/DaemonConfig.h"

namespace anycast::config {

struct ConfigError {
  std::string file;
  int line = 0;  // 1-based; 0 when the error is not tied to a line
  std::string key;
  std::string message;
  // "site.yaml:12: peers[0].as: must be an AS number (1-4294967295)"
  std::string str() const;
};

Result<DaemonConfig, ConfigError> loadConfigFile(const std::string& path);
// For tests and tools: `name` is used in error messages as the file name.
Result<DaemonConfig, ConfigError> loadConfigText(const std::string& text, const std::string& name);

}  // namespace anycast::config
