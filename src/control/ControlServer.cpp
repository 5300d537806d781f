#include "control/ControlServer.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/Log.h"

namespace anycast::control {
namespace {

// One accepted connection: reads request lines, writes reply lines, until the client closes.
class ControlConnection : public std::enable_shared_from_this<ControlConnection> {
 public:
  ControlConnection(asio::local::stream_protocol::socket socket, const CommandHandler& handler)
      : socket_(std::move(socket)), handler_(handler) {}

  void readNext() {
    auto self = shared_from_this();
    asio::async_read_until(socket_, asio::dynamic_buffer(input_, kMaxRequest), '\n',
                           [self](std::error_code ec, size_t n) { self->onLine(ec, n); });
  }

 private:
  static constexpr size_t kMaxRequest = 1 << 20;

  void onLine(std::error_code ec, size_t n) {
    if (ec) return;  // closed, or a request over kMaxRequest: drop the connection
    std::string line = input_.substr(0, n - 1);
    input_.erase(0, n);
    output_ = answerRequest(line, handler_) + "\n";
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(output_), [self](std::error_code wec, size_t) {
      if (!wec) self->readNext();
    });
  }

  asio::local::stream_protocol::socket socket_;
  const CommandHandler& handler_;
  std::string input_;
  std::string output_;
};

}  // namespace

std::string answerRequest(const std::string& line, const CommandHandler& handler) {
  Json reply;
  Json request = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded() || !request.is_object() || !request.contains("command")) {
    reply = {{"ok", false}, {"error", "request is not a JSON object with a \"command\""}};
    return reply.dump();
  }
  Result<Json> result = [&]() -> Result<Json> {
    try {
      return handler(request);
    } catch (const Json::exception& e) {  // a field of the wrong type in the request
      return failWith(std::string("bad request: ") + e.what());
    }
  }();
  if (!result.ok()) {
    reply = {{"ok", false}, {"error", result.error().message}};
  } else {
    reply = std::move(result.value());
    if (!reply.is_object()) reply = Json{{"result", reply}};
    reply["ok"] = true;
  }
  return reply.dump();
}

ControlServer::ControlServer(asio::io_context& io, std::string path, unsigned mode,
                             CommandHandler handler)
    : io_(io), path_(std::move(path)), handler_(std::move(handler)), acceptor_(io) {
  ::unlink(path_.c_str());  // a stale socket from a crashed run; start-up only
  asio::local::stream_protocol::endpoint endpoint(path_);
  acceptor_.open(endpoint.protocol());
  acceptor_.bind(endpoint);
  ::chmod(path_.c_str(), mode);
  acceptor_.listen();
  LOG_INFO("control-listening", LogFields().kv("socket", path_));
  acceptNext();
}

ControlServer::~ControlServer() {
  std::error_code ec;
  acceptor_.close(ec);
  ::unlink(path_.c_str());
}

void ControlServer::acceptNext() {
  acceptor_.async_accept([this](std::error_code ec, asio::local::stream_protocol::socket s) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) std::make_shared<ControlConnection>(std::move(s), handler_)->readNext();
    acceptNext();
  });
}

}  // namespace anycast::control
