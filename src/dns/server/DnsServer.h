// DnsServer: the authoritative server's transports around a QueryHandler — UDP workers
// (recvmmsg/sendmmsg, RRL), TCP workers (RFC 7766) — on SO_REUSEPORT sockets bound to every
// listen address, with stats for /metrics. RRL (one table shared by the UDP workers) applies
// to UDP only: over TCP the source address is proven by the handshake, so a response cannot be
// reflected to a victim. The clock is injected (RRL's time).
#pragma once

#include <memory>
#include <vector>

#include "base/Clock.h"
#include "dns/rrl/RrlPolicy.h"
#include "dns/rrl/RrlTable.h"
#include "dns/server/TcpWorker.h"
#include "dns/server/UdpWorker.h"

namespace anycast::dns::server {

struct DnsServerConfig {
  // Specific addresses (the service's anycast addresses): a socket bound to one answers from
  // it. A wildcard address works, but replies then leave from whichever address the kernel
  // picks (no IP_PKTINFO handling; see Socket.h). Port 0: the system picks one per address.
  std::vector<Endpoint> listen;
  unsigned udpWorkers = 0;  // 0: one per core
  unsigned tcpWorkers = 1;
  UdpOptions udp;
  TcpOptions tcp;
  rrl::RrlPolicy rrl;  // off by default
};

struct DnsServerStats {
  std::vector<TrafficStats> udpWorkers;  // one per worker, in order
  TrafficStats tcp;                      // all TCP workers
  TcpStats tcpConnections;
  rrl::RrlStats rrl;  // zero when RRL is off
};

class DnsServer {
 public:
  // The handler must be safe to call from several threads and outlive the server.
  DnsServer(DnsServerConfig config, QueryHandler& handler, const Clock& clock);
  ~DnsServer();  // stops
  DnsServer(const DnsServer&) = delete;
  DnsServer& operator=(const DnsServer&) = delete;

  // Validates the config, binds every socket (an error names the address) and starts the
  // threads. Nothing is left running on failure.
  Result<Ok> start();
  // Returns once every worker thread has ended; stats() still reads the final counts.
  void stop();

  // The listen addresses with the ports actually bound (after start()).
  const std::vector<Endpoint>& listening() const { return config_.listen; }
  // Any thread, while running or after stop(); not concurrently with start() or stop().
  DnsServerStats stats() const;

 private:
  Result<Ok> open();

  DnsServerConfig config_;
  QueryHandler& handler_;
  const Clock& clock_;
  std::unique_ptr<rrl::RrlTable> rrl_;
  std::vector<std::unique_ptr<UdpWorker>> udp_;
  std::vector<std::unique_ptr<TcpWorker>> tcp_;
};

}  // namespace anycast::dns::server
