// ControlClient: sends one JSON request (a line) to a daemon's control socket and returns its
// reply (a line), for command-line tools and the lab.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "base/Result.h"

namespace anycast::control {

// Blocking, for at most `timeout` in all. Fails with a clear message when the daemon is not
// there or does not answer in time.
Result<nlohmann::json> sendRequest(const std::string& socketPath, const nlohmann::json& request,
                                   std::chrono::milliseconds timeout = std::chrono::seconds(30));

// sendRequest, then the reply's payload (replyPayload); fails with the daemon's error when it
// refused the request.
Result<nlohmann::json> ask(const std::string& socketPath, const nlohmann::json& request,
                           std::chrono::milliseconds timeout);

}  // namespace anycast::control
