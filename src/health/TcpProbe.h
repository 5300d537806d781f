// TcpProbe: a TCP connect (RFC 9293 three-way handshake) to the target; the connection is
// closed as soon as it is up. HttpProbe connects the same way (connectTo).
#pragma once

#include <asio.hpp>
#include <functional>
#include <memory>

#include "health/Probe.h"
#include "health/SocketAttempt.h"

namespace anycast::health {

// Opens and connects `socket`; `handler` gets the error, if any, already worded for a probe's
// detail ("connect: Connection refused") — empty on success.
void connectTo(asio::ip::tcp::socket& socket, const asio::ip::tcp::endpoint& target,
               std::function<void(const std::string& error)> handler);

class TcpProbe : public Probe {
 public:
  TcpProbe(asio::io_context& io, asio::ip::tcp::endpoint target);
  ~TcpProbe() override { cancel(); }

  void start(Done done) override;
  void cancel() override;

 private:
  using Attempt = SocketAttempt<asio::ip::tcp::socket>;

  asio::io_context& io_;
  asio::ip::tcp::endpoint target_;
  std::shared_ptr<Attempt> attempt_;
};

}  // namespace anycast::health
