// TextFormat: turns control replies into the tables anycastctl prints for people.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace anycast::control {

// What --json prints: the "result" of a reply, or the reply without its "ok" flag.
nlohmann::json replyPayload(const nlohmann::json& reply);

// A table (show peers / show routes), key: value lines (status), or "ok" for actions.
std::string formatReply(const std::string& command, const nlohmann::json& reply);

}  // namespace anycast::control
