#include "health/TcpProbe.h"

namespace anycast::health {

void connectTo(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& target,
               std::function<void(const std::string& error)> handler) {
  socket.async_connect(target, [handler = std::move(handler)](const asio::error_code& ec) {
    handler(ec ? "connect: " + ec.message() : std::string());
  });
}

TcpProbe::TcpProbe(asio::io_context& io, asio::ip::tcp::endpoint target)
    : io_(io), target_(std::move(target)) {}

void TcpProbe::start(Done done) {
  attempt_ = std::make_shared<Attempt>(io_, std::move(done));
  connectTo(attempt_->socket, target_, [a = attempt_](const std::string& error) {
    a->finish(error.empty(), error.empty() ? "connected" : error);
  });
}

void TcpProbe::cancel() {
  if (attempt_) attempt_->abandon();
  attempt_.reset();
}

}  // namespace anycast::health
