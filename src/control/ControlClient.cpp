#include "control/ControlClient.h"

#include <asio.hpp>

namespace anycast::control {

Result<nlohmann::json> sendRequest(const std::string& socketPath, const nlohmann::json& request) {
  asio::io_context io;
  asio::local::stream_protocol::socket socket(io);
  std::error_code ec;
  socket.connect(asio::local::stream_protocol::endpoint(socketPath), ec);
  if (ec) return failWith("cannot connect to " + socketPath + ": " + ec.message() +
                          " (is anycastd running, and is this its control socket?)");
  std::string line = request.dump() + "\n";
  asio::write(socket, asio::buffer(line), ec);
  if (ec) return failWith("cannot send to " + socketPath + ": " + ec.message());
  std::string reply;
  asio::read_until(socket, asio::dynamic_buffer(reply), '\n', ec);
  if (ec) return failWith("no reply from " + socketPath + ": " + ec.message());
  auto json = nlohmann::json::parse(reply, nullptr, false);
  if (json.is_discarded()) return failWith("unreadable reply from " + socketPath);
  return json;
}

}  // namespace anycast::control
