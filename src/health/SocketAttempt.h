// SocketAttempt: the shared state of one attempt of a socket probe (TcpProbe, HttpProbe,
// DnsProbe) — its socket and its Completion. The probe and the attempt's asio handlers hold it,
// so a handler that runs after cancel() finds the completion inactive and returns.
#pragma once

#include <asio.hpp>
#include <string>
#include <utility>

#include "health/Probe.h"

namespace anycast::health {

template <class Socket>
struct SocketAttempt {
  SocketAttempt(asio::io_context& io, Probe::Done done) : socket(io), completion(std::move(done)) {}

  // Closes the socket, then hands the result over.
  void finish(bool ok, std::string detail) {
    closeSocket();
    completion.complete(ok, std::move(detail));
  }
  // What the probe's cancel() does: `done` is not called, the socket is closed (its pending
  // operations end with operation_aborted).
  void abandon() {
    completion.abandon();
    closeSocket();
  }

  Socket socket;
  Completion completion;

 private:
  void closeSocket() {
    asio::error_code ignored;
    socket.close(ignored);
  }
};

}  // namespace anycast::health
