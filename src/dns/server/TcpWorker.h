// TcpWorker: one thread with its own asio io_context serving DNS over TCP (RFC 7766) on its own
// SO_REUSEPORT listening sockets, one per listen address. Why a separate, small pool rather
// than TCP on the UDP workers: UDP is where the load is and its loop is a tight
// recvmmsg/sendmmsg cycle with no event library in it; TCP is the fallback (slipped and
// truncated answers) with per-connection state and timers, which asio handles well. Each
// worker keeps its own connections, caps and counters, so nothing is shared or locked; the
// connection cap is per worker. One TCP worker by default (DnsServerConfig).
#pragma once

#include <asio.hpp>
#include <memory>
#include <thread>
#include <vector>

#include "dns/server/Socket.h"
#include "dns/server/TcpConnection.h"

namespace anycast::dns::server {

class TcpWorker {
 public:
  // `listeners`: listening sockets from openListeningSocket; the handler must outlive the worker.
  TcpWorker(std::vector<UniqueFd> listeners, QueryHandler& handler, const TcpOptions& options);
  ~TcpWorker();  // stops
  TcpWorker(const TcpWorker&) = delete;
  TcpWorker& operator=(const TcpWorker&) = delete;

  Result<Ok> start();
  // Closes the listeners and every connection, and returns once the thread has ended.
  void stop();

  const TrafficCounters& traffic() const { return shared_.traffic; }
  TcpStats stats() const { return shared_.stats(); }

 private:
  void accept(asio::ip::tcp::acceptor& acceptor);

  asio::io_context io_{1};
  TcpShared shared_;
  std::vector<UniqueFd> listeners_;  // until start() hands them to the acceptors
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
  std::thread thread_;
};

}  // namespace anycast::dns::server
