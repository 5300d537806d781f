// ControlClient: sends one JSON request to a daemon's control socket and returns its reply.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "base/Result.h"

namespace anycast::control {

// Blocking; for command-line tools. Fails with a clear message when the daemon is not there.
Result<nlohmann::json> sendRequest(const std::string& socketPath, const nlohmann::json& request);

}  // namespace anycast::control
