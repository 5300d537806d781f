// ControlServer: the daemon's control API on a Unix stream socket. Each request is one line of
// JSON ({"command": "show-peers", ...}); each reply is one line of JSON ({"ok": true, ...} or
// {"ok": false, "error": "..."}). Runs on the control-plane event loop; handlers are called there.
#pragma once

#include <asio.hpp>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "base/Result.h"

namespace anycast::control {

using Json = nlohmann::json;
// Returns the reply body (merged with {"ok": true}) or an error message.
using CommandHandler = std::function<Result<Json>(const Json& request)>;

class ControlServer {
 public:
  // Binds `path` (a stale socket file left by a crashed daemon is replaced) with mode `mode`.
  ControlServer(asio::io_context& io, std::string path, unsigned mode, CommandHandler handler);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  const std::string& path() const { return path_; }

 private:
  void acceptNext();

  asio::io_context& io_;
  std::string path_;
  CommandHandler handler_;
  asio::local::stream_protocol::acceptor acceptor_;
};

// Answers one request string: parse errors and handler errors become {"ok": false}.
std::string answerRequest(const std::string& line, const CommandHandler& handler);

}  // namespace anycast::control
