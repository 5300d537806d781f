// UdpWorker: one thread serving DNS over UDP (RFC 1035 §4.2.1) on its own SO_REUSEPORT sockets,
// one per listen address. It waits in poll(2) on its sockets and a stop eventfd, then per
// readable socket takes a batch of datagrams with one recvmmsg(2), answers each through the
// QueryHandler, passes each answer through RRL (when on), and sends the batch with one
// sendmmsg(2): two system calls per batch instead of two per query. A datagram larger than
// the receive slot (MSG_TRUNC) is dropped. Sends never block: a full socket buffer drops.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "dns/rrl/RrlTable.h"
#include "dns/server/QueryHandler.h"
#include "dns/server/Socket.h"
#include "dns/server/TrafficCounters.h"

namespace anycast::dns::server {

struct UdpOptions {
  size_t batch = 32;               // datagrams per recvmmsg/sendmmsg
  size_t maxQueryBytes = 4096;     // larger datagrams are dropped
  size_t maxResponseBytes = 4096;  // the most the handler may write (EDNS sizes above are cut)
  size_t batchesPerWakeup = 8;     // per socket, before the others get their turn
};

class UdpWorker {
 public:
  // `rrl` may be null (RRL off); handler and rrl must outlive the worker.
  UdpWorker(std::vector<UniqueFd> sockets, QueryHandler& handler, rrl::RrlTable* rrl,
            const UdpOptions& options);
  ~UdpWorker();  // stops
  UdpWorker(const UdpWorker&) = delete;
  UdpWorker& operator=(const UdpWorker&) = delete;

  Result<Ok> start();
  // Returns once the thread has ended; a batch in progress is finished first.
  void stop();

  const TrafficCounters& counters() const { return counters_; }

 private:
  struct Batch;
  void run();
  // Up to options_.batchesPerWakeup batches from one socket.
  void drain(int fd);
  // Answers received datagram i into its send slot: the length to send, or nullopt.
  std::optional<size_t> answer(size_t i);

  std::vector<UniqueFd> sockets_;
  QueryHandler& handler_;
  rrl::RrlTable* rrl_;
  UdpOptions options_;
  UniqueFd stopFd_;
  std::unique_ptr<Batch> batch_;
  std::thread thread_;
  TrafficCounters counters_;
};

}  // namespace anycast::dns::server
